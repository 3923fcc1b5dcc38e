/// The values one feature set extracted from one sample.
public struct FeatureVector: Sendable, Equatable, Hashable {
    /// The feature set's name and version.
    public var setName: String
    public var setVersion: Int
    /// Column names, parallel to `values`.
    public var names: [String]
    /// One value per name; `NaN` marks a missing value.
    public var values: [Double]

    public init(setName: String, setVersion: Int, names: [String], values: [Double]) {
        self.setName = setName
        self.setVersion = setVersion
        self.names = names
        self.values = values
    }

    /// Bitwise equality, so NaN == NaN (missing values compare equal across runs).
    public static func == (a: FeatureVector, b: FeatureVector) -> Bool {
        a.setName == b.setName && a.setVersion == b.setVersion && a.names == b.names
            && a.values.map(\.bitPattern) == b.values.map(\.bitPattern)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(setName)
        hasher.combine(names)
        hasher.combine(values.map(\.bitPattern))
    }
}
