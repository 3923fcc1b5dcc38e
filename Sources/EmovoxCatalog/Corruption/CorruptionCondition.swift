import Foundation

/// The noise added by `emovox corrupt`.
public enum CorruptionNoise: Sendable, Hashable {
    /// Gaussian white noise.
    case white
    /// Pink (1/f) noise.
    case pink
    /// A mix of 3–6 other speakers of the same corpus (never the sample's own speaker).
    case babble
    /// A noise recording, looped or cropped to each sample's length from a seeded offset.
    case file(path: String)

    /// Parses a `--noise` value: one of the three names, else a file path.
    public init(argument: String) {
        switch argument {
        case "white": self = .white
        case "pink": self = .pink
        case "babble": self = .babble
        default: self = .file(path: argument)
        }
    }

    /// The name used in folder and corpus names: the kind, or the recording's file name without
    /// its extension (lower-case, other characters replaced by '-').
    public var name: String {
        switch self {
        case .white: "white"
        case .pink: "pink"
        case .babble: "babble"
        case .file(let path):
            String(
                URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent.lowercased().map {
                    $0.isLetter && $0.isASCII || $0.isNumber && $0.isASCII || "._-".contains($0) ? $0 : "-"
                })
        }
    }
}

/// One noise at one SNR: the unit `emovox corrupt` writes a folder (and optionally a corpus) for.
public struct CorruptionCondition: Sendable, Hashable {
    public var noise: CorruptionNoise
    /// Signal-to-noise ratio in dB: the speech's P.56 active level against the noise's mean square.
    public var snrDB: Double

    public init(noise: CorruptionNoise, snrDB: Double) {
        self.noise = noise
        self.snrDB = snrDB
    }

    /// `<noise>_<snr>dB`, e.g. `white_5dB`, `babble_-5dB`, `pink_2.5dB`.
    public var folderName: String { "\(noise.name)_\(Self.format(snrDB))dB" }

    /// `5` rather than `5.0`; fractions as given.
    public static func format(_ snr: Double) -> String {
        snr == snr.rounded() && abs(snr) < 1e9 ? String(Int(snr)) : String(snr)
    }
}
