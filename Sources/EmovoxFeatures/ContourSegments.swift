/// Voiced and unvoiced segments of an F0 contour as openSMILE's `cFunctionalSegments` finds them for
/// eGeMAPS (`nonX` / `eqX` with X = 0, `segMinLng = 3`, `pauseMinLng = 2`): a segment starts after at
/// least 3 consecutive frames of its kind and ends after at least 2 frames of the other kind, so short
/// blips neither start nor split one. Lengths are in frames as openSMILE counts them — one less than the
/// frames the segment spans — and a segment still open at the end of the contour is closed there.
struct ContourSegments {
    /// Segment lengths in frames.
    private(set) var lengths: [Int] = []

    private static let minimumLength = 3
    private static let minimumPause = 2

    /// - Parameter inSegment: whether frame `i` belongs to the kind of segment counted.
    init(count: Int, _ inSegment: (Int) -> Bool) {
        var state = 0  // 0: pause, 1: candidate start, 2: in a segment
        var start = 0
        var startRun = 0
        var endRun = 0
        for i in 0..<count {
            if inSegment(i) {
                switch state {
                case 1:
                    endRun = 0
                    startRun += 1
                    if startRun >= Self.minimumLength {
                        startRun = 0
                        state = 2
                    }
                case 0:
                    startRun += 1
                    start = i
                    state = 1
                default:
                    endRun = 0
                }
            } else if state == 2 {
                startRun = 0
                endRun += 1
                if endRun >= Self.minimumPause {
                    state = 0
                    lengths.append(i - endRun - start)
                    endRun = 0
                }
            } else if state == 1 {
                endRun += 1
                if endRun >= Self.minimumPause {
                    state = 0
                    endRun = 0
                    startRun = 0
                }
            }
        }
        if state == 2 { lengths.append(count - (endRun + 1) - start) }
    }

    /// Mean and population standard deviation of the lengths in seconds (`nan` without segments; the
    /// deviation of a single segment is 0).
    func statistics(hopSeconds: Double) -> (mean: Double, standardDeviation: Double) {
        guard !lengths.isEmpty else { return (.nan, .nan) }
        let seconds = lengths.map { Double($0) * hopSeconds }
        return (Statistics.mean(seconds), Statistics.standardDeviation(seconds))
    }
}
