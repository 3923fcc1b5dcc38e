import EmovoxAudio

/// Decodes the source file with libsndfile to float32 and reduces it to one channel.
///
/// A file with NaN or ±Inf samples fails here (`non_finite: fail`, the default) unless the spec
/// opts into `non_finite: zero`, which replaces them by silence.
public struct DecodeStep: Sendable, Equatable, Hashable {
    /// How a multichannel file becomes mono.
    public enum ChannelSelection: Sendable, Equatable, Hashable {
        /// Equal-weight average of all channels.
        case mix
        /// One channel by 0-based index; a file with fewer channels is a per-sample failure.
        case index(Int)
    }

    public static let name = "decode"
    /// Bumped when the decode output for the same file and parameters changes.
    public static let implementationVersion = 1

    public var channel: ChannelSelection
    /// What to do with NaN and ±Inf samples.
    public var nonFinite: NonFinitePolicy

    public init(channel: ChannelSelection = .mix, nonFinite: NonFinitePolicy = .fail) {
        self.channel = channel
        self.nonFinite = nonFinite
    }

    /// Parameters in a fixed textual form, part of the cache key.
    public var canonicalParameters: String {
        let channelText =
            switch channel {
            case .mix: "channel=mix"
            case .index(let i): "channel=\(i)"
            }
        // The default policy adds nothing, so keys (and caches) from before it existed stay valid:
        // under it a file with non-finite samples never produced an entry.
        return nonFinite == .fail ? channelText : channelText + ";non_finite=\(nonFinite.rawValue)"
    }

    init(parsing parameters: inout SpecParameters) throws(PipelineSpecError) {
        var channel = ChannelSelection.mix
        if let node = parameters.raw("channel") {
            if let index = node.int, node.scalar != nil {
                guard (0...63).contains(index) else {
                    throw parameters.error(node, "parameter 'channel' = \(index) is out of range 0…63")
                }
                channel = .index(index)
            } else if node.scalar?.string != "mix" {
                throw parameters.error(
                    node,
                    "parameter 'channel' must be 'mix' or a 0-based channel index, got '\(node.string ?? "a collection")'"
                )
            }
        }
        self.init(channel: channel, nonFinite: try parameters.choice("non_finite", default: NonFinitePolicy.fail))
    }
}
