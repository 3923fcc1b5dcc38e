import EmovoxAudio
import EmovoxTestSupport
import Foundation

/// Builds small corpora of generated audio laid out like real ones.
struct CorpusFixture {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory() }

    var root: String { directory.path }

    /// Writes a short tone at `relativePath` (creating folders); each file differs by `seed`.
    @discardableResult
    func addAudio(_ relativePath: String, seed: Int = 0, sampleRate: Int = 16_000) throws -> String {
        let format: AudioWriter.Format = relativePath.hasSuffix(".flac") ? .flac : .wav16
        let url = directory.url.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let tone = Synth.sine(frequency: 200 + Double(seed % 50) * 10, duration: 0.1, sampleRate: sampleRate)
        try AudioWriter.write(AudioBuffer(mono: tone, sampleRate: sampleRate), to: url.path, format: format)
        return url.path
    }

    /// Writes arbitrary bytes at `relativePath`.
    func addFile(_ relativePath: String, contents: Data) throws {
        let url = directory.url.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: url)
    }
}
