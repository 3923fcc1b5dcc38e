import Foundation

/// Runs the built `emovox` binary and captures what it prints.
struct EmovoxProcess {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        /// True when the run was killed for exceeding its timeout.
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

    /// Runs the binary; with `timeout`, a run still going after that many seconds is terminated and
    /// reported as `timedOut` (so a hang fails the test instead of stalling the suite).
    /// - Parameter environment: variables set for the child on top of this process' environment.
    static func run(
        _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
        timeout: TimeInterval? = nil
    ) throws -> Output {
        let process = Process()
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        if let timeout { DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog) }
        defer { watchdog.cancel() }
        // Read both pipes before waiting so a chatty child never blocks on a full pipe.
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self), timedOut: process.terminationReason == .uncaughtSignal)
    }

    static var hasEspeak: Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/espeak-ng") }
    }
}
