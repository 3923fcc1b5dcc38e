import EmovoxCatalog
import EmovoxSplits

/// One sample in one partition of an export, with everything any output format needs.
struct ExportRow {
    var sampleId: Int64
    var checksum: String
    var info: Catalog.SplitSampleInfo
    var label: String
    var weight: Double
    /// Feature values, in the matrix's column order, when features were asked for.
    var features: [Double]?
}

/// A partition of a split: a side (of one fold, for fold-based strategies) and its folder.
struct ExportPartition {
    /// `train`, `validation` or `test`.
    var side: String
    /// Folder relative to the export root: "" or `fold-K`.
    var folder: String
    var rows: [ExportRow]
}

/// Number formatting shared by every writer: Swift's shortest round-trip representation, so the
/// same value always prints the same bytes.
enum NumberText {
    static func csv(_ value: Double) -> String { value.isNaN ? "NaN" : "\(value)" }
    static func json(_ value: Double) -> String {
        value.isNaN || value.isInfinite ? "null" : "\(value)"
    }
}

/// CSV field quoting per RFC 4180: quoted only when it holds a comma, quote or line break.
func csvField(_ text: String) -> String {
    // Most fields hold none of these bytes: a byte scan is far cheaper than walking characters.
    guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return text }
    return text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
}

/// JSON string literal.
func jsonString(_ text: String) -> String {
    // Nothing to escape (the usual case): found by a byte scan, without walking scalars.
    if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) { return "\"" + text + "\"" }
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case let c where c.value < 0x20: out += String(format: "\\u%04x", c.value)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
