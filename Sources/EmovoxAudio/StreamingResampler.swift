import CSampleRate
import CSoxr

/// Resamples a mono signal fed block by block, so a long recording never needs to be in memory at
/// its source rate.
///
/// libsoxr and libsamplerate keep their filter state between calls, and their output does not
/// depend on how the input is divided into blocks: feeding a signal in blocks of any size gives
/// samples bit-identical to ``Resampler`` on the whole signal (tested), so the pipeline's cache
/// keys need not say which path produced an entry.
public final class StreamingResampler {
    private enum Backend {
        case passthrough
        case soxr(soxr_t)
        case libsamplerate(OpaquePointer, ratio: Double)
    }

    public let sourceRate: Int
    public let targetRate: Int
    private let backend: Backend
    /// Output of one library call before it is appended to the caller's array.
    private var scratch: [Float]
    private var finished = false
    /// A valid input pointer for libsamplerate's flush call, which rejects a null one.
    private let emptyInput = UnsafeMutablePointer<Float>.allocate(capacity: 1)

    /// - Throws: ``AudioError`` with kind `.invalidArgument` for a non-positive rate or when the
    ///   library cannot create a converter.
    public init(converter: Resampler.Converter, from sourceRate: Int, to targetRate: Int) throws(AudioError) {
        guard sourceRate > 0, targetRate > 0 else {
            throw AudioError(
                path: "", kind: .invalidArgument, detail: "sample rates \(sourceRate) → \(targetRate)")
        }
        self.sourceRate = sourceRate
        self.targetRate = targetRate
        scratch = [Float](repeating: 0, count: 8192)
        if sourceRate == targetRate {
            backend = .passthrough
        } else if converter.isSoxr {
            var io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I)
            var quality = soxr_quality_spec(UInt(converter == .soxrVHQ ? SOXR_VHQ : SOXR_HQ), 0)
            // One thread per clip: the pipeline already runs one clip per core.
            var runtime = soxr_runtime_spec(1)
            var error: soxr_error_t?
            let handle = soxr_create(
                Double(sourceRate), Double(targetRate), 1, &error, &io, &quality, &runtime)
            guard let handle, error == nil else {
                if let handle { soxr_delete(handle) }
                throw AudioError(
                    path: "", kind: .invalidArgument,
                    detail: "libsoxr: " + (error.map { String(cString: $0) } ?? "cannot create a resampler"))
            }
            backend = .soxr(handle)
        } else {
            let type: Int32 =
                switch converter {
                case .sincBest: Int32(SRC_SINC_BEST_QUALITY)
                case .sincMedium: Int32(SRC_SINC_MEDIUM_QUALITY)
                default: Int32(SRC_SINC_FASTEST)
                }
            var status: Int32 = 0
            guard let state = src_new(type, 1, &status) else {
                throw AudioError(
                    path: "", kind: .invalidArgument, detail: "libsamplerate: " + String(cString: src_strerror(status)))
            }
            backend = .libsamplerate(state, ratio: Double(targetRate) / Double(sourceRate))
        }
    }

    deinit {
        emptyInput.deallocate()
        switch backend {
        case .passthrough: break
        case .soxr(let handle): soxr_delete(handle)
        case .libsamplerate(let state, _): src_delete(state)
        }
    }

    /// Feeds the next block of input and appends whatever output it completes to `output`.
    public func process(_ input: UnsafeBufferPointer<Float>, into output: inout [Float]) throws(AudioError) {
        precondition(!finished, "StreamingResampler fed after finish()")
        guard !input.isEmpty else { return }
        try run(input, endOfInput: false, into: &output)
    }

    /// Flushes the filter's tail into `output`; the resampler takes no input afterwards.
    public func finish(into output: inout [Float]) throws(AudioError) {
        guard !finished else { return }
        finished = true
        try run(UnsafeBufferPointer(start: nil, count: 0), endOfInput: true, into: &output)
    }

    /// Calls the library until it has consumed `input` (and, at the end, emitted its tail).
    private func run(_ input: UnsafeBufferPointer<Float>, endOfInput: Bool, into output: inout [Float])
        throws(AudioError)
    {
        switch backend {
        case .passthrough:
            output.append(contentsOf: input)
        case .soxr(let handle):
            var consumed = 0
            while true {
                var used = 0
                var produced = 0
                let remaining = input.count - consumed
                let error = scratch.withUnsafeMutableBufferPointer { out in
                    // A null input pointer asks libsoxr to flush its tail.
                    soxr_process(
                        handle, endOfInput ? nil : UnsafeRawPointer(input.baseAddress! + consumed), remaining,
                        &used, UnsafeMutableRawPointer(out.baseAddress), out.count, &produced)
                }
                if let error {
                    throw AudioError(path: "", kind: .invalidArgument, detail: "libsoxr: " + String(cString: error))
                }
                consumed += used
                output.append(contentsOf: scratch[..<produced])
                if endOfInput ? produced == 0 : consumed >= input.count { return }
            }
        case .libsamplerate(let state, let ratio):
            var consumed = 0
            while true {
                var data = SRC_DATA()
                let capacity = scratch.count
                let status = scratch.withUnsafeMutableBufferPointer { out in
                    data.data_in = (input.baseAddress ?? UnsafePointer(emptyInput)) + consumed
                    data.input_frames = input.count - consumed
                    data.data_out = out.baseAddress
                    data.output_frames = capacity
                    data.src_ratio = ratio
                    data.end_of_input = endOfInput ? 1 : 0
                    return src_process(state, &data)
                }
                guard status == 0 else {
                    throw AudioError(
                        path: "", kind: .invalidArgument,
                        detail: "libsamplerate: " + String(cString: src_strerror(status)))
                }
                consumed += Int(data.input_frames_used)
                let produced = Int(data.output_frames_gen)
                output.append(contentsOf: scratch[..<produced])
                if endOfInput ? produced == 0 : (consumed >= input.count && produced < capacity) { return }
            }
        }
    }
}
