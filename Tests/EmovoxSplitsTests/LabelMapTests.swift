import EmovoxSplits
import Testing

@Suite("Label map")
struct LabelMapTests {
    @Test("Merges, keeps and drops labels as written, counting the dropped per label")
    func mapsAndDrops() throws {
        let map = try LabelMap(parsing: " calm = neutral ,neutral=neutral,happy=happy,angry=angry")
        let items = SyntheticCatalog.ravdessLike()
        let mapping = map.apply(to: items)
        #expect(
            mapping.droppedByLabel == [
                "sad": 192, "fearful": 192, "disgust": 192, "surprised": 192,
            ])
        #expect(mapping.droppedCount == 4 * 192)
        var counts: [String: Int] = [:]
        for item in mapping.items { counts[item.label, default: 0] += 1 }
        #expect(counts == ["neutral": 96 + 192, "happy": 192, "angry": 192])
        #expect(map.canonicalText == "angry=angry,calm=neutral,happy=happy,neutral=neutral")
        #expect(try LabelMap(parsing: map.canonicalText) == map)

        // The split carries the same counts and only mapped labels.
        let result = try Splitter.split(
            items,
            configuration: SplitConfiguration(
                strategy: .holdout(testFraction: 0.2), seed: 1, labelMap: map))
        #expect(result.droppedByLabel == mapping.droppedByLabel)
        #expect(result.assignments.count == mapping.items.count)
        #expect(Set(result.assignments.map(\.label)) == ["neutral", "happy", "angry"])
    }

    @Test("Dictionary and text forms agree; repeating an identical entry is allowed")
    func dictionaryForm() throws {
        let fromText = try LabelMap(parsing: "a=x,b=x,a=x")
        #expect(try LabelMap(["a": "x", "b": "x"]) == fromText)
    }

    @Test(
        "Malformed maps are rejected",
        arguments: ["", "calm", "=neutral", "calm=", "a=b,a=c", "a=b,,c=d", "a=b=c"])
    func malformed(text: String) {
        let error = #expect(throws: SplitError.self) { try LabelMap(parsing: text) }
        guard case .invalidLabelMap = error else {
            Issue.record("expected invalidLabelMap, got \(String(describing: error))")
            return
        }
    }
}
