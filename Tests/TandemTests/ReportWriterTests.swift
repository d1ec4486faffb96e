import Foundation
import Testing

@testable import Tandem

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The public writer of a review's set of files, the single-file writers, and the trust rules for
/// what an earlier run left in the folder.
@Suite struct ReportWriterTests {
    let dir: URL
    let review: Review

    init() throws {
        dir = try Fixtures.temporaryDirectory()
        let (plan, actuals) = try Fixtures.loadExample()
        review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 11))
    }

    func names() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() }
    func text(_ name: String) throws -> String {
        try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func writesEveryFormatAsOneSetWithTheExportersBytes() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let written = try ReportWriter(directory: dir).write(review)
        #expect(
            written.map(\.lastPathComponent) == [
                "tandem-2026-11.txt", "tandem-2026-11.md", "tandem-2026-11.json", "tandem-2026-11.csv",
            ])
        #expect(
            try names() == ["tandem-2026-11.csv", "tandem-2026-11.json", "tandem-2026-11.md", "tandem-2026-11.txt"])
        #expect(try text("tandem-2026-11.txt") == TextDigest().render(review))
        #expect(
            try Data(contentsOf: dir.appendingPathComponent("tandem-2026-11.json")) == JSONExporter().render(review))
        #expect(
            Array(try Data(contentsOf: dir.appendingPathComponent("tandem-2026-11.csv")))
                == CSVExporter().render(review))
    }

    @Test func aFailingFormatLeavesTheEarlierSetAndNamesItsFile() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try ReportWriter(directory: dir, formats: [.text, .json]).write(review)
        let before = try [text("tandem-2026-11.txt"), text("tandem-2026-11.json")]
        struct Refused: Error, CustomStringConvertible { var description: String { "error: the printer is on fire" } }
        let broken = ReportFormat(fileExtension: "pdf") { _, _ in throw Refused() }
        var changed = review
        changed.headline.sentence = "Changed."
        let error = #expect(throws: OutputError.self) {
            try ReportWriter(directory: dir, formats: [.text, .json, broken]).write(changed)
        }
        #expect(
            error?.description
                == "\(dir.appendingPathComponent("tandem-2026-11.pdf").relativePath): error: cannot write: the printer is on fire"
        )
        #expect(try [text("tandem-2026-11.txt"), text("tandem-2026-11.json")] == before)
        #expect(try names() == ["tandem-2026-11.json", "tandem-2026-11.txt"])
    }

    @Test(arguments: ["", "TXT", "tar.gz", "../x", "abcdefghijk"])
    func anExtensionTandemWouldNotWriteIsRefused(_ ext: String) throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let format = ReportFormat(fileExtension: ext) { _, _ in }
        let error = #expect(throws: OutputError.self) {
            try ReportWriter(directory: dir, formats: [format]).write(review)
        }
        #expect(error?.code == .invalidName)
        #expect(try names().isEmpty)
    }

    @Test func theSameExtensionTwiceIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let error = #expect(throws: OutputError.self) {
            try ReportWriter(directory: dir, formats: [.text, .text]).write(review)
        }
        #expect(error?.code == .invalidName)
    }

    // MARK: Single files

    @Test func aSingleFileWriteIsAtomicKeepsTheModeAndRefusesReadOnly() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("review.json")
        try Data("earlier".utf8).write(to: url)
        chmod(url.path, 0o640)
        try JSONExporter().write(review, to: url)
        #expect(try Data(contentsOf: url) == JSONExporter().render(review))
        #expect(try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int == 0o640)
        #expect(try names() == ["review.json"])
        chmod(url.path, 0o444)
        let error = #expect(throws: OutputError.self) { try CSVExporter().write(review, to: url) }
        #expect(error?.description == "\(url.relativePath): error: cannot write: the file is read-only (mode 444)")
        #expect(try Data(contentsOf: url) == JSONExporter().render(review))
        #expect(try names() == ["review.json"])
    }

    @Test func aSingleFileWriteReplacesALinkWithoutFollowingIt() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let victim = dir.appendingPathComponent("victim")
        try Data("victim".utf8).write(to: victim)
        let url = dir.appendingPathComponent("data.csv")
        #expect(symlink(victim.path, url.path) == 0)
        try CSVExporter().write(review, to: url)
        #expect(try String(contentsOf: victim, encoding: .utf8) == "victim")
        #expect(Array(try Data(contentsOf: url)) == CSVExporter().render(review))
    }

    // MARK: What an earlier run left

    func journal(_ text: String) throws {
        try Data(text.utf8).write(to: dir.appendingPathComponent(".tandem-journal"))
    }

    @Test func aFIFOJournalIsRefusedWithoutBlocking() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(mkfifo(dir.appendingPathComponent(".tandem-journal").path, 0o600) == 0)
        let error = #expect(throws: OutputError.self) {
            try ReportWriter(directory: dir, formats: [.text]).write(review)
        }
        #expect(error?.code == .untrustedLeftover)
        #expect(error?.reason.hasPrefix("not a commit journal Tandem left (it is a FIFO, not a regular file)") == true)
        #expect(throws: OutputError.self) { try ReportWriter(directory: dir).recover() }
    }

    @Test func aPlantedJournalNamingAnotherFileDeletesNothing() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let victim = dir.appendingPathComponent("victim.txt")
        try Data("victim".utf8).write(to: victim)
        let stage = ".tandem-stage-" + String(repeating: "c", count: 32)
        // A private staging folder without the file, as if the new version had been placed.
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("\(stage)/new"), withIntermediateDirectories: true)
        for path in [stage, "\(stage)/new"] { chmod(dir.appendingPathComponent(path).path, 0o700) }
        try journal("tandem-journal 2\nstage \(stage)\nfile 1 2 - victim.txt\n")
        try ReportWriter(directory: dir, formats: [.text]).write(review)
        #expect(try String(contentsOf: victim, encoding: .utf8) == "victim")
        #expect(try names() == ["tandem-2026-11.txt", "victim.txt"])
    }

    @Test func aJournalWhoseStageIsALinkIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let elsewhere = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        try FileManager.default.createDirectory(
            at: elsewhere.appendingPathComponent("old"), withIntermediateDirectories: true)
        try Data("from elsewhere".utf8).write(to: elsewhere.appendingPathComponent("old/tandem-2026-11.txt"))
        let stage = ".tandem-stage-" + String(repeating: "d", count: 32)
        #expect(symlink(elsewhere.path, dir.appendingPathComponent(stage).path) == 0)
        try journal("tandem-journal 2\nstage \(stage)\nfile 1 2 3 tandem-2026-11.txt\n")
        let error = #expect(throws: OutputError.self) { try ReportWriter(directory: dir).recover() }
        #expect(
            error?.reason.hasPrefix("not a commit journal Tandem left (its staging folder \(stage) is a symbolic link)")
                == true)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("tandem-2026-11.txt").path))
        #expect(FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent("old/tandem-2026-11.txt").path))
    }

    @Test func anotherUsersJournalIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try journal("tandem-journal 2\nstage .tandem-stage-\(String(repeating: "e", count: 32))\n")
        // Only root can give a file away; elsewhere the check is the same code path as the FIFO's.
        guard geteuid() == 0 else { return }
        #expect(chown(dir.appendingPathComponent(".tandem-journal").path, 65534, 65534) == 0)
        let error = #expect(throws: OutputError.self) { try ReportWriter(directory: dir).recover() }
        #expect(
            error?.reason.hasPrefix("not a commit journal Tandem left (it belongs to another user (uid 65534))") == true
        )
        #expect(try names() == [".tandem-journal"])
    }

    @Test func aReadOnlyFolderNamesTheFileNotTheStagingFolder() throws {
        defer {
            chmod(dir.path, 0o755)
            try? FileManager.default.removeItem(at: dir)
        }
        chmod(dir.path, 0o555)
        let error = #expect(throws: OutputError.self) {
            try ReportWriter(directory: dir, formats: [.json]).write(review)
        }
        #expect(error?.path == dir.appendingPathComponent("tandem-2026-11.json").relativePath)
        #expect(error?.reason.contains(".tandem-stage") == false)
    }
}
