import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A trained gradient-boosted-tree classifier, self-contained and serialisable as JSON.
///
/// The JSON is written with sorted keys, and training is deterministic, so the same inputs,
/// parameters and seed give byte-identical files (the `threads` setting is not recorded because
/// it does not influence the result).
public struct Model: Codable, Sendable, Equatable {
    /// The format version this build writes and reads.
    public static let currentFormatVersion = 1

    /// Version of the file format (`currentFormatVersion` when written by this build).
    public let formatVersion: Int
    /// The loss the trees were fitted to.
    public let objective: ObjectiveKind
    /// Feature names, in the column order prediction expects.
    public let featureNames: [String]
    /// Class names; predicted class indices index into this list.
    public let labelNames: [String]
    /// Bin bounds learned from the training data (one entry per feature).
    public let binning: [FeatureBinning]
    /// Raw scores before the first tree (one per tree of an iteration).
    public let initialScores: [Double]
    /// Trees per boosting iteration (number of classes for softmax, 1 for logistic).
    public let treesPerIteration: Int
    /// All kept trees, iteration-major: tree `t` adds to raw score `t % treesPerIteration`.
    public let trees: [Tree]
    /// The parameters used (with `threads` reset to 0).
    public let parameters: TrainingParameters
    /// Per-round metrics and early-stopping outcome.
    public let history: TrainingHistory
    /// Gain and split-count importance of each feature over the kept trees.
    public let featureImportance: FeatureImportance
    /// Free-form facts supplied by the caller (split hash, feature sets, pipeline spec hash…).
    public var provenance: [String: String]
    /// How the training rows were standardized (absent: raw features); prediction must standardize
    /// new rows the same way.
    public var normalization: FeatureNormalization?

    init(
        objective: ObjectiveKind, featureNames: [String], labelNames: [String], binning: [FeatureBinning],
        initialScores: [Double], treesPerIteration: Int, trees: [Tree], parameters: TrainingParameters,
        history: TrainingHistory, provenance: [String: String]
    ) {
        formatVersion = Self.currentFormatVersion
        self.objective = objective
        self.featureNames = featureNames
        self.labelNames = labelNames
        self.binning = binning
        self.initialScores = initialScores
        self.treesPerIteration = treesPerIteration
        self.trees = trees
        var recorded = parameters
        recorded.threads = 0
        self.parameters = recorded
        self.history = history
        featureImportance = FeatureImportance(trees: trees, featureCount: featureNames.count)
        self.provenance = provenance
    }

    // MARK: Prediction

    /// Class probabilities for every row (`labelNames.count` per row).
    /// - Throws: `BoostError.featureNameMismatch` unless `rows.featureNames == featureNames`.
    public func predictProbabilities(_ rows: FeatureMatrix) throws -> [[Double]] {
        try rows.requireSameFeatures(as: featureNames)
        let objective = self.objective.makeObjective(classCount: labelNames.count)
        let k = treesPerIteration
        var result: [[Double]] = []
        result.reserveCapacity(rows.rowCount)
        var raw = [Double](repeating: 0, count: k)
        var probabilities = [Double](repeating: 0, count: labelNames.count)
        rows.values.withUnsafeBufferPointer { values in
            for row in 0..<rows.rowCount {
                let pointer = values.baseAddress! + row * rows.featureCount
                for c in 0..<k { raw[c] = initialScores[c] }
                for (index, tree) in trees.enumerated() {
                    raw[index % k] += tree.leafValues[tree.leafIndex(row: pointer)]
                }
                raw.withUnsafeBufferPointer { raw in
                    probabilities.withUnsafeMutableBufferPointer { output in
                        objective.probabilities(rawScores: raw, into: output)
                    }
                }
                result.append(probabilities)
            }
        }
        return result
    }

    /// The most probable class index of every row (ties go to the lower index).
    public func predict(_ rows: FeatureMatrix) throws -> [Int] {
        try predictProbabilities(rows).map(Self.argmax)
    }

    /// The most probable class name of every row.
    public func predictLabels(_ rows: FeatureMatrix) throws -> [String] {
        try predict(rows).map { labelNames[$0] }
    }

    static func argmax(_ values: [Double]) -> Int {
        var best = 0
        for index in values.indices where values[index] > values[best] { best = index }
        return best
    }

    // MARK: Serialisation

    /// The model as JSON with sorted keys (deterministic bytes).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Decodes and validates a model.
    /// - Throws: `BoostError.unsupportedFormatVersion` for other versions, `.invalidModel` for
    ///   malformed or inconsistent content.
    public static func decode(_ data: Data) throws -> Model {
        struct Header: Decodable { let formatVersion: Int }
        let decoder = JSONDecoder()
        let header: Header
        do {
            header = try decoder.decode(Header.self, from: data)
        } catch {
            throw BoostError.invalidModel("not a model file (\(error))")
        }
        guard header.formatVersion == currentFormatVersion else {
            throw BoostError.unsupportedFormatVersion(found: header.formatVersion, supported: currentFormatVersion)
        }
        let model: Model
        do {
            model = try decoder.decode(Model.self, from: data)
        } catch {
            throw BoostError.invalidModel("\(error)")
        }
        try model.validate()
        return model
    }

    /// Writes the model atomically to `path`: to a sibling temporary file, then `rename(2)`.
    /// (Foundation's `.atomic` option on Linux leaves an empty `TemporaryDirectory.*` folder in
    /// `/tmp` behind on every call.)
    public func save(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())").path
        do {
            try encoded().write(to: URL(fileURLWithPath: temporary))
        } catch {
            throw BoostError.cannotWrite(path: path, reason: error.localizedDescription)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw BoostError.cannotWrite(path: path, reason: reason)
        }
    }

    /// Reads a model written by `save(to:)`.
    public static func load(from path: String) throws -> Model {
        try decode(Data(RegularFile.bytes(path, as: { .invalidModel("cannot read \(path): \($0)") })))
    }

    private func validate() throws {
        let classCount = labelNames.count
        guard classCount >= 2 else { throw BoostError.invalidModel("fewer than two labels") }
        let expectedTrees = objective == .softmax ? classCount : 1
        guard objective != .logistic || classCount == 2 else {
            throw BoostError.invalidModel("logistic objective with \(classCount) labels")
        }
        guard treesPerIteration == expectedTrees, initialScores.count == expectedTrees,
            trees.count % expectedTrees == 0
        else { throw BoostError.invalidModel("tree count does not match the objective") }
        guard binning.count == featureNames.count else {
            throw BoostError.invalidModel("\(binning.count) binnings for \(featureNames.count) features")
        }
        for tree in trees { try tree.validate(featureCount: featureNames.count) }
        if let normalization, normalization.global.center.count != featureNames.count {
            throw BoostError.invalidModel(
                "normalization statistics for \(normalization.global.center.count) features, model has \(featureNames.count)"
            )
        }
    }
}
