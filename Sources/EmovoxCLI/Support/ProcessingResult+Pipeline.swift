import EmovoxCatalog
import EmovoxPipeline

extension ProcessingResult {
    /// The catalog's view of what the pipeline made of sample `sampleId`.
    init(sampleId: Int64, output: SampleOutput) {
        let metadata = output.metadata
        self.init(
            sampleId: sampleId, audioKey: output.audioKey.hex, processedSampleRate: metadata.processedSampleRate,
            originalDuration: metadata.originalDuration, trimmedDuration: metadata.trimmedDuration,
            processedDuration: metadata.processedDuration, originalLoudness: metadata.originalLoudnessLUFS,
            loudnessMethod: metadata.loudnessMethod.catalogName, appliedGain: metadata.appliedGainDB,
            gainCapped: metadata.gainCapped, voicedProportion: metadata.voicedProportion,
            features: output.features.map {
                Features(setName: $0.setName, setVersion: $0.setVersion, names: $0.names, values: $0.values)
            })
    }
}

extension LoudnessMethod {
    /// The name stored in the catalog's `sampleProcessing.loudnessMethod` column.
    var catalogName: String {
        switch self {
        case .notMeasured: "not-measured"
        case .integrated: "integrated"
        case .looped: "looped"
        case .rmsFallback: "rms-fallback"
        case .unmeasurable: "unmeasurable"
        }
    }
}
