import EmovoxBoost

/// What `evaluate` and `cv` print with `--json`: the field's metrics, the confusion matrix, and the
/// baselines beside them.
struct EvaluationSummary: Encodable {
    struct ClassLine: Encodable {
        var label: String
        var precision: Double
        var recall: Double
        var f1: Double
        var support: Int
    }

    struct SpeakerLine: Encodable {
        var speaker: String
        var accuracy: Double
        var samples: Int
    }

    var samples: Int
    var uar: Double
    var accuracy: Double
    var macroF1: Double
    var weightedF1: Double
    var labels: [String]
    var confusion: [[Int]]
    var confusionNormalized: [[Double]]
    var perClass: [ClassLine]
    var perSpeaker: [SpeakerLine]
    var majorityBaselineAccuracy: Double
    var majorityBaselineUAR: Double
    var chanceAccuracy: Double
    var unseenLabels: [String]

    enum CodingKeys: String, CodingKey {
        case samples, uar, accuracy
        case macroF1 = "macro_f1"
        case weightedF1 = "weighted_f1"
        case labels, confusion
        case confusionNormalized = "confusion_normalized"
        case perClass = "per_class"
        case perSpeaker = "per_speaker"
        case majorityBaselineAccuracy = "majority_baseline_accuracy"
        case majorityBaselineUAR = "majority_baseline_uar"
        case chanceAccuracy = "chance_accuracy"
        case unseenLabels = "unseen_labels"
    }

    /// Summarizes predictions against the truth; `speakers` gives each row's speaker.
    init(truth: [String], predicted: [String], speakers: [String], labels modelLabels: [String], majority: String?) {
        let labels = modelLabels + Array(Set(truth).subtracting(modelLabels)).sorted()
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let report = Metrics.report(
            trueLabels: truth.map { index[$0]! }, predictedLabels: predicted.map { index[$0]! }, labelNames: labels,
            majorityClass: majority.flatMap { index[$0] })
        samples = truth.count
        uar = report.uar
        accuracy = report.accuracy
        macroF1 = report.macroF1
        weightedF1 = report.weightedF1
        self.labels = labels
        confusion = report.confusion.counts
        confusionNormalized = report.confusion.rowNormalized
        perClass = report.perClass.map {
            ClassLine(label: $0.label, precision: $0.precision, recall: $0.recall, f1: $0.f1, support: $0.support)
        }
        var bySpeaker: [String: (correct: Int, total: Int)] = [:]
        for (row, speaker) in speakers.enumerated() {
            bySpeaker[speaker, default: (0, 0)].total += 1
            if truth[row] == predicted[row] { bySpeaker[speaker]!.correct += 1 }
        }
        perSpeaker = bySpeaker.keys.sorted().map {
            SpeakerLine(
                speaker: $0, accuracy: Double(bySpeaker[$0]!.correct) / Double(bySpeaker[$0]!.total),
                samples: bySpeaker[$0]!.total)
        }
        majorityBaselineAccuracy = report.baselines.majorityAccuracy
        majorityBaselineUAR = report.baselines.majorityUAR
        chanceAccuracy = report.baselines.chanceAccuracy
        unseenLabels = Array(Set(truth).subtracting(modelLabels)).sorted()
    }

    /// A compact text report.
    func text(title: String) -> String {
        var out = [
            title,
            String(
                format: "UAR %.3f  accuracy %.3f  macro-F1 %.3f  weighted F1 %.3f  (%@)", uar, accuracy,
                macroF1,
                weightedF1, Plural.count(samples, "sample")),
            String(
                format: "baselines: majority class accuracy %.3f (UAR %.3f), chance %.3f", majorityBaselineAccuracy,
                majorityBaselineUAR, chanceAccuracy),
        ]
        if !unseenLabels.isEmpty {
            out.append("labels not seen in training (always wrong): \(unseenLabels.joined(separator: ", "))")
        }
        var classes = TextTable(["class", "precision", "recall", "F1", "support"])
        for line in perClass {
            classes.add([
                line.label, String(format: "%.3f", line.precision), String(format: "%.3f", line.recall),
                String(format: "%.3f", line.f1), String(line.support),
            ])
        }
        out += ["", classes.render(), ""]
        var matrix = TextTable(["true \\ predicted"] + labels)
        for (row, label) in labels.enumerated() { matrix.add([label] + confusion[row].map(String.init)) }
        out.append(matrix.render())
        return out.joined(separator: "\n")
    }
}
