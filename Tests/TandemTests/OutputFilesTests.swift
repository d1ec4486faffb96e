import Foundation
import Testing

@testable import Tandem

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The all-or-nothing commit of `OutputFiles`, failed and crashed at every step.
@Suite struct OutputFilesTests {
    let dir: URL

    init() throws {
        dir = try Fixtures.temporaryDirectory()
    }

    /// Every entry of the folder (hidden ones too) with its text; folders as `<dir>`.
    func listing() throws -> [String: String] {
        var out: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            let url = dir.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            out[name] = isDirectory.boolValue ? "<dir>" : String(decoding: try Data(contentsOf: url), as: UTF8.self)
        }
        return out
    }

    func write(_ set: [String: String], faults: (@Sendable (OutputFiles.CommitStep) -> OutputFiles.FaultAction)? = nil)
        throws
    {
        var files = OutputFiles(directory: dir)
        files.faultInjection = faults
        for name in set.keys.sorted() { try files.stage(name, bytes: Array(set[name]!.utf8)) }
        _ = try files.commit()
    }

    static let old = ["a.txt": "old a", "b.txt": "old b", "c.txt": "old c"]
    static let new = ["a.txt": "new a", "b.txt": "new b", "c.txt": "new c", "d.txt": "new d"]
    /// Every step of committing `new` over `old`, in order.
    static let steps: [OutputFiles.CommitStep] =
        [.journalWritten] + new.keys.sorted().map { .backedUp($0) } + new.keys.sorted().map { .placed($0) }

    @Test func aCommitReplacesTheWholeSetAndLeavesNothingBehind() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try write(Self.old)
        #expect(try listing() == Self.old)
        try write(Self.new)
        #expect(try listing() == Self.new)
    }

    @Test(arguments: steps)
    func aFailureAtAnyCommitStepLeavesTheOldSet(_ step: OutputFiles.CommitStep) throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try write(Self.old)
        let error = #expect(throws: OutputFiles.WriteError.self) {
            try write(Self.new) { $0 == step ? .fail : .proceed }
        }
        #expect(error?.reason == "injected failure at \(step)")
        #expect(try listing() == Self.old, "failed at \(step)")
    }

    @Test(arguments: steps + [.journalRemoved])
    func aCrashAtAnyCommitStepIsRolledBackByTheNextRun(_ step: OutputFiles.CommitStep) throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try write(Self.old)
        #expect(throws: OutputFiles.SimulatedCrash.self) {
            try write(Self.new) { $0 == step ? .crash : .proceed }
        }
        let left = try listing()
        // What a killed run leaves: its staging folder, and the journal unless it was past it.
        #expect(left.keys.contains { $0.hasPrefix(".tandem-stage-") })
        #expect(left.keys.contains(".tandem-journal") == (step != .journalRemoved))
        // The next run recovers under the lock before it stages anything.
        var next = OutputFiles(directory: dir)
        try next.prepareDirectory()
        next.discard()
        #expect(try listing() == (step == .journalRemoved ? Self.new : Self.old), "crashed at \(step)")
    }

    @Test func aRenameOntoAFolderFailsAndKeepsTheOldSet() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try write(Self.old)
        // The last name is taken by a folder: the first three renames succeed, the fourth fails.
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("d.txt/keep"), withIntermediateDirectories: true)
        let error = #expect(throws: OutputFiles.WriteError.self) { try write(Self.new) }
        #expect(
            error?.description
                == "\(dir.appendingPathComponent("d.txt").relativePath): error: cannot write: Is a directory")
        var expected = Self.old
        expected["d.txt"] = "<dir>"
        #expect(try listing() == expected)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("d.txt/keep").path))
    }

    @Test func temporariesArePrivateUnpredictableAndOrdinaryOnceInPlace() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        // A link planted at the name earlier versions would have used points at a victim file.
        let victim = dir.appendingPathComponent("victim")
        try Data("victim".utf8).write(to: victim)
        for n in 0..<4 {
            _ = symlink(victim.path, dir.appendingPathComponent(".a.txt.tmp-\(getpid())-\(n)").path)
            _ = symlink(victim.path, dir.appendingPathComponent(".tandem-a.txt.tmp-\(getpid())-\(n)").path)
        }
        var first = OutputFiles(directory: dir)
        var second = OutputFiles(directory: dir)
        let a = try first.reserve("a.txt")
        let b = try second.reserve("a.txt")
        #expect(a != b)
        let stage = a.deletingLastPathComponent().deletingLastPathComponent()
        #expect(OutputFiles.isStageName(stage.lastPathComponent))
        #expect(try FileManager.default.attributesOfItem(atPath: stage.path)[.posixPermissions] as? Int == 0o700)
        #expect(throws: OutputFiles.WriteError.self) { try first.reserve("a.txt") }
        #expect(throws: OutputFiles.WriteError.self) { try first.reserve("../escape") }
        second.discard()
        try Data("new a".utf8).write(to: a)
        _ = try first.commit()
        #expect(try String(contentsOf: victim, encoding: .utf8) == "victim")
        let mask = umask(0o022)
        umask(mask)
        let mode =
            try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("a.txt").path)[
                .posixPermissions] as? Int
        #expect(mode == 0o666 & ~Int(mask))
    }

    @Test func theSweepRemovesOnlyWhatDeadRunsLeft() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let dead = dir.appendingPathComponent(".tandem-stage-" + String(repeating: "a", count: 32))
        try FileManager.default.createDirectory(
            at: dead.appendingPathComponent("new"), withIntermediateDirectories: true)
        chmod(dead.path, 0o700)
        try Data(count: 1000).write(to: dead.appendingPathComponent("new/tandem-2026-11.xlsx"))
        // A live run's staging folder: its flock is held.
        let live = dir.appendingPathComponent(".tandem-stage-" + String(repeating: "b", count: 32))
        try FileManager.default.createDirectory(at: live, withIntermediateDirectories: true)
        let fd = open(live.path, O_RDONLY | O_DIRECTORY)
        #expect(flock(fd, LOCK_EX) == 0)
        defer { close(fd) }
        let kept = [
            ".tandem-notes", ".tandem-stage-xyz", "tandem-2026-11.txt", ".tandem-2026-11.txt.tmp-\(getpid())-0",
        ]
        for name in kept { try Data("keep".utf8).write(to: dir.appendingPathComponent(name)) }
        let legacy = ".tandem-2026-11.csv.tmp-2000000000-3"
        try Data("left by a dead run".utf8).write(to: dir.appendingPathComponent(legacy))
        var files = OutputFiles(directory: dir)
        try files.prepareDirectory()
        files.discard()
        #expect(Set(try listing().keys) == Set(kept + [live.lastPathComponent]))
    }

    @Test func aSecondRunWaitsForTheLockThenFailsWithAMessage() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let fd = open(dir.path, O_RDONLY | O_DIRECTORY)
        #expect(flock(fd, LOCK_EX) == 0)
        var files = OutputFiles(directory: dir)
        files.lockTimeout = 0.2
        let error = #expect(throws: OutputFiles.WriteError.self) { try files.stage("a.txt", bytes: Array("a".utf8)) }
        #expect(
            error?.reason
                == "another tandem run is writing into this folder (waited 0.2 s); try again when it has finished")
        close(fd)
        try files.stage("a.txt", bytes: Array("a".utf8))
        _ = try files.commit()
        #expect(try listing() == ["a.txt": "a"])
    }

    @Test func aDamagedJournalIsReportedNotGuessed() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("tandem-journal 1\nstage ../../etc\nfile passwd\n".utf8).write(
            to: dir.appendingPathComponent(".tandem-journal"))
        var files = OutputFiles(directory: dir)
        let error = #expect(throws: OutputFiles.WriteError.self) { try files.prepareDirectory() }
        #expect(error?.reason.hasPrefix("a damaged commit journal from an earlier run") == true)
    }
}
