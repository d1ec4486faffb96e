import Foundation
import TandemTestSupport
import Testing

/// Runs the built `tandem` binary.
struct CLI {
    static let root = Repository.root

    /// The binary beside the test bundle, where SwiftPM builds it.
    static let binary: URL = {
        var candidates: [URL] = []
        if let first = CommandLine.arguments.first {
            var dir = URL(fileURLWithPath: first).deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(dir.appendingPathComponent("tandem"))
                dir.deleteLastPathComponent()
            }
        }
        candidates.append(root.appendingPathComponent(".build/debug/tandem"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], in directory: URL = root, environment: [String: String] = [:]) throws
        -> Result
    {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL { try Repository.temporaryDirectory("tandem-cli") }

    static let plan = "Examples/Brightwell/plan.yaml"
    static let actuals = "Examples/Brightwell/actuals"
    /// The formats and mail options `make report` passes (FORMATS, RECORDS_MAIL in the Makefile).
    static let reportFormats = "xlsx,txt,md,json,csv,html,eml"
    static let recordsMail = [
        "--mail-from", "Brightwell RevOps <revops@brightwell.example>", "--mail-to",
        "Marketing leads <marketing-leads@brightwell.example>", "--mail-to", "sales-leads@brightwell.example",
    ]
}

@Suite(.serialized) struct CLITests {
    @Test func versionAndHelp() throws {
        #expect(try CLI.run(["--version"]).stdout == "0.1.0\n")
        let help = try CLI.run(["review", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("tandem review plan.yaml --actuals exports/"))
        for command in ["validate", "digest", "plan", "decide", "init"] {
            #expect(try CLI.run([command, "--help"]).stdout.contains("Examples:"), "\(command)")
        }
    }

    @Test func validateTheExample() throws {
        let r = try CLI.run(["validate", CLI.plan, "--actuals", CLI.actuals])
        #expect(r.status == 0)
        #expect(
            r.stdout
                == "Examples/Brightwell/plan.yaml: ok: 3 objectives, 11 key results, 14 metrics; 75 observations in 5 periods; 5 decisions in Examples/Brightwell/decisions.yaml\n"
        )
    }

    @Test func validateReportsEveryProblemWithACaret() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = """
            tandem: 1
            name: Bad
            cycle: {start: 2026-07, end: 2026-12}
            teams: [{id: sales}]
            metrics:
              - {id: mqls, owner: salse}
              - {id: sqls, owner: sales, unit: counts}

            """
        try plan.write(to: dir.appendingPathComponent("plan.yaml"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["validate", "plan.yaml"], in: dir)
        #expect(r.status == 1)
        #expect(
            r.stderr == """
                plan.yaml:7:36: error: expected one of count, currency, percent, hours, days, ratio for 'unit', found 'counts'
                  - {id: sqls, owner: sales, unit: counts}
                                                   ^
                1 error

                """)
        try plan.replacingOccurrences(of: "counts", with: "count").write(
            to: dir.appendingPathComponent("plan.yaml"), atomically: true, encoding: .utf8)
        let second = try CLI.run(["validate", "plan.yaml"], in: dir)
        #expect(second.status == 1)
        #expect(
            second.stderr.hasPrefix(
                "plan.yaml:6:23: error: unknown team 'salse'; did you mean 'sales'? (known: sales)\n"))
    }

    @Test func badActualsExitOneWithTheirLocation() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "period,metric,value\n2026-07,mqls,12x\n".write(
            to: dir.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run([
            "review", CLI.plan, "--actuals", dir.appendingPathComponent("a.csv").path, "--out", dir.path,
        ])
        #expect(r.status == 1)
        #expect(
            r.stderr.contains(
                "a.csv:2:14: error: expected a number in 'value' (metric 'mqls', unit count), found '12x'\n2026-07,mqls,12x\n             ^\n1 error\n"
            ))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["a.csv"])
    }

    @Test(arguments: [
        (["review"], "Error: Missing expected argument '<plan>'"),
        (
            ["review", "Examples/Brightwell/plan.yaml", "--actuals", "Examples/Brightwell/actuals", "--format", "pdf"],
            "The value 'pdf' is invalid for '--format <formats>'. Please provide one of the following:\n  - xlsx\n  - txt\n  - md\n  - json\n  - csv\n  - html\n  - eml"
        ),
        (["review", "Examples/Brightwell/plan.yaml"], "give at least one --actuals or --records file or folder"),
        (
            ["review", "Examples/Brightwell/plan.yaml", "--actuals", "x", "--period", "November"],
            "--period must look like 2026-11"
        ),
        (
            ["validate", "Examples/Brightwell/plan.yaml", "--delimiter", "x"],
            "The value 'x' is invalid for '--delimiter <delimiter>'. Please provide one of ',', ';', '|' or 'tab'."
        ),
        (
            ["validate", "Examples/Brightwell/plan.yaml", "--decimal-comma", "--delimiter", ","],
            "--decimal-comma cannot go with"
        ),
    ])
    func usageErrorsExitSixtyFour(_ arguments: [String], _ message: String) throws {
        let r = try CLI.run(arguments)
        #expect(r.status == 64)
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }

    @Test func decimalCommaExportsDefaultToSemicolons() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "period;metric;value\n2026-07;speed_to_lead;2,5\n2026-07;new_arr;$1.234,50\n".write(
            to: dir.appendingPathComponent("eu.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run([
            "validate", CLI.plan, "--actuals", dir.appendingPathComponent("eu.csv").path, "--decimal-comma",
            "--thousands", ".",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasSuffix("; 2 observations in 1 period; 5 decisions in Examples/Brightwell/decisions.yaml\n"))
    }

    @Test func reviewWritesEveryFormatWithoutColourInPipes() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["review", CLI.plan, "--actuals", CLI.actuals, "--out", dir.path])
        #expect(r.status == 0)
        #expect(!r.stdout.contains("\u{1B}["))
        #expect(r.stderr.isEmpty)  // progress goes to a terminal only, never into a pipe
        #expect(r.stdout.hasPrefix("Brightwell FY2026 H2 shared plan — Nov 2026: at risk\n"))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(
            files == [
                "tandem-2026-11.csv", "tandem-2026-11.json", "tandem-2026-11.md", "tandem-2026-11.txt",
                "tandem-2026-11.xlsx",
            ])
        let noColor = try CLI.run(
            ["review", CLI.plan, "--actuals", CLI.actuals, "--out", dir.path, "--format", "txt"],
            environment: ["NO_COLOR": "1"])
        #expect(noColor.status == 0)
        #expect(!noColor.stdout.contains("\u{1B}["))
    }

    @Test func allOrNothingWhenOneOutputCannotBeWritten() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(
            try CLI.run(["review", CLI.plan, "--actuals", CLI.actuals, "--out", dir.path, "--period", "2026-10"]).status
                == 0)
        let names = ["tandem-2026-10.csv", "tandem-2026-10.json", "tandem-2026-10.txt", "tandem-2026-10.xlsx"]
        let before = try names.map { try Data(contentsOf: dir.appendingPathComponent($0)) }
        // The Markdown digest's place is taken by a folder: that one rename must fail.
        let blocker = dir.appendingPathComponent("tandem-2026-10.md")
        try FileManager.default.removeItem(at: blocker)
        try FileManager.default.createDirectory(
            at: blocker.appendingPathComponent("keep"), withIntermediateDirectories: true)
        let r = try CLI.run([
            "review", CLI.plan, "--actuals", CLI.actuals, "--out", dir.path, "--period", "2026-10", "--format",
            "md,txt,json",
        ])
        #expect(r.status == 74)
        #expect(r.stderr.contains("tandem-2026-10.md: error: cannot write: Is a directory"))
        #expect(try names.map { try Data(contentsOf: dir.appendingPathComponent($0)) } == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test func unwritableOutputFolderNamesThePathAndReason() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        let r = try CLI.run([
            "review", CLI.plan, "--actuals", CLI.actuals, "--out", file.appendingPathComponent("sub").path,
        ])
        #expect(r.status == 74)
        #expect(r.stderr.contains("file/sub: error: cannot write: "))
        #expect(try Data(contentsOf: file) == Data("x".utf8))
    }

    static let canMount: Bool = {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/bin/mount") else { return false }
        return true
    }()

    @Test(.enabled(if: canMount, "needs root to mount a tiny tmpfs"))
    func fullDiskLeavesEarlierReportsIntact() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=48k", "tmpfs", dir.path]
        try mount.run()
        mount.waitUntilExit()
        try #require(mount.terminationStatus == 0, "mount failed")
        defer {
            let umount = Process()
            umount.executableURL = URL(fileURLWithPath: "/bin/umount")
            umount.arguments = [dir.path]
            try? umount.run()
            umount.waitUntilExit()
        }
        #expect(
            try CLI.run(["review", CLI.plan, "--actuals", CLI.actuals, "--out", dir.path, "--format", "txt,csv"]).status
                == 0)
        let before = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().map {
            ($0, try Data(contentsOf: dir.appendingPathComponent($0)))
        }
        let r = try CLI.run(["review", CLI.plan, "--actuals", CLI.actuals, "--out", dir.path])
        #expect(r.status == 74)
        #expect(r.stderr.contains("error: "))
        let after = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().map {
            ($0, try Data(contentsOf: dir.appendingPathComponent($0)))
        }
        #expect(after.map(\.0) == before.map(\.0))
        #expect(after.map(\.1) == before.map(\.1))
    }

    @Test func digestPlanAndInit() throws {
        let digest = try CLI.run(["digest", CLI.plan, "--actuals", CLI.actuals, "--period", "2026-11", "--ascii"])
        #expect(digest.status == 0)
        #expect(digest.stdout.hasPrefix("Brightwell FY2026 H2 shared plan - review of Nov 2026\n"))
        #expect(digest.stdout.unicodeScalars.allSatisfy { $0.isASCII })
        let markdown = try CLI.run(["digest", CLI.plan, "--actuals", CLI.actuals, "--markdown"])
        #expect(markdown.stdout.hasPrefix("# Brightwell FY2026 H2 shared plan — review of Nov 2026\n"))
        let plan = try CLI.run(["plan", CLI.plan])
        #expect(plan.status == 0)
        #expect(plan.stdout.contains("Leads               11,667       1,944  30.0 % planned"))
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try CLI.run(["init", dir.path]).status == 0)
        let validate = try CLI.run(["validate", "plan.yaml", "--actuals", "actuals"], in: dir)
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(
            validate.stdout
                == "plan.yaml: ok: 2 objectives, 4 key results, 7 metrics; 6 observations in 1 period; 0 decisions in decisions.yaml\n"
        )
        let again = try CLI.run(["init", dir.path])
        #expect(again.status == 1)
        #expect(again.stderr.hasSuffix("plan.yaml: error: already exists; tandem init never overwrites a file\n"))
    }

    @Test func decideAppendsKeepingCommentsAndTheNextReviewFollowsUp() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let example = CLI.root.appendingPathComponent("Examples/Brightwell")
        for name in ["plan.yaml", "decisions.yaml"] {
            try FileManager.default.copyItem(
                at: example.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        let original = try String(contentsOf: dir.appendingPathComponent("decisions.yaml"), encoding: .utf8)
        let r = try CLI.run(
            [
                "decide", "2026-11", "transition:mqls>sqls", "--accept", "--owner", "marketing", "--due", "2026-12-15",
                "--note", "raise score threshold to 65", "--action", "lead-quality",
            ], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "appended to decisions.yaml: 2026-11 transition:mqls>sqls accepted\n")
        let updated = try String(contentsOf: dir.appendingPathComponent("decisions.yaml"), encoding: .utf8)
        #expect(updated.hasPrefix(original))
        #expect(
            updated.dropFirst(original.count)
                == "  - period: 2026-11\n    problem: \"transition:mqls>sqls\"\n    decision: accepted\n    action: lead-quality\n    owner: marketing\n    due: 2026-12-15\n    note: \"raise score threshold to 65\"\n"
        )
        // A bad entry changes nothing.
        let bad = try CLI.run(["decide", "2026-11", "sla:sla-sped", "--defer", "--owner", "sales"], in: dir)
        #expect(bad.status == 1)
        #expect(
            bad.stderr
                == "decisions.yaml: error: new entry: unknown SLA 'sla-sped'; did you mean 'sla-speed'? (known: sla-follow-up, sla-mql-volume, sla-speed)\n1 error\n"
        )
        #expect(try String(contentsOf: dir.appendingPathComponent("decisions.yaml"), encoding: .utf8) == updated)
        // The December review follows up on it; --previous names the November review.
        let out = dir.appendingPathComponent("out")
        let november = try CLI.run([
            "review", dir.appendingPathComponent("plan.yaml").path, "--actuals",
            CLI.root.appendingPathComponent(CLI.actuals).path,
            "--out", out.path, "--format", "json",
        ])
        #expect(november.status == 0, "\(november.stderr)")
        let december = try CLI.run([
            "digest", dir.appendingPathComponent("plan.yaml").path, "--actuals",
            CLI.root.appendingPathComponent(CLI.actuals).path, "--period", "2026-12", "--previous",
            out.appendingPathComponent("tandem-2026-11.json").path,
        ])
        // No December actuals: the period is still reviewable as of December.
        #expect(december.status == 0, "\(december.stderr)")
        let words = december.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(
            words.contains(
                "DUE: MQLs→SQLs converts below plan [transition:mqls>sqls], accepted in Nov 2026 (Marketing, due 2026-12-15)"
            ))
        let missing = try CLI.run([
            "digest", CLI.plan, "--actuals", CLI.actuals, "--previous", dir.appendingPathComponent("nope.json").path,
        ])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("nope.json: error: cannot read previous review: "))
    }

    /// Reports/ is regenerated byte for byte by the command `make report` runs.
    @Test func reportsAreFresh() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let october = try CLI.run([
            "review", CLI.plan, "--actuals", "Examples/Brightwell/exports/2026-10", "--period", "2026-10",
            "--every-period", "--out", dir.path, "--format", CLI.reportFormats,
        ])
        #expect(october.status == 0, "\(october.stderr)")
        let r = try CLI.run([
            "review", CLI.plan, "--actuals", CLI.actuals, "--out", dir.path, "--format", CLI.reportFormats,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let committed = CLI.root.appendingPathComponent("Reports")
        // Only tandem's files: the screenshots beside them come from Chromium (`make screenshots`).
        let expected = try FileManager.default.contentsOfDirectory(atPath: committed.path).filter {
            $0.hasPrefix("tandem-")
        }.sorted()
        let generated = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(generated == expected, "run `make report` and commit Reports/")
        for name in generated {
            let same =
                try Data(contentsOf: dir.appendingPathComponent(name))
                == Data(contentsOf: committed.appendingPathComponent(name))
            #expect(same, "Reports/\(name) is stale: run `make report` and commit it")
        }
    }
}

extension CLITests {
    /// The second gallery: Brightwell reviewed from its CRM records.
    @Test func recordsReportsAreFresh() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let example = "Examples/Brightwell/records"
        let r = try CLI.run(
            [
                "review", "\(example)/plan.yaml", "--records", example, "--actuals", "\(example)/actuals",
                "--every-period",
                "--out", dir.path, "--format", CLI.reportFormats,
            ] + CLI.recordsMail)
        #expect(r.status == 0)
        let committed = CLI.root.appendingPathComponent("Reports/records")
        let expected = try FileManager.default.contentsOfDirectory(atPath: committed.path).sorted()
        let generated = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(generated == expected, "run `make report` and commit Reports/records/")
        for name in generated {
            let same =
                try Data(contentsOf: dir.appendingPathComponent(name))
                == Data(contentsOf: committed.appendingPathComponent(name))
            #expect(same, "Reports/records/\(name) is stale: run `make report` and commit it")
        }
        let digest = try String(contentsOf: committed.appendingPathComponent("tandem-2026-11.txt"), encoding: .utf8)
        #expect(digest.contains("DATA QUALITY"))
        #expect(digest.contains("• BREACHED: Sales → Marketing: Sales follows up 90 % of MQLs within 4 hours (≥"))
        #expect(digest.contains("  Nov: 33.2 %, margin −56.8 pts; cycle to date: 69.7 %, margin −20.3 pts"))
    }
}

/// The inputs' fingerprint on the workbook's About sheet: SHA-256 over the plan, the actuals
/// files in order and the decision log, exactly as `cat … | sha256sum` gives it.
@Suite struct FingerprintTests {
    @Test func theWorkbookRecordsTheInputsSHA256() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run([
            "review", CLI.plan, "--actuals", CLI.actuals, "--period", "2026-11", "--format", "xlsx", "--out", dir.path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let inputs = [
            CLI.plan, "\(CLI.actuals)/crm-export.csv", "\(CLI.actuals)/marketing-automation.csv",
            "Examples/Brightwell/decisions.yaml",
        ]
        let expected = try Self.shell("cat \(inputs.joined(separator: " ")) | sha256sum").prefix(64)
        let book = dir.appendingPathComponent("tandem-2026-11.xlsx").path
        let strings = try Self.shell(
            "python3 -c 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(\"xl/sharedStrings.xml\").decode())' \(book)"
        )
        #expect(expected.count == 64)
        #expect(strings.contains("<t>\(expected)</t>"))
    }

    static func shell(_ command: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = CLI.root
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
