/// The shared emotion vocabulary every corpus label maps into.
public enum CanonicalEmotion: String, Sendable, CaseIterable, Codable, Comparable {
    case neutral, calm, happy, sad, angry, fearful, disgust, surprised, boredom, other

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A speaker's gender as corpora report it.
public enum Gender: String, Sendable, CaseIterable, Codable {
    case female, male, other, unknown
}

/// Whether a recording is spoken or sung.
public enum VocalChannel: String, Sendable, CaseIterable, Codable {
    case speech, song
}
