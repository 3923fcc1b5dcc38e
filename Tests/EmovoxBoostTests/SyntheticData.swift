import EmovoxBoost
import Foundation

/// Seeded synthetic classification problems for the trainer tests.
enum SyntheticData {
    /// A standard normal draw (Box–Muller).
    static func gaussian(_ random: inout Xoshiro256StarStar) -> Float {
        let u1 = max(random.nextUnitDouble(), 1e-300)
        let u2 = random.nextUnitDouble()
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }

    static func uniform(_ random: inout Xoshiro256StarStar, _ low: Float, _ high: Float) -> Float {
        low + (high - low) * Float(random.nextUnitDouble())
    }

    static func names(_ count: Int) -> [String] { (0..<count).map { "f\($0)" } }

    /// Two features uniform in [-1, 1]; the class is the XOR of their signs.
    static func xor(rows: Int, seed: UInt64) throws -> LabeledDataset {
        var random = Xoshiro256StarStar(seed: seed)
        var values: [[Float]] = []
        var labels: [Int] = []
        for _ in 0..<rows {
            let x = uniform(&random, -1, 1)
            let y = uniform(&random, -1, 1)
            values.append([x, y])
            labels.append((x > 0) != (y > 0) ? 1 : 0)
        }
        return try LabeledDataset(
            features: FeatureMatrix(featureNames: ["x", "y"], rows: values), labels: labels,
            labelNames: ["same", "diff"])
    }

    /// `classCount` Gaussian classes: class c has mean `separation` on feature c and 0 elsewhere;
    /// the remaining features are pure noise. Unit variance everywhere.
    static func gaussianClasses(
        rows: Int, classCount: Int, featureCount: Int, separation: Float, seed: UInt64
    ) throws -> LabeledDataset {
        var random = Xoshiro256StarStar(seed: seed)
        var values: [[Float]] = []
        var labels: [Int] = []
        for row in 0..<rows {
            let label = row % classCount
            var sample = (0..<featureCount).map { _ in gaussian(&random) }
            sample[label] += separation
            values.append(sample)
            labels.append(label)
        }
        return try LabeledDataset(
            features: FeatureMatrix(featureNames: names(featureCount), rows: values), labels: labels,
            labelNames: (0..<classCount).map { "class\($0)" })
    }

    /// Features and labels drawn independently: nothing to learn.
    static func noise(rows: Int, classCount: Int, featureCount: Int, seed: UInt64) throws -> LabeledDataset {
        var random = Xoshiro256StarStar(seed: seed)
        var values: [[Float]] = []
        var labels: [Int] = []
        for _ in 0..<rows {
            values.append((0..<featureCount).map { _ in gaussian(&random) })
            labels.append(random.nextInt(below: classCount))
        }
        return try LabeledDataset(
            features: FeatureMatrix(featureNames: names(featureCount), rows: values), labels: labels,
            labelNames: (0..<classCount).map { "class\($0)" })
    }
}
