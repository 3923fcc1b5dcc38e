/// Reads a feature set's `[String: Double]` parameters at the parsing edge: every key must be known,
/// every value in range, and the typed configuration is built from it.
struct FeatureSetParameters {
    let setName: String
    private let values: [String: Double]
    private var consumed: Set<String> = []

    init(setName: String, values: [String: Double]) {
        self.setName = setName
        self.values = values
    }

    /// The value of `key`, or `defaultValue` when absent; must lie in `range`.
    mutating func double(_ key: String, default defaultValue: Double, in range: ClosedRange<Double>)
        throws(FeatureSetError) -> Double
    {
        consumed.insert(key)
        guard let value = values[key] else { return defaultValue }
        guard value.isFinite, range.contains(value) else {
            throw FeatureSetError(
                "\(setName): parameter \(key) = \(value) is out of range \(range.lowerBound)...\(range.upperBound)"
            )
        }
        return value
    }

    /// An integer-valued parameter.
    mutating func integer(_ key: String, default defaultValue: Int, in range: ClosedRange<Int>)
        throws(FeatureSetError) -> Int
    {
        let value = try double(
            key, default: Double(defaultValue), in: Double(range.lowerBound)...Double(range.upperBound))
        guard value == value.rounded() else {
            throw FeatureSetError("\(setName): parameter \(key) = \(value) must be a whole number")
        }
        return Int(value)
    }

    /// Fails if any supplied key was never read (a typo or a parameter of another set).
    func rejectUnknown() throws(FeatureSetError) {
        let unknown = values.keys.filter { !consumed.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw FeatureSetError(
                "\(setName): unknown parameter(s) \(unknown.joined(separator: ", ")); known: \(consumed.sorted().joined(separator: ", "))"
            )
        }
    }
}

/// Formats a parameter value for `canonicalParameters` (shortest exact representation).
func canonical(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
}
