import EmovoxTestSupport
import Foundation
import Testing

/// A recording of several minutes goes through decode and resampling block by block.
@Suite struct LongRecordingTests {
    static var hasSox: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/sox") }

    @Test(.enabled(if: hasSox, "needs sox to generate the recording"))
    func aThreeMinuteStereoRecordingRunsWithTheDefaultResampler() throws {
        let fixture = try PipelineFixture(count: 2, import: false)
        // 48 kHz stereo, 16-bit: a tone on each channel, 180 s.
        let path = fixture.corpusPath + "/Actor_03/03-01-05-01-01-01-03.wav"
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let sox = Process()
        sox.executableURL = URL(fileURLWithPath: "/usr/bin/sox")
        sox.arguments = [
            "-n", "-r", "48000", "-c", "2", "-b", "16", path, "synth", "180", "sine", "180", "sine", "230", "vol",
            "0.3",
        ]
        try sox.run()
        sox.waitUntilExit()
        #expect(sox.terminationStatus == 0)
        let imported = try fixture.emovox(["import", "ravdess", fixture.corpusPath])
        #expect(imported.status == 0, "\(imported.stderr)")

        let spec = fixture.directory.path + "/long.yaml"
        try """
        name: long
        steps:
          - decode: {channel: mix}
          - resample: {rate: 16000, converter: soxr_hq}
          - trim: {threshold_db: -40, margin_ms: 50}
          - normalize: {method: loudness, target: -23}
          - features: {sets: [prosody]}

        """.write(toFile: spec, atomically: false, encoding: .utf8)
        let (run, summary) = try fixture.run(spec)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(summary["processed"] as? Int == 3)
        #expect(summary["failed"] as? Int == 0, "\(run.stderr)")
        #expect(abs((summary["audio_seconds"] as? Double ?? 0) - 181) < 0.01)

        let out = fixture.directory.path + "/level.csv"
        #expect(try fixture.emovox(["features", "export", "--set", "level", "--out", out]).status == 0)
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",")
        let column = try #require(header.firstIndex(of: "level.original_duration_s"))
        let long = try #require(lines.first { $0.contains("03-01-05-01-01-01-03.wav") })
        #expect(Double(long.split(separator: ",")[column]) == 180)
        // Served from the cache the second time, with the same values.
        let (_, again) = try fixture.run(spec)
        #expect(again["cached"] as? Int == 3)
    }
}
