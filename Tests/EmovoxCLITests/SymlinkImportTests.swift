import EmovoxTestSupport
import Foundation
import Testing

/// Symbolic links in a corpus directory: links to directories and to files outside it are
/// skipped and counted unless `--follow-symlinks`, and a link loop never hangs.
@Suite struct SymlinkImportTests {
    @Test func linksOutsideTheCorpusAndToDirectoriesAreSkippedAndCounted() throws {
        let corpus = try RAVDESSLayoutCorpus(actors: [1], emotions: [3, 5], statements: [1])
        let outside = try TemporaryDirectory()
        try corpus.write("Actor_02/03-01-04-01-01-01-02.wav", actor: 2, emotion: 4, statement: 1, in: outside.path)
        try corpus.write("03-01-04-01-02-01-03.wav", actor: 3, emotion: 4, statement: 2, in: outside.path)
        let links = FileManager.default
        // A directory link, a file link leaving the corpus, and a file link staying inside it.
        try links.createSymbolicLink(atPath: corpus.path + "/Actor_02", withDestinationPath: outside.path + "/Actor_02")
        try links.createSymbolicLink(
            atPath: corpus.path + "/Actor_01/03-01-04-01-02-01-03.wav",
            withDestinationPath: outside.path + "/03-01-04-01-02-01-03.wav")
        try links.createSymbolicLink(
            atPath: corpus.path + "/Actor_01/03-01-03-01-01-02-01.wav", withDestinationPath: "03-01-03-01-01-01-01.wav")

        let skipped = try corpus.emovox(["import", "ravdess", corpus.path, "--json"])
        #expect(skipped.status == 0, "\(skipped.stderr)")
        let json = try skipped.json()
        #expect(json["skipped_symlinks"] as? Int == 2)
        #expect(json["imported"] as? Int == 3)  // two files and the link inside the corpus
        #expect(skipped.stderr.contains("skipped 2 symbolic link(s)"), "\(skipped.stderr)")
        #expect(skipped.stderr.contains("Actor_02/"))
        let text = try corpus.emovox(["import", "ravdess", corpus.path])
        #expect(text.stdout.contains("2 symbolic link(s) skipped"), "\(text.stdout)")

        let followed = try corpus.emovox(["import", "ravdess", corpus.path, "--follow-symlinks", "--json"])
        #expect(followed.status == 0, "\(followed.stderr)")
        #expect(try followed.json()["skipped_symlinks"] as? Int == 0)
        #expect(try followed.json()["imported"] as? Int == 2)
    }

    @Test func aLinkLoopIsWalkedOnceWhenFollowing() throws {
        let corpus = try RAVDESSLayoutCorpus(actors: [1, 2], emotions: [3], statements: [1])
        // Actor_01/up → the corpus root, Actor_02/self → Actor_02: both cycles.
        try FileManager.default.createSymbolicLink(atPath: corpus.path + "/Actor_01/up", withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(atPath: corpus.path + "/Actor_02/self", withDestinationPath: ".")
        let result = try corpus.emovox(["import", "ravdess", corpus.path, "--follow-symlinks", "--json"], timeout: 60)
        #expect(!result.timedOut, "import hung on a symbolic link loop")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try result.json()["imported"] as? Int == 2)
        let unfollowed = try corpus.emovox(["import", "ravdess", corpus.path, "--json"], timeout: 60)
        #expect(try unfollowed.json()["skipped_symlinks"] as? Int == 2)
    }
}
