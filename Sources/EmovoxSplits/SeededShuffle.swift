extension MutableCollection where Self: RandomAccessCollection, Index == Int {
    /// Fisher–Yates (Durstenfeld) shuffle driven by ``Xoshiro256StarStar``: for i from the last
    /// index down to 1, swap element i with a uniform element in 0...i. Implemented here instead of
    /// `shuffle(using:)` because the standard library does not promise a stable algorithm.
    public mutating func seededShuffle(using generator: inout Xoshiro256StarStar) {
        guard count > 1 else { return }
        var i = endIndex - 1
        while i > startIndex {
            let j = startIndex + generator.next(below: i - startIndex + 1)
            if i != j { swapAt(i, j) }
            i -= 1
        }
    }
}
