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
            replaced atomically under a lock on its folder, so parallel runs each add their entry; a \
            log that does not exist yet is created. A log that is a symbolic link is followed: the \
            entry goes into the file it points at, and the link stays. The log keeps its permissions; \
            a read-only log (or one you may not write) is refused, never made writable. The next \
            review follows up on the decision ("Since last review").

            PERIOD is the period of the review the meeting discussed; PROBLEM is the problem's id on \
            that review's agenda: transition:mqls>sqls, stage_volume:leads, sla:sla-speed, \
            key_result:kr-won or plan:content:opportunities. With a plan, the id must be one the plan \
            can produce (a typo is refused with the known ids).

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

    @Option(help: ArgumentHelp("The decision log.", valueName: "file"), completion: .file(extensions: ["yaml", "yml"]))
    var decisions: String = "decisions.yaml"

    @Option(
        help: ArgumentHelp(
            "The plan to check against (default: plan.yaml beside the log, when present).", valueName: "file"),
        completion: .file(extensions: ["yaml", "yml", "json"]))
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
        // Ids are short, plain text; a note is a sentence or two, not a file.
        let ids =
            [("PROBLEM", problem), ("--owner", owner)] + [action].compactMap { $0.map { ("--action", $0) } }
            + tactics.map { ("--tactic", $0) }
        for (name, value) in ids {
            if value.count > 200 {
                throw ValidationError("\(name) is \(value.count) characters long; an id has at most 200")
            }
            if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                throw ValidationError("\(name) contains a control character; an id is plain text")
            }
        }
        if let note, note.count > 4_000 {
            throw ValidationError("--note is \(note.count) characters long; a note has at most 4,000")
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
            let entry = Decision(
                period: Period(parsing: period)!, problem: ProblemID(parsing: problem)!, verdict: decision.value,
                action: action.map { RuleID($0) }, owner: TeamID(owner), due: due.flatMap { DueDate(parsing: $0) },
                done: done.flatMap { DueDate(parsing: $0) }, note: note, tactics: tactics.map { TacticID($0) })
            let loader = DecisionLogLoader(plan: loadedPlan)
            let outcome: (url: URL, existed: Bool)
            do {
                // Read, append and replace under a lock on the log's folder: parallel runs each land.
                outcome = try DecisionLogFile.append(entry, to: url, loader: loader)
            } catch let error as OutputError {
                StandardError.write("\(error)")
                throw ExitCode(74)
            }
            let isLink = (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) != nil
            let through = isLink ? " (a link: written to \(outcome.url.path))" : ""
            StandardOutput.write(
                "\(outcome.existed ? "appended to" : "created") \(url.relativePath)\(through): \(period) \(problem) \(decision.value.rawValue)"
            )
        } catch let error as InputError {
            throw reportInvalidInput(error)
        }
    }
}

/// The decision log file as `tandem decide` changes it.
enum DecisionLogFile {
    /// Appends `entry` to the log at `url` (created from the starter text when missing) under the
    /// folder's lock; returns the file written and whether it existed.
    /// - Throws: ``OutputError`` for the file, ``InputError`` for the log's content or the entry.
    static func append(_ entry: Decision, to url: URL, loader: DecisionLogLoader) throws -> (url: URL, existed: Bool) {
        try AtomicFile.update(url, maxBytes: loader.maxInputBytes) { text throws -> String in
            try loader.appending(entry, to: text ?? StarterFiles.decisions, file: url.relativePath)
        }
    }
}
