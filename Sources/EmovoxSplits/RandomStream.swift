/// Identifiers of the independent random streams drawn from a split's seed; each purpose gets its
/// own stream so that, e.g., changing the balancing does not change the assignment.
enum RandomStream: UInt64 {
    case partitionSearch = 1
    case utteranceAllocation = 2
    case downsampling = 3
}
