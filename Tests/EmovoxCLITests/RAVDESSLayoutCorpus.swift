import EmovoxAudio
import EmovoxTestSupport
import Foundation

/// A small corpus of distinct tones in the RAVDESS layout (`Actor_AA/03-01-EE-01-SS-01-AA.wav`),
/// for command-line tests that need speakers, emotions and statements.
struct RAVDESSLayoutCorpus {
    let directory: TemporaryDirectory
    var path: String { directory.path }
    var db: String { directory.path + "/c.sqlite" }

    init(actors: [Int] = [1, 2, 3, 4], emotions: [Int] = [1, 3, 4, 5], statements: [Int] = [1, 2]) throws {
        directory = try TemporaryDirectory()
        for actor in actors {
            for emotion in emotions {
                for statement in statements {
                    try write(
                        Self.name(actor: actor, emotion: emotion, statement: statement), actor: actor,
                        emotion: emotion, statement: statement)
                }
            }
        }
    }

    static func name(actor: Int, emotion: Int, statement: Int, repetition: Int = 1) -> String {
        String(
            format: "Actor_%02d/03-01-%02d-01-%02d-%02d-%02d.wav", actor, emotion, statement, repetition, actor)
    }

    /// Writes a tone no other file of the corpus has (its frequency encodes the arguments).
    func write(_ relative: String, actor: Int, emotion: Int, statement: Int, in root: String? = nil) throws {
        let url = URL(fileURLWithPath: (root ?? path) + "/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let tone = Synth.sine(
            frequency: Double(100 * actor + 10 * emotion + statement), duration: 0.05, sampleRate: 8_000)
        try AudioWriter.write(AudioBuffer(mono: tone, sampleRate: 8_000), to: url.path)
    }

    /// Copies `source` byte for byte to `destination` (both relative).
    func copy(_ source: String, to destination: String) throws {
        let target = URL(fileURLWithPath: path + "/" + destination)
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: path + "/" + source, toPath: target.path)
    }

    func emovox(_ arguments: [String], timeout: TimeInterval? = nil) throws -> EmovoxProcess.Output {
        try EmovoxProcess.run(arguments + ["--db", db], timeout: timeout)
    }
}
