import ArgumentParser
import EmovoxBoost
import EmovoxSpeakers
import Foundation

/// `emovox speakers equations` (hidden): runs the speaker models' equations on numbers given in a JSON
/// file and prints the results, so `scripts/` can check them against independent implementations.
struct SpeakerEquationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "equations", abstract: "Evaluate speaker-model equations on given numbers (for validation).",
        shouldDisplay: false)

    @Option(help: "JSON input: any of gmm, ivector, plda, features.") var input: String

    struct Input: Decodable {
        struct GMM: Decodable {
            var frames: [[Double]]
            var weights: [Double]
            var means: [Double]
            var variances: [Double]
            var iterations: Int
            var jobs: Int?
        }
        struct IVector: Decodable {
            var components: Int
            var dimension: Int
            var matrix: [Double]
            var variances: [Double]
            var zeroth: [Double]
            var first: [Double]
        }
        struct PLDA: Decodable {
            var mean: [Double]
            var between: [Double]
            var within: [Double]
            var enrollment: [[Double]]
            var test: [Double]
        }
        var gmm: GMM?
        var ivector: IVector?
        var plda: PLDA?
        /// A recording whose speaker frames to print.
        var features: String?
    }

    struct Output: Encodable {
        var gmmAverageLogLikelihood: Double?
        var gmmInitialLogLikelihood: Double?
        var ivector: [Double]?
        var pldaScore: Double?
        var frames: [[Double]]?

        enum CodingKeys: String, CodingKey {
            case ivector, frames
            case gmmAverageLogLikelihood = "gmm_average_log_likelihood"
            case gmmInitialLogLikelihood = "gmm_initial_log_likelihood"
            case pldaScore = "plda_score"
        }
    }

    func run() throws {
        if let problem = RegularFile.problem(input) { throw CommandError("\(input): \(problem)") }
        let given: Input
        do {
            given = try JSONDecoder().decode(Input.self, from: Data(contentsOf: URL(fileURLWithPath: input)))
        } catch {
            throw CommandError("\(input): not a valid equations input: \(error)")
        }
        var output = Output()
        if let g = given.gmm {
            let d = g.frames.first?.count ?? 0
            let frames = FrameMatrix(rows: g.frames.count, columns: d, values: g.frames.flatMap { $0 })
            let start = DiagonalGMM(weights: g.weights, means: g.means, variances: g.variances)
            var trainer = GMMTrainer(components: g.weights.count, iterations: g.iterations, jobs: g.jobs ?? 1)
            trainer.varianceFloor = 1e-6
            output.gmmInitialLogLikelihood = start.averageLogLikelihood(frames)
            output.gmmAverageLogLikelihood = trainer.train(frames, from: start).averageLogLikelihood(frames)
        }
        if let v = given.ivector {
            let extractor = IVectorExtractor(
                matrix: v.matrix, variances: v.variances, components: v.components, dimension: v.dimension)
            output.ivector = extractor.extract(BaumWelchStatistics(zeroth: v.zeroth, first: v.first, frames: 0))
        }
        if let p = given.plda {
            let model = try TwoCovariancePLDA(mean: p.mean, between: p.between, within: p.within)
            output.pldaScore = model.score(enrollment: p.enrollment, test: p.test)
        }
        if let path = given.features {
            let samples = try SpeakerAudio.samples(path, rate: SpeakerFeatureConfiguration().sampleRate)
            let frames = SpeakerFrameFeatures().frames(samples)
            output.frames = (0..<frames.rows).map(frames.row)
        }
        try JSONOutput.print(output)
    }
}
