import ArgumentParser
import Foundation
import Tandem

struct DecideCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Record a meeting's decision on a review problem in the decision log.",
        discussion: """
            Appends one entry to the decision log, keeping its comments, blank lines and order. The \
            log is checked before and after (against the plan beside it when there is one) and \
            replaced atomically; a log that does not exist yet is created. The next review follows \
            up on the decision ("Since last review").

            PERIOD is the period of the review the meeting discussed; PROBLEM is the problem's id on \
            that review's agenda: transition:mqls>sqls, stage_volume:leads, sla:sla-speed, \
            key_result:kr-won or plan:content:opportunities.

            Examples:
              tandem decide 2026-11 'transition:mqls>sqls' --accept --owner marketing --due 2026-12-15 \\
                --note "raise score threshold to 65" --action lead-quality
              tandem decide 2026-11 plan:content:opportunities --defer --owner marketing --due 2027-01
            """
    )

    @Argument(help: "The period of the review the meeting discussed, e.g. 2026-11.")
    var period: String

    @Argument(help: "The problem's id on the agenda, e.g. transition:mqls>sqls.")
    var problem: String

    @Flag(help: "The meeting's decision.")
    var decision: Verdict

    @Option(help: "The team that answers for it.")
    var owner: String

    @Option(help: "Due by this period or day: 2026-12 or 2026-12-15.")
    var due: String?

    @Option(help: "Done on this period or day (for an accepted decision already completed).")
    var done: String?

    @Option(help: "A short note: what exactly was decided.")
    var note: String?

    @Option(help: "The playbook rule whose action was chosen, e.g. lead-quality.")
    var action: String?

    @Option(name: .customLong("tactic"), help: "A tactic of the plan the decision started (repeatable).")
    var tactics: [String] = []

    @Option(help: ArgumentHelp("The decision log.", valueName: "file"))
    var decisions: String = "decisions.yaml"

    @Option(
        help: ArgumentHelp(
            "The plan to check against (default: plan.yaml beside the log, when present).", valueName: "file"))
    var plan: String?

    enum Verdict: String, EnumerableFlag {
        case accept, decline, `defer`

        var value: Decision.Verdict {
            switch self {
            case .accept: .accepted
            case .decline: .declined
            case .defer: .deferred
            }
        }
    }

    func validate() throws {
        if Period(parsing: period) == nil {
            throw ValidationError("PERIOD must look like 2026-11 or 2026-Q4, not '\(period)'")
        }
        if ProblemID(parsing: problem) == nil {
            throw ValidationError(
                "PROBLEM must be a problem id like transition:mqls>sqls (kinds: \(ProblemID.kinds.map(\.rawValue).joined(separator: ", "))), not '\(problem)'"
            )
        }
        for (name, value) in [("--due", due), ("--done", done)] {
            if let value, DueDate(parsing: value) == nil {
                throw ValidationError("\(name) must look like 2026-12 or 2026-12-15, not '\(value)'")
            }
        }
    }

    func run() throws {
        let url = URL(fileURLWithPath: decisions)
        let planURL =
            plan.map { URL(fileURLWithPath: $0) }
            ?? url.deletingLastPathComponent().appendingPathComponent("plan.yaml")
        do {
            let loadedPlan: Plan? =
                plan != nil || FileManager.default.fileExists(atPath: planURL.path)
                ? try PlanLoader().load(contentsOf: planURL) : nil
            let exists = FileManager.default.fileExists(atPath: url.path)
            let text: String
            if exists {
                guard let data = FileManager.default.contents(atPath: url.path) else {
                    StandardError().write("\(url.relativePath): error: cannot read the decision log")
                    throw ExitCode(74)
                }
                text = String(decoding: data, as: UTF8.self)
            } else {
                text = StarterFiles.decisions
            }
            let entry = Decision(
                period: Period(parsing: period)!, problem: ProblemID(parsing: problem)!, verdict: decision.value,
                action: action.map { RuleID($0) }, owner: TeamID(owner), due: due.flatMap { DueDate(parsing: $0) },
                done: done.flatMap { DueDate(parsing: $0) }, note: note, tactics: tactics.map { TacticID($0) })
            let updated = try DecisionLogLoader(plan: loadedPlan).appending(entry, to: text, file: url.relativePath)
            var files = OutputFiles(directory: url.deletingLastPathComponent())
            do {
                try files.stage(url.lastPathComponent, bytes: Array(updated.utf8))
                _ = try files.commit()
            } catch {
                files.discard()
                StandardError().write("\(error)")
                throw ExitCode(74)
            }
            StandardOutput.write(
                "\(exists ? "appended to" : "created") \(url.relativePath): \(period) \(problem) \(decision.value.rawValue)"
            )
        } catch let error as InputError {
            throw reportInvalidInput(error)
        }
    }
}
