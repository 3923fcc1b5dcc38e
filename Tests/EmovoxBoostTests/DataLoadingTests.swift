import Foundation
import Testing

@testable import EmovoxBoost

@Suite struct DataLoadingTests {
    @Test func csvNumericColumnsBecomeFeaturesAndOthersAreIgnored() throws {
        let csv = [
            #"id,speaker,label,a,b,"c ""q""""#,
            "1,s1,happy,1.5,,3",
            "2,s2,sad,nan,2,NaN",
            "3,s1,happy,-2e1,NA,4",
            "",
        ].joined(separator: "\n")
        let table = try FeatureTable.parse(text: csv, labelColumn: "label", ignoreColumns: ["id"])
        #expect(table.features.featureNames == ["a", "b", "c \"q\""])
        #expect(table.ignoredColumns == ["id", "speaker"])
        #expect(table.labels == ["happy", "sad", "happy"])
        #expect(table.features[0, 0] == 1.5)
        #expect(table.features[0, 1].isNaN)
        #expect(table.features[1, 0].isNaN)
        #expect(table.features[2, 0] == -20)
        #expect(table.features[2, 1].isNaN)
        let dataset = try LabeledDataset(table: table)
        #expect(dataset.labelNames == ["happy", "sad"])
        #expect(dataset.labels == [0, 1, 0])
    }

    @Test func aStrayTextCellInAColumnOfNumbersIsAnErrorNamingRowAndColumn() {
        // Before: column 'm' was silently dropped and training went on without it.
        let csv = "a,m,label,b\n1,7,x,10\n2,8,y,20\n3,oops,x,30\n4,9,y,40\n"
        #expect(
            throws: BoostError.nonNumericCell(path: "<text>", line: 4, column: "m", row: 3, text: "oops")
        ) {
            try FeatureTable.parse(text: csv, labelColumn: "label")
        }
        let description = BoostError.nonNumericCell(path: "t.csv", line: 4, column: "m", row: 3, text: "oops")
            .description
        #expect(description.hasPrefix("t.csv:4: column 'm', row 3: 'oops' is not a number"))
    }

    @Test func withMissingAStrayTextCellIsNaNAndTheColumnIsKept() throws {
        let csv = "a,m,label,b\n1,7,x,10\n2,8,y,20\n3,oops,x,30\n4,9,y,40\n"
        let table = try FeatureTable.parse(text: csv, labelColumn: "label", nonNumeric: .missing)
        #expect(table.features.featureNames == ["a", "m", "b"])
        #expect(table.ignoredColumns.isEmpty)
        #expect(table.features[0, 1] == 7 && table.features[1, 1] == 8 && table.features[3, 1] == 9)
        #expect(table.features[2, 1].isNaN)
        #expect(table.features[2, 2] == 30)
    }

    @Test func aColumnOfTextOnlyIsNotAFeatureUnderEitherPolicy() throws {
        let csv = "path,label,a\nx/1.wav,x,1\n,y,2\nx/3.wav,x,3\n"
        for policy in FeatureTable.NonNumericCells.allCases {
            let table = try FeatureTable.parse(text: csv, labelColumn: "label", nonNumeric: policy)
            #expect(table.features.featureNames == ["a"])
            #expect(table.ignoredColumns == ["path"])
            #expect(table.features.values == [1, 2, 3])
        }
    }

    @Test(
        arguments: [
            Double.greatestFiniteMagnitude, -Double.greatestFiniteMagnitude, 4e38, -4e38, 3.4028235677973366e38,
            Double.leastNonzeroMagnitude, -Double.leastNonzeroMagnitude, Double.leastNormalMagnitude,
            Double.leastNormalMagnitude.nextDown, 1e-45, 1.401298464324817e-45, 0.1, 1.0 / 3, 6.02214076e23,
            1.2345678901234568e17, -0.0, 0.0,
        ] as [Double])
    func theParserReadsEveryFiniteDoubleExactly(value: Double) {
        for text in ["\(value)", String(format: "%.17g", value), String(format: "%.30e", value)] {
            let bytes = Array(text.utf8)
            let parsed = FeatureTable.parseNumber(
                bytes, CSVTokenizer.Field(start: 0, end: bytes.count, hasEscapedQuotes: false))
            #expect(parsed?.bitPattern == value.bitPattern, "\(text)")
        }
    }

    @Test func finiteValuesBeyondFloatRangeAreAcceptedAndKeepTheirOrder() throws {
        // Before: 4e38 became Float infinity and the table was rejected as holding "inf".
        let csv = [
            "label,a", "x,4e38", "y,-1.7976931348623157e308", "x,3e38", "y,-0", "x,1E-40", "y,5e-324",
            "x,  2.5E+3 ", "y,.5", "x,-.25e-1",
        ].joined(separator: "\n")
        let table = try FeatureTable.parse(text: csv, labelColumn: "label")
        let a = table.features.values
        #expect(a[0] == .greatestFiniteMagnitude)
        #expect(a[1] == -.greatestFiniteMagnitude)
        #expect(a[2] == 3e38 && a[2] < a[0])
        #expect(a[3] == 0 && a[3].sign == .minus)
        #expect(a[4] == Float(1e-40) && a[4].isSubnormal)
        #expect(a[5] == 0)
        #expect(a[6] == 2500 && a[7] == 0.5 && a[8] == -0.025)
        // Only true infinities are refused.
        #expect(throws: BoostError.nonFiniteValue(column: "a", row: 1, value: .infinity)) {
            try FeatureTable.parse(text: "label,a\nx,1e400\ny,1\n", labelColumn: "label")
        }
    }

    @Test func csvInfinityIsRejectedWithColumnAndRow() {
        let csv = "label,a,b\nx,1,2\ny,3,-inf\n"
        #expect(throws: BoostError.nonFiniteValue(column: "b", row: 2, value: -.infinity)) {
            try FeatureTable.parse(text: csv, labelColumn: "label")
        }
    }

    @Test func csvMissingLabelColumnAndRaggedRowsAreErrors() {
        #expect(throws: BoostError.missingLabelColumn(column: "emotion", path: "<text>")) {
            try FeatureTable.parse(text: "label,a\nx,1\n", labelColumn: "emotion")
        }
        #expect(throws: BoostError.self) { try FeatureTable.parse(text: "label,a\nx,1,2\n", labelColumn: "label") }
    }

    @Test func csvRoundTripThroughFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("boost-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "label,a\r\nx,1\r\ny,2\r\n".write(toFile: path, atomically: false, encoding: .utf8)
        let table = try FeatureTable.load(csv: path, labelColumn: "label")
        #expect(table.features.values == [1, 2])
        #expect(table.labels == ["x", "y"])
    }

    @Test func matrixRejectsInfinityNamingColumnAndRow() {
        #expect(throws: BoostError.nonFiniteValue(column: "b", row: 1, value: .infinity)) {
            try FeatureMatrix(featureNames: ["a", "b"], rows: [[1, 2], [.nan, .infinity]] as [[Float]])
        }
    }

    @Test func binningIsBoundedConsistentAndHandlesConstants() {
        var random = Xoshiro256StarStar(seed: 7)
        var column = (0..<5000).map { _ in SyntheticData.gaussian(&random) }
        column[3] = .nan
        let binning = FeatureBinning(learningFrom: column, maxBin: 255)
        #expect(binning.valueBinCount == 255)
        #expect(binning.bin(of: .nan) == binning.missingBin)
        #expect(!binning.isTrivial)
        // Bins are roughly equally populated (quantile binning): no bin holds more than 3× its share.
        var counts = [Int](repeating: 0, count: binning.binCount)
        for value in column { counts[binning.bin(of: value)] += 1 }
        #expect(counts[..<255].max()! <= 3 * 5000 / 255)
        // The raw threshold of a bin routes values exactly like the bin index does.
        for value in column where !value.isNaN {
            let bin = binning.bin(of: value)
            #expect(Double(value) <= binning.threshold(forBin: bin))
            if bin > 0 { #expect(Double(value) > binning.threshold(forBin: bin - 1)) }
        }
        let constant = FeatureBinning(learningFrom: [Float](repeating: 3, count: 100), maxBin: 255)
        #expect(constant.isTrivial && constant.valueBinCount == 1)
        // One value plus missing still separates "missing" from "present".
        let presence = FeatureBinning(learningFrom: [3, .nan, 3], maxBin: 255)
        #expect(!presence.isTrivial)
    }

    @Test func parametersOutOfRangeAreRejected() {
        var parameters = TrainingParameters()
        parameters.numLeaves = 1
        #expect(throws: BoostError.invalidParameter(name: "numLeaves", value: "1", requirement: "in 2...131072")) {
            try parameters.validate()
        }
        parameters = TrainingParameters()
        parameters.baggingFraction = 0
        #expect(throws: BoostError.self) { try parameters.validate() }
        #expect(throws: Never.self) { try TrainingParameters().validate() }
    }

    @Test func parametersDecodeWithDefaults() throws {
        let json = #"{"numIterations": 300, "classWeight": "balanced"}"#
        let parameters = try JSONDecoder().decode(TrainingParameters.self, from: Data(json.utf8))
        #expect(parameters.numIterations == 300)
        #expect(parameters.classWeight == .balanced)
        #expect(parameters.numLeaves == 31 && parameters.learningRate == 0.1 && parameters.minDataInLeaf == 20)
    }
}
