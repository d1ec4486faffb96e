import Foundation
import TandemTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Issue 21's cases outside the records: `tandem decide`, standard output and error, the partial
/// period, a metric given twice, a killed commit followed by a failing run, and the library
/// embedded in a host process.
@Suite struct HardeningTests {
    /// A folder with the example plan (so `decide` checks against it) and a log.
    static func logFolder(_ log: String) throws -> URL {
        let dir = try CLI.temporaryDirectory()
        try FileManager.default.copyItem(
            at: CLI.root.appendingPathComponent(CLI.plan), to: dir.appendingPathComponent("plan.yaml"))
        try Data(log.utf8).write(to: dir.appendingPathComponent("decisions.yaml"))
        return dir
    }

    static func entries(_ url: URL) throws -> Int {
        try String(contentsOf: url, encoding: .utf8).components(separatedBy: "- period:").count - 1
    }

    @Test func twelveParallelDecideRunsEachLand() throws {
        let dir = try Self.logFolder("tandem: 1\ndecisions:\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let runs = (0..<12).map { i in
            let p = Process()
            p.executableURL = CLI.binary
            p.arguments = ["decide", "2026-11", "plan:revenue", "--defer", "--owner", "sales", "--note", "run \(i)"]
            p.currentDirectoryURL = dir
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            return p
        }
        for p in runs { try p.run() }
        for p in runs { p.waitUntilExit() }
        #expect(runs.allSatisfy { $0.terminationStatus == 0 })
        let text = try String(contentsOf: dir.appendingPathComponent("decisions.yaml"), encoding: .utf8)
        #expect(try Self.entries(dir.appendingPathComponent("decisions.yaml")) == 12)
        #expect(Set((0..<12).filter { text.contains("note: \"run \($0)\"") }).count == 12)
    }

    @Test func decideFollowsALinkKeepsTheModeAndRefusesAReadOnlyLog() throws {
        let dir = try Self.logFolder("")
        defer { try? FileManager.default.removeItem(at: dir) }
        let shared = dir.appendingPathComponent("shared.yaml")
        try Data("tandem: 1\ndecisions: []\n".utf8).write(to: shared)
        chmod(shared.path, 0o640)
        let log = dir.appendingPathComponent("decisions.yaml")
        try FileManager.default.removeItem(at: log)
        #expect(symlink("shared.yaml", log.path) == 0)
        let r = try CLI.run(["decide", "2026-11", "transition:mqls>sqls", "--accept", "--owner", "marketing"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("appended to decisions.yaml (a link: written to "))
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: log.path)) == "shared.yaml")
        #expect(try Self.entries(shared) == 1)
        #expect(
            try String(contentsOf: shared, encoding: .utf8).hasPrefix("tandem: 1\ndecisions:\n  - period: 2026-11\n"))
        #expect(try FileManager.default.attributesOfItem(atPath: shared.path)[.posixPermissions] as? Int == 0o640)
        chmod(shared.path, 0o444)
        let before = try Data(contentsOf: shared)
        let refused = try CLI.run(["decide", "2026-11", "plan:revenue", "--defer", "--owner", "sales"], in: dir)
        #expect(refused.status == 74)
        #expect(
            refused.stderr
                == "decisions.yaml: error: cannot write: the file is read-only (mode 444); make it writable to change it\n"
        )
        #expect(try Data(contentsOf: shared) == before)
        #expect(try FileManager.default.attributesOfItem(atPath: shared.path)[.posixPermissions] as? Int == 0o444)
    }

    @Test(arguments: [
        ("plan:contnt:opportunities", "did you mean 'plan:content'?"),
        ("plan:content:opportunity", "did you mean 'plan:content:opportunities'?"),
        ("plan:revenue:x", "plan problem 'plan:revenue' has no subject"),
        ("plan:rule:no-such-rule", "unknown plan problem 'plan:rule:no-such-rule'"),
    ])
    func decideRefusesAPlanProblemThePlanCannotProduce(_ id: String, _ message: String) throws {
        let dir = try Self.logFolder("tandem: 1\ndecisions:\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["decide", "2026-11", id, "--defer", "--owner", "sales"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(try Self.entries(dir.appendingPathComponent("decisions.yaml")) == 0)
    }

    @Test func decideTakesEveryKindOfPlanProblemThePlanHas() throws {
        let dir = try Self.logFolder("tandem: 1\ndecisions:\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        for id in ["plan:content:opportunities", "plan:revenue", "plan:rule:lead-quality", "plan:owner:mqls"] {
            let r = try CLI.run(["decide", "2026-11", id, "--defer", "--owner", "sales"], in: dir)
            #expect(r.status == 0, "\(id): \(r.stderr)")
        }
    }

    // MARK: Standard output and error

    /// Runs `tandem ARGS` with standard output on `/dev/full`.
    static func runToFullOutput(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = arguments
        p.currentDirectoryURL = CLI.root
        p.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
        let err = Pipe()
        p.standardError = err
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus, text)
    }

    @Test(arguments: [["--help"], ["--version"], ["--generate-completion-script", "bash"], ["review", "--help"]])
    func helpVersionAndCompletionToAFullOutputFail(_ arguments: [String]) throws {
        guard FileManager.default.isWritableFile(atPath: "/dev/full") else { return }
        let r = try Self.runToFullOutput(arguments)
        #expect(r.status == 74)
        #expect(r.stderr == "error: cannot write to standard output: No space left on device\n")
    }

    @Test func aClosedOrFullStandardErrorKeepsTheExitStatus() throws {
        for redirect in ["2>&-", "2>/dev/full"] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-c", "\"$0\" validate \(CLI.plan) --actuals no-such-folder \(redirect)", CLI.binary.path]
            p.currentDirectoryURL = CLI.root
            try p.run()
            p.waitUntilExit()
            #expect(p.terminationReason == .exit)
            #expect(p.terminationStatus == 1, "\(redirect)")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "\"$0\" digest \(CLI.plan) --actuals \(CLI.actuals) >&- 2>/dev/null", CLI.binary.path]
        p.currentDirectoryURL = CLI.root
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 74)
    }

    // MARK: The period

    @Test func theDefaultPeriodIsTheLastCompleteOne() throws {
        let r = try CLI.run(
            ["digest", CLI.plan, "--actuals", CLI.actuals], environment: ["TANDEM_TODAY": "2026-11-20"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("review of Oct 2026"))
        #expect(
            r.stderr.contains(
                "warning: Nov 2026 is not over yet (today is 2026-11-20): reviewing Oct 2026, the last complete period; give --period 2026-11 for a partial review"
            ), "\(r.stderr)")
        let partial = try CLI.run(
            ["digest", CLI.plan, "--actuals", CLI.actuals, "--period", "2026-11"],
            environment: ["TANDEM_TODAY": "2026-11-20"])
        #expect(partial.status == 0)
        // The output carries no wall-clock date: the same inputs give the same bytes tomorrow.
        #expect(partial.stdout.contains("Partial period: Nov 2026 is not over yet. "))
        #expect(!partial.stdout.contains("2026-11-20"))
        #expect(partial.stderr.contains("Nov 2026 is not over yet (today is 2026-11-20): a partial review"))
        let complete = try CLI.run(
            ["digest", CLI.plan, "--actuals", CLI.actuals], environment: ["TANDEM_TODAY": "2026-12-01"])
        #expect(complete.stdout.contains("review of Nov 2026"))
        #expect(!complete.stdout.contains("Partial period"))
        #expect(complete.stderr.isEmpty)
    }

    // MARK: A metric from both sources

    @Test func validateRefusesAMetricFromBothTheRecordsAndTheActualsAtItsLine() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let records = "Examples/Brightwell/records"
        try FileManager.default.copyItem(
            at: CLI.root.appendingPathComponent("\(records)/actuals"), to: dir.appendingPathComponent("a"))
        let extra = dir.appendingPathComponent("a/extra.csv")
        try Data("period,metric,value\n2026-08,mqls,500\n".utf8).write(to: extra)
        let message =
            "\(extra.path):2: error: metric 'mqls' comes from both the records and the actuals; drop it from one of them"
        for command in ["validate", "review"] {
            let r = try CLI.run(
                [
                    command, "\(records)/plan.yaml", "--records", records, "--actuals",
                    dir.appendingPathComponent("a").path,
                ]
                    + (command == "review" ? ["--out", dir.appendingPathComponent("out").path] : []))
            #expect(r.status == 1, "\(command)")
            #expect(r.stderr.contains(message), "\(command): \(r.stderr)")
        }
    }

    // MARK: A killed commit, then a run that fails on its input

    @Test func aRunFailingOnItsInputStillRollsBackAKilledCommit() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let variant = try OutputSafetyTests.variantActuals(in: dir)
        let out = dir.appendingPathComponent("out")
        #expect(try CLI.run(["review", CLI.plan, "--actuals", CLI.actuals, "--out", out.path]).status == 0)
        let before = try OutputSafetyTests.contents(out)
        let killed = try CLI.run(
            ["review", CLI.plan, "--actuals", variant, "--out", out.path],
            environment: ["TANDEM_TEST_CRASH_AT": "placed:tandem-2026-11.json"])
        #expect(killed.status == 99)
        #expect(try OutputSafetyTests.contents(out) != before)
        let failing = try CLI.run(["review", CLI.plan, "--actuals", "no-such-folder", "--out", out.path])
        #expect(failing.status == 1)
        #expect(try OutputSafetyTests.contents(out) == before)
    }

    @Test func aPlantedJournalIsRefusedAndNothingIsDeleted() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let victim = out.appendingPathComponent("notes.txt")
        try Data("mine".utf8).write(to: victim)
        try Data("tandem-journal 1\nstage .tandem-stage-\(String(repeating: "a", count: 32))\nfile notes.txt\n".utf8)
            .write(to: out.appendingPathComponent(".tandem-journal"))
        let r = try CLI.run(["review", CLI.plan, "--actuals", CLI.actuals, "--out", out.path])
        #expect(r.status == 74)
        #expect(r.stderr.hasPrefix("\(out.path)/.tandem-journal: error: cannot write: a damaged commit journal"))
        #expect(try String(contentsOf: victim, encoding: .utf8) == "mine")
    }
}

/// The library in a host process of its own: the example program, a file-size limit, and a host
/// that logs to standard error while workbooks are written.
@Suite struct EmbeddingTests {
    static func binary(_ name: String) -> URL { CLI.binary.deletingLastPathComponent().appendingPathComponent(name) }

    static func run(_ binary: URL, _ arguments: [String]) throws -> CLI.Result {
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        p.currentDirectoryURL = CLI.root
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLI.Result(
            status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self))
    }

    @Test func theEmbeddingExampleWritesTheSameReportsAsTheCLI() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let reports = CLI.root.appendingPathComponent("Reports")
        try FileManager.default.copyItem(
            at: reports.appendingPathComponent("tandem-2026-10.json"),
            to: dir.appendingPathComponent("tandem-2026-10.json"))
        let r = try Self.run(Self.binary("tandem-embed-example"), [CLI.plan, CLI.actuals, dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("wrote \(dir.appendingPathComponent("tandem-2026-11.xlsx").path)"))
        for ext in ["txt", "md", "json", "csv"] {
            let name = "tandem-2026-11.\(ext)"
            #expect(
                try Data(contentsOf: dir.appendingPathComponent(name))
                    == Data(contentsOf: reports.appendingPathComponent(name)),
                "\(name)")
        }
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("tandem-2026-11.xlsx").path))
    }

    @Test func jsonUnderAFileSizeLimitFailsCleanlyAndKeepsTheEarlierFile() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Self.run(Self.binary("tandem-embed-probe"), ["json-under-limit", CLI.plan, CLI.actuals, dir.path])
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        #expect(r.stdout == "cannotWrite: \(dir.path)/review.json: error: cannot write: File too large\n")
        let kept = try Data(contentsOf: dir.appendingPathComponent("review.json"))
        #expect(kept.count > 4096)
        #expect((try? JSONSerialization.jsonObject(with: kept)) != nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["review.json"])
    }

    @Test func aHostLoggingFromAnotherThreadWhileWorkbooksAreWrittenLosesNoLine() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Self.run(Self.binary("tandem-embed-probe"), ["log-while-writing", CLI.plan, CLI.actuals, dir.path])
        #expect(r.status == 0, "\(r.stderr.suffix(300))")
        let lines = r.stderr.split(separator: "\n").filter { $0.hasPrefix("host log line ") }
        #expect(lines.count == 2_000)
        #expect(lines == (0..<2_000).map { "host log line \($0)" }[...].map { Substring($0) })
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("book-0.xlsx").path))
    }
}
