import EmovoxAudio
import EmovoxDSP

/// Builds babble for one sample: 3–6 talkers drawn from the corpus' other speakers, one recording
/// each (its active part), every talker brought to the same active level, looped to the sample's length from a
/// random offset and summed.
struct BabbleMaker: Sendable {
    /// Talker recordings by speaker id, each list sorted by path.
    let recordingsBySpeaker: [Int64: [Sample]]
    /// Speaker ids in ascending order, so draws do not depend on dictionary order.
    let speakerIds: [Int64]

    static let talkers = 3...6

    init(samples: [Sample]) {
        var bySpeaker: [Int64: [Sample]] = [:]
        for sample in samples { bySpeaker[sample.speakerId, default: []].append(sample) }
        recordingsBySpeaker = bySpeaker.mapValues { $0.sorted { $0.path < $1.path } }
        speakerIds = bySpeaker.keys.sorted()
    }

    /// One talker of a babble: the recording used.
    struct Talker: Sendable {
        var sample: Sample
    }

    /// Babble `count` samples long at `sampleRate`, excluding `ownSpeaker`; the talkers used.
    /// Recordings that cannot be decoded are passed over for the next one, so a bad file elsewhere
    /// in the corpus does not cost this sample.
    func make(count: Int, sampleRate: Int, excluding ownSpeaker: Int64, random: inout SeededRandom)
        throws(CorruptionError) -> (noise: [Float], talkers: [Talker])
    {
        var others = speakerIds.filter { $0 != ownSpeaker }
        // Fisher–Yates: a seeded order of the other speakers.
        for i in stride(from: others.count - 1, to: 0, by: -1) {
            others.swapAt(i, random.next(below: i + 1))
        }
        let wanted = Self.talkers.lowerBound + random.next(below: Self.talkers.count)
        var sum = [Float](repeating: 0, count: count)
        var talkers: [Talker] = []
        for speaker in others where talkers.count < wanted {
            let recordings = recordingsBySpeaker[speaker] ?? []
            guard !recordings.isEmpty else { continue }
            let first = random.next(below: recordings.count)
            let offsetDraw = random.next()
            for attempt in 0..<recordings.count {
                let recording = recordings[(first + attempt) % recordings.count]
                guard let voice = Self.decodeLevelled(recording, sampleRate: sampleRate) else { continue }
                let looped = NoiseGenerator.looped(voice, count: count, offset: Int(offsetDraw % UInt64(voice.count)))
                for i in 0..<count { sum[i] += looped[i] }
                talkers.append(Talker(sample: recording))
                break
            }
        }
        guard talkers.count >= Self.talkers.lowerBound else {
            throw CorruptionError(
                "babble needs \(Self.talkers.lowerBound) other speakers with readable recordings; found \(talkers.count)"
            )
        }
        return (sum, talkers)
    }

    /// The 10 ms blocks within 40 dB of the loudest one, joined: babble is continuous chatter, and a
    /// talker's leading and trailing silence would leave gaps in it.
    static func activePart(_ voice: [Float], sampleRate: Int) -> [Float] {
        let block = max(1, sampleRate / 100)
        let energies = stride(from: 0, to: voice.count, by: block).map { start in
            voice[start..<min(voice.count, start + block)].reduce(Float(0)) { $0 + $1 * $1 }
        }
        guard let loudest = energies.max(), loudest > 0 else { return [] }
        var kept: [Float] = []
        for (index, energy) in energies.enumerated() where energy >= loudest * 1e-4 {
            kept += voice[(index * block)..<min(voice.count, (index + 1) * block)]
        }
        return kept
    }

    /// The recording as mono at `sampleRate`, scaled to unit active level; nil when unreadable or silent.
    private static func decodeLevelled(_ sample: Sample, sampleRate: Int) -> [Float]? {
        guard let buffer = try? AudioBuffer.decode(path: sample.absolutePath).downmixed() else { return nil }
        var voice = buffer.samples
        if buffer.sampleRate != sampleRate {
            guard
                let resampled = try? Resampler(converter: .soxrHQ).resample(
                    voice, from: buffer.sampleRate, to: sampleRate)
            else { return nil }
            voice = resampled
        }
        voice = activePart(voice, sampleRate: sampleRate)
        guard !voice.isEmpty, let level = ActiveSpeechLevel.measure(voice, sampleRate: sampleRate) else { return nil }
        let scale = Float(1 / level.meanSquare.squareRoot())
        return voice.map { $0 * scale }
    }
}
