import Foundation

/// Runs the built `emovox` binary and captures what it prints.
struct EmovoxProcess {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        /// The process was killed because it outlived the `timeout` given to `run`.
        var timedOut = false

        func json() throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any] ?? [:]
        }
    }

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary next to the test bundle (both live in the build products folder), or
    /// `$EMOVOX_TEST_BINARY` (to run the command-line tests against another build).
    static var binary: String {
        if let override = ProcessInfo.processInfo.environment["EMOVOX_TEST_BINARY"] { return override }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("emovox").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/emovox").path
    }

    /// Runs the binary to completion; with a `timeout`, a process still running after that many
    /// seconds is killed and reported as `timedOut` (for inputs that used to hang).
    /// - Parameters:
    ///   - environment: variables set for the child on top of this process' environment (or, with
    ///     `replacingEnvironment`, instead of it).
    ///   - executable: another binary to run (a copy of the built one).
    static func run(
        _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
        replacingEnvironment: Bool = false, executable: String? = nil, timeout: Double? = nil
    ) throws -> Output {
        let process = Process()
        if replacingEnvironment {
            process.environment = environment
        } else if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.executableURL = URL(fileURLWithPath: executable ?? binary)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let killed = Killed()
        if let timeout {
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [pid = process.processIdentifier] in
                guard process.isRunning else { return }
                killed.value = true
                kill(pid, SIGKILL)
            }
        }
        // Read both pipes at once before waiting, so a child that fills one of them (a long error
        // message) never blocks while this side waits on the other.
        let stderrBox = Killed.Box()
        let stderrDone = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            stderrBox.data = err.fileHandleForReading.readDataToEndOfFile()
            stderrDone.signal()
        }
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        stderrDone.wait()
        let stderrData = stderrBox.data
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self), timedOut: killed.value)
    }

    private final class Killed: @unchecked Sendable {
        /// Bytes handed from the thread that read them (the semaphore orders the accesses).
        final class Box: @unchecked Sendable { var data = Data() }

        private let lock = NSLock()
        private var killed = false
        var value: Bool {
            get { lock.withLock { killed } }
            set { lock.withLock { killed = newValue } }
        }
    }

    static var hasEspeak: Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/espeak-ng") }
    }
}
