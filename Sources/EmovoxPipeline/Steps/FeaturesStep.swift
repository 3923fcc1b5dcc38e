import Foundation

/// Runs named feature sets on the processed signal.
public struct FeaturesStep: Sendable, Equatable, Hashable {
    /// One feature set a spec asks for. Its parameters are opaque to the pipeline and handed to the
    /// feature-set resolver as written (scalars as text, keys sorted).
    public struct Request: Sendable, Equatable, Hashable {
        public var name: String
        public var parameters: [String: String]
        /// Spec line of the request, so a resolver error can point at it.
        public var line: Int?

        public init(name: String, parameters: [String: String] = [:], line: Int? = nil) {
            self.name = name
            self.parameters = parameters
            self.line = line
        }
    }

    public static let name = "features"
    /// The step's own version; each set's version is part of the key too.
    public static let implementationVersion = 1

    public var sets: [Request]

    public init(sets: [Request]) {
        self.sets = sets
    }

    init(parsing parameters: inout SpecParameters) throws(PipelineSpecError) {
        guard let node = parameters.raw("sets") else {
            throw parameters.error(nil, "missing parameter 'sets' (a list of feature-set names)")
        }
        guard let list = node.sequence else {
            throw parameters.error(node, "parameter 'sets' must be a list of feature-set names")
        }
        var sets: [Request] = []
        for item in list {
            let line = item.mark?.line
            if let scalar = item.scalar {
                sets.append(Request(name: scalar.string, line: line))
            } else if let mapping = item.mapping, mapping.count == 1, let entry = mapping.first,
                let name = entry.key.string
            {
                var values: [String: String] = [:]
                if let inner = entry.value.mapping {
                    for (key, value) in inner {
                        guard let key = key.string, let text = value.scalar?.string else {
                            throw parameters.error(value, "feature set '\(name)': parameters must be name: value")
                        }
                        values[key] = text
                    }
                } else if entry.value.null == nil {
                    throw parameters.error(entry.value, "feature set '\(name)': parameters must be a mapping")
                }
                sets.append(Request(name: name, parameters: values, line: line))
            } else {
                throw parameters.error(item, "each entry of 'sets' must be a name or {name: {parameter: value}}")
            }
        }
        guard !sets.isEmpty else { throw parameters.error(node, "parameter 'sets' is empty") }
        var seen: Set<String> = []
        for request in sets where !seen.insert(request.name).inserted {
            throw PipelineSpecError(
                file: parameters.file, line: request.line,
                message: "step 'features': feature set '\(request.name)' listed twice")
        }
        self.init(sets: sets)
    }
}
