/// How speakers are distributed over the folds of a k-fold split.
public enum KFoldAssignment: String, Sendable, Hashable, Codable, CaseIterable {
    /// Sorted speaker *i* goes to fold *i mod k*, as in the reference scripts. Deterministic and
    /// independent of the seed, but not stratified.
    case roundRobin = "round-robin"
    /// Seeded search for folds of equal size whose label and gender proportions match the selection.
    case stratifiedSearch = "stratified-search"
}
