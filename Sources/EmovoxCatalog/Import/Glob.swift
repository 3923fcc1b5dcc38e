#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A shell-style path pattern: `*`, `?` and `[…]` within one path segment, `**` across any number
/// of segments (`**/*.wav` matches `a.wav` and `x/y/a.wav`).
struct Glob: Sendable {
    let pattern: String
    private let segments: [String]
    private let caseInsensitive: Bool

    init(_ pattern: String, caseInsensitive: Bool) {
        self.pattern = pattern
        self.caseInsensitive = caseInsensitive
        // Case folding by lower-casing both sides: FNM_CASEFOLD is a GNU extension.
        let folded = caseInsensitive ? pattern.lowercased() : pattern
        segments = folded.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    func matches(_ path: String) -> Bool {
        let folded = caseInsensitive ? path.lowercased() : path
        let parts = folded.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        return match(segments[...], parts[...])
    }

    private func match(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let head = pattern.first else { return path.isEmpty }
        if head == "**" {
            let rest = pattern.dropFirst()
            var remaining = path
            while true {
                if match(rest, remaining) { return true }
                guard !remaining.isEmpty else { return false }
                remaining = remaining.dropFirst()
            }
        }
        guard let segment = path.first, fnmatch(head, segment, 0) == 0 else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }
}
