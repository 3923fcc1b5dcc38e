import EmovoxFeatures

/// Turns a feature-set name and its spec parameters into a feature set (e.g. wraps
/// `FeatureSets.make(name:parameters:)`). Throws for an unknown name or bad parameter; the runner
/// reports that as a spec error on the request's line.
public typealias FeatureSetResolver =
    @Sendable (_ name: String, _ parameters: [String: String]) throws -> any FeatureSet
