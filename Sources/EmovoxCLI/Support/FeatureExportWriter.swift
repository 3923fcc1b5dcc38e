import EmovoxCatalog

/// Renders a feature matrix as CSV or JSON text, byte-identical for identical input.
///
/// Numbers use Swift's shortest round-trip form (`"\(double)"`), so values survive a text round
/// trip exactly. A missing value (NaN) is `NaN` in CSV and `null` in JSON; infinities are `inf`/`-inf`
/// in CSV and `null` in JSON, which has no way to write them.
enum FeatureExportWriter {
    static let identityColumns = ["sample_id", "path", "speaker", "emotion"]

    static func csv(_ matrix: FeatureMatrix) -> String {
        var text = (identityColumns + matrix.columns).map(csvField).joined(separator: ",") + "\n"
        for row in matrix.rows {
            var fields = ["\(row.sampleId)", csvField(row.path), csvField(row.speaker), csvField(row.emotion ?? "")]
            fields.reserveCapacity(fields.count + row.values.count)
            for value in row.values { fields.append(value.isNaN ? "NaN" : "\(value)") }
            text += fields.joined(separator: ",") + "\n"
        }
        return text
    }

    /// An array of objects, one per line, keys in column order.
    static func json(_ matrix: FeatureMatrix) -> String {
        guard !matrix.rows.isEmpty else { return "[]\n" }
        let keys = (identityColumns + matrix.columns).map(jsonString)
        var lines: [String] = []
        lines.reserveCapacity(matrix.rows.count)
        for row in matrix.rows {
            var members = [
                "\(keys[0]):\(row.sampleId)", "\(keys[1]):\(jsonString(row.path))",
                "\(keys[2]):\(jsonString(row.speaker))", "\(keys[3]):\(row.emotion.map(jsonString) ?? "null")",
            ]
            for (index, value) in row.values.enumerated() {
                members.append("\(keys[4 + index]):\(value.isFinite ? "\(value)" : "null")")
            }
            lines.append("{" + members.joined(separator: ",") + "}")
        }
        return "[\n" + lines.joined(separator: ",\n") + "\n]\n"
    }
}
