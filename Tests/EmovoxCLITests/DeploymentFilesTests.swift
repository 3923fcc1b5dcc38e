import EmovoxTestSupport
import Foundation
import Testing

/// The files in `deploy/` and `make install` do what they claim on this (Debian) machine: the
/// container's runtime packages provide every shared library the binary loads, the systemd unit
/// passes systemd's own checks, and `make install` puts a working binary under PREFIX.
@Suite struct DeploymentFilesTests {
    static let root = EmovoxProcess.packageRoot.path

    /// Runs a tool to completion; nil when it is not installed.
    static func tool(_ path: String, _ arguments: [String], environment: [String: String]? = nil) throws -> (
        status: Int32, output: String
    )? {
        guard FileManager.default.isExecutableFile(atPath: path) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func read(_ relative: String) throws -> String {
        try String(contentsOfFile: root + "/" + relative, encoding: .utf8)
    }

    // MARK: Containerfile

    /// The packages the runtime stage installs (`ARG RUNTIME_PACKAGES="…"` in its stage).
    static func runtimePackages(_ containerfile: String) -> [String] {
        let runtimeStage = containerfile.components(separatedBy: "\nFROM ").last ?? ""
        guard let line = runtimeStage.split(separator: "\n").first(where: { $0.hasPrefix("ARG RUNTIME_PACKAGES=") })
        else { return [] }
        return line.dropFirst("ARG RUNTIME_PACKAGES=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            .split(separator: " ").map(String.init)
    }

    /// Shared libraries `ldd` resolves for `binary`: path of each.
    static func sharedLibraries(_ binary: String) throws -> [String]? {
        guard let ldd = try tool("/usr/bin/ldd", [binary]), ldd.status == 0 else { return nil }
        return ldd.output.split(separator: "\n").compactMap { line in
            // "libsndfile.so.1 => /lib/x86_64-linux-gnu/libsndfile.so.1 (0x…)" or "/lib64/ld-linux-x86-64.so.2 (0x…)"
            let fields = line.split(separator: " ").map(String.init)
            if let arrow = fields.firstIndex(of: "=>"), arrow + 1 < fields.count, fields[arrow + 1].hasPrefix("/") {
                return fields[arrow + 1]
            }
            return fields.first.flatMap { $0.trimmingCharacters(in: .whitespaces).hasPrefix("/") ? $0 : nil }
                .map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }

    /// The Debian package owning `library` (tried as given and with the merged-/usr twin path).
    static func owningPackage(_ library: String) throws -> String? {
        let resolved = (library as NSString).resolvingSymlinksInPath
        let candidates = [library, resolved].flatMap { path in
            path.hasPrefix("/usr/") ? [path, String(path.dropFirst(4))] : [path, "/usr" + path]
        }
        for candidate in candidates {
            guard let found = try tool("/usr/bin/dpkg", ["-S", candidate]), found.status == 0 else { continue }
            // "libsndfile1:amd64: /usr/lib/x86_64-linux-gnu/libsndfile.so.1"
            if let package = found.output.split(separator: ":").first { return String(package) }
        }
        return nil
    }

    @Test func containerRuntimePackagesCoverEverySharedLibraryTheBinaryLoads() throws {
        let containerfile = try Self.read("deploy/Containerfile")
        let stages = containerfile.split(separator: "\n").filter { $0.hasPrefix("FROM ") }
        #expect(stages.count == 2)
        #expect(stages.first?.contains("swift:6") == true)
        #expect(stages.last?.contains("debian:bookworm-slim") == true)
        let packages = Self.runtimePackages(containerfile)
        #expect(
            Set(packages)
                == ["libsndfile1", "libsamplerate0", "libsoxr0", "libebur128-1", "libkissfft-float131", "libsqlite3-0"])
        // The image gets the binary from `make install`, whose release build links the Swift runtime
        // statically: the Swift .so files this debug build loads are inside the image's binary.
        #expect(containerfile.contains("RUN make install PREFIX="))
        #expect(try Self.read("Makefile").contains("RELEASE_FLAGS ?= -c release --static-swift-stdlib"))

        guard let libraries = try Self.sharedLibraries(EmovoxProcess.binary),
            let closure = try Self.tool(
                "/usr/bin/apt-cache",
                [
                    "depends", "--recurse", "--no-recommends", "--no-suggests", "--no-conflicts", "--no-breaks",
                    "--no-replaces", "--no-enhances",
                ] + packages)
        else {
            print("skipped: ldd, dpkg or apt-cache is missing (not a Debian machine)")
            return
        }
        // What apt installs for the list, plus what debian:bookworm-slim already holds (apt itself
        // needs the C and C++ runtimes).
        let installed = Set(
            closure.output.split(separator: "\n").filter { !$0.hasPrefix(" ") }.map(String.init)
                + ["libc6", "libgcc-s1", "libstdc++6"])
        #expect(installed.isSuperset(of: packages))
        var swiftRuntime: [String] = []
        var uncovered: [String] = []
        for library in libraries {
            if library.contains("/swift/linux/") {
                swiftRuntime.append(library)
                continue
            }
            guard let package = try Self.owningPackage(library) else {
                uncovered.append("\(library) (no Debian package owns it)")
                continue
            }
            if !installed.contains(package) { uncovered.append("\(library) (\(package))") }
        }
        #expect(uncovered.isEmpty, "libraries the runtime stage lacks: \(uncovered)")
        // The check saw the Debian libraries Emovox calls, so it is not vacuous.
        for expected in ["libsndfile.so", "libsoxr.so", "libebur128.so", "libkissfft-float.so", "libsqlite3.so"] {
            #expect(libraries.contains { $0.contains(expected) }, "ldd lists no \(expected)")
        }
        print(
            "ldd: \(libraries.count) libraries, \(swiftRuntime.count) of them Swift runtime (linked statically in the image)"
        )
    }

    // MARK: systemd

    @Test func systemdUnitIsHardenedAndPassesSystemdsChecks() throws {
        let unit = try Self.read("deploy/systemd/emovox-serve.service")
        for setting in [
            "DynamicUser=yes", "ProtectSystem=strict", "StateDirectory=emovox", "ProtectHome=yes", "PrivateTmp=yes",
            "NoNewPrivileges=yes",
        ] {
            #expect(unit.contains("\n\(setting)\n"), "missing \(setting)")
        }
        // The catalog lives in the only writable place.
        #expect(unit.contains("ExecStart=/usr/local/bin/emovox serve --db /var/lib/emovox/emovox.sqlite"))

        // systemd verifies the unit against an executable that exists: this build's binary.
        let scratch = try TemporaryDirectory()
        let copy = scratch.path + "/emovox-serve.service"
        try unit.replacingOccurrences(of: "/usr/local/bin/emovox", with: EmovoxProcess.binary)
            .write(toFile: copy, atomically: false, encoding: .utf8)
        guard let verify = try Self.tool("/usr/bin/systemd-analyze", ["verify", copy]) else {
            print("skipped: systemd-analyze is missing")
            return
        }
        #expect(verify.status == 0, "\(verify.output)")
        #expect(verify.output.isEmpty, "\(verify.output)")
        // systemd's own exposure score (0 = locked down, 10 = unprotected); 2 or less is "OK".
        let security = try Self.tool(
            "/usr/bin/systemd-analyze", ["security", "--offline=yes", "--threshold=20", copy])
        #expect(security?.status == 0, "\(security?.output ?? "")")
    }

    // MARK: make install

    @Test func makeInstallPutsAWorkingBinaryUnderPrefix() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/make") else {
            print("skipped: make is missing")
            return
        }
        // A stand-in for `swift` that reports this test build's products folder instead of running a
        // release build (minutes): the Makefile's own install logic runs for real.
        let scratch = try TemporaryDirectory()
        let products = scratch.path + "/products"
        try FileManager.default.createDirectory(atPath: products, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: EmovoxProcess.binary, toPath: products + "/emovox")
        let fakeSwift = scratch.path + "/swift"
        try """
        #!/bin/sh
        echo "$@" >> "\(scratch.path)/swift-calls"
        case "$*" in *--show-bin-path*) echo "\(products)" ;; esac
        """.write(toFile: fakeSwift, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fakeSwift)
        let prefix = scratch.path + "/prefix with space"

        let make = try #require(
            try Self.tool("/usr/bin/make", ["-C", Self.root, "install", "PREFIX=\(prefix)", "SWIFT=\(fakeSwift)"]))
        #expect(make.status == 0, "\(make.output)")
        let calls = try String(contentsOfFile: scratch.path + "/swift-calls", encoding: .utf8)
        #expect(calls.contains("build -c release --static-swift-stdlib --product emovox"))
        let installed = prefix + "/bin/emovox"
        let attributes = try FileManager.default.attributesOfItem(atPath: installed)
        #expect((attributes[.posixPermissions] as? Int) == 0o755)
        #expect(
            FileManager.default.contentsEqual(atPath: installed, andPath: EmovoxProcess.binary),
            "the installed file is not the built binary")
        let help = try EmovoxProcess.run(["run", "--help"], in: scratch.path, executable: installed)
        #expect(help.status == 0)
        #expect(help.stdout.contains("Pipelines/"))
    }
}
