import Foundation
import Yams

/// A validated pipeline: an ordered list of typed steps read from a YAML spec.
///
/// Format:
/// ```yaml
/// name: default
/// steps:
///   - decode: {channel: mix}
///   - resample: {rate: 16000, converter: soxr_hq}
///   - trim: {threshold_db: -40, margin_ms: 50}
///   - normalize: {method: loudness, target: -23}
///   - features: {sets: [prosody, gemaps, mfcc]}
/// ```
/// The first step must be `decode`. Everything is checked while parsing; nothing runs on a bad spec.
public struct PipelineSpec: Sendable, Equatable {
    public var name: String
    public var steps: [PipelineStep]
    /// Where the spec came from, for error messages.
    public var source: String

    public init(name: String, steps: [PipelineStep], source: String = "<memory>") {
        self.name = name
        self.steps = steps
        self.source = source
    }

    /// Reads and validates the spec file at `path`.
    public static func load(path: String) throws(PipelineSpecError) -> PipelineSpec {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw PipelineSpecError(file: path, line: nil, message: "cannot read the spec file")
        }
        let defaultName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try parse(yaml: text, file: path, defaultName: defaultName)
    }

    /// Parses and validates spec text; `file` labels errors.
    public static func parse(yaml: String, file: String = "<memory>", defaultName: String = "pipeline")
        throws(PipelineSpecError) -> PipelineSpec
    {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw PipelineSpecError(file: file, line: Self.line(of: error), message: "invalid YAML: \(error)")
        } catch {
            throw PipelineSpecError(file: file, line: nil, message: "invalid YAML: \(error)")
        }
        guard let root, let top = root.mapping else {
            throw PipelineSpecError(file: file, line: root?.mark?.line, message: "expected a mapping with 'steps'")
        }
        var name = defaultName
        var stepsNode: Node?
        for (key, value) in top {
            switch key.string {
            case "name":
                guard let text = value.scalar?.string, !text.isEmpty else {
                    throw PipelineSpecError(file: file, line: value.mark?.line, message: "'name' must be a string")
                }
                name = text
            case "steps": stepsNode = value
            default:
                throw PipelineSpecError(
                    file: file, line: key.mark?.line,
                    message: "unknown key '\(key.string ?? "?")' (known: name, steps)")
            }
        }
        guard let stepsNode else {
            throw PipelineSpecError(file: file, line: root.mark?.line, message: "missing 'steps'")
        }
        guard let list = stepsNode.sequence, !list.isEmpty else {
            throw PipelineSpecError(file: file, line: stepsNode.mark?.line, message: "'steps' must be a non-empty list")
        }
        var steps: [PipelineStep] = []
        for item in list {
            let stepName: String
            let parametersNode: Node?
            if let scalar = item.scalar {
                stepName = scalar.string
                parametersNode = nil
            } else if let mapping = item.mapping, mapping.count == 1, let entry = mapping.first,
                let key = entry.key.string
            {
                stepName = key
                parametersNode = entry.value
            } else {
                throw PipelineSpecError(
                    file: file, line: item.mark?.line, message: "each step must be 'name' or 'name: {parameters}'")
            }
            var parameters = try SpecParameters(
                file: file, step: stepName, stepLine: item.mark?.line, node: parametersNode)
            let step = try PipelineStep.parse(name: stepName, parameters: &parameters)
            try parameters.finish()
            steps.append(step)
            try validateOrder(steps, file: file, line: item.mark?.line)
        }
        return PipelineSpec(name: name, steps: steps, source: file)
    }

    private static func validateOrder(_ steps: [PipelineStep], file: String, line: Int?) throws(PipelineSpecError) {
        guard let last = steps.last else { return }
        if steps.count == 1 {
            guard case .decode = last else {
                throw PipelineSpecError(file: file, line: line, message: "the first step must be 'decode'")
            }
        } else if case .decode = last {
            throw PipelineSpecError(file: file, line: line, message: "'decode' may only be the first step")
        }
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }
}
