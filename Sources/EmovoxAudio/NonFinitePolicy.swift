/// What decoding does with NaN and ±infinity samples, which only float and double files can hold.
///
/// A non-finite sample poisons every statistic computed over it (loudness, spectra, features), so
/// by default a file holding one is rejected rather than processed into silent garbage.
public enum NonFinitePolicy: String, Sendable, CaseIterable, Codable, Hashable {
    /// Reject the file with an ``AudioError`` of kind `.nonFinite` that counts them.
    case fail
    /// Replace every non-finite sample by 0 (silence) before anything else sees it.
    case zero
}
