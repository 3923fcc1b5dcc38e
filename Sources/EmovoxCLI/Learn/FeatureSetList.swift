/// Parses `--features gemaps,level` and a model's `feature_sets` provenance (`gemaps@1,level@1`).
enum FeatureSetList {
    static func parse(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map {
            String($0.split(separator: "@").first ?? "").trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
    }
}

extension TrainCommand {
    var ignored: Set<String> { Set(ignoreColumns.split(separator: ",").map(String.init)) }
}

extension EvaluateCommand {
    var ignored: Set<String> { Set(ignoreColumns.split(separator: ",").map(String.init)) }
}
