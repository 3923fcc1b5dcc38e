import EmovoxFeatures
import Testing

@Suite struct FeatureSetRegistryTests {
    @Test func makesEveryRegisteredSetWithStableNames() throws {
        #expect(FeatureSets.names == ["gemaps", "large", "mfcc", "prosody"])
        for name in FeatureSets.names {
            let set = try FeatureSets.make(name: name, parameters: [:])
            #expect(set.name == name)
            #expect(set.version >= 1)
            #expect(Set(set.featureNames).count == set.featureNames.count)
        }
        #expect(try FeatureSets.make(name: "gemaps", parameters: [:]).featureNames.count == 88)
        #expect(
            try FeatureSets.make(name: "mfcc", parameters: ["n_mfcc": 20]).featureNames.count == 20 * 21)
    }

    @Test func rejectsUnknownNamesParametersAndRanges() {
        #expect(throws: FeatureSetError.self) { try FeatureSets.make(name: "egemaps", parameters: [:]) }
        #expect(throws: FeatureSetError.self) {
            try FeatureSets.make(name: "mfcc", parameters: ["n_mfc": 13])
        }
        #expect(throws: FeatureSetError.self) {
            try FeatureSets.make(name: "mfcc", parameters: ["n_mfcc": 41])
        }
        #expect(throws: FeatureSetError.self) {
            try FeatureSets.make(name: "mfcc", parameters: ["n_mfcc": 13.5])
        }
        #expect(throws: FeatureSetError.self) {
            try FeatureSets.make(name: "mfcc", parameters: ["n_mfcc": 30, "n_mels": 20])
        }
        #expect(throws: FeatureSetError.self) {
            try FeatureSets.make(name: "prosody", parameters: ["f0_min": 0])
        }
        do {
            _ = try FeatureSets.make(name: "gemaps", parameters: ["frame": 0.02])
            Issue.record("accepted an unknown parameter")
        } catch {
            #expect(error.message.contains("frame"))
        }
    }

    @Test func canonicalParametersReflectTheConfiguration() throws {
        let a = try FeatureSets.make(name: "mfcc", parameters: [:])
        let b = try FeatureSets.make(name: "mfcc", parameters: ["n_mfcc": 13])
        let c = try FeatureSets.make(name: "mfcc", parameters: ["n_mfcc": 20])
        #expect(a.canonicalParameters == b.canonicalParameters)
        #expect(a.canonicalParameters != c.canonicalParameters)
    }
}
