import Foundation

/// Writers for each export format. Every writer is a pure function of its rows, so exports are
/// byte-identical for the same split and catalog.
enum ExportWriters {
    static let listColumns = [
        "sample_id", "path", "speaker", "label", "weight", "duration", "language", "gender", "checksum",
    ]

    /// The sample list (and features, when present) as CSV.
    static func csv(_ rows: [ExportRow], featureNames: [String]?) -> String {
        rows.reduce(into: csvHeader(featureNames: featureNames)) { $0 += csvLine($1) }
    }

    /// The CSV header line, with its line break.
    static func csvHeader(featureNames: [String]?) -> String {
        (listColumns + (featureNames ?? [])).map(csvField).joined(separator: ",") + "\n"
    }

    /// One CSV line, with its line break.
    static func csvLine(_ row: ExportRow) -> String {
        var fields = [
            String(row.sampleId), csvField(row.info.path), csvField(row.info.speaker), csvField(row.label),
            NumberText.csv(row.weight), NumberText.csv(row.info.duration), csvField(row.info.language ?? ""),
            csvField(row.info.gender), row.checksum,
        ]
        if let features = row.features { fields += features.map(NumberText.csv) }
        return fields.joined(separator: ",") + "\n"
    }

    /// JSON Lines in the shape Hugging Face `datasets` loads (`load_dataset("json", …)`; cast
    /// `audio` with `Audio()`): one object per sample; features, when present, as an array in
    /// `meta.json`'s `feature_names` order, missing values as null.
    static func jsonl(_ rows: [ExportRow]) -> String {
        rows.reduce(into: "") { $0 += jsonlLine($1) }
    }

    /// One JSON Lines object, with its line break.
    static func jsonlLine(_ row: ExportRow) -> String {
        var fields = [
            "\"id\":\(jsonString(String(row.sampleId)))", "\"audio\":\(jsonString(row.info.path))",
            "\"duration\":\(NumberText.json(row.info.duration))", "\"speaker\":\(jsonString(row.info.speaker))",
            "\"label\":\(jsonString(row.label))",
            "\"language\":\(row.info.language.map(jsonString) ?? "null")",
            "\"gender\":\(jsonString(row.info.gender))",
            "\"weight\":\(NumberText.json(row.weight))", "\"checksum\":\(jsonString(row.checksum))",
        ]
        if let features = row.features {
            fields.append("\"features\":[" + features.map(NumberText.json).joined(separator: ",") + "]")
        }
        return "{" + fields.joined(separator: ",") + "}\n"
    }

    /// One sample's lines of the Lhotse manifests, a RecordingSet and a SupervisionSet as JSON Lines
    /// (`lhotse.load_manifest(...)`), each with its line break: the label goes in `custom.label`, the
    /// weight in `custom.weight`.
    static func lhotseLines(_ row: ExportRow) -> (recording: String, supervision: String) {
        let id = jsonString("emovox-\(row.sampleId)")
        let recording =
            "{\"id\":\(id),\"sources\":[{\"type\":\"file\",\"channels\":[0],\"source\":\(jsonString(row.info.path))}],"
            + "\"sampling_rate\":\(row.info.sampleRate),\"num_samples\":\(row.info.frames),"
            + "\"duration\":\(NumberText.json(row.info.duration)),\"channel_ids\":[0]}\n"
        let supervision =
            "{\"id\":\(id),\"recording_id\":\(id),\"start\":0.0,\"duration\":\(NumberText.json(row.info.duration)),"
            + "\"channel\":0,\"speaker\":\(jsonString(row.info.speaker)),"
            + "\"language\":\(row.info.language.map(jsonString) ?? "null"),"
            + "\"gender\":\(jsonString(row.info.gender)),"
            + "\"custom\":{\"label\":\(jsonString(row.label)),\"weight\":\(NumberText.json(row.weight))}}\n"
        return (recording, supervision)
    }

    /// LIBSVM: `class-index index:value …` with 1-based feature indices; missing (NaN) values are
    /// omitted, which LIBSVM readers take as absent. Rows align with the partition's CSV list.
    static func libsvm(_ rows: [ExportRow], labels: [String]) -> String {
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        var out = ""
        for row in rows {
            var line = String(index[row.label] ?? -1)
            for (offset, value) in (row.features ?? []).enumerated() where !value.isNaN {
                line += " \(offset + 1):\(value)"
            }
            out += line + "\n"
        }
        return out
    }
}
