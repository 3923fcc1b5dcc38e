import EmovoxDSP

/// The F0 tracker a voice analysis uses, with its settings.
public enum PitchMethod: Sendable, Hashable {
    /// `PitchTracker`: YIN candidates with a Praat-style path search.
    case yin(PitchTrackerConfiguration)
    /// `SubharmonicSummationPitch`: eGeMAPS' subharmonic summation with Viterbi smoothing.
    case shs(SubharmonicSummationConfiguration)

    /// Lowest F0 searched, Hz.
    public var minFrequency: Double {
        switch self {
        case .yin(let c): c.minFrequency
        case .shs(let c): c.minFrequency
        }
    }

    /// Highest F0 searched, Hz.
    public var maxFrequency: Double {
        switch self {
        case .yin(let c): c.maxFrequency
        case .shs(let c): c.maxFrequency
        }
    }

    /// The tracker's voicing threshold (its meaning depends on the tracker).
    public var voicingThreshold: Double {
        switch self {
        case .yin(let c): c.voicingThreshold
        case .shs(let c): c.voicingThreshold
        }
    }

    func makeTracker(sampleRate: Int, context: AnalysisContext) -> any FrameF0Tracker {
        switch self {
        case .yin(let c): PitchTracker(sampleRate: sampleRate, configuration: c, context: context)
        case .shs(let c): SubharmonicSummationPitch(sampleRate: sampleRate, configuration: c, context: context)
        }
    }
}
