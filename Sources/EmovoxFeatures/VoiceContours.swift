/// Frame-level low-level descriptors (LLDs) of a signal on a 10 ms grid, the inputs of the `gemaps` and
/// `prosody` functionals. `nan` marks a frame where a descriptor does not exist: voiced-only descriptors
/// (F0, jitter, shimmer, HNR, harmonic differences, formants) are `nan` in unvoiced frames, and jitter /
/// shimmer also in voiced frames before the period chain (`PeriodChainPerturbation`) has measured them.
/// Frame-wide descriptors (loudness, energy, spectral shape, MFCCs) are finite in every frame, including
/// digital silence.
struct VoiceContours {
    /// Frames; frame `t` starts at `t·hop` samples.
    var frameCount: Int
    /// Seconds between frames.
    var hopSeconds: Double
    /// Signal duration in seconds.
    var duration: Double

    /// F0 in semitones relative to 27.5 Hz, `12·log2(F0/27.5)`.
    var f0Semitones: [Double] = []
    /// Auditory-spectrum loudness (see `AuditoryLoudness`).
    var loudness: [Double] = []
    /// Mean square of the raw 20 ms frame (openSMILE `energy2`).
    var energy: [Double] = []

    var spectralFlux: [Double] = []
    /// HTK MFCC 1…4 (index 0 is c1).
    var mfcc: [[Double]] = []
    var alphaRatio: [Double] = []
    var hammarbergIndex: [Double] = []
    var slope0To500: [Double] = []
    var slope500To1500: [Double] = []

    var jitter: [Double] = []
    var shimmer: [Double] = []
    var harmonicsToNoise: [Double] = []
    var h1MinusH2: [Double] = []
    var h1MinusA3: [Double] = []
    /// F1…F3 frequency, bandwidth and level of the harmonic nearest the formant relative to H1 (dB).
    var formantFrequency: [[Double]] = []
    var formantBandwidth: [[Double]] = []
    var formantAmplitude: [[Double]] = []

    func isVoiced(_ t: Int) -> Bool { !f0Semitones[t].isNaN }
}
