/// Parses `--features gemaps,level` and a model's `feature_sets` provenance (`gemaps@1,level@1`).
enum FeatureSetList {
    static func parse(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map {
            String($0.split(separator: "@").first ?? "").trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
    }
}
