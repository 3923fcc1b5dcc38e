import Crypto
import EmovoxAudio
import EmovoxFeatures
import Foundation

/// A step ready to run: its typed parameters plus everything resolved once per run (feature sets,
/// the noise clip) and its identity string, which feeds the cache key.
struct PreparedStep: Sendable {
    let step: PipelineStep
    /// Canonical parameters and implementation version (and the versions of resolved parts).
    let identity: String
    let featureSets: [any FeatureSet]
    let noiseClip: AudioBuffer?

    init(_ step: PipelineStep, specFile: String, resolver: FeatureSetResolver) throws(PipelineSpecError) {
        self.step = step
        var featureSets: [any FeatureSet] = []
        var noiseClip: AudioBuffer?
        let identity: String
        switch step {
        case .decode(let s): identity = "v\(DecodeStep.implementationVersion);\(s.canonicalParameters)"
        case .resample(let s): identity = "v\(ResampleStep.implementationVersion);\(s.canonicalParameters)"
        case .trim(let s): identity = "v\(TrimStep.implementationVersion);\(s.canonicalParameters)"
        case .normalize(let s): identity = "v\(NormalizeStep.implementationVersion);\(s.canonicalParameters)"
        case .write(let s): identity = "v\(WriteStep.implementationVersion);\(s.canonicalParameters)"
        case .enhance(let s): identity = "v\(EnhanceStep.implementationVersion);\(s.canonicalParameters)"
        case .denoise(let s):
            var text = "v\(DenoiseStep.implementationVersion);\(s.canonicalParameters)"
            if case .clip(let path) = s.noise {
                // The clip's content, not just its path, decides the result.
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw PipelineSpecError(
                        file: specFile, line: nil, message: "step 'denoise': cannot read noise clip \(path)")
                }
                do {
                    noiseClip = try AudioBuffer.decode(path: path).downmixed()
                } catch {
                    throw PipelineSpecError(file: specFile, line: nil, message: "step 'denoise': noise clip \(error)")
                }
                text += ";clip_sha256=" + SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            }
            identity = text
        case .features(let s):
            var parts = ["v\(FeaturesStep.implementationVersion)"]
            for request in s.sets {
                let set: any FeatureSet
                do {
                    set = try resolver(request.name, request.parameters)
                } catch {
                    throw PipelineSpecError(
                        file: specFile, line: request.line, message: "feature set '\(request.name)': \(error)")
                }
                featureSets.append(set)
                parts.append("\(set.name)@\(set.version)(\(set.canonicalParameters))")
            }
            identity = parts.joined(separator: ";")
        }
        self.identity = identity
        self.featureSets = featureSets
        self.noiseClip = noiseClip
    }
}
