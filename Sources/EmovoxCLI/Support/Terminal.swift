import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Facts about where output goes, and messages to standard error.
enum Terminal {
    static var standardOutputIsTTY: Bool { isatty(STDOUT_FILENO) == 1 }
    static var standardErrorIsTTY: Bool { isatty(STDERR_FILENO) == 1 }

    /// Writes one line to standard error.
    static func note(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

/// A one-line progress bar with rate and ETA on standard error, drawn only on a terminal.
final class ProgressBar: @unchecked Sendable {
    // Updated from worker callbacks; the lock keeps redraws whole.
    private let label: String
    private let started = Date()
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    private let enabled: Bool

    init(label: String, enabled: Bool = Terminal.standardErrorIsTTY) {
        self.label = label
        self.enabled = enabled
    }

    func update(done: Int, total: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard done == total || now.timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(started), 1e-3)
        let rate = Double(done) / elapsed
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let line = String(
            format: "\r%@ %@ %d/%d  %.1f/s  ETA %@ ", label, bar, done, total, rate, Self.clock(eta))
        FileHandle.standardError.write(Data(line.utf8))
        if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600
            ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
