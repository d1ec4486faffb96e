import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The outputs of `tandem review` are all or nothing, whatever happens to the run; writes to
/// standard output fail loudly.
@Suite(.serialized) struct OutputSafetyTests {
    static let formats = ["xlsx", "txt", "md", "json", "csv"]

    /// Every entry of `dir` (hidden ones too) with its bytes.
    static func contents(_ dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            var isDirectory: ObjCBool = false
            let url = dir.appendingPathComponent(name)
            _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            out[name] = isDirectory.boolValue ? Data("<dir>".utf8) : try Data(contentsOf: url)
        }
        return out
    }

    /// A copy of the example's actuals with November's leads changed, so every output differs.
    static func variantActuals(in dir: URL) throws -> String {
        let actuals = dir.appendingPathComponent("variant")
        try FileManager.default.createDirectory(at: actuals, withIntermediateDirectories: true)
        let source = CLI.root.appendingPathComponent(CLI.actuals)
        try FileManager.default.copyItem(
            at: source.appendingPathComponent("crm-export.csv"), to: actuals.appendingPathComponent("crm-export.csv"))
        let text = try String(contentsOf: source.appendingPathComponent("marketing-automation.csv"), encoding: .utf8)
        let changed = text.replacingOccurrences(of: "2026-11,2390,", with: "2026-11,2391,")
        try #require(changed != text)
        try Data(changed.utf8).write(to: actuals.appendingPathComponent("marketing-automation.csv"))
        return actuals.path
    }

    /// The complete sets of both inputs, written into separate folders.
    static func referenceSets(_ dir: URL, variant: String) throws -> (a: [String: Data], b: [String: Data]) {
        let a = dir.appendingPathComponent("ref-a")
        let b = dir.appendingPathComponent("ref-b")
        #expect(try CLI.run(["review", CLI.plan, "--actuals", CLI.actuals, "--out", a.path]).status == 0)
        #expect(try CLI.run(["review", CLI.plan, "--actuals", variant, "--out", b.path]).status == 0)
        let sets = (try contents(a), try contents(b))
        for name in sets.0.keys { #expect(sets.0[name] != sets.1[name], "\(name) must differ between the inputs") }
        return sets
    }

    @Test func aFailedFourthRenameLeavesTheWholeOldSet() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let variant = try Self.variantActuals(in: dir)
        let out = dir.appendingPathComponent("out")
        #expect(try CLI.run(["review", CLI.plan, "--actuals", CLI.actuals, "--out", out.path]).status == 0)
        // The CSV, fourth in --format's order, has its place taken by a folder.
        let blocker = out.appendingPathComponent("tandem-2026-11.csv")
        try FileManager.default.removeItem(at: blocker)
        try FileManager.default.createDirectory(at: blocker, withIntermediateDirectories: true)
        let before = try Self.contents(out)
        let r = try CLI.run([
            "review", CLI.plan, "--actuals", variant, "--out", out.path, "--format", "txt,md,json,csv",
        ])
        #expect(r.status == 74)
        #expect(r.stderr == "\(blocker.path): error: cannot write: Is a directory\n")
        #expect(try Self.contents(out) == before)
    }

    /// The run is killed (as by `kill -9`) at each step of the commit; the next run rolls back.
    @Test(arguments: [
        "journal-written", "backed-up:tandem-2026-11.md", "placed:tandem-2026-11.txt",
        "placed:tandem-2026-11.json",
    ])
    func aRunKilledMidCommitIsRolledBackByTheNextRun(_ step: String) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let variant = try Self.variantActuals(in: dir)
        let (a, b) = try Self.referenceSets(dir, variant: variant)
        let out = dir.appendingPathComponent("out")
        #expect(try CLI.run(["review", CLI.plan, "--actuals", CLI.actuals, "--out", out.path]).status == 0)
        let killed = try CLI.run(
            ["review", CLI.plan, "--actuals", variant, "--out", out.path], environment: ["TANDEM_TEST_CRASH_AT": step])
        #expect(killed.status == 99)
        #expect(try Self.contents(out).keys.contains(".tandem-journal"))
        // The next run, writing only the digest, first restores the earlier set.
        let next = try CLI.run(["review", CLI.plan, "--actuals", variant, "--out", out.path, "--format", "txt"])
        #expect(next.status == 0, "\(next.stderr)")
        var expected = a
        expected["tandem-2026-11.txt"] = b["tandem-2026-11.txt"]
        #expect(try Self.contents(out) == expected)
    }

    @Test func twoRunsIntoOneFolderLeaveOneCompleteSet() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let variant = try Self.variantActuals(in: dir)
        let (a, b) = try Self.referenceSets(dir, variant: variant)
        for round in 0..<4 {
            let out = dir.appendingPathComponent("out-\(round)")
            let runs = [CLI.actuals, variant].map { actuals in
                let p = Process()
                p.executableURL = CLI.binary
                p.arguments = ["review", CLI.plan, "--actuals", actuals, "--out", out.path]
                p.currentDirectoryURL = CLI.root
                p.standardOutput = FileHandle.nullDevice
                p.standardError = FileHandle.nullDevice
                return p
            }
            for p in runs { try p.run() }
            for p in runs { p.waitUntilExit() }
            #expect(runs.map(\.terminationStatus) == [0, 0])
            let got = try Self.contents(out)
            #expect(got == a || got == b, "round \(round): a mixed set")
        }
    }

    @Test func aRunWaitsWhileAnotherHoldsTheFolder() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fd = open(dir.path, O_RDONLY | O_DIRECTORY)
        #expect(flock(fd, LOCK_EX) == 0)
        let start = Date()
        DispatchQueue.global().asyncAfter(deadline: .now() + 1) { close(fd) }
        let r = try CLI.run(["review", CLI.plan, "--actuals", CLI.actuals, "--out", dir.path, "--format", "txt"])
        #expect(r.status == 0)
        #expect(Date().timeIntervalSince(start) >= 1)
        #expect(try Self.contents(dir).keys.sorted() == ["tandem-2026-11.txt"])
    }

    /// Runs `arguments` with standard output on `/dev/full`.
    static func runIntoFullDevice(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = arguments
        p.currentDirectoryURL = CLI.root
        p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
        let err = Pipe()
        p.standardError = err
        try p.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: e, as: UTF8.self))
    }

    @Test(
        .enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "needs /dev/full"),
        arguments: [
            ["digest", CLI.plan, "--actuals", CLI.actuals],
            ["digest", CLI.plan, "--actuals", CLI.actuals, "--markdown"],
            ["validate", CLI.plan], ["plan", CLI.plan],
        ])
    func aFullStandardOutputIsExit74WithAMessage(_ arguments: [String]) throws {
        let r = try Self.runIntoFullDevice(arguments)
        #expect(r.status == 74)
        // `validate` first warns about the plan's targets set twice (on standard error).
        #expect(r.stderr.hasSuffix("error: cannot write to standard output: No space left on device\n"))
        #expect(r.stderr.split(separator: "\n").filter { $0.contains("error:") }.count == 1)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "needs /dev/full"))
    func theReviewSummaryOnAFullStandardOutputIsExit74ButTheReportsAreWritten() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Self.runIntoFullDevice(["review", CLI.plan, "--actuals", CLI.actuals, "--out", dir.path])
        #expect(r.status == 74)
        #expect(r.stderr == "error: cannot write to standard output: No space left on device\n")
        #expect(try Self.contents(dir).keys.sorted() == Self.formats.map { "tandem-2026-11.\($0)" }.sorted())
    }

    /// Runs `tandem review` of the example into `out` in `format` under `ulimit -f blocks`
    /// (blocks of 1 KB or 512 B): how it ended and its standard error.
    static func reviewUnderFileSizeLimit(
        _ blocks: Int, format: String, into out: URL
    ) throws -> (reason: Process.TerminationReason, status: Int32, stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = [
            "-c", "ulimit -f \(blocks) && exec \"$0\" \"$@\"", CLI.binary.path, "review", CLI.plan, "--actuals",
            CLI.actuals, "--out", out.path, "--format", format,
        ]
        p.currentDirectoryURL = CLI.root
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationReason, p.terminationStatus, e)
    }

    @Test func anOversizedWriteFailsWithTandemsMessageFirst() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        // 20 blocks: the workbook (about 29 KB) cannot be written.
        let (reason, status, e) = try Self.reviewUnderFileSizeLimit(20, format: "xlsx", into: out)
        #expect(reason == .exit)
        #expect(status == 74)
        let lines = e.split(separator: "\n")
        #expect(lines.count == 1, "\(e)")
        #expect(lines.first?.hasPrefix("\(out.path)/tandem-2026-11.xlsx: error: cannot write: ") == true, "\(e)")
        #expect(e.contains("File too large"))
        #expect(!e.contains("[ERROR]"))
        #expect(!e.contains(".tandem-stage"))
        #expect(try Self.contents(out).isEmpty)
    }

    @Test func anOversizedDigestNamesTheOSReason() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        // 2 blocks: the digest (several KB) cannot be written.
        let (_, status, e) = try Self.reviewUnderFileSizeLimit(2, format: "txt", into: out)
        #expect(status == 74)
        #expect(e == "\(out.path)/tandem-2026-11.txt: error: cannot write: File too large\n", "\(e)")
        #expect(try Self.contents(out).isEmpty)
    }

    @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
    func anInterruptedRunRemovesItsTemporaries(_ sig: Int32) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Enough data that writing takes seconds.
        var csv = "period,metric,value,team,segment\n"
        for period in ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11"] {
            for s in 0..<20_000 { csv += "\(period),sqls,\(s % 50 + 1),sales,S\(s)\n" }
        }
        let big = dir.appendingPathComponent("big.csv")
        try Data(csv.utf8).write(to: big)
        let out = dir.appendingPathComponent("out")
        #expect(
            try CLI.run(["review", CLI.plan, "--actuals", CLI.actuals, "--out", out.path, "--format", "txt"]).status
                == 0)
        let before = try Self.contents(out)
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["review", CLI.plan, "--actuals", big.path, "--out", out.path]
        p.currentDirectoryURL = CLI.root
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Wait until the run is writing into its staging folder, then interrupt it.
        let deadline = Date().addingTimeInterval(60)
        var staging = false
        while !staging && p.isRunning && Date() < deadline {
            staging =
                (try? FileManager.default.contentsOfDirectory(atPath: out.path))?.contains {
                    $0.hasPrefix(".tandem-stage-")
                } ?? false
            usleep(5_000)
        }
        try #require(staging, "the run never started writing")
        kill(p.processIdentifier, sig)
        p.waitUntilExit()
        #expect(p.terminationReason == .exit)
        #expect(p.terminationStatus == 128 + sig)
        let after = try Self.contents(out)
        #expect(after.keys.allSatisfy { !$0.hasPrefix(".tandem-") }, "\(after.keys.sorted())")
        // Interrupted while writing: the earlier digest is all there is.
        #expect(after == before)
    }
}
