import Foundation

/// Writers for each export format. Every writer is a pure function of its rows, so exports are
/// byte-identical for the same split and catalog.
enum ExportWriters {
    static let listColumns = [
        "sample_id", "path", "speaker", "label", "weight", "duration", "language", "gender", "checksum",
    ]

    /// The sample list (and features, when present) as CSV.
    static func csv(_ rows: [ExportRow], featureNames: [String]?) -> String {
        var lines = [(listColumns + (featureNames ?? [])).map(csvField).joined(separator: ",")]
        lines.reserveCapacity(rows.count + 1)
        for row in rows {
            var fields = [
                String(row.sampleId), csvField(row.info.path), csvField(row.info.speaker), csvField(row.label),
                NumberText.csv(row.weight), NumberText.csv(row.info.duration), csvField(row.info.language ?? ""),
                csvField(row.info.gender), row.checksum,
            ]
            if let features = row.features { fields += features.map(NumberText.csv) }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// JSON Lines in the shape Hugging Face `datasets` loads (`load_dataset("json", …)`; cast
    /// `audio` with `Audio()`): one object per sample; features, when present, as an array in
    /// `meta.json`'s `feature_names` order, missing values as null.
    static func jsonl(_ rows: [ExportRow]) -> String {
        var out = ""
        for row in rows {
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
            out += "{" + fields.joined(separator: ",") + "}\n"
        }
        return out
    }

    /// Lhotse manifests: a RecordingSet and a SupervisionSet as JSON Lines
    /// (`lhotse.load_manifest(...)`); the label goes in `custom.label`, the weight in `custom.weight`.
    static func lhotse(_ rows: [ExportRow]) -> (recordings: String, supervisions: String) {
        var recordings = ""
        var supervisions = ""
        for row in rows {
            let id = jsonString("emovox-\(row.sampleId)")
            recordings +=
                "{\"id\":\(id),\"sources\":[{\"type\":\"file\",\"channels\":[0],\"source\":\(jsonString(row.info.path))}],"
                + "\"sampling_rate\":\(row.info.sampleRate),\"num_samples\":\(row.info.frames),"
                + "\"duration\":\(NumberText.json(row.info.duration)),\"channel_ids\":[0]}\n"
            supervisions +=
                "{\"id\":\(id),\"recording_id\":\(id),\"start\":0.0,\"duration\":\(NumberText.json(row.info.duration)),"
                + "\"channel\":0,\"speaker\":\(jsonString(row.info.speaker)),"
                + "\"language\":\(row.info.language.map(jsonString) ?? "null"),"
                + "\"gender\":\(jsonString(row.info.gender)),"
                + "\"custom\":{\"label\":\(jsonString(row.label)),\"weight\":\(NumberText.json(row.weight))}}\n"
        }
        return (recordings, supervisions)
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
