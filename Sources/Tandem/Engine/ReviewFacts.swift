/// Everything the engine computes before the playbook runs: the rules read these facts, never a
/// half-built ``Review``. The problem builders give each problem its id, evidence and impact, so
/// every rule that speaks about one problem speaks about the same one.
struct ReviewFacts: Sendable {
    let plan: Plan
    let period: Period
    let elapsed: Int
    let remaining: Int
    let series: MetricSeries
    let keyResults: [KeyResultReview]
    let funnel: FunnelReview?
    let leaks: [ReviewEngine.LeakPrice?]
    let pricing: FunnelPricing?
    let sla: [SLAReview]
    let health: [HealthFinding]
    let allTeams: [TeamID]
    /// Each plan team's position, built once: the playbook orders the teams of every proposal.
    let teamRank: [TeamID: Int]
    /// Cohort-conversion metrics from the records: how many periods have a mature cohort.
    var cohortMetrics: [MetricID: Int] = [:]
    /// Why MQLs were rejected and deals lost, from the records' reason columns.
    var reasons: ReasonShares? = nil
    /// What moved in the pipeline between the records' deal snapshots.
    var movement: PipelineMovement? = nil

    /// The revenue still to book, which the agenda's priced impacts never exceed.
    var revenueGap: Double? {
        guard let funnel, let target = funnel.revenueTarget else { return nil }
        return max(0, target - funnel.revenueToDate)
    }

    func teamName(_ id: TeamID) -> String { plan.team(id)?.name ?? id.rawValue }

    // MARK: Problems

    /// Transition `i` as a problem: priced over the window that named it when it leaks.
    func transitionProblem(_ i: Int) -> Problem? {
        guard let funnel, i < funnel.transitions.count else { return nil }
        let t = funnel.transitions[i]
        let id = ProblemID.transition(t.from, t.to)
        let leak = leaks[i]
        var impact = ProblemImpact.unpriced(holdsWords(t))
        if let leak {
            impact = ProblemImpact(
                won: leak.won, revenue: leak.revenue, window: leak.window, description: leakImpactWords(t, leak))
        }
        let leaking = leak != nil
        // For a leak: the run below plan (since when, and where it ended) and the top reason.
        let run = leaking ? t.since.map { ($0, belowPlanRunEnd(t, since: $0)) } : nil
        let evidence = transitionEvidence(
            t, leaking: leaking, run: run, topReason: leaking ? topReason(i) : nil,
            explains: funnel.stages.filter { $0.cause == id })
        return Problem(
            id: id, kind: .transition, subject: .init(from: t.from, to: t.to),
            title: transitionTitle(t, leaking: leaking), rationale: evidence,
            impact: impact, segments: t.segments, teams: t.teams, since: t.since, actions: [],
            sources: t.sources)
    }

    var recentCount: Int { min(plan.recentPeriods, elapsed) }

    /// The entrants behind each of a transition's judged rates: a cohort's size, or the from
    /// stage's volume in the period.
    func entrants(_ t: TransitionReview) -> [Double?] {
        if t.method == .cohort, let cohorts = t.cohorts {
            return Array(cohorts.map { Double($0.entered) }.prefix(t.judgedRates.count))
        }
        guard let stage = plan.funnel?.stages.first(where: { $0.id == t.from }) else { return [] }
        return series.series(stage.metric)
    }

    /// Where the run of periods below plan that began `since` ended: its last period and the
    /// first within tolerance after it; `nil` while the run reaches the review period.
    func belowPlanRunEnd(_ t: TransitionReview, since: Period) -> (last: Period, recovered: Period)? {
        let start = plan.cycle.start
        var end = start.distance(to: since)
        while end + 1 < t.periodRates.count,
            let r = t.periodRates[end + 1], plan.tolerance.isBelowPlan(r, t.plannedRate)
        {
            end += 1
        }
        // A run that reaches the last judged period (an immature cohort is not judged) goes on.
        guard end + 1 < elapsed, end + 1 < t.periodRates.count, t.periodRates[end + 1] != nil else {
            return nil
        }
        return (start.advanced(by: end), start.advanced(by: end + 1))
    }

    /// Stage `k`'s own volume shortfall as a problem, priced cycle to date through the actual rates.
    func stageProblem(_ k: Int) -> Problem? {
        guard let funnel, let pricing, k < funnel.stages.count else { return nil }
        let s = funnel.stages[k]
        guard let own = s.ownShortfall, let planned = s.planned, own > planned * plan.tolerance.onTrack else {
            return nil
        }
        let won = pricing.won(adding: own, atStage: k)
        let revenue = won * pricing.valuePerWon
        return Problem(
            id: ProblemID.stageVolume(s.id), kind: .stageVolume, subject: .init(id: s.id.rawValue),
            title: stageVolumeTitle(s),
            rationale: stageVolumeRationale(s, planned: planned, unexplained: k > 0 ? own : nil),
            impact: ProblemImpact(
                won: won, revenue: revenue, window: .cycleToDate,
                description: stageVolumeImpact(s, shortfall: own, won: won, revenue: revenue)),
            segments: [], teams: [], since: nil, actions: [])
    }

    func slaProblem(_ s: SLAReview) -> Problem {
        let value = s.periods.last?.actual ?? nil
        let breaches = s.periods.filter { $0.met == false }.map(\.period)
        var impact = ProblemImpact.unpriced(slaRestoresWords(s))
        if let funnel, let pricing, let f = plan.funnel, let k = f.stages.firstIndex(where: { $0.metric == s.metric }),
            s.comparison == .atLeast, let v = value, v < s.committed
        {
            let stage = funnel.stages[k]
            if let counted = stage.ownShortfall.flatMap({ own in
                own > (stage.planned ?? 0) * plan.tolerance.onTrack ? ProblemID.stageVolume(stage.id) : nil
            }) ?? stage.cause {
                impact = .unpriced(countedInWords(counted))
            } else {
                let won = pricing.won(adding: (s.committed - v) * Double(max(1, remaining)), atStage: k)
                let revenue = won * pricing.valuePerWon
                impact = ProblemImpact(
                    won: won, revenue: revenue, window: .remaining,
                    description: slaMetImpact(won: won, revenue: revenue))
            }
        }
        return Problem(
            id: ProblemID.sla(s.id), kind: .sla, subject: .init(id: s.id.rawValue),
            title: slaTitle(s), rationale: slaRationale(s, latest: value, breaches: breaches), impact: impact,
            segments: [], teams: [], since: breachRun(s.periods), actions: [])
    }

    /// The first period of the latest run of breaches.
    func breachRun(_ periods: [SLAPeriod]) -> Period? {
        var first: Period?
        for p in periods.reversed() {
            if p.met == false {
                first = p.period
            } else if first != nil {
                break
            }
        }
        return first
    }

    func keyResultProblem(_ kr: KeyResultReview) -> Problem {
        let cause = funnel?.stages.first(where: { $0.metric == kr.metric })?.cause
        return Problem(
            id: ProblemID.keyResult(kr.id), kind: .keyResult, subject: .init(id: kr.id.rawValue),
            title: keyResultTitle(kr), rationale: keyResultRationale(kr, explainedBy: cause),
            impact: .unpriced(keyResultGapWords(kr)),
            segments: [], teams: [], since: kr.breachedPeriods.first, actions: [])
    }

    /// A problem with the plan itself (arithmetic, ownership, content, the revenue to book).
    func planProblem(_ what: String, subject: String?, title: String, rationale: String, impact: String) -> Problem {
        Problem(
            id: ProblemID.plan(what, subject), kind: .plan, subject: .init(id: subject), title: title,
            rationale: rationale, impact: .unpriced(impact), segments: [], teams: [], since: nil, actions: [])
    }

    /// The problem a metric belongs to: its first key result's, else its first SLA's.
    func problem(watching metric: MetricID) -> Problem? {
        if let kr = keyResults.first(where: { $0.metric == metric }) { return keyResultProblem(kr) }
        if let s = sla.first(where: { $0.metric == metric }) { return slaProblem(s) }
        return nil
    }
}
