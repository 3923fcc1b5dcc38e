import EmovoxSplits

/// Synthetic selections shaped like real corpora, built from the split module's own PRNG so they
/// are identical on every run.
enum SyntheticCatalog {
    static let ravdessEmotions = [
        "neutral", "calm", "happy", "sad", "angry", "fearful", "disgust", "surprised",
    ]

    /// RAVDESS layout: 24 actors (odd = male), 60 clips each — neutral at normal intensity only
    /// (2 statements × 2 repetitions), every other emotion at 2 intensities — 1,440 items with 96
    /// neutral and 192 of each other emotion.
    static func ravdessLike() -> [SplitItem] { ravdess }

    // The random catalogs the tests use, built once per test process.
    private static let random300 = makeRandomLarge(speakers: 300, seed: 7)
    private static let random120 = makeRandomLarge(speakers: 120, seed: 7)
    private static let random80 = makeRandomLarge(speakers: 80, seed: 7)

    /// Built once: generating catalogs is a noticeable part of a debug test run.
    private static let ravdess = makeRavdessLike()

    private static func makeRavdessLike() -> [SplitItem] {
        var items: [SplitItem] = []
        var id: Int64 = 1
        for actor in 1...24 {
            for (emotionIndex, emotion) in ravdessEmotions.enumerated() {
                let intensities = emotionIndex == 0 ? 1 : 2
                for _ in 0..<intensities {
                    for statement in ["kids", "dogs"] {
                        for _ in 0..<2 {
                            items.append(
                                SplitItem(
                                    sampleID: id, checksum: fakeChecksum(id, salt: 1),
                                    speaker: "ravdess/" + (actor < 10 ? "0" : "") + String(actor),
                                    label: emotion, gender: actor % 2 == 1 ? "male" : "female",
                                    statement: statement,
                                    groups: ["corpus": "ravdess", "language": "en"]))
                            id += 1
                        }
                    }
                }
            }
        }
        return items
    }

    /// `speakers` speakers over three corpora with very uneven sample counts (10…150) and
    /// speaker-specific label mixes, 10 statements, random gender.
    static func randomLarge(speakers: Int = 300, seed: UInt64 = 7) -> [SplitItem] {
        switch (speakers, seed) {
        case (300, 7): random300
        case (120, 7): random120
        case (80, 7): random80
        default: makeRandomLarge(speakers: speakers, seed: seed)
        }
    }

    private static func makeRandomLarge(speakers: Int, seed: UInt64) -> [SplitItem] {
        var generator = Xoshiro256StarStar(seed: seed)
        let labels = ["angry", "happy", "neutral", "sad", "fear"]
        let corpora = ["cremad", "ravdess", "tess"]
        var items: [SplitItem] = []
        var id: Int64 = 1_000
        for speaker in 0..<speakers {
            let corpus = corpora[generator.next(below: corpora.count)]
            let gender = generator.next(below: 2) == 0 ? "female" : "male"
            let count = 10 + generator.next(below: 141)
            // Skewed mix: the weight of each label is 1…8, so speakers differ markedly.
            let weights = labels.map { _ in 1 + generator.next(below: 8) }
            let totalWeight = weights.reduce(0, +)
            for _ in 0..<count {
                var pick = generator.next(below: totalWeight)
                var label = 0
                while pick >= weights[label] {
                    pick -= weights[label]
                    label += 1
                }
                items.append(
                    SplitItem(
                        sampleID: id, checksum: fakeChecksum(id, salt: seed),
                        speaker: "\(corpus)/spk\(speaker)", label: labels[label], gender: gender,
                        statement: "s\(generator.next(below: 10))", groups: ["corpus": corpus]))
                id += 1 + Int64(generator.next(below: 3))
            }
        }
        return items
    }

    /// A 64-hex-digit stand-in for a file's SHA-256.
    static func fakeChecksum(_ id: Int64, salt: UInt64) -> String {
        var generator = Xoshiro256StarStar(seed: UInt64(bitPattern: id) ^ (salt << 40))
        return (0..<4).map { _ in
            let hex = String(generator.next(), radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}
