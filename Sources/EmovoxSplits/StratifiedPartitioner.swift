/// Seeded search for a stratified partition of units into bins (see ``PartitionProblem``).
///
/// Several restarts, each: a random size-proportional initial assignment, then first-improvement
/// local search over single-unit moves and pairwise swaps until a pass improves nothing. The best
/// restart wins (earliest on ties). The work per pass is O(units × bins × features), never
/// proportional to the number of samples.
enum StratifiedPartitioner {
    /// Below this many units every swap partner is tried; above it a fixed number of random ones.
    static let exhaustiveSwapLimit = 40
    static let randomSwapTries = 8
    static let maximumPasses = 40

    /// Returns the bin of every unit and the coverage keys left uncovered (empty when satisfied).
    static func solve(_ problem: PartitionProblem, seed: UInt64) -> (binOf: [Int], uncovered: [Int]) {
        let restarts = restartCount(units: problem.unitCount)
        var best: PartitionState?
        var bestScore = PartitionState.Score(primary: .infinity, secondary: .infinity)
        for restart in 0..<restarts {
            var generator = Xoshiro256StarStar(
                seed: seed, stream: RandomStream.partitionSearch.rawValue, index: UInt64(restart))
            var state = PartitionState(
                problem: problem, binOf: initialAssignment(problem, using: &generator))
            improve(&state, using: &generator)
            let score = state.score
            if score.isBetter(than: bestScore) {
                best = state
                bestScore = score
            }
        }
        let state = best!
        return (state.binOf, state.uncoveredKeys)
    }

    /// More restarts for small problems, where they are cheap and local optima are common.
    static func restartCount(units: Int) -> Int {
        switch units {
        case ..<65: 32
        case ..<1001: 8
        default: 4
        }
    }

    /// Units in random order, each into the bin furthest below its target size.
    static func initialAssignment(
        _ problem: PartitionProblem, using generator: inout Xoshiro256StarStar
    ) -> [Int] {
        var order = Array(0..<problem.unitCount)
        order.seededShuffle(using: &generator)
        var binOf = [Int](repeating: 0, count: problem.unitCount)
        var sizes = [Int](repeating: 0, count: problem.binCount)
        for unit in order {
            var chosen = 0
            var lowestFill = Double.infinity
            for bin in 0..<problem.binCount {
                let fill = Double(sizes[bin]) / problem.targets[bin]
                if fill < lowestFill {
                    lowestFill = fill
                    chosen = bin
                }
            }
            binOf[unit] = chosen
            sizes[chosen] += problem.unitSizes[unit]
        }
        return binOf
    }

    /// First-improvement local search: for each unit (random order), take the best improving move
    /// to another bin or swap with a unit of another bin.
    static func improve(_ state: inout PartitionState, using generator: inout Xoshiro256StarStar) {
        let units = state.problem.unitCount
        let bins = state.problem.binCount
        var order = Array(0..<units)
        order.seededShuffle(using: &generator)
        var current = state.score
        for _ in 0..<maximumPasses {
            var improved = false
            for unit in order {
                let home = state.binOf[unit]
                var bestScore = current
                var bestBin = -1
                var bestPartner = -1
                for bin in 0..<bins where bin != home {
                    state.move(unit, to: bin)
                    let score = state.score
                    if score.isBetter(than: bestScore) {
                        bestScore = score
                        bestBin = bin
                        bestPartner = -1
                    }
                    state.move(unit, to: home)
                }
                let exhaustive = units <= exhaustiveSwapLimit
                let tries = exhaustive ? units : randomSwapTries
                for attempt in 0..<tries {
                    let partner = exhaustive ? attempt : generator.next(below: units)
                    let partnerHome = state.binOf[partner]
                    if partnerHome == home { continue }
                    state.move(unit, to: partnerHome)
                    state.move(partner, to: home)
                    let score = state.score
                    if score.isBetter(than: bestScore) {
                        bestScore = score
                        bestBin = partnerHome
                        bestPartner = partner
                    }
                    state.move(partner, to: partnerHome)
                    state.move(unit, to: home)
                }
                if bestBin >= 0 {
                    state.move(unit, to: bestBin)
                    if bestPartner >= 0 { state.move(bestPartner, to: home) }
                    current = bestScore
                    improved = true
                }
            }
            if !improved { break }
        }
    }
}
