import Foundation
import Testing

@testable import EmovoxCLI

@Suite struct FeatureExportWriterTests {
    @Test func csvFieldsAreQuotedOnlyWhenTheyMustBe() {
        #expect(csvField("Actor_01/03-01.wav") == "Actor_01/03-01.wav")
        #expect(csvField("a,b.wav") == "\"a,b.wav\"")
        #expect(csvField("say \"hi\".wav") == "\"say \"\"hi\"\".wav\"")
        #expect(csvField("two\nlines") == "\"two\nlines\"")
    }

    @Test func jsonStringsRoundTripThroughAParser() throws {
        let awkward = "quote \" backslash \\ tab \t newline \n bell \u{07} é 🎙"
        let encoded = jsonString(awkward)
        let decoded = try JSONSerialization.jsonObject(with: Data("[\(encoded)]".utf8)) as? [String]
        #expect(decoded == [awkward])
        #expect(encoded.contains("\\u0007"))
    }
}
