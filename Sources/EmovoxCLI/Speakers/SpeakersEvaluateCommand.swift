import ArgumentParser
import EmovoxCatalog
import EmovoxSpeakers
import EmovoxSplits
import Foundation

/// `emovox speakers evaluate`: closed-set identification and verification on catalogued speakers.
struct SpeakersEvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Enroll every speaker from one side, identify and verify the other side.",
        discussion: """
            With --split, each speaker is enrolled from the training side and the test side is identified \
            (for a fold-based split, --fold's test side against the rest). With --enroll and --test \
            (conditions like --where, within --corpus/--where), the two selections play those parts, e.g. \
            --enroll "emotion in (neutral, calm)" --test "emotion not in (neutral, calm)". Verification \
            scores every test recording against every enrolled speaker: its own speaker's are target \
            trials, the others non-target trials. Recordings of speakers not enrolled count only as \
            non-target trials.
            """)

    @Option(help: "The split whose training side enrolls and whose test side is identified.") var split: String?
    @Option(help: "For fold-based splits: the fold whose test side is identified.") var fold = 0
    @Option(help: "Condition selecting the enrollment recordings (instead of --split).") var enroll: String?
    @Option(help: "Condition selecting the test recordings (instead of --split).") var test: String?
    @Option(help: "Prior probability of a target trial for minDCF.") var pTarget = 0.01
    @OptionGroup var extractor: ExtractorOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var options: CatalogOptions

    func validate() throws {
        guard (split != nil) != (enroll != nil || test != nil) else {
            throw ValidationError("give either --split or both --enroll and --test")
        }
        guard split != nil || (enroll != nil && test != nil) else {
            throw ValidationError("--enroll and --test go together")
        }
        guard pTarget > 0, pTarget < 1 else { throw ValidationError("--p-target must be in (0, 1)") }
    }

    struct Report: Encodable {
        var scoring: SpeakerScoring
        var speakers: Int
        var enrollRecordings: Int
        var testRecordings: Int
        var failed: Int
        var accuracy: Double
        var eer: Double
        var eerThreshold: Double
        var minDCF: Double
        var pTarget: Double
        var targetTrials: Int
        var nonTargetTrials: Int
        var det: [DETPoint]

        enum CodingKeys: String, CodingKey {
            case scoring, speakers, failed, accuracy, eer, det
            case enrollRecordings = "enroll_recordings"
            case testRecordings = "test_recordings"
            case eerThreshold = "eer_threshold"
            case minDCF = "min_dcf"
            case pTarget = "p_target"
            case targetTrials = "target_trials"
            case nonTargetTrials = "non_target_trials"
        }
    }

    struct DETPoint: Encodable {
        var threshold: Double
        var falseRejection: Double
        var falseAcceptance: Double

        enum CodingKeys: String, CodingKey {
            case threshold
            case falseRejection = "false_rejection"
            case falseAcceptance = "false_acceptance"
        }
    }

    func sides(_ catalog: Catalog) throws -> (enroll: [CatalogRecording], test: [CatalogRecording]) {
        if let split {
            let stored: StoredSplit
            do {
                stored = try catalog.split(named: split)
            } catch {
                throw UsageFailure.report("\(error)", json: options.json)
            }
            let result = stored.result
            guard (0..<result.foldCount).contains(fold) else {
                throw UsageFailure.report(
                    "split '\(split)' has \(result.foldCount) fold(s); --fold \(fold) does not exist",
                    json: options.json)
            }
            let fromFolds = result.foldCount > 1 || result.assignments.allSatisfy { $0.side == .test }
            let enrollSide = result.assignments.filter { fromFolds ? $0.fold != fold : $0.side == .train }
            let testSide = result.assignments.filter { fromFolds ? $0.fold == fold : $0.side == .test }
            return (
                try catalog.recordings(ids: enrollSide.map(\.sampleID), checksums: enrollSide.map(\.checksum)),
                try catalog.recordings(ids: testSide.map(\.sampleID), checksums: testSide.map(\.checksum))
            )
        }
        func side(_ condition: String, _ flag: String) throws -> [CatalogRecording] {
            var filter: SampleFilter
            do {
                filter = try SampleFilter(
                    parsing: [selection.condition, condition].compactMap { $0 }.joined(separator: " and "))
            } catch {
                throw UsageFailure.report("\(flag): \(error.message)", json: options.json)
            }
            if let corpus = selection.corpus { filter = filter.and(.corpus, equals: corpus) }
            return try catalog.speakerRecordings(filter)
        }
        return (try side(enroll!, "--enroll"), try side(test!, "--test"))
    }

    func run() throws {
        let loaded = try SpeakerAudio.loadExtractor(extractor.extractor)
        let catalog = try options.openCatalogForReading()
        let (enrollSide, testSide) = try sides(catalog)
        guard !enrollSide.isEmpty, !testSide.isEmpty else {
            throw UsageFailure.report(
                "nothing to evaluate: \(enrollSide.count) enrollment and \(testSide.count) test recording(s)",
                json: options.json)
        }
        let all = enrollSide + testSide
        let results = SpeakerAudio.embeddings(all.map(\.path), extractor: loaded.model, jobs: extractor.jobs)
        var failed = 0
        var enrolled: [String: [[Double]]] = [:]
        var tests: [(speaker: String, embedding: [Double])] = []
        for (index, (recording, result)) in zip(all, results).enumerated() {
            switch result {
            case .success(let embedding):
                if index < enrollSide.count {
                    enrolled[recording.speaker, default: []].append(embedding)
                } else {
                    tests.append((recording.speaker, embedding))
                }
            case .failure(let error):
                failed += 1
                log.error("\(error)")
            }
        }
        let names = enrolled.keys.sorted()
        var targets: [Double] = []
        var nonTargets: [Double] = []
        var correct = 0
        var identifiable = 0
        for test in tests {
            var best = (name: "", score: -Double.infinity)
            for name in names {
                let score = loaded.model.score(
                    enrollment: enrolled[name]!, test: test.embedding, scoring: extractor.scoring)
                if name == test.speaker { targets.append(score) } else { nonTargets.append(score) }
                if score > best.score { best = (name, score) }
            }
            if enrolled[test.speaker] != nil {
                identifiable += 1
                if best.name == test.speaker { correct += 1 }
            }
        }
        guard identifiable > 0, !targets.isEmpty, !nonTargets.isEmpty else {
            throw UsageFailure.report(
                "no test recording is of an enrolled speaker, or only one speaker is enrolled: nothing to score",
                json: options.json)
        }
        let metrics = VerificationMetrics(targets: targets, nonTargets: nonTargets, pTarget: pTarget)
        let report = Report(
            scoring: extractor.scoring, speakers: names.count, enrollRecordings: enrollSide.count,
            testRecordings: testSide.count, failed: failed, accuracy: Double(correct) / Double(identifiable),
            eer: metrics.eer, eerThreshold: metrics.eerThreshold, minDCF: metrics.minDCF, pTarget: pTarget,
            targetTrials: metrics.targetTrials, nonTargetTrials: metrics.nonTargetTrials,
            det: metrics.det.map {
                DETPoint(
                    threshold: $0.threshold, falseRejection: $0.falseRejection, falseAcceptance: $0.falseAcceptance)
            })
        if options.json {
            try JSONOutput.print(report)
        } else {
            print(
                "\(names.count) speakers enrolled from \(enrollSide.count) recordings; \(identifiable) test recordings")
            print(String(format: "identification accuracy %.4f (%d/%d)", report.accuracy, correct, identifiable))
            print(
                String(
                    format:
                        "verification (%@): EER %.2f %%, minDCF(P_target %.3g) %.4f over %d target / %d non-target trials",
                    extractor.scoring.rawValue, 100 * metrics.eer, pTarget, metrics.minDCF, metrics.targetTrials,
                    metrics.nonTargetTrials))
            if failed > 0 { print("\(failed) recording(s) could not be read (see the errors above)") }
        }
        if failed > 0 { throw ExitCode(1) }
    }
}
