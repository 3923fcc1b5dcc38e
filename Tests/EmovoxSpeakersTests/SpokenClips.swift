import EmovoxAudio
import Foundation

/// Speech from espeak-ng voices, decoded and resampled to 16 kHz: distinct synthetic speakers.
enum SpokenClips {
    static let espeakPath = "/usr/bin/espeak-ng"
    static var hasEspeak: Bool { FileManager.default.isExecutableFile(atPath: espeakPath) }

    /// Voices that differ in vocal tract (variant) and pitch, as speakers do.
    static let voices: [(voice: String, pitch: Int)] = [
        ("en-us+m3", 40), ("en-us+f2", 60), ("en-gb-x-rp+m1", 35), ("en-gb-scotland+f3", 65),
        ("en-029+m2", 45), ("en-us+f4", 55), ("en-gb+m4", 30), ("en-us+f1", 75),
    ]

    static let sentences = [
        "Kids are talking by the door", "Dogs are sitting by the door",
        "The quick brown fox jumps over the lazy dog", "She sells sea shells by the sea shore",
        "A rainbow appears after the storm", "Please call me back tomorrow morning",
    ]

    /// Writes one clip of `voice` saying `text` and returns its path.
    static func write(voice: Int, text: String, in directory: URL, name: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: espeakPath)
        process.arguments = ["-v", voices[voice].voice, "-p", String(voices[voice].pitch), "-w", path, text]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return path
    }

    /// One clip of `voice` saying `text`, mono at 16 kHz.
    static func samples(voice: Int, text: String, in directory: URL) throws -> [Float] {
        let path = try write(
            voice: voice, text: text, in: directory,
            name: "v\(voice)-\(text.replacingOccurrences(of: " ", with: "_")).wav")
        let decoder = MonoDecoder(resampling: .init(rate: 16_000, converter: .soxrHQ))
        return try decoder.decode(path: path).samples
    }
}
