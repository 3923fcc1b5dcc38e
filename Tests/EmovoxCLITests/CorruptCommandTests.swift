import EmovoxAudio
import EmovoxDSP
import EmovoxTestSupport
import Foundation
import GRDB
import Testing

/// `emovox corrupt`: noisy copies at the requested active-speech SNR, deterministic, babble from
/// other speakers only, importable with the source's labels; bad input reported, not crashed on.
@Suite struct CorruptCommandTests {
    /// Five actors × two emotions of speech-like audio (16 kHz, RAVDESS layout), imported.
    static func corpus() throws -> RAVDESSLayoutCorpus {
        let corpus = try RAVDESSLayoutCorpus(actors: [], emotions: [], statements: [])
        for actor in 1...5 {
            for emotion in [1, 5] {
                let name = RAVDESSLayoutCorpus.name(actor: actor, emotion: emotion, statement: 1)
                let url = URL(fileURLWithPath: corpus.path + "/" + name)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                let speech = Synth.syllables(
                    count: 5 + actor % 3, sampleRate: 16_000, amplitude: 0.2 + 0.05 * Double(emotion),
                    seed: UInt64(actor * 10 + emotion))
                try AudioWriter.write(AudioBuffer(mono: speech, sampleRate: 16_000), to: url.path)
            }
        }
        let imported = try corpus.emovox(["import", "ravdess", corpus.path])
        guard imported.status == 0 else { throw CorruptTestError("import failed: \(imported.stderr)") }
        return corpus
    }

    struct CorruptTestError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static func decode(_ path: String) throws -> [Float] { try AudioBuffer.decode(path: path).samples }

    /// The SNR of `noisy` against `clean`: the clean part found by projection (the mix may have been
    /// scaled for headroom), its P.56 active level over the mean square of the rest.
    static func measuredSNR(noisy: [Float], clean: [Float], sampleRate: Int) throws -> Double {
        let dot = zip(noisy, clean).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let energy = clean.reduce(0.0) { $0 + Double($1) * Double($1) }
        let h = dot / energy
        let residual =
            zip(noisy, clean).reduce(0.0) { sum, pair in
                let e = Double(pair.0) - h * Double(pair.1)
                return sum + e * e
            } / Double(clean.count)
        let level = try #require(ActiveSpeechLevel.measure(clean, sampleRate: sampleRate))
        return 10 * log10(h * h * level.meanSquare / residual)
    }

    static func files(under root: String) throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: root).sorted().filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root + "/" + $0, isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }
    }

    @Test func noisyCopiesHitTheRequestedSNR() throws {
        let corpus = try Self.corpus()
        let out = corpus.path + "/noisy"
        let result = try corpus.emovox([
            "corrupt", "--corpus", "ravdess", "--noise", "white", "pink", "babble", "--snr", "0,5,20", "--seed", "3",
            "--out", out, "--jobs", "2", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        for folder in ["white", "pink", "babble"].flatMap({ n in ["0", "5", "20"].map { "\(n)_\($0)dB" } }) {
            for actor in 1...5 {
                for emotion in [1, 5] {
                    let name = RAVDESSLayoutCorpus.name(actor: actor, emotion: emotion, statement: 1)
                    let noisyPath = out + "/" + folder + "/" + (name as NSString).deletingPathExtension + ".flac"
                    let info = try AudioBuffer.decode(path: noisyPath)
                    #expect(info.sampleRate == 16_000)
                    let clean = try Self.decode(corpus.path + "/" + name)
                    #expect(info.frameCount == clean.count)
                    let requested = Double(folder.split(separator: "_")[1].dropLast(2))!
                    let measured = try Self.measuredSNR(noisy: info.samples, clean: clean, sampleRate: 16_000)
                    #expect(abs(measured - requested) <= 0.5, "\(folder)/\(name): \(measured) dB")
                }
            }
        }
    }

    @Test func outputsAreByteIdenticalForAnyJobs() throws {
        let corpus = try Self.corpus()
        var listings: [[String: Data]] = []
        for jobs in ["1", "3"] {
            let out = corpus.path + "/out-\(jobs)"
            let result = try corpus.emovox([
                "corrupt", "--corpus", "ravdess", "--noise", "pink", "babble", "--snr", "5", "--seed", "9", "--out",
                out,
                "--jobs", jobs,
            ])
            #expect(result.status == 0, "\(result.stderr)")
            var listing: [String: Data] = [:]
            for file in try Self.files(under: out) {
                // The log names absolute source paths, which are the same for both runs.
                listing[file] = try Data(contentsOf: URL(fileURLWithPath: out + "/" + file))
            }
            listings.append(listing)
        }
        #expect(listings[0].count == 2 * 10 + 2)
        #expect(listings[0] == listings[1])
        // Another seed gives other noise.
        let other = corpus.path + "/out-other"
        _ = try corpus.emovox([
            "corrupt", "--corpus", "ravdess", "--noise", "pink", "--snr", "5", "--seed", "10", "--out", other,
        ])
        let file =
            "pink_5dB/"
            + (RAVDESSLayoutCorpus.name(actor: 1, emotion: 1, statement: 1) as NSString)
            .deletingPathExtension + ".flac"
        #expect(try Data(contentsOf: URL(fileURLWithPath: other + "/" + file)) != listings[0][file])
    }

    @Test func babbleNeverUsesTheSamplesOwnSpeaker() throws {
        let corpus = try Self.corpus()
        let out = corpus.path + "/babble"
        let result = try corpus.emovox([
            "corrupt", "--corpus", "ravdess", "--noise", "babble", "--snr", "0,10", "--seed", "1", "--out", out,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        var talkerCounts = Set<Int>()
        for folder in ["babble_0dB", "babble_10dB"] {
            let lines = try String(contentsOfFile: out + "/" + folder + "/corruption.csv", encoding: .utf8)
                .split(separator: "\n").map {
                    $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                }
            let header = lines[0]
            let speaker = try #require(header.firstIndex(of: "speaker"))
            let babbleSpeakers = try #require(header.firstIndex(of: "babble_speakers"))
            let babbleFiles = try #require(header.firstIndex(of: "babble_files"))
            #expect(lines.count == 11)
            for row in lines.dropFirst() {
                let talkers = row[babbleSpeakers].split(separator: ";").map(String.init)
                #expect(!talkers.contains(row[speaker]))
                #expect(Set(talkers).count == talkers.count)
                talkerCounts.insert(talkers.count)
                #expect((3...6).contains(talkers.count))
                // The files themselves come from other actors' folders.
                for file in row[babbleFiles].split(separator: ";") {
                    #expect(!file.contains("/Actor_\(row[speaker])/"))
                }
            }
        }
        // Five speakers leave four others: both 3 and 4 talkers occur over 20 draws.
        #expect(talkerCounts.count > 1)
    }

    @Test func asCorpusImportsTheCopiesWithTheSourceLabels() throws {
        let corpus = try Self.corpus()
        let result = try corpus.emovox([
            "corrupt", "--corpus", "ravdess", "--noise", "white", "--snr", "10", "--seed", "2", "--out",
            corpus.path + "/n", "--as-corpus", "ravdess-white10", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains("\"corpus\" : \"ravdess-white10\"")
                || result.stdout.contains("\"corpus\":\"ravdess-white10\""))
        let db = try DatabaseQueue(path: corpus.db)
        func labels(_ name: String) throws -> [String] {
            try db.read { db in
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT replace(replace(s.path, '.flac', ''), '.wav', '') || '|' || sp.code || '|' || s.emotion
                            || '|' || coalesce(s.statement, '') || '|' || sp.gender
                        FROM sample s JOIN speaker sp ON sp.id = s.speakerId JOIN corpus c ON c.id = s.corpusId
                        WHERE c.name = ? ORDER BY s.path
                        """, arguments: [name])
            }
        }
        let source = try labels("ravdess")
        #expect(source.count == 10)
        #expect(try labels("ravdess-white10") == source)
        // Several conditions: one corpus each.
        let several = try corpus.emovox([
            "corrupt", "--corpus", "ravdess", "--noise", "pink", "--snr", "0,5", "--seed", "2", "--out",
            corpus.path + "/m", "--as-corpus", "rn",
        ])
        #expect(several.status == 0, "\(several.stderr)")
        #expect(try labels("rn-pink-0db") == source)
        #expect(try labels("rn-pink-5db") == source)
    }

    @Test func anUnreadableSourceCostsOneRow() throws {
        let corpus = try Self.corpus()
        let broken = RAVDESSLayoutCorpus.name(actor: 2, emotion: 5, statement: 1)
        try Data("not audio at all".utf8).write(to: URL(fileURLWithPath: corpus.path + "/" + broken))
        let out = corpus.path + "/o"
        let result = try corpus.emovox([
            "corrupt", "--corpus", "ravdess", "--noise", "white", "babble", "--snr", "5", "--seed", "4", "--out", out,
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains(broken))
        let written = try Self.files(under: out).filter { $0.hasSuffix(".flac") }
        // Nine of ten under each noise: babble passes over the broken file for other samples.
        #expect(written.count == 18)
        #expect(!written.contains { $0.hasSuffix((broken as NSString).deletingPathExtension + ".flac") })
    }

    @Test func hostileArgumentsAreRefusedClearly() throws {
        let corpus = try Self.corpus()
        let out = corpus.path + "/h"
        func run(_ extra: [String]) throws -> EmovoxProcess.Output {
            try corpus.emovox(["corrupt", "--seed", "1", "--out", out] + extra)
        }
        let unknown = try run(["--corpus", "nope", "--noise", "white", "--snr", "5"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("no corpus named 'nope'"))

        for bad in ["5,abc", "", "5,,10", "inf", "1000"] {
            let result = try run(["--corpus", "ravdess", "--noise", "white", "--snr", bad])
            #expect(result.status == 64, "--snr \(bad)")
            #expect(result.stderr.contains("--snr"), "--snr \(bad): \(result.stderr)")
        }

        let missing = corpus.path + "/no-such-noise.wav"
        let noFile = try run(["--corpus", "ravdess", "--noise", missing, "--snr", "5"])
        #expect(noFile.status == 1)
        #expect(noFile.stderr.contains("noise file \(missing)"))

        let garbage = corpus.path + "/garbage.wav"
        try Data(repeating: 7, count: 1_000).write(to: URL(fileURLWithPath: garbage))
        let notAudio = try run(["--corpus", "ravdess", "--noise", garbage, "--snr", "5"])
        #expect(notAudio.status == 1)
        #expect(notAudio.stderr.contains("noise file \(garbage)"))

        let device = try run(["--corpus", "ravdess", "--noise", "/dev/zero", "--snr", "5"])
        #expect(device.status == 1)
        #expect(device.stderr.contains("noise file /dev/zero"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func aRecordedNoiseIsLoopedDeterministically() throws {
        let corpus = try Self.corpus()
        // Half a second of hum with harmonics: shorter than every sample, so it must loop.
        let hum = (0..<8_000).map { i in
            Float(
                0.3 * sin(2 * Double.pi * 50 * Double(i) / 16_000) + 0.1 * sin(2 * Double.pi * 150 * Double(i) / 16_000)
            )
        }
        let noisePath = try Synth.writeTemporaryWAV(
            hum, sampleRate: 16_000, in: corpus.directory.url, name: "Hum Room.wav")
        let out = corpus.path + "/f"
        let result = try corpus.emovox([
            "corrupt", "--corpus", "ravdess", "--noise", noisePath, "--snr", "5", "--seed", "6", "--out", out,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let name = RAVDESSLayoutCorpus.name(actor: 3, emotion: 1, statement: 1)
        let noisy = try Self.decode(out + "/hum-room_5dB/" + (name as NSString).deletingPathExtension + ".flac")
        let clean = try Self.decode(corpus.path + "/" + name)
        #expect(abs(try Self.measuredSNR(noisy: noisy, clean: clean, sampleRate: 16_000) - 5) <= 0.5)
    }

    @Test func aReadOnlyOutputFolderIsReported() throws {
        let corpus = try Self.corpus()
        let locked = corpus.path + "/locked"
        try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: true)
        #expect(chmod(locked, 0o555) == 0)
        defer { chmod(locked, 0o755) }
        let arguments = [
            "corrupt", "--corpus", "ravdess", "--noise", "white", "--snr", "5", "--seed", "1", "--out", locked + "/x",
            "--db", corpus.db,
        ]
        let status: Int32
        let message: String
        if getuid() == 0 {
            // Root writes anywhere: run as nobody, who may read the catalog and sources but not write there.
            guard CatalogAccessTests.canRunAsNobody else { return }
            let result = try CatalogAccessTests.shell(
                ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", EmovoxProcess.binary]
                    + arguments)
            status = result.status
            message = result.output
        } else {
            let result = try EmovoxProcess.run(arguments)
            status = result.status
            message = result.stderr
        }
        #expect(status == 1)
        #expect(message.contains("cannot create \(locked)/x"), "\(message)")
    }
}
