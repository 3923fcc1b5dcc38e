import EmovoxAudio
import EmovoxTestSupport
import Foundation
import Testing

/// Float WAV files holding NaN or ±Inf samples: a clear failure at decode, never silent garbage.
@Suite struct NonFiniteAudioTests {
    @Test func nanAndInfSamplesFailTheirSampleAtDecodeAndPredictRefusesThem() throws {
        let fixture = try PipelineFixture(count: 16, import: false)
        var nan = Synth.vowel(f0: 180, duration: 0.5, sampleRate: 22_050, amplitude: 0.3, seed: 77)
        nan[2_205] = .nan
        nan[2_206] = .nan
        nan[4_000] = .infinity
        var inf = Synth.vowel(f0: 190, duration: 0.5, sampleRate: 22_050, amplitude: 0.3, seed: 78)
        inf[100] = -.infinity
        for (file, samples) in [(fixture.files[1], nan), (fixture.files[2], inf)] {
            try AudioWriter.write(
                AudioBuffer(mono: samples, sampleRate: 22_050), to: fixture.corpusPath + "/" + file, format: .wavFloat)
        }
        let imported = try fixture.emovox(["import", "ravdess", fixture.corpusPath])
        #expect(imported.status == 0, "\(imported.stderr)")

        let spec = try fixture.spec()
        let (run, summary) = try fixture.run(spec)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(summary["processed"] as? Int == 16)
        #expect(summary["failed"] as? Int == 2)
        let failures = (summary["failures"] as? [[String: Any]] ?? []).sorted {
            ($0["path"] as? String ?? "") < ($1["path"] as? String ?? "")
        }
        #expect(failures.count == 2)
        #expect(failures.allSatisfy { $0["step"] as? String == "decode" })
        let reasons = Dictionary(
            uniqueKeysWithValues: failures.map { (($0["path"] as? String ?? "") as NSString).lastPathComponent }
                .enumerated().map { ($1, failures[$0]["reason"] as? String ?? "") })
        let nanName = (fixture.files[1] as NSString).lastPathComponent
        let infName = (fixture.files[2] as NSString).lastPathComponent
        #expect(reasons[nanName]?.hasPrefix("non-finite samples (3 NaN or ±Inf samples, the first at 0.100 s") == true)
        #expect(reasons[infName]?.hasPrefix("non-finite samples (1 NaN or ±Inf sample, the first at 0.005 s") == true)
        #expect(run.stderr.contains("\(fixture.files[1]): decode failed: non-finite samples"), "\(run.stderr)")

        // A model trained on the good samples: predict must refuse the file, not print a label.
        let split = try fixture.emovox(["split", "create", "nf", "--strategy", "holdout", "--test-fraction", "0.25"])
        #expect(split.status == 0, "\(split.stderr)")
        let model = fixture.directory.path + "/model.json"
        let train = try fixture.emovox([
            "train", "--split", "nf", "--features", "prosody", "--out", model, "--iterations", "5",
            "--min-data-in-leaf", "1",
        ])
        #expect(train.status == 0, "\(train.stderr)")
        let predicted = try EmovoxProcess.run([
            "predict", fixture.corpusPath + "/" + fixture.files[1], "--model", model,
        ])
        #expect(predicted.status == 1)
        #expect(predicted.stdout.isEmpty, "\(predicted.stdout)")
        #expect(
            predicted.stderr.contains("decode failed: non-finite samples (3 NaN or ±Inf samples"), "\(predicted.stderr)"
        )
        let good = try EmovoxProcess.run(["predict", fixture.corpusPath + "/" + fixture.files[0], "--model", model])
        #expect(good.status == 0, "\(good.stderr)")

        // The documented opt-in: replace them by silence.
        let zero = fixture.directory.path + "/zero.yaml"
        try String(contentsOfFile: spec, encoding: .utf8)
            .replacingOccurrences(of: "decode: {channel: mix}", with: "decode: {channel: mix, non_finite: zero}")
            .write(toFile: zero, atomically: false, encoding: .utf8)
        let (repaired, repairedSummary) = try fixture.run(zero)
        #expect(repaired.status == 0, "\(repaired.stderr)")
        #expect(repairedSummary["failed"] as? Int == 0)
        let bad = fixture.directory.path + "/bad.yaml"
        try String(contentsOfFile: spec, encoding: .utf8)
            .replacingOccurrences(of: "decode: {channel: mix}", with: "decode: {channel: mix, non_finite: ignore}")
            .write(toFile: bad, atomically: false, encoding: .utf8)
        let rejected = try fixture.emovox(["run", bad])
        #expect(rejected.status != 0)
        #expect(rejected.stderr.contains("non_finite' must be one of fail, zero"), "\(rejected.stderr)")
    }
}
