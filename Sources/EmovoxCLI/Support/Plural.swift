/// A count with its noun in the right number: `Plural.count(1, "corpus", "corpora")` is
/// "1 corpus", `Plural.count(3, "sample")` is "3 samples".
enum Plural {
    static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) " + noun(n, singular, plural)
    }

    /// The noun alone: `singular` for exactly one, else `plural` (by default `singular` + "s").
    static func noun(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        n == 1 ? singular : plural ?? singular + "s"
    }
}
