/// Who owns each problem on the agenda, the one decision the review recommends, the measure the
/// next review checks, what a fix can still bring this cycle, and priorities that spread.
extension Playbook {
    /// How many priced problems at the top of the agenda keep their P1 actions (with every SLA
    /// breached in the review period); the rest of the P1s become P2.
    static let topPriced = 2

    /// The facts a proposal looks up, keyed once per review (a large plan has thousands of key
    /// results on its agenda).
    struct Index {
        var keyResults: [String: KeyResultReview] = [:]
        var slas: [String: SLAReview] = [:]
        var owners: [MetricID: TeamID] = [:]

        init(_ facts: ReviewFacts) {
            for kr in facts.keyResults where keyResults[kr.id.rawValue] == nil { keyResults[kr.id.rawValue] = kr }
            for s in facts.sla where slas[s.id.rawValue] == nil { slas[s.id.rawValue] = s }
            for m in facts.plan.metrics where owners[m.id] == nil { owners[m.id] = m.owner }
        }
    }

    static func propose(_ agenda: inout [Problem], _ facts: ReviewFacts) {
        let priced = agenda.filter { $0.impact.revenue ?? 0 > 0 }.prefix(topPriced).map(\.id)
        let lag = salesCycleLag(facts)
        let index = Index(facts)
        for i in agenda.indices {
            let id = agenda[i].id
            let breached = id.kind == .sla && index.slas[id.subject]?.metInPeriod == false
            if !priced.contains(id) && !breached {
                for a in agenda[i].actions.indices where agenda[i].actions[a].priority == 1 {
                    agenda[i].actions[a].priority = 2
                }
            }
            agenda[i].owners = owners(of: agenda[i], facts, index)
            remaining(&agenda[i].impact, facts, lag: lag)
            choose(&agenda[i], facts, index)
        }
    }

    /// The proposal of `problem`: its first action (every problem on the agenda has one: a rule
    /// put it there), the rest as alternatives; the follow-up moves past what the decision log
    /// shows was tried or declined (``Review/followedUp(previous:decisions:tactics:note:)``).
    static func choose(_ problem: inout Problem, _ facts: ReviewFacts, _ index: Index) {
        guard let first = problem.actions.first else { return }
        let measure = measure(of: problem, facts, index)
        problem.proposal = ProblemProposal(
            rule: first.rule, action: first.action, owner: owner(of: first, problem.owners ?? []),
            measure: measure?.name, unit: measure?.unit, current: measure?.current, target: measure?.target,
            checkAt: facts.period.advanced(by: 1), because: nil)
        problem.alternatives = Array(problem.actions.dropFirst())
    }

    /// Who answers for an action: its first team that owns the problem, else the problem's first
    /// owner.
    static func owner(of action: ProblemAction, _ owners: [TeamID]) -> TeamID? {
        action.teams.first { owners.contains($0) } ?? owners.first ?? action.teams.first
    }

    /// The owners of a problem's metric, stages, SLA or key result.
    static func owners(of p: Problem, _ facts: ReviewFacts, _ index: Index) -> [TeamID] {
        func owner(_ metric: MetricID) -> TeamID? { index.owners[metric] }
        var teams: [TeamID] = []
        switch p.kind {
        case .transition:
            if let (from, to) = p.id.stages, let f = facts.plan.funnel {
                for stage in [from, to] {
                    if let m = f.stages.first(where: { $0.id == stage })?.metric, let t = owner(m) { teams.append(t) }
                }
            }
        case .stageVolume:
            if let m = facts.plan.funnel?.stages.first(where: { $0.id.rawValue == p.id.subject })?.metric,
                let t = owner(m)
            {
                teams.append(t)
            }
        case .sla:
            if let s = index.slas[p.id.subject] { teams.append(s.from) }
        case .keyResult:
            teams += index.keyResults[p.id.subject]?.owners ?? []
        default:
            break
        }
        if teams.isEmpty { teams = p.actions.flatMap(\.teams) }
        if teams.isEmpty { teams = facts.allTeams }
        var seen = Set<TeamID>()
        return ordered(teams.filter { seen.insert($0).inserted }, facts.teamRank)
    }

    /// What the next review measures for a problem, now and against the plan.
    struct Check {
        var name: String
        var unit: MetricUnit
        var current: Double?
        var target: Double?
    }

    static func measure(of p: Problem, _ facts: ReviewFacts, _ index: Index) -> Check? {
        switch p.kind {
        case .transition:
            guard let t = facts.funnel?.transitions.first(where: { ProblemID.transition($0.from, $0.to) == p.id })
            else { return nil }
            return Check(name: t.name, unit: .percent, current: t.periodRates.last ?? nil, target: t.plannedRate)
        case .stageVolume:
            guard let s = facts.funnel?.stages.first(where: { $0.id.rawValue == p.id.subject }) else { return nil }
            let perPeriod = s.planned.map { $0 / Double(max(1, facts.elapsed)) }
            return Check(name: perPeriodName(s), unit: .count, current: s.periodActual, target: perPeriod)
        case .sla:
            guard let s = index.slas[p.id.subject] else { return nil }
            return Check(name: s.title, unit: s.unit, current: s.periods.last?.actual ?? nil, target: s.committed)
        case .keyResult:
            guard let kr = index.keyResults[p.id.subject] else { return nil }
            return Check(name: kr.metricName, unit: kr.unit, current: kr.actual, target: kr.expected)
        case .forecastRisk:
            // No plan sets a push rate: the next review compares it with this one.
            guard let last = facts.movement?.periods.last else { return nil }
            return Check(name: pushRateName, unit: .percent, current: last.pushRate, target: nil)
        default:
            return nil
        }
    }

    /// The sales-cycle lag in periods: the pipeline forecast's lag when there is one, else one
    /// period (a fix to the top of the funnel reaches revenue no sooner than the next period).
    static func salesCycleLag(_ facts: ReviewFacts) -> Int {
        max(0, facts.funnel?.coverage?.lag ?? 1)
    }

    /// What fixing a priced problem now can still bring this cycle: its revenue per period over
    /// the periods left after the lag, never more than the revenue still to book.
    static func remaining(_ impact: inout ProblemImpact, _ facts: ReviewFacts, lag: Int) {
        guard let revenue = impact.revenue, let window = impact.window else { return }
        let span: Int
        switch window {
        case .cycleToDate: span = max(1, facts.elapsed)
        case .recent: span = max(1, min(facts.plan.recentPeriods, facts.elapsed))
        case .remaining: span = max(1, facts.remaining)
        }
        let left = Double(max(0, facts.remaining - lag))
        var worth = revenue / Double(span) * left
        if let gap = facts.revenueGap { worth = min(worth, gap) }
        impact.remaining = worth
        impact.lagPeriods = lag
    }
}
