/// The selection after the label map, sorted by sample ID, with every categorical attribute
/// replaced by its index into a sorted list of distinct values. All algorithms work on these
/// integer columns; sorting the value lists is what makes results independent of hashing order.
struct PreparedSelection {
    let items: [SplitItem]
    let droppedByLabel: [String: Int]
    let labels: [String]
    let genders: [String]
    let speakers: [String]
    let labelOf: [Int]
    let genderOf: [Int]
    let speakerOf: [Int]
    /// Item indices grouped by speaker (CSR): speaker s owns
    /// `itemsBySpeaker[speakerStart[s]..<speakerStart[s + 1]]`, ascending by sample ID.
    let speakerStart: [Int]
    let itemsBySpeaker: [Int]

    var count: Int { items.count }

    init(items rawItems: [SplitItem], labelMap: LabelMap?) throws(SplitError) {
        var mapped = rawItems
        var dropped: [String: Int] = [:]
        if let labelMap {
            let mapping = labelMap.apply(to: rawItems)
            mapped = mapping.items
            dropped = mapping.droppedByLabel
        }
        guard !mapped.isEmpty else {
            throw .emptySelection(droppedByLabelMap: dropped.values.reduce(0, +))
        }
        // Catalog queries usually deliver items in ID order; skip the (copy-heavy) sort then.
        if zip(mapped, mapped.dropFirst()).contains(where: { $0.sampleID > $1.sampleID }) {
            mapped.sort { $0.sampleID < $1.sampleID }
        }
        for index in 1..<mapped.count where mapped[index].sampleID == mapped[index - 1].sampleID {
            throw .duplicateSampleID(mapped[index].sampleID)
        }
        items = mapped
        droppedByLabel = dropped
        (labels, labelOf) = Self.index(mapped.map(\.label))
        (genders, genderOf) = Self.index(mapped.map(\.gender))
        (speakers, speakerOf) = Self.index(mapped.map(\.speaker))
        (speakerStart, itemsBySpeaker) = Self.group(speakerOf, groupCount: speakers.count)
    }

    /// Sorted distinct values and each element's index among them.
    static func index(_ values: [String]) -> (distinct: [String], indexOf: [Int]) {
        let distinct = Set(values).sorted()
        var position: [String: Int] = [:]
        position.reserveCapacity(distinct.count)
        for (index, value) in distinct.enumerated() { position[value] = index }
        return (distinct, values.map { position[$0]! })
    }

    /// Counting sort of element indices by group, stable so each group stays in input order.
    static func group(_ groupOf: [Int], groupCount: Int) -> (start: [Int], members: [Int]) {
        var start = [Int](repeating: 0, count: groupCount + 1)
        for group in groupOf { start[group + 1] += 1 }
        for group in 0..<groupCount { start[group + 1] += start[group] }
        var next = start
        var members = [Int](repeating: 0, count: groupOf.count)
        for (element, group) in groupOf.enumerated() {
            members[next[group]] = element
            next[group] += 1
        }
        return (start, members)
    }

    /// Items of speaker `speaker`.
    func items(ofSpeaker speaker: Int) -> ArraySlice<Int> {
        itemsBySpeaker[speakerStart[speaker]..<speakerStart[speaker + 1]]
    }
}
