import Foundation
import Yams

/// Loads the decision log (`decisions.yaml`) and checks every entry, collecting every problem with
/// its line and column like ``PlanLoader``. Given the plan, owners, tactics, actions, problem
/// subjects and periods are checked against it too.
///
/// ```swift
/// let log = try DecisionLogLoader(plan: plan).load(contentsOf: URL(fileURLWithPath: "decisions.yaml"))
/// ```
public struct DecisionLogLoader: Sendable {
    /// The plan the decisions refer to; `nil` checks the file's shape only.
    public var plan: Plan?
    /// Larger files are refused before they are parsed.
    public var maxInputBytes: Int = 8 << 20

    /// A loader checking entries against `plan`, or only the file's shape when `plan` is `nil`.
    public init(plan: Plan? = nil) { self.plan = plan }

    /// Reads and checks the decision log at `url`.
    /// - Throws: ``InputError`` listing every problem, each with file, line and column.
    public func load(contentsOf url: URL) throws(InputError) -> DecisionLog {
        let text = try readInputText(url, limit: maxInputBytes, what: "decision log")
        return try load(text: text, file: url.relativePath)
    }

    /// Parses and checks decision-log text; `file` names it in messages.
    /// - Throws: ``InputError`` listing every problem.
    public func load(text: String, file: String = "decisions.yaml") throws(InputError) -> DecisionLog {
        try parse(text: text, file: file).log
    }

    /// The log and the parsed tree (for appending in place).
    func parse(text: String, file: String) throws(InputError) -> (log: DecisionLog, root: Node) {
        if text.utf8.count > maxInputBytes {
            throw InputError([
                Diagnostic(
                    code: .tooLarge,
                    message: "decision log is \(text.utf8.count) bytes, over the \(maxInputBytes)-byte limit",
                    file: file)
            ])
        }
        let lines = sourceLines(of: text)
        guard let root = try composeYAML(text, file: file, lines: lines) else {
            throw InputError([
                Diagnostic(
                    code: .missingField, message: "decision log is empty (it needs at least 'tandem: 1')", file: file)
            ])
        }
        let decoder = PlanNodeDecoder(file: file, lines: lines)
        let log = decoder.decodeDecisionLog(root, plan: plan)
        let errors = decoder.diagnostics.filter { $0.severity == .error }
        if let log, errors.isEmpty { return (log, root) }
        throw InputError(decoder.diagnostics)
    }
}

extension PlanNodeDecoder {
    /// The problem kinds a decision may refer to, as the agenda names them.
    static let problemKinds = ProblemID.kinds.map(\.rawValue)

    func decodeDecisionLog(_ root: Node, plan: Plan?) -> DecisionLog? {
        guard
            let top = fields(
                root, "", what: "the decision log", allowed: ["tandem", "decisions"], required: ["tandem"])
        else { return nil }
        if let node = top.value("tandem"), let version = integer(top, "tandem"), version != DecisionLog.schemaVersion {
            report(
                .unsupportedVersion,
                "decision log schema version \(version) is not supported; this Tandem reads version \(DecisionLog.schemaVersion)",
                at: node.mark, field: "tandem")
        }
        let known = plan.map(KnownIDs.init)
        let decisions = list(top.value("decisions"), "decisions", what: "decisions").enumerated().compactMap {
            decision($1, "decisions[\($0)]", plan: plan, known: known)
        }
        return DecisionLog(decisions: decisions)
    }

    /// The plan's ids, gathered once so checking a long log stays linear.
    struct KnownIDs {
        var teams: [String]
        var tactics: [String]
        var rules: [String]
        var stages: [String]
        var transitions: [String]
        var slas: [String]
        var keyResults: [String]
        var objectives: [String]
        var metrics: [String]
        var sets: [String: Set<String>]

        init(_ plan: Plan) {
            teams = plan.teams.map(\.id.rawValue)
            tactics = plan.tactics.map(\.id.rawValue)
            rules = Review.builtInRules.map(\.id.rawValue) + plan.rules.map(\.id.rawValue)
            stages = plan.funnel?.stages.map(\.id.rawValue) ?? []
            transitions = zip(stages, stages.dropFirst()).map { "\($0)>\($1)" }
            slas = plan.slas.map(\.id.rawValue)
            keyResults = plan.keyResults.map(\.id.rawValue)
            objectives = plan.objectives.map(\.id.rawValue)
            metrics = plan.metrics.map(\.id.rawValue)
            sets = [
                "teams": Set(teams), "tactics": Set(tactics), "rules": Set(rules), "stages": Set(stages),
                "transitions": Set(transitions), "slas": Set(slas), "keyResults": Set(keyResults),
                "objectives": Set(objectives), "metrics": Set(metrics),
            ]
        }

        func has(_ set: String, _ id: String) -> Bool { sets[set]?.contains(id) ?? false }
    }

    func decision(_ node: Node, _ path: String, plan: Plan?, known: KnownIDs?) -> Decision? {
        let keys = ["period", "problem", "decision", "action", "owner", "due", "done", "note", "tactics"]
        guard
            let f = fields(
                node, path, what: "a decision", allowed: keys, required: ["period", "problem", "decision", "owner"]),
            let period = period(f, "period"),
            let problemText = string(f, "problem", required: true),
            let verdict = choice(f, "decision", Decision.Verdict.allCases.map { ($0.rawValue, $0) }),
            let owner = string(f, "owner", required: true)
        else { return nil }
        guard let problem = ProblemID(parsing: problemText) else {
            report(
                .invalidValue,
                "expected a problem id like 'transition:mqls>sqls' (kinds: \(PlanNodeDecoder.problemKinds.joined(separator: ", "))) for 'problem', found '\(problemText.prefix(60))'",
                at: f.value("problem")?.mark ?? f.node.mark, field: f.sub("problem"))
            return nil
        }
        let due = dueDate(f, "due")
        let done = dueDate(f, "done")
        let decision = Decision(
            period: period, problem: problem, verdict: verdict, action: string(f, "action").map { RuleID($0) },
            owner: TeamID(owner), due: due, done: done, note: string(f, "note"),
            tactics: (ids(f, "tactics") ?? []).map { TacticID($0) })
        check(decision, f, plan: plan, known: known)
        return decision
    }

    func dueDate(_ f: Fields, _ key: String) -> DueDate? {
        guard let node = f.value(key) else { return nil }
        guard case .scalar(let scalar) = node,
            let due = DueDate(parsing: scalar.string.trimmingCharacters(in: .whitespaces))
        else {
            report(
                .invalidValue,
                "expected a period like 2026-12 or a day like 2026-12-15 for '\(key)', found \(describe(node))",
                at: node.mark, field: f.sub(key))
            return nil
        }
        return due
    }

    /// Checks one decision's problem id, dates and references.
    func check(_ d: Decision, _ f: Fields, plan: Plan?, known: KnownIDs?) {
        func fail(_ key: String, _ code: Diagnostic.Code, _ message: String) {
            report(code, message, at: f.value(key)?.mark ?? f.node.mark, field: f.sub(key))
        }
        if let due = d.due, due.period(as: d.period.kind) < d.period {
            fail("due", .invalidValue, "due \(due) is before the meeting's period \(d.period)")
        }
        if let done = d.done, done.period(as: d.period.kind) < d.period {
            fail("done", .invalidValue, "done \(done) is before the meeting's period \(d.period)")
        }
        if d.verdict != .accepted, d.done != nil {
            fail("done", .invalidValue, "only an accepted decision can be done; this one is \(d.verdict.rawValue)")
        }
        guard let plan, let known else { return }
        if !plan.cycle.contains(d.period) {
            fail(
                "period", .outsideCycle, "period \(d.period) is outside the cycle \(plan.cycle.start)…\(plan.cycle.end)"
            )
        }
        if !known.has("teams", d.owner.rawValue) {
            fail(
                "owner", .unknownReference,
                "unknown team '\(d.owner)'\(suggestion(d.owner.rawValue, among: known.teams))")
        }
        let tactics = known.tactics
        for (i, t) in d.tactics.enumerated() where !known.has("tactics", t.rawValue) {
            report(
                .unknownReference, "unknown tactic '\(t)'\(suggestion(t.rawValue, among: tactics))",
                at: (f.value("tactics").flatMap { node -> Node? in
                    if case .sequence(let s) = node, i < s.count { return s[i] }
                    return node
                })?.mark, field: "\(f.sub("tactics"))[\(i)]")
        }
        if let action = d.action {
            let rules = known.rules
            if !known.has("rules", action.rawValue) {
                fail(
                    "action", .unknownReference, "unknown rule '\(action)'\(suggestion(action.rawValue, among: rules))")
            }
        }
        let subject = d.problem.subject
        switch d.problem.kind.rawValue {
        case "transition" where !known.has("transitions", subject):
            fail(
                "problem", .unknownReference,
                "unknown transition '\(subject)'\(suggestion(subject, among: known.transitions))")
        case "stage_volume" where !known.has("stages", subject):
            fail(
                "problem", .unknownReference,
                "unknown funnel stage '\(subject)'\(suggestion(subject, among: known.stages))")
        case "sla" where !known.has("slas", subject):
            fail("problem", .unknownReference, "unknown SLA '\(subject)'\(suggestion(subject, among: known.slas))")
        case "key_result" where !known.has("keyResults", subject):
            fail(
                "problem", .unknownReference,
                "unknown key result '\(subject)'\(suggestion(subject, among: known.keyResults))")
        case "plan":
            if let message = planProblemMessage(subject, known) { fail("problem", .unknownReference, message) }
        case "forecast_risk" where subject != "pushed_deals":
            fail("problem", .unknownReference, "unknown forecast risk '\(subject)' (known: pushed_deals)")
        default:
            break
        }
    }

    /// The plan problems a review can put on the agenda (`plan:<what>[:<subject>]`): what each
    /// `what` names, and the plan's ids it may be about (`nil`: no subject).
    static let planProblems: [(what: String, subjects: [String]?)] = [
        ("arithmetic", ["keyResults"]), ("content", ["stages"]), ("data", ["metrics"]),
        ("owner", ["metrics"]), ("ownership", ["objectives"]), ("revenue", nil), ("rule", ["rules"]),
    ]

    /// Why `plan:<rest>` is not a problem id the plan can produce, or `nil` when it is.
    func planProblemMessage(_ rest: String, _ known: KnownIDs) -> String? {
        let parts = rest.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let whats = Self.planProblems.map(\.what)
        guard let kind = Self.planProblems.first(where: { $0.what == parts[0] }) else {
            return
                "unknown plan problem 'plan:\(rest)'\(suggestion("plan:\(parts[0])", among: whats.map { "plan:\($0)" }))"
        }
        guard let sets = kind.subjects else {
            return parts.count == 1 ? nil : "plan problem 'plan:\(kind.what)' has no subject; found 'plan:\(rest)'"
        }
        let subject = parts.count == 2 ? parts[1] : ""
        if sets.contains(where: { known.has($0, subject) }) { return nil }
        let ids = sets.flatMap { set -> [String] in
            switch set {
            case "keyResults": known.keyResults
            case "stages": known.stages
            case "metrics": known.metrics
            case "objectives": known.objectives
            case "rules": known.rules
            default: []
            }
        }
        return
            "unknown plan problem 'plan:\(rest)'\(suggestion("plan:\(rest)", among: ids.map { "plan:\(kind.what):\($0)" }))"
    }
}
