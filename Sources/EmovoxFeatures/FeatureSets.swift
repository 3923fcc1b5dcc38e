/// The registry of built-in feature sets.
public enum FeatureSets {
    /// Names `make` accepts, sorted.
    public static let names = ["gemaps", "large", "mfcc", "prosody"]

    /// The feature set called `name`, configured by `parameters` (each set documents its keys; an empty
    /// dictionary gives the defaults).
    /// - Throws: `FeatureSetError` for an unknown name, an unknown parameter key or an out-of-range value.
    public static func make(name: String, parameters: [String: Double] = [:]) throws(FeatureSetError)
        -> any FeatureSet
    {
        switch name {
        case "mfcc": return try MFCCFeatureSet(parameters: parameters)
        case "prosody": return try ProsodyFeatureSet(parameters: parameters)
        case "gemaps": return try GemapsFeatureSet(parameters: parameters)
        case "large": return try LargeFeatureSet(parameters: parameters)
        default:
            throw FeatureSetError(
                "unknown feature set \"\(name)\"; available: \(names.joined(separator: ", "))")
        }
    }
}
