/// A selection as the user wrote it: `--corpus NAME` and `--where CONDITION`. Kept in this form
/// (rather than as a ``SampleFilter``) where it has to be stored and applied again later, as a
/// shard does for `emovox merge`.
public struct SampleSelection: Sendable, Equatable, Codable {
    public var corpus: String?
    public var condition: String?

    public init(corpus: String? = nil, condition: String? = nil) {
        self.corpus = corpus
        self.condition = condition
    }

    /// The filter that selects these samples.
    /// - Throws: `QueryError` when the condition does not parse.
    public func filter() throws(QueryError) -> SampleFilter {
        var filter = try SampleFilter(parsing: condition ?? "")
        if let corpus { filter = filter.and(.corpus, equals: corpus) }
        return filter
    }
}
