import EmovoxAudio
import EmovoxTestSupport
import Foundation
import Testing

@Suite struct AudioFileTests {
    @Test func roundTripsAWAVFileThroughLibsndfile() throws {
        let dir = try TemporaryDirectory()
        let tone = Synth.sine(frequency: 440, duration: 0.5, sampleRate: 16_000)
        let path = try Synth.writeTemporaryWAV(tone, sampleRate: 16_000, in: dir.url, name: "a.wav")
        let info = try AudioFileInfo.read(path: path)
        #expect(info.container == "wav")
        #expect(info.encoding == "pcm16")
        #expect(info.sampleRate == 16_000)
        #expect(info.channels == 1)
        #expect(info.frames == 8_000)
        let decoded = try AudioBuffer.decode(path: path)
        #expect(decoded.frameCount == 8_000)
        let maxError = zip(tone, decoded.samples).map { abs($0 - $1) }.max() ?? 1
        #expect(maxError < 1.0 / 16_000)  // 16-bit quantization
    }

    @Test func writesFLACAndDownmixesStereo() throws {
        let dir = try TemporaryDirectory()
        let left = Synth.sine(frequency: 300, duration: 0.2, sampleRate: 8_000)
        let right = left.map { -$0 }
        let path = dir.url.appendingPathComponent("s.flac").path
        try AudioWriter.write(AudioBuffer(channels: [left, right], sampleRate: 8_000), to: path, format: .flac)
        let info = try AudioFileInfo.read(path: path)
        #expect(info.container == "flac")
        #expect(info.channels == 2)
        let mono = try AudioBuffer.decode(path: path).downmixed()
        #expect(mono.channelCount == 1)
        #expect(mono.samples.map(abs).max()! < 1e-4)  // opposite channels cancel
    }

    @Test func namesTheFileAndReasonForBadInput() throws {
        let dir = try TemporaryDirectory()
        let empty = dir.url.appendingPathComponent("empty.wav").path
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        let text = dir.url.appendingPathComponent("text.wav").path
        try "this is not audio\n".write(toFile: text, atomically: false, encoding: .utf8)
        let missing = dir.url.appendingPathComponent("missing.wav").path

        #expect(throws: AudioError(path: empty, kind: .empty, detail: "zero-byte file")) {
            try AudioFileInfo.read(path: empty)
        }
        do {
            _ = try AudioFileInfo.read(path: text)
            Issue.record("text file accepted as audio")
        } catch {
            #expect(error.kind == .unsupported)
            #expect(error.description.hasPrefix(text))
        }
        #expect(throws: AudioError(path: missing, kind: .notFound)) {
            try AudioFileInfo.read(path: missing)
        }
    }
}
