/// Finds regular expressions whose matching time can explode, before a manifest is accepted.
///
/// Swift's `Regex` backtracks and cannot be interrupted, so a pattern such as `(a+)+$` takes
/// exponential time on a 25-character name that almost matches: `import` would hang. The classic
/// cause is a nested quantifier: a group repeated more than once (`+`, `*`, `{2,}`, `{1,9}`) that
/// itself contains an unbounded quantifier (`+`, `*`, `{n,}`); every way of dividing the text
/// between the inner and outer repetitions is tried. Such patterns are rejected; they can always be
/// written without the nesting (`(a+)+` matches what `a+` matches). Bounded inner repetitions
/// (`(\d{2})+`) and optional groups (`(?:.*/)?`) are fine.
enum RegexComplexity {
    /// A description of the first nested quantifier in `pattern` (the group's text), or nil.
    static func nestedQuantifier(in pattern: String) -> String? {
        let characters = Array(pattern)
        // One entry per open group: where it starts and whether it holds an unbounded quantifier.
        var groups: [(start: Int, hasUnbounded: Bool)] = [(0, false)]
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\\":
                index = quantifierEnd(characters, from: index + 2, marking: &groups)
            case "[":
                index = quantifierEnd(characters, from: classEnd(characters, from: index), marking: &groups)
            case "(":
                groups.append((index, false))
                index += 1
            case ")" where groups.count > 1:
                let group = groups.removeLast()
                let quantifier = Quantifier(characters, at: index + 1)
                if let quantifier, quantifier.repeats, group.hasUnbounded {
                    return String(characters[group.start..<quantifier.end])
                }
                groups[groups.count - 1].hasUnbounded =
                    groups[groups.count - 1].hasUnbounded || group.hasUnbounded || quantifier?.unbounded == true
                index = quantifier?.end ?? index + 1
            default:
                index = quantifierEnd(characters, from: index + 1, marking: &groups)
            }
        }
        return nil
    }

    /// After an atom ending before `index`: skips its quantifier, if any, noting an unbounded one
    /// in the innermost group.
    private static func quantifierEnd(
        _ characters: [Character], from index: Int, marking groups: inout [(start: Int, hasUnbounded: Bool)]
    ) -> Int {
        guard let quantifier = Quantifier(characters, at: index) else { return index }
        if quantifier.unbounded { groups[groups.count - 1].hasUnbounded = true }
        return quantifier.end
    }

    /// The index just past the character class opening at `start`.
    private static func classEnd(_ characters: [Character], from start: Int) -> Int {
        var index = start + 1
        if index < characters.count && characters[index] == "^" { index += 1 }
        if index < characters.count && characters[index] == "]" { index += 1 }  // a literal ']' first
        while index < characters.count && characters[index] != "]" {
            index += characters[index] == "\\" ? 2 : 1
        }
        return min(index + 1, characters.count)
    }

    /// `*`, `+`, `?` or `{n}`, `{n,}`, `{n,m}`, with an optional lazy `?` or possessive `+`.
    private struct Quantifier {
        var end: Int
        /// No upper bound.
        var unbounded: Bool
        /// May match its atom more than once.
        var repeats: Bool

        init?(_ characters: [Character], at index: Int) {
            guard index < characters.count else { return nil }
            switch characters[index] {
            case "*", "+":
                (end, unbounded, repeats) = (index + 1, true, true)
            case "?":
                (end, unbounded, repeats) = (index + 1, false, false)
            case "{":
                guard let close = characters[index...].firstIndex(of: "}") else { return nil }
                let bounds = String(characters[(index + 1)..<close]).split(
                    separator: ",", omittingEmptySubsequences: false)
                guard (1...2).contains(bounds.count), let lower = Int(bounds[0]) else { return nil }
                if bounds.count == 1 {
                    (unbounded, repeats) = (false, lower > 1)
                } else if bounds[1].isEmpty {
                    (unbounded, repeats) = (true, true)
                } else {
                    guard let upper = Int(bounds[1]) else { return nil }
                    (unbounded, repeats) = (false, upper > 1)
                }
                end = close + 1
            default:
                return nil
            }
            if end < characters.count && (characters[end] == "?" || characters[end] == "+") { end += 1 }
        }
    }
}
