import Foundation

/// Progress of a long job on standard error: a one-line bar with rate and ETA on a terminal, and
/// plain lines in a log, so `emovox run … 2> log` and batch jobs are not silent for hours.
///
/// In a log (standard error not a terminal) it writes one line per 10 % step,
/// `run default: 30% (432/1440 samples, 12.3 s)`, or with `step` one line per step,
/// `cv: fold 3/5 done (12.3 s)`. `EMOVOX_PROGRESS=off` in the environment silences both.
final class ProgressBar: @unchecked Sendable {
    /// Where the progress goes.
    enum Mode {
        /// A bar redrawn in place (a terminal).
        case bar
        /// Whole lines at 10 % steps, or at every step (a log).
        case lines
        case off

        /// A bar on a terminal, lines otherwise; `off` when `EMOVOX_PROGRESS` is `off`.
        static var automatic: Mode {
            if ProcessInfo.processInfo.environment["EMOVOX_PROGRESS"]?.lowercased() == "off" { return .off }
            return Terminal.standardErrorIsTTY ? .bar : .lines
        }
    }

    // Updated from worker callbacks; the lock keeps redraws and lines whole.
    private let label: String
    private let unit: String
    private let step: String?
    private let mode: Mode
    private let write: @Sendable (String) -> Void
    private let started = Date()
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    /// The last 10 % step written in line mode.
    private var lastDecile = 0

    /// - Parameters:
    ///   - unit: what is counted, plural (`samples`, `files`).
    ///   - step: when set, line mode writes every step as `label: step i/N done` (for few, slow steps).
    ///   - mode: by default a bar on a terminal, lines otherwise, nothing with `EMOVOX_PROGRESS=off`.
    init(
        label: String, unit: String = "samples", step: String? = nil,
        mode: Mode = .automatic,
        write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    ) {
        self.label = label
        self.unit = unit
        self.step = step
        self.mode = mode
        self.write = write
    }

    func update(done: Int, total: Int) {
        lock.lock()
        defer { lock.unlock() }
        switch mode {
        case .off: return
        case .bar: drawBar(done: done, total: total)
        case .lines: writeLine(done: done, total: total)
        }
    }

    private func writeLine(done: Int, total: Int) {
        let elapsed = String(format: "%.1f s", Date().timeIntervalSince(started))
        if let step {
            write("\(label): \(step) \(done)/\(total) done (\(elapsed))\n")
            return
        }
        guard total > 0 else { return }
        let decile = min(10, 10 * done / total)
        guard decile > lastDecile else { return }
        lastDecile = decile
        write("\(label): \(10 * decile)% (\(done)/\(total) \(unit), \(elapsed))\n")
    }

    private func drawBar(done: Int, total: Int) {
        let now = Date()
        guard done == total || now.timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(started), 1e-3)
        let rate = Double(done) / elapsed
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        write(String(format: "\r%@ %@ %d/%d  %.1f/s  ETA %@ ", label, bar, done, total, rate, Self.clock(eta)))
        if done == total { write("\n") }
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600
            ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
