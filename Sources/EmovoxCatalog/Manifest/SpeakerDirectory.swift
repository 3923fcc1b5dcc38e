import CSV
import Foundation

/// Resolves speaker metadata for one import from a manifest's table, CSV, parity rule and defaults.
struct SpeakerDirectory {
    private let rules: SpeakerRules
    private let csvFacts: [String: SpeakerFacts]

    /// Loads the manifest's speaker CSV (if any) relative to `corpusDirectory`.
    init(rules: SpeakerRules, corpusDirectory: String, manifestFile: String) throws(ManifestError) {
        self.rules = rules
        guard let csv = rules.csv else {
            csvFacts = [:]
            return
        }
        let path = (corpusDirectory as NSString).appendingPathComponent(csv.path)
        csvFacts = try Self.load(csv, path: path, manifestFile: manifestFile)
    }

    private static func load(_ csv: SpeakerRules.SpeakerCSV, path: String, manifestFile: String) throws(ManifestError)
        -> [String: SpeakerFacts]
    {
        func fail(_ message: String) -> ManifestError {
            ManifestError(file: manifestFile, line: nil, message: "speaker CSV \(path): \(message)")
        }
        guard let stream = InputStream(fileAtPath: path), FileManager.default.fileExists(atPath: path) else {
            throw fail("not found")
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: true, trimFields: true)
        } catch {
            throw fail("unreadable (\(error))")
        }
        let header = reader.headerRow ?? []
        for column in [csv.idColumn] + csv.columns.values.sorted() where !header.contains(column) {
            throw fail("no column '\(column)' (columns: \(header.joined(separator: ", ")))")
        }
        var facts: [String: SpeakerFacts] = [:]
        while reader.next() != nil {
            guard let id = reader[csv.idColumn], !id.isEmpty else { continue }
            func value(_ field: String) -> String? {
                guard let column = csv.columns[field], let raw = reader[column], !raw.isEmpty else { return nil }
                return csv.codes[field]?[raw] ?? raw
            }
            var entry = SpeakerFacts()
            if let gender = value("gender") {
                entry.gender = Gender(rawValue: gender.lowercased()) ?? .unknown
            }
            entry.age = value("age").flatMap { Int($0) }
            entry.accent = value("accent")
            entry.nativeLanguage = value("native_language")
            entry.language = value("language")
            facts[id] = entry
        }
        return facts
    }

    /// Everything known of speaker `code`; `labelled` carries a gender read from the file name.
    func facts(for code: String, labelledGender: Gender?) -> SpeakerFacts {
        var facts = rules.table[code] ?? SpeakerFacts()
        if let fromCSV = csvFacts[code] { facts = facts.filled(from: fromCSV) }
        if facts.gender == nil { facts.gender = labelledGender }
        if facts.gender == nil, let parity = rules.parity, let number = Int(code) {
            facts.gender = number % 2 == 1 ? parity.odd : parity.even
        }
        return facts.filled(from: rules.defaults)
    }
}
