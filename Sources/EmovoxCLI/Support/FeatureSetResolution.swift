import EmovoxFeatures
import EmovoxPipeline

/// Adapts the pipeline's text-valued feature-set parameters to the numeric ones of
/// `FeatureSets.make(name:parameters:)`: every run, export and cache collection resolves feature
/// sets through this one resolver, so they all agree on a spec's identity.
enum FeatureSetResolution {
    /// A spec parameter of a feature set that is not a finite number.
    struct NonNumericParameter: Error, CustomStringConvertible {
        var key: String
        var value: String
        var description: String { "parameter '\(key)' must be a number, not '\(value)'" }
    }

    /// The resolver handed to `PipelineRunner`.
    static let resolver: FeatureSetResolver = { name, parameters in
        var numeric: [String: Double] = [:]
        // Sorted so the first bad key reported is the same on every run.
        for key in parameters.keys.sorted() {
            let text = parameters[key] ?? ""
            guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite else {
                throw NonNumericParameter(key: key, value: text)
            }
            numeric[key] = value
        }
        return try FeatureSets.make(name: name, parameters: numeric)
    }
}
