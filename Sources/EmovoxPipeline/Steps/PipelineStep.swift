/// One typed step of a pipeline spec.
public enum PipelineStep: Sendable, Equatable, Hashable {
    case decode(DecodeStep)
    case resample(ResampleStep)
    case trim(TrimStep)
    case denoise(DenoiseStep)
    case enhance(EnhanceStep)
    case normalize(NormalizeStep)
    case features(FeaturesStep)
    case write(WriteStep)

    /// Step names as written in specs, in the order users usually list them.
    public static let names = [
        DecodeStep.name, ResampleStep.name, TrimStep.name, DenoiseStep.name, EnhanceStep.name, NormalizeStep.name,
        FeaturesStep.name, WriteStep.name,
    ]

    /// The name used in specs and reports.
    public var name: String {
        switch self {
        case .decode: DecodeStep.name
        case .resample: ResampleStep.name
        case .trim: TrimStep.name
        case .denoise: DenoiseStep.name
        case .enhance: EnhanceStep.name
        case .normalize: NormalizeStep.name
        case .features: FeaturesStep.name
        case .write: WriteStep.name
        }
    }

    /// True for steps whose output audio differs from their input audio.
    var changesAudio: Bool {
        switch self {
        case .features, .write: false
        default: true
        }
    }

    static func parse(name: String, parameters: inout SpecParameters) throws(PipelineSpecError) -> PipelineStep {
        switch name {
        case DecodeStep.name: .decode(try DecodeStep(parsing: &parameters))
        case ResampleStep.name: .resample(try ResampleStep(parsing: &parameters))
        case TrimStep.name: .trim(try TrimStep(parsing: &parameters))
        case DenoiseStep.name: .denoise(try DenoiseStep(parsing: &parameters))
        case EnhanceStep.name: .enhance(try EnhanceStep(parsing: &parameters))
        case NormalizeStep.name: .normalize(try NormalizeStep(parsing: &parameters))
        case FeaturesStep.name: .features(try FeaturesStep(parsing: &parameters))
        case WriteStep.name: .write(try WriteStep(parsing: &parameters))
        default:
            throw PipelineSpecError(
                file: parameters.file, line: parameters.stepLine,
                message: "unknown step '\(name)' (known: \(names.joined(separator: ", ")))")
        }
    }
}
