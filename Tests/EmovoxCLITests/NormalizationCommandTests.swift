import EmovoxAudio
import EmovoxTestSupport
import Foundation
import Testing

/// Speaker normalization through the command line, on a synthesized corpus where every speaker has
/// its own voice pitch and the emotion only shifts it by a few semitones.
@Suite(.serialized) struct NormalizationCommandTests {
    /// RAVDESS-layout clips: `actors` × emotions 1–4 × 4 (statement × repetition). The actor sets
    /// the base pitch (1.7 semitones apart), the emotion adds 0, 0.8, 1.6 or 2.4 semitones.
    static func writeCorpus(at root: String, actors: ClosedRange<Int>) throws -> [(path: String, emotion: Int)] {
        var written: [(String, Int)] = []
        for actor in actors {
            for emotion in 1...4 {
                for statement in 1...2 {
                    for repetition in 1...2 {
                        let name = String(
                            format: "Actor_%02d/03-01-%02d-01-%02d-%02d-%02d.wav", actor, emotion, statement,
                            repetition,
                            actor)
                        let url = URL(fileURLWithPath: root + "/" + name)
                        try FileManager.default.createDirectory(
                            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                        let seed = UInt64(actor * 100 + emotion * 10 + statement * 2 + repetition)
                        let wobble = 0.15 * Double((statement * 2 + repetition) % 3 - 1)
                        let semitones = Double(actor - 1) * 1.7 + Double(emotion - 1) * 0.8 + wobble
                        let rate = 16_000
                        let voiced = Synth.vowel(
                            f0: 100 * pow(2, semitones / 12), duration: 0.35, sampleRate: rate, jitter: 0.005,
                            amplitude: 0.3, seed: seed)
                        let silence = Synth.silence(duration: 0.05, sampleRate: rate)
                        try AudioWriter.write(
                            AudioBuffer(mono: silence + voiced + silence, sampleRate: rate), to: url.path)
                        written.append((url.path, emotion))
                    }
                }
            }
        }
        return written
    }

    static let emotionNames = [1: "neutral", 2: "calm", 3: "happy", 4: "sad"]

    /// A catalog of actors 1–8 with prosody features and a round-robin 4-fold split `rr`.
    struct Corpus {
        let directory: TemporaryDirectory
        let database: String
        let spec: String

        init() throws {
            directory = try TemporaryDirectory()
            database = directory.path + "/c.sqlite"
            _ = try NormalizationCommandTests.writeCorpus(at: directory.path + "/corpus", actors: 1...8)
            spec = directory.path + "/spec.yaml"
            try """
            name: tinyprosody
            steps:
              - decode: {channel: mix}
              - trim: {threshold_db: -40, margin_ms: 50}
              - features: {sets: [prosody]}

            """.write(toFile: spec, atomically: false, encoding: .utf8)
            for arguments in [
                ["import", "ravdess", directory.path + "/corpus"], ["run", spec, "--jobs", "2"],
                ["split", "create", "rr", "--strategy", "kfold", "--folds", "4", "--assignment", "round-robin"],
            ] {
                let result = try emovox(arguments)
                guard result.status == 0 else { throw PipelineFixture.FixtureError("\(arguments): \(result.stderr)") }
            }
        }

        func emovox(_ arguments: [String]) throws -> EmovoxProcess.Output {
            try EmovoxProcess.run(arguments + ["--db", database])
        }
    }

    static let trainer = [
        "--iterations", "40", "--num-leaves", "4", "--min-data-in-leaf", "3", "--learning-rate", "0.2",
    ]

    @Test func speakerOffsetsAreSolvedOnlyWithNormalizationAndAutoSaysWhy() throws {
        let corpus = try Corpus()
        var uar: [String: Double] = [:]
        for mode in ["none", "speaker", "auto"] {
            let cv = try corpus.emovox(
                ["cv", "--split", "rr", "--features", "prosody", "--normalize", mode, "--json"] + Self.trainer)
            #expect(cv.status == 0, "\(cv.stderr)")
            let json = try cv.json()
            uar[mode] = try #require(json["uar"] as? Double)
            let coverage = try #require(json["label_coverage"] as? [String: Any])
            #expect(coverage["safe"] as? Bool == true)
            #expect(json["normalize"] as? String == (mode == "none" ? "none" : "speaker"))
            if mode == "auto" { #expect(cv.stderr.contains("normalize auto: speaker")) }
        }
        print("cv UAR by --normalize on the synthesized corpus: \(uar.sorted { $0.key < $1.key })")
        #expect(uar["none"]! < 0.5, "raw UAR \(uar["none"]!)")
        #expect(uar["speaker"]! > 0.8, "speaker-normalized UAR \(uar["speaker"]!)")
        #expect(uar["auto"] == uar["speaker"])

        // A gender target: each speaker has one label, so speaker normalization would remove it.
        let gender = try corpus.emovox([
            "split", "create", "g", "--target", "gender", "--strategy", "kfold", "--folds", "4", "--assignment",
            "round-robin",
        ])
        #expect(gender.status == 0, "\(gender.stderr)")
        let check = try corpus.emovox(["split", "check", "g", "--json"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect((try check.json()["label_coverage"] as? [String: Any])?["safe"] as? Bool == false)
        let auto = try corpus.emovox(
            ["cv", "--split", "g", "--features", "prosody", "--normalize", "auto", "--json"] + Self.trainer)
        #expect(auto.status == 0, "\(auto.stderr)")
        #expect(try auto.json()["normalize"] as? String == "none")
        #expect(auto.stderr.contains("normalize auto: none"))
        let forced = try corpus.emovox(
            ["cv", "--split", "g", "--features", "prosody", "--normalize", "speaker", "--json"] + Self.trainer)
        #expect(forced.stderr.contains("warning: normalize speaker"))
    }

    @Test func exportedFeaturesIgnoreTheTestSideLabels() throws {
        let corpus = try Corpus()
        // The same speaker folds (LOSO depends on speakers only) with the emotions swapped in pairs.
        let plain = try corpus.emovox(["split", "create", "loso", "--strategy", "loso"])
        let swapped = try corpus.emovox([
            "split", "create", "swapped", "--strategy", "loso", "--label-map",
            "neutral=calm,calm=neutral,happy=sad,sad=happy",
        ])
        #expect(plain.status == 0 && swapped.status == 0, "\(plain.stderr)\(swapped.stderr)")
        var tables: [[String]] = []
        for split in ["loso", "swapped"] {
            let out = corpus.directory.path + "/export-\(split)"
            let export = try corpus.emovox([
                "export", split, "--features", "prosody", "--normalize", "speaker", "--normalize-stat", "median-iqr",
                "--out", out,
            ])
            #expect(export.status == 0, "\(export.stderr)")
            let meta = try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: out + "/meta.json")))
            #expect((meta as? [String: Any])?["normalize"] as? String == "speaker")
            let test = try String(contentsOfFile: out + "/fold-3/test.csv", encoding: .utf8)
            let header = test.split(separator: "\n")[0].split(separator: ",", omittingEmptySubsequences: false)
            let label = try #require(header.firstIndex(of: "label"))
            tables.append(
                test.split(separator: "\n").dropFirst().map { line in
                    var cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                    cells.remove(at: label)
                    return cells.joined(separator: ",")
                })
        }
        #expect(tables[0].count == 16)
        #expect(tables[0] == tables[1])
        // Not the raw values: the speaker's median of every column is 0.
        let raw = try corpus.emovox([
            "export", "loso", "--features", "prosody", "--out", corpus.directory.path + "/raw",
        ])
        #expect(raw.status == 0)
        let rawTest = try String(contentsOfFile: corpus.directory.path + "/raw/fold-3/test.csv", encoding: .utf8)
        #expect(!rawTest.contains(tables[0][0]))
    }

    @Test func predictWithSpeakerStatisticsAdaptOrGlobalFallback() throws {
        let corpus = try Corpus()
        let dir = corpus.directory.path
        var models: [Data] = []
        for threads in ["1", "2"] {
            let train = try corpus.emovox(
                [
                    "train", "--split", "rr", "--features", "prosody", "--normalize", "speaker", "--threads", threads,
                    "--out", dir + "/m\(threads).json",
                ] + Self.trainer)
            #expect(train.status == 0, "\(train.stderr)")
            models.append(try Data(contentsOf: URL(fileURLWithPath: dir + "/m\(threads).json")))
        }
        #expect(models[0] == models[1])
        let model = dir + "/m1.json"
        let recorded = try JSONSerialization.jsonObject(with: models[0]) as? [String: Any]
        let normalization = try #require(recorded?["normalization"] as? [String: Any])
        #expect(normalization["mode"] as? String == "speaker")
        #expect(normalization["statistic"] as? String == "mean-std")
        let evaluate = try corpus.emovox(["evaluate", "--model", model, "--split", "rr", "--json"])
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        #expect(try #require(try evaluate.json()["uar"] as? Double) > 0.8)

        // Test speakers standardized with the training statistics (what a speaker without enrollment gets).
        let global = try corpus.emovox([
            "evaluate", "--model", model, "--split", "rr", "--normalize", "global", "--json",
        ])
        #expect(global.status == 0, "\(global.stderr)")
        #expect(try #require(try global.json()["uar"] as? Double) < 0.5)

        // A new speaker (actor 9, pitched above every training speaker), never catalogued.
        let clips = try Self.writeCorpus(at: dir + "/new", actors: 9...9)
        let files = clips.map(\.path)
        func accuracy(_ output: EmovoxProcess.Output) throws -> Double {
            let predictions = try #require(
                try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
            let right = zip(predictions, clips).filter { $0.0["label"] as? String == Self.emotionNames[$0.1.emotion] }
            return Double(right.count) / Double(clips.count)
        }
        let adapted = try EmovoxProcess.run(["predict"] + files + ["--model", model, "--adapt", "--json"])
        #expect(adapted.status == 0, "\(adapted.stderr)")
        print("actor 9: accuracy with --adapt \(try accuracy(adapted))")
        #expect(try accuracy(adapted) >= 0.75)

        let stats = try EmovoxProcess.run(["speaker-stats"] + files + ["--model", model, "--out", dir + "/s9.json"])
        #expect(stats.status == 0, "\(stats.stderr)")
        let enrolled = try EmovoxProcess.run(
            ["predict"] + files + ["--model", model, "--speaker-stats", dir + "/s9.json", "--json"])
        #expect(enrolled.status == 0, "\(enrolled.stderr)")
        #expect(enrolled.stdout == adapted.stdout)

        let fallback = try EmovoxProcess.run(["predict"] + files + ["--model", model, "--json"])
        #expect(fallback.status == 0)
        #expect(fallback.stderr.contains("global statistics"))
        print("actor 9: accuracy with the global fallback \(try accuracy(fallback))")
        let few = try EmovoxProcess.run(["predict"] + files.prefix(2) + ["--model", model, "--adapt", "--json"])
        #expect(few.status == 0)
        #expect(few.stderr.contains("fewer than the model's minimum"))
    }

    @Test func presetSmallChoosesRoundsOnInnerSpeakerFolds() throws {
        let corpus = try Corpus()
        let dir = corpus.directory.path
        let cv = try corpus.emovox([
            "cv", "--split", "rr", "--features", "prosody", "--preset", "small", "--iterations", "60", "--normalize",
            "speaker", "--json",
        ])
        #expect(cv.status == 0, "\(cv.stderr)")
        #expect(try #require(try cv.json()["uar"] as? Double) > 0.8)
        var models: [Data] = []
        for threads in ["1", "2"] {
            let train = try corpus.emovox([
                "train", "--split", "rr", "--features", "prosody", "--preset", "small", "--iterations", "60",
                "--normalize", "speaker", "--threads", threads, "--out", dir + "/small\(threads).json",
            ])
            #expect(train.status == 0, "\(train.stderr)")
            models.append(try Data(contentsOf: URL(fileURLWithPath: dir + "/small\(threads).json")))
        }
        #expect(models[0] == models[1])
        let model = try JSONSerialization.jsonObject(with: models[0]) as? [String: Any]
        let chosen = try #require((model?["provenance"] as? [String: String])?["rounds_chosen_by"])
        #expect(chosen.hasPrefix("3 speaker-disjoint inner folds (logloss): "))
        let parameters = try #require(model?["parameters"] as? [String: Any])
        #expect(parameters["numLeaves"] as? Int == 7 && (parameters["numIterations"] as? Int ?? 0) <= 60)
        // Fold 0's training side has 6 speakers: 7 inner folds cannot be speaker-disjoint.
        let tooMany = try corpus.emovox([
            "train", "--split", "rr", "--features", "prosody", "--inner-folds", "7", "--out", dir + "/x.json",
        ])
        #expect(tooMany.status != 0)
        #expect(tooMany.stderr.contains("--inner-folds 7: the training side has only 6 speaker(s)"))
    }

    @Test func hostileStatisticsFilesAreClearErrors() throws {
        let corpus = try Corpus()
        let dir = corpus.directory.path
        for (name, extra) in [
            ("speaker", ["--normalize", "speaker"]), ("raw", []), ("wide", ["--normalize", "speaker"]),
        ] {
            let features = name == "wide" ? "prosody,level" : "prosody"
            let train = try corpus.emovox(
                ["train", "--split", "rr", "--features", features, "--out", dir + "/\(name).json"] + extra
                    + Self.trainer)
            #expect(train.status == 0, "\(train.stderr)")
        }
        let clips = try Self.writeCorpus(at: dir + "/new", actors: 9...9).map(\.path)
        let stats = try EmovoxProcess.run(
            ["speaker-stats"] + clips.prefix(6) + ["--model", dir + "/speaker.json", "--out", dir + "/s.json"])
        #expect(stats.status == 0, "\(stats.stderr)")

        let other = try EmovoxProcess.run(
            ["predict", clips[0], "--model", dir + "/wide.json", "--speaker-stats", dir + "/s.json"])
        #expect(other.status != 0)
        #expect(other.stderr.contains(dir + "/s.json") && other.stderr.contains("another model"))

        try "{\"format\": 3".write(toFile: dir + "/bad.json", atomically: false, encoding: .utf8)
        let malformed = try EmovoxProcess.run(
            ["predict", clips[0], "--model", dir + "/speaker.json", "--speaker-stats", dir + "/bad.json"])
        #expect(malformed.status != 0)
        #expect(malformed.stderr.contains(dir + "/bad.json") && malformed.stderr.contains("not a speaker statistics"))

        let missing = try EmovoxProcess.run(
            ["predict", clips[0], "--model", dir + "/speaker.json", "--speaker-stats", dir + "/none.json"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains(dir + "/none.json: no such file"), "\(missing.stderr)")

        // A device is refused before it is read (it would be read for ever).
        let device = try EmovoxProcess.run(
            ["predict", clips[0], "--model", dir + "/speaker.json", "--speaker-stats", "/dev/zero"], timeout: 60)
        #expect(!device.timedOut && device.status != 0)
        #expect(device.stderr.contains("/dev/zero: not a regular file"), "\(device.stderr)")

        let rawModel = try EmovoxProcess.run(
            ["speaker-stats", clips[0], "--model", dir + "/raw.json", "--out", dir + "/x.json"])
        #expect(rawModel.status != 0)
        #expect(rawModel.stderr.contains("not trained with speaker normalization"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/x.json"))

        let both = try EmovoxProcess.run(
            ["predict", clips[0], "--model", dir + "/speaker.json", "--adapt", "--speaker-stats", dir + "/s.json"])
        #expect(both.status == 64)
        try "{\"normalize\": \"sometimes\"}".write(toFile: dir + "/p.json", atomically: false, encoding: .utf8)
        let badParams = try corpus.emovox(
            ["train", "--split", "rr", "--features", "prosody", "--params", dir + "/p.json", "--out", dir + "/p.model"])
        #expect(badParams.status != 0)
        #expect(badParams.stderr.contains(dir + "/p.json"))
        try "{\"normalize\": \"speaker\", \"normalizeStat\": \"median-iqr\", \"normalizeMinSamples\": 3}".write(
            toFile: dir + "/q.json", atomically: false, encoding: .utf8)
        let fromParams = try corpus.emovox(
            ["train", "--split", "rr", "--features", "prosody", "--params", dir + "/q.json", "--out", dir + "/q.model"]
                + Self.trainer)
        #expect(fromParams.status == 0, "\(fromParams.stderr)")
        let q = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/q.model")))
        let recorded = (q as? [String: Any])?["normalization"] as? [String: Any]
        #expect(recorded?["statistic"] as? String == "median-iqr" && recorded?["minSamples"] as? Int == 3)
    }
}
