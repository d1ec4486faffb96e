/// A problem in a plan's content, located by its key path in the plan file's schema
/// (`objectives[0].key_results[2].metric`).
public struct PlanProblem: Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is, as a key path in the plan file's schema:
    /// `objectives[0].key_results[2].metric`.
    public var path: String
    /// What kind of problem it is.
    public var code: Diagnostic.Code
    /// What is wrong, e.g. `unknown metric 'sqls2'; did you mean 'sqls'?`.
    public var message: String
    /// An error makes ``Plan/validate()`` throw; a warning does not.
    public var severity: Diagnostic.Severity

    /// A problem at `path`; an error unless `severity` says otherwise.
    public init(path: String, code: Diagnostic.Code, message: String, severity: Diagnostic.Severity = .error) {
        self.path = path
        self.code = code
        self.message = message
        self.severity = severity
    }

    public var description: String { "\(path): \(severity.rawValue): \(message)" }
}

extension Plan {
    /// Checks every reference, id and number of the plan and returns all problems found, in plan
    /// order. An empty result means the plan can be reviewed.
    public func problems() -> [PlanProblem] {
        var out: [PlanProblem] = []
        func fail(_ path: String, _ code: Diagnostic.Code, _ message: String) {
            out.append(PlanProblem(path: path, code: code, message: message))
        }
        func checkID(_ id: String, _ path: String, _ kind: String, _ seen: inout Set<String>) {
            if !isValidIdentifier(id) {
                fail(
                    path, .invalidValue,
                    "\(kind) id '\(id)' must start with a letter and use only letters, digits, '_' and '-'")
            }
            if !seen.insert(id).inserted { fail(path, .duplicateID, "duplicate \(kind) id '\(id)'") }
        }
        let teamIDs = teams.map(\.id.rawValue)
        let metricIDs = metrics.map(\.id.rawValue)
        let teamSet = Set(teamIDs)
        let metricSet = Set(metricIDs)
        func checkTeam(_ id: TeamID, _ path: String) {
            if !teamSet.contains(id.rawValue) {
                fail(path, .unknownReference, "unknown team '\(id)'\(suggestion(id.rawValue, among: teamIDs))")
            }
        }
        func checkMetric(_ id: MetricID, _ path: String) {
            if !metricSet.contains(id.rawValue) {
                fail(path, .unknownReference, "unknown metric '\(id)'\(suggestion(id.rawValue, among: metricIDs))")
            }
        }
        func checkFinite(_ value: Double, _ path: String) -> Bool {
            if !value.isFinite { fail(path, .invalidNumber, "expected a finite number") }
            return value.isFinite
        }

        // Cycle and tolerance.
        if cycle.start.kind != cycle.end.kind {
            fail(
                "cycle.end", .invalidValue,
                "cycle start \(cycle.start) and end \(cycle.end) must be periods of one kind")
        } else if cycle.end < cycle.start {
            fail("cycle.end", .invalidValue, "cycle ends (\(cycle.end)) before it starts (\(cycle.start))")
        } else if cycle.count > 120 {
            fail("cycle.end", .invalidValue, "a cycle of \(cycle.count) periods is longer than the 120 allowed")
        }
        if !(0...1).contains(tolerance.onTrack) {
            fail("tolerance.on_track", .invalidValue, "on_track tolerance must be between 0% and 100%")
        }
        if !(0...1).contains(tolerance.atRisk) || tolerance.atRisk < tolerance.onTrack {
            fail("tolerance.at_risk", .invalidValue, "at_risk tolerance must be between on_track and 100%")
        }

        if !(1...120).contains(recentPeriods) {
            fail("review.recent_periods", .invalidValue, "recent_periods must be a whole number from 1 to 120")
        }

        // Teams.
        if teams.isEmpty { fail("teams", .missingField, "a plan needs at least one team") }
        var seenTeams = Set<String>()
        for (i, team) in teams.enumerated() { checkID(team.id.rawValue, "teams[\(i)].id", "team", &seenTeams) }

        // Metrics, with formula references and cycles.
        var seenMetrics = Set<String>()
        for (i, metric) in metrics.enumerated() {
            let path = "metrics[\(i)]"
            checkID(metric.id.rawValue, "\(path).id", "metric", &seenMetrics)
            if let owner = metric.owner { checkTeam(owner, "\(path).owner") }
            if let formula = metric.formula {
                for ref in formula.metrics where ref == metric.id {
                    fail("\(path).formula", .cycle, "formula of metric '\(metric.id)' refers to itself")
                }
                for ref in formula.metrics where ref != metric.id { checkMetric(ref, "\(path).formula") }
            }
        }
        let formulas = Dictionary(metrics.compactMap { m in m.formula.map { (m.id, $0.metrics) } }) { a, _ in a }
        for (i, metric) in metrics.enumerated() where metric.formula != nil {
            if let loop = formulaCycle(from: metric.id, formulas), loop.count > 2 {
                fail(
                    "metrics[\(i)].formula", .cycle,
                    "formulas refer to each other in a loop: \(loop.map(\.rawValue).joined(separator: " → "))")
            }
        }

        // Objectives and key results.
        var seenObjectives = Set<String>()
        var seenKeyResults = Set<String>()
        let objectiveIDs = objectives.map(\.id.rawValue)
        for (i, objective) in objectives.enumerated() {
            let path = "objectives[\(i)]"
            checkID(objective.id.rawValue, "\(path).id", "objective", &seenObjectives)
            if objective.owners.isEmpty {
                fail("\(path).owners", .missingField, "objective '\(objective.id)' has no owner team")
            }
            for (j, owner) in objective.owners.enumerated() { checkTeam(owner, "\(path).owners[\(j)]") }
            if let parent = objective.parent {
                if !objectiveIDs.contains(parent.rawValue) {
                    fail(
                        "\(path).parent", .unknownReference,
                        "unknown objective '\(parent)'\(suggestion(parent.rawValue, among: objectiveIDs))")
                } else if parentCycle(from: objective.id) {
                    fail("\(path).parent", .cycle, "objective '\(objective.id)' is its own ancestor through 'parent'")
                }
            }
            for (j, kr) in objective.keyResults.enumerated() {
                let kp = "\(path).key_results[\(j)]"
                checkID(kr.id.rawValue, "\(kp).id", "key result", &seenKeyResults)
                checkMetric(kr.metric, "\(kp).metric")
                for (k, owner) in kr.owners.enumerated() { checkTeam(owner, "\(kp).owners[\(k)]") }
                let finite = checkFinite(kr.baseline, "\(kp).baseline") && checkFinite(kr.target, "\(kp).target")
                if finite {
                    switch kr.kind {
                    case .increaseTo, .decreaseTo:
                        if kr.baseline == kr.target {
                            fail(
                                "\(kp).target", .invalidValue,
                                "target equals baseline (\(plain(kr.target))): progress cannot be measured")
                        } else if kr.kind == .increaseTo && kr.target < kr.baseline {
                            fail(
                                "\(kp).target", .invalidValue,
                                "increase_to target \(plain(kr.target)) is below the baseline \(plain(kr.baseline)); use decrease_to"
                            )
                        } else if kr.kind == .decreaseTo && kr.target > kr.baseline {
                            fail(
                                "\(kp).target", .invalidValue,
                                "decrease_to target \(plain(kr.target)) is above the baseline \(plain(kr.baseline)); use increase_to"
                            )
                        }
                    case .stayAbove, .stayBelow, .milestone: break
                    }
                }
                if !(kr.weight > 0) || !kr.weight.isFinite {
                    fail("\(kp).weight", .invalidValue, "weight must be a positive number")
                }
                var seenPhases = Set<Period>()
                for (k, phase) in kr.phasing.enumerated() {
                    if !cycle.contains(phase.period) {
                        fail(
                            "\(kp).phasing[\(k)]", .outsideCycle,
                            "period \(phase.period) is outside the cycle \(cycle.start)…\(cycle.end)")
                    }
                    if !seenPhases.insert(phase.period).inserted {
                        fail("\(kp).phasing[\(k)]", .duplicateID, "period \(phase.period) is phased twice")
                    }
                    _ = checkFinite(phase.value, "\(kp).phasing[\(k)]")
                }
            }
        }

        // Funnel.
        if let funnel {
            if funnel.stages.count < 2 { fail("funnel.stages", .invalidValue, "a funnel needs at least two stages") }
            var seenStages = Set<String>()
            var stageOfMetric: [MetricID: StageID] = [:]
            for (i, stage) in funnel.stages.enumerated() {
                checkID(stage.id.rawValue, "funnel.stages[\(i)].id", "stage", &seenStages)
                checkMetric(stage.metric, "funnel.stages[\(i)].metric")
                // Two stages on one metric would convert at 100 % by construction.
                if let earlier = stageOfMetric[stage.metric] {
                    fail(
                        "funnel.stages[\(i)].metric", .invalidValue,
                        "stage '\(stage.id)' counts metric '\(stage.metric)' like stage '\(earlier)'; each stage needs its own metric"
                    )
                } else {
                    stageOfMetric[stage.metric] = stage.id
                }
            }
            if funnel.plannedRates.count != max(0, funnel.stages.count - 1) {
                fail(
                    "funnel.stages", .invalidValue,
                    "\(funnel.stages.count) stages need \(max(0, funnel.stages.count - 1)) planned rates, found \(funnel.plannedRates.count)"
                )
            }
            // Below 0.01 % the reverse funnel multiplies volumes past any meaning (and past
            // what a Double holds, across a few stages).
            for (i, rate) in funnel.plannedRates.enumerated() where !(rate >= 0.0001 && rate <= 1) {
                fail(
                    "funnel.stages[\(i + 1)].rate", .invalidValue,
                    "planned conversion must be between 0.01% and 100%, found \(plain(rate * 100))%")
            }
            if !(funnel.valuePerWon > 0) || !funnel.valuePerWon.isFinite {
                fail("funnel.value_per_won", .invalidValue, "value per won deal must be a positive amount")
            }
            if let target = funnel.revenueTarget, !(target > 0) || !target.isFinite {
                fail("funnel.revenue_target", .invalidValue, "revenue target must be a positive amount")
            }
            if let revenue = funnel.revenueMetric {
                checkMetric(revenue, "funnel.revenue_metric")
                if let m = metric(revenue), m.unit != .currency {
                    fail(
                        "funnel.revenue_metric", .invalidValue,
                        "revenue metric '\(revenue)' must have unit currency, not \(m.unit)")
                }
            }
            if let pipeline = funnel.pipelineMetric {
                checkMetric(pipeline, "funnel.pipeline_metric")
                if let m = metric(pipeline), m.unit != .currency || m.formula != nil {
                    fail(
                        "funnel.pipeline_metric", .invalidValue,
                        "pipeline metric '\(pipeline)' must be a measured currency metric (the open pipeline)")
                }
            }
        }
        let stageIDs = funnel?.stages.map(\.id.rawValue) ?? []

        // SLAs.
        var seenSLAs = Set<String>()
        for (i, sla) in slas.enumerated() {
            let path = "slas[\(i)]"
            checkID(sla.id.rawValue, "\(path).id", "SLA", &seenSLAs)
            checkTeam(sla.from, "\(path).from")
            checkTeam(sla.to, "\(path).to")
            if sla.from == sla.to { fail("\(path).to", .invalidValue, "an SLA is between two different teams") }
            checkMetric(sla.metric, "\(path).metric")
            _ = checkFinite(sla.amount, "\(path).\(sla.comparison.rawValue)")
        }

        // Tactics.
        var seenTactics = Set<String>()
        let keyResultIDs = keyResults.map(\.id.rawValue)
        for (i, tactic) in tactics.enumerated() {
            let path = "tactics[\(i)]"
            checkID(tactic.id.rawValue, "\(path).id", "tactic", &seenTactics)
            if tactic.owners.isEmpty {
                fail("\(path).owners", .missingField, "tactic '\(tactic.id)' has no owner team")
            }
            for (j, owner) in tactic.owners.enumerated() { checkTeam(owner, "\(path).owners[\(j)]") }
            for (j, kr) in tactic.keyResults.enumerated() where !keyResultIDs.contains(kr.rawValue) {
                fail(
                    "\(path).key_results[\(j)]", .unknownReference,
                    "unknown key result '\(kr)'\(suggestion(kr.rawValue, among: keyResultIDs))")
            }
            if let stage = tactic.stage, !stageIDs.contains(stage.rawValue) {
                fail(
                    "\(path).stage", .unknownReference,
                    funnel == nil
                        ? "tactic names stage '\(stage)' but the plan has no funnel"
                        : "unknown funnel stage '\(stage)'\(suggestion(stage.rawValue, among: stageIDs))")
            }
            if let start = tactic.start, let end = tactic.end, end < start {
                fail("\(path).end", .invalidValue, "tactic ends (\(end)) before it starts (\(start))")
            }
        }

        // Rules.
        var seenRules = Set<String>()
        let builtInRuleIDs = Set(Review.builtInRules.map(\.id))
        let keyResultMetrics = Set(keyResults.map(\.metric))
        for (i, rule) in rules.enumerated() {
            let path = "rules[\(i)]"
            checkID(rule.id.rawValue, "\(path).id", "rule", &seenRules)
            if builtInRuleIDs.contains(rule.id) {
                fail(
                    "\(path).id", .duplicateKey,
                    "rule id '\(rule.id)' is a built-in rule's id; choose another")
            }
            for (j, team) in rule.teams.enumerated() { checkTeam(team, "\(path).teams[\(j)]") }
            if !(1...3).contains(rule.priority) {
                fail("\(path).priority", .invalidValue, "priority must be 1, 2 or 3")
            }
            if rule.condition.clauses.isEmpty {
                fail("\(path).when", .missingField, "a rule needs at least one condition")
            }
            for (j, clause) in rule.condition.clauses.enumerated() {
                let cp = "\(path).when.\(rule.condition.combinator.rawValue)[\(j)]"
                checkMetric(clause.metric, "\(cp).metric")
                if clause.measure == .attainment, metricSet.contains(clause.metric.rawValue),
                    !keyResultMetrics.contains(clause.metric)
                {
                    fail("\(cp).metric", .invalidValue, "attainment needs a key result on metric '\(clause.metric)'")
                }
                if clause.periods < 1 || clause.periods > max(1, cycle.count) {
                    fail("\(cp).periods", .invalidValue, "periods must be between 1 and \(max(1, cycle.count))")
                }
                _ = checkFinite(clause.threshold, cp)
            }
        }
        out += recordProblems()
        return out
    }

    /// Throws when ``problems()`` finds any error.
    /// - Throws: ``InputError`` with one diagnostic per problem, its field set to the key path.
    public func validate() throws(InputError) {
        let errors = problems().filter { $0.severity == .error }
        guard errors.isEmpty else {
            throw InputError(
                errors.map {
                    Diagnostic(code: $0.code, message: "\($0.path): \($0.message)", field: $0.path)
                })
        }
    }

    private func parentCycle(from start: ObjectiveID) -> Bool {
        let parents = Dictionary(objectives.map { ($0.id, $0.parent) }) { a, _ in a }
        var seen: Set<ObjectiveID> = [start]
        var current = parents[start] ?? nil
        while let id = current {
            if id == start { return true }
            if !seen.insert(id).inserted { return false }
            current = parents[id] ?? nil
        }
        return false
    }
}

/// The loop of formula references starting and ending at `start`, or `nil`.
private func formulaCycle(from start: MetricID, _ refs: [MetricID: [MetricID]]) -> [MetricID]? {
    var path: [MetricID] = [start]
    var visited = Set<MetricID>()
    func dfs(_ id: MetricID) -> Bool {
        for next in refs[id] ?? [] {
            if next == start {
                path.append(next)
                return true
            }
            guard visited.insert(next).inserted else { continue }
            path.append(next)
            if dfs(next) { return true }
            path.removeLast()
        }
        return false
    }
    return dfs(start) ? path : nil
}

func isValidIdentifier(_ id: String) -> Bool {
    guard let first = id.unicodeScalars.first, first.properties.isAlphabetic, id.count <= 64 else { return false }
    return id.unicodeScalars.allSatisfy {
        $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
    }
}

/// `; did you mean 'x'? (known: a, b, c)` for an unknown name.
func suggestion(_ name: String, among known: [String]) -> String {
    let sorted = Array(Set(known)).sorted()
    let close = sorted.map { ($0, editDistance(name.lowercased(), $0.lowercased())) }
        .filter { $0.1 <= max(1, min(3, (name.count + 1) / 3)) }
        .min { $0.1 < $1.1 }
    var text = ""
    if let close { text += "; did you mean '\(close.0)'?" }
    if sorted.isEmpty { return text + " (none are defined)" }
    let shown = sorted.prefix(12).joined(separator: ", ")
    return text + " (known: \(shown)\(sorted.count > 12 ? ", …" : ""))"
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}

/// A number as plain text without a trailing `.0`: `1800`, `0.25`.
func plain(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    // Tiny and huge values as `1e-298`, not `1.0000000000000001e-298`.
    if value != 0, value.isFinite, abs(value) < 1e-4 || abs(value) >= 1e15 { return Formatting.scientific(value) }
    return String(value)
}
