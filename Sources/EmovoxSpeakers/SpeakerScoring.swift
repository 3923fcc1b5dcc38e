/// How an enrolled speaker is compared with a test embedding.
public enum SpeakerScoring: String, Sendable, Codable, CaseIterable {
    /// Cosine similarity of the test embedding and the mean of the enrollment embeddings, in [-1, 1].
    case cosine
    /// Two-covariance PLDA log-likelihood ratio, using every enrollment embedding.
    case plda
}
