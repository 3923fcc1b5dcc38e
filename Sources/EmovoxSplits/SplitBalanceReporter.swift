/// Builds the ``SplitBalance``s of a finished assignment in one pass over the items.
enum SplitBalanceReporter {
    static func reports(
        _ selection: PreparedSelection, sides: [SplitSide], folds: [Int], foldCount: Int,
        foldBased: Bool
    ) -> [SplitBalance] {
        let labels = selection.labels.count
        let genders = selection.genders.count
        // Slot = fold for fold-based splits (test side), side order otherwise.
        let slots = foldBased ? foldCount : SplitSide.allCases.count
        var labelCounts = [Int](repeating: 0, count: slots * labels)
        var genderCounts = [Int](repeating: 0, count: slots * genders)
        var sizes = [Int](repeating: 0, count: slots)
        var wholeLabels = [Int](repeating: 0, count: labels)
        var wholeGenders = [Int](repeating: 0, count: genders)
        for item in 0..<selection.count {
            let slot = foldBased ? folds[item] : sides[item].order
            labelCounts[slot * labels + selection.labelOf[item]] += 1
            genderCounts[slot * genders + selection.genderOf[item]] += 1
            sizes[slot] += 1
            wholeLabels[selection.labelOf[item]] += 1
            wholeGenders[selection.genderOf[item]] += 1
        }
        // Distinct speakers per slot, and speakers whose items all lie in one slot.
        var speakersIn = [Int](repeating: 0, count: slots)
        var speakersOnlyIn = [Int](repeating: 0, count: slots)
        var slotsOfSpeaker: [Int] = []
        for speaker in 0..<selection.speakers.count {
            slotsOfSpeaker.removeAll(keepingCapacity: true)
            for item in selection.items(ofSpeaker: speaker) {
                let slot = foldBased ? folds[item] : sides[item].order
                if !slotsOfSpeaker.contains(slot) { slotsOfSpeaker.append(slot) }
            }
            for slot in slotsOfSpeaker { speakersIn[slot] += 1 }
            if slotsOfSpeaker.count == 1 { speakersOnlyIn[slotsOfSpeaker[0]] += 1 }
        }

        func report(
            fold: Int, side: SplitSide, size: Int, speakers: Int, labelCount: (Int) -> Int,
            genderCount: (Int) -> Int
        ) -> SplitBalance {
            var labelMap: [String: Int] = [:]
            var genderMap: [String: Int] = [:]
            var labelDeviation = 0.0
            var genderDeviation = 0.0
            for label in 0..<labels {
                let count = labelCount(label)
                labelMap[selection.labels[label]] = count
                labelDeviation = max(
                    labelDeviation,
                    deviation(count, of: size, whole: wholeLabels[label], of: selection.count))
            }
            for gender in 0..<genders {
                let count = genderCount(gender)
                genderMap[selection.genders[gender]] = count
                genderDeviation = max(
                    genderDeviation,
                    deviation(count, of: size, whole: wholeGenders[gender], of: selection.count))
            }
            return SplitBalance(
                fold: fold, side: side, sampleCount: size, speakerCount: speakers,
                fraction: Double(size) / Double(selection.count), labelCounts: labelMap,
                genderCounts: genderMap, labelDeviation: labelDeviation,
                genderDeviation: genderDeviation)
        }

        var reports: [SplitBalance] = []
        if foldBased {
            for fold in 0..<foldCount {
                reports.append(
                    report(
                        fold: fold, side: .train, size: selection.count - sizes[fold],
                        speakers: selection.speakers.count - speakersOnlyIn[fold],
                        labelCount: { wholeLabels[$0] - labelCounts[fold * labels + $0] },
                        genderCount: { wholeGenders[$0] - genderCounts[fold * genders + $0] }))
                reports.append(
                    report(
                        fold: fold, side: .test, size: sizes[fold], speakers: speakersIn[fold],
                        labelCount: { labelCounts[fold * labels + $0] },
                        genderCount: { genderCounts[fold * genders + $0] }))
            }
        } else {
            for side in SplitSide.allCases where sizes[side.order] > 0 || side != .validation {
                let slot = side.order
                reports.append(
                    report(
                        fold: 0, side: side, size: sizes[slot], speakers: speakersIn[slot],
                        labelCount: { labelCounts[slot * labels + $0] },
                        genderCount: { genderCounts[slot * genders + $0] }))
            }
        }
        return reports
    }

    /// |count/size − whole/total|; an empty side deviates maximally.
    static func deviation(_ count: Int, of size: Int, whole: Int, of total: Int) -> Double {
        guard size > 0 else { return 1 }
        return abs(Double(count) / Double(size) - Double(whole) / Double(total))
    }
}
