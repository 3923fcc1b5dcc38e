import Foundation

/// Generates the demo corpus with espeak-ng in the RAVDESS layout:
/// `Actor_NN/03-01-EE-II-SS-RR-NN.wav`, 60 clips per actor (neutral at normal intensity only).
///
/// Existing files are kept, so a second run costs nothing; each file is written to a temporary name
/// and renamed, so an interrupted run never leaves a torn clip.
struct DemoCorpusGenerator {
    var directory: String
    var actors: Int
    var jobs: Int

    struct Clip: Sendable {
        var relativePath: String
        var arguments: [String]
    }

    struct GeneratorError: Error, CustomStringConvertible {
        var description: String
    }

    func clips() -> [Clip] {
        var clips: [Clip] = []
        for voice in DemoVoice.all.prefix(actors) {
            let basePitch = voice.isFemale ? 58.0 : 38.0
            for emotion in EmotionProsody.all {
                let intensities = emotion.code == "01" ? [1] : [1, 2]
                for intensity in intensities {
                    let scale = intensity == 2 ? 1.7 : 1.0
                    for statement in voice.statements {
                        for repetition in 1...2 {
                            // Repetitions differ a little, as a speaker's do.
                            let jitter = repetition == 2 ? 1.0 : 0.0
                            let pitch = clamp(basePitch + emotion.pitch * scale + 2 * jitter, 0, 99)
                            let rate = clamp(165 + emotion.rate * scale + 5 * jitter, 80, 400)
                            let amplitude = clamp(100 + emotion.amplitude * scale, 10, 200)
                            let gap = clamp(emotion.gap * scale, 0, 20)
                            let name = String(
                                format: "Actor_%02d/03-01-%@-%02d-%@-%02d-%02d.wav", voice.actor, emotion.code,
                                intensity, statement.code, repetition, voice.actor)
                            clips.append(
                                Clip(
                                    relativePath: name,
                                    arguments: [
                                        "-v", voice.voice, "-p", String(Int(pitch)), "-s", String(Int(rate)),
                                        "-a", String(Int(amplitude)), "-g", String(Int(gap)), statement.text,
                                    ]))
                        }
                    }
                }
            }
        }
        return clips
    }

    private func clamp(_ value: Double, _ low: Double, _ high: Double) -> Double { min(max(value, low), high) }

    /// Locates espeak-ng on PATH.
    static func espeak() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/espeak-ng"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw GeneratorError(
            description: "espeak-ng not found on PATH; run scripts/setup.sh (Debian package espeak-ng)")
    }

    /// Writes every missing clip; returns how many were generated.
    func generate(progress: @escaping @Sendable (Int, Int) -> Void) throws -> Int {
        let espeak = try Self.espeak()
        let all = clips()
        let directory = self.directory
        let missing = all.filter { !FileManager.default.fileExists(atPath: directory + "/" + $0.relativePath) }
        for folder in Set(missing.map { ($0.relativePath as NSString).deletingLastPathComponent }).sorted() {
            try FileManager.default.createDirectory(
                atPath: directory + "/" + folder, withIntermediateDirectories: true)
        }
        let failures = FailureList()
        let done = Counter()
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, missing.count))) { stripe in
            for index in stride(from: stripe, to: missing.count, by: max(1, min(jobs, missing.count))) {
                let clip = missing[index]
                let target = directory + "/" + clip.relativePath
                let temporary = target + ".partial.wav"
                let process = Process()
                process.executableURL = URL(fileURLWithPath: espeak)
                process.arguments = ["-w", temporary] + clip.arguments
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                do {
                    try process.run()
                    process.waitUntilExit()
                    guard process.terminationStatus == 0 else {
                        throw GeneratorError(description: "espeak-ng exited with \(process.terminationStatus)")
                    }
                    try FileManager.default.moveItem(atPath: temporary, toPath: target)
                } catch {
                    failures.append("\(target): \(error)")
                }
                progress(done.increment(), missing.count)
            }
        }
        if let first = failures.first {
            throw GeneratorError(description: "could not generate \(failures.count) clips; first: \(first)")
        }
        return missing.count
    }
}

/// A thread-safe counter for progress from worker threads.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}

/// Failure messages gathered from worker threads.
final class FailureList: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []
    func append(_ message: String) {
        lock.lock()
        messages.append(message)
        lock.unlock()
    }
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return messages.count
    }
    var first: String? {
        lock.lock()
        defer { lock.unlock() }
        return messages.min()
    }
}
