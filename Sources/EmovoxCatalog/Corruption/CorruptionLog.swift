import Foundation

/// `corruption.csv`: one row per written file, recording what was mixed into it — so a noisy
/// copy can be traced, and babble checked never to use the sample's own speaker.
enum CorruptionLog {
    static let header =
        "path,source,speaker,noise,snr_db,seed,speech_level_db,noise_gain,headroom_gain,babble_speakers,babble_files"

    static func write(
        _ rows: [CorpusCorruptor.Written], condition: CorruptionCondition, seed: UInt64,
        speakerCodes: [Int64: String], to path: String
    ) throws {
        var text = header + "\n"
        for row in rows {
            let fields = [
                row.path, row.source.absolutePath, speakerCodes[row.source.speakerId] ?? "", condition.noise.name,
                CorruptionCondition.format(condition.snrDB), String(seed), String(format: "%.3f", row.speechLevelDB),
                String(format: "%.6g", row.noiseGain), String(format: "%.6g", row.headroomGain),
                row.babble.map { speakerCodes[$0.speakerId] ?? "" }.joined(separator: ";"),
                row.babble.map(\.absolutePath).joined(separator: ";"),
            ]
            text += fields.map(quoted).joined(separator: ",") + "\n"
        }
        // Atomic: a reader never sees half a log.
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    private static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
