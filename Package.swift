// swift-tools-version:6.1
import PackageDescription

// Layers, each depending only on the ones above it:
//   C wrappers (pkg-config system libraries)
//   → EmovoxAudio (decode, resample, loudness) and EmovoxDSP (FFT, spectra, pitch)
//   → EmovoxFeatures (named feature sets) → EmovoxPipeline (specs, steps, cache)
//   → EmovoxCatalog (SQLite catalog, manifests, import, stats, split storage)
//   → EmovoxCLI (commands) → emovox (executable)
// EmovoxSpeakers (UBM, i-vectors, PLDA) needs only EmovoxDSP and EmovoxFeatures.
// EmovoxBoost (the GBDT trainer) is pure Swift and depends on nothing; EmovoxSplits (split
// algorithms) needs only SHA-256 from swift-crypto.
let package = Package(
    name: "Emovox",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "emovox", targets: ["emovox"]),
        .library(name: "EmovoxCatalog", targets: ["EmovoxCatalog"]),
        .library(name: "EmovoxBoost", targets: ["EmovoxBoost"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        // MARK: C libraries from Debian, found by pkg-config.
        .systemLibrary(
            name: "CSndFile", pkgConfig: "sndfile",
            providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(
            name: "CSampleRate", pkgConfig: "samplerate",
            providers: [.apt(["libsamplerate0-dev"])]),
        .systemLibrary(
            name: "CEBUR128", pkgConfig: "libebur128",
            providers: [.apt(["libebur128-dev"])]),
        // kissfft-float.pc carries -D flags that SwiftPM refuses from pkg-config, so this one is
        // found on the default include path instead; the shim sets the same definitions.
        .systemLibrary(name: "CKissFFT", providers: [.apt(["libkissfft-dev"])]),
        .systemLibrary(
            name: "CSoxr", pkgConfig: "soxr",
            providers: [.apt(["libsoxr-dev"])]),

        // MARK: Audio and DSP.
        .target(
            name: "EmovoxAudio",
            dependencies: ["CSndFile", "CSampleRate", "CEBUR128", "CSoxr", "EmovoxDSP"]),
        .target(name: "EmovoxDSP", dependencies: ["CKissFFT"]),

        // MARK: Features and pipeline.
        .target(name: "EmovoxFeatures", dependencies: ["EmovoxDSP"]),
        // Speaker models (UBM, i-vectors, PLDA) on frame features; no audio I/O, no catalog.
        .target(name: "EmovoxSpeakers", dependencies: ["EmovoxDSP", "EmovoxFeatures"]),
        .target(
            name: "EmovoxPipeline",
            dependencies: [
                "EmovoxAudio", "EmovoxDSP", "EmovoxFeatures", "Yams",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),

        // MARK: Pure-Swift learning and splitting.
        .target(name: "EmovoxBoost"),
        .target(
            name: "EmovoxSplits", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),

        // MARK: Catalog.
        .target(
            name: "EmovoxCatalog",
            dependencies: [
                "EmovoxAudio", "EmovoxPipeline", "EmovoxSplits", "Yams",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),

        // MARK: Command line.
        .target(
            name: "EmovoxCLI",
            dependencies: [
                "EmovoxCatalog", "EmovoxPipeline", "EmovoxBoost", "EmovoxSplits", "EmovoxSpeakers", "EmovoxAudio",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .executableTarget(name: "emovox", dependencies: ["EmovoxCLI"]),

        // MARK: Tests.
        .target(name: "EmovoxTestSupport", dependencies: ["EmovoxAudio"], path: "Tests/EmovoxTestSupport"),
        .testTarget(name: "EmovoxAudioTests", dependencies: ["EmovoxAudio", "EmovoxTestSupport"]),
        .testTarget(name: "EmovoxDSPTests", dependencies: ["EmovoxDSP", "EmovoxTestSupport"]),
        .testTarget(
            name: "EmovoxFeaturesTests",
            dependencies: ["EmovoxFeatures", "EmovoxAudio", "EmovoxDSP", "EmovoxTestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "EmovoxPipelineTests",
            dependencies: ["EmovoxPipeline", "EmovoxAudio", "EmovoxDSP", "EmovoxFeatures", "EmovoxTestSupport"]),
        .testTarget(name: "EmovoxBoostTests", dependencies: ["EmovoxBoost"]),
        .testTarget(
            name: "EmovoxSpeakersTests",
            dependencies: ["EmovoxSpeakers", "EmovoxAudio", "EmovoxDSP", "EmovoxTestSupport"]),
        .testTarget(name: "EmovoxSplitsTests", dependencies: ["EmovoxSplits"]),
        .testTarget(
            name: "EmovoxCatalogTests",
            dependencies: [
                "EmovoxCatalog", "EmovoxAudio", "EmovoxTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(
            name: "EmovoxCLITests",
            dependencies: [
                "emovox", "EmovoxCLI", "EmovoxAudio", "EmovoxCatalog", "EmovoxPipeline", "EmovoxTestSupport", "Yams",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
