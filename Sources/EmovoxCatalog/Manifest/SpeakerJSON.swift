import Foundation

/// Reads a manifest's `speakers: json:` file: an object keyed by speaker id
/// (`{"12": {"gender": "m", "age": 23}}`) or a list of objects carrying the id under
/// `id` (`[{"id": 12, "gender": "m"}]`). Values may be strings or numbers.
///
/// Unlike a spreadsheet export, a JSON file is written on purpose, so every value is checked: a
/// gender that means nothing or an age that is not a whole number is a manifest error naming
/// the speaker.
enum SpeakerJSON {
    static func load(_ file: SpeakerRules.SpeakerFile, path: String) throws(ManifestError) -> [String: SpeakerFacts] {
        func fail(_ message: String) -> ManifestError {
            ManifestError(file: file.place.file, line: file.place.line, message: "speaker JSON \(path): \(message)")
        }
        if let problem = SpeakerDirectory.fileProblem(path) { throw fail(problem) }
        guard let data = FileManager.default.contents(atPath: path) else { throw fail("unreadable") }
        let document: Any
        do {
            document = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw fail("not valid JSON")
        }
        var records: [(id: String, fields: [String: Any])] = []
        if let object = document as? [String: Any] {
            for (id, value) in object.sorted(by: { $0.key < $1.key }) {
                guard let fields = value as? [String: Any] else { throw fail("speaker '\(id)' is not an object") }
                records.append((id, fields))
            }
        } else if let list = document as? [Any] {
            for (index, value) in list.enumerated() {
                guard let fields = value as? [String: Any] else { throw fail("item \(index) is not an object") }
                guard let id = fields[file.idColumn].flatMap(scalar), !id.isEmpty else {
                    throw fail("item \(index) has no '\(file.idColumn)'")
                }
                records.append((id, fields))
            }
        } else {
            throw fail("expected an object keyed by speaker id or a list of objects")
        }
        var facts: [String: SpeakerFacts] = [:]
        for (id, fields) in records {
            guard facts[id] == nil else { throw fail("speaker '\(id)' is listed twice") }
            func value(_ field: String) throws(ManifestError) -> String? {
                guard let key = file.columns[field], let raw = fields[key], !(raw is NSNull) else { return nil }
                guard let text = scalar(raw) else { throw fail("speaker '\(id)': '\(key)' is not a string or number") }
                return file.codes[field]?[text] ?? text
            }
            var entry = SpeakerFacts()
            if let gender = try value("gender") {
                guard let parsed = Gender(rawValue: gender.lowercased()) ?? Self.genderSynonyms[gender.lowercased()]
                else {
                    throw fail(
                        "speaker '\(id)': gender '\(gender)' is not female, male, other or unknown (map it with codes.gender)"
                    )
                }
                entry.gender = parsed
            }
            if let age = try value("age") {
                guard let years = Int(age) else { throw fail("speaker '\(id)': age '\(age)' is not a whole number") }
                entry.age = years
            }
            entry.accent = try value("accent")
            entry.nativeLanguage = try value("native_language")
            entry.language = try value("language")
            facts[id] = entry
        }
        return facts
    }

    static let genderSynonyms: [String: Gender] = ["f": .female, "m": .male, "woman": .female, "man": .male]

    /// A string, or a number written without a fraction when it is whole.
    private static func scalar(_ value: Any) -> String? {
        if let text = value as? String { return text }
        if let number = value as? NSNumber {
            let double = number.doubleValue
            if double.rounded() == double, abs(double) < 1e15 { return String(Int64(double)) }
            return number.stringValue
        }
        return nil
    }
}
