/// Everything the engine computes before the playbook runs: the rules read these facts, never a
/// half-built ``Review``. The problem builders give each problem its id, evidence and impact, so
/// every rule that speaks about one problem speaks about the same one.
struct ReviewFacts: Sendable {
    let plan: Plan
    let period: Period
    let elapsed: Int
    let remaining: Int
    let series: MetricSeries
    let format: Formatting
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
        var evidence: [String] = []
        var impact = ProblemImpact.unpriced("\(t.name) holds within the tolerance of its plan")
        if let leak = leaks[i] {
            let cumulative = "\(format.percent(t.actualRate)) \(t.cumulativeWords)"
            let recent =
                "\(format.percent(t.recentRate)) \(t.method == .cohort ? t.recentWords : "over the last \(recentCount) periods")"
            evidence.append(
                "\(t.name) converts \(t.belowPlan ? cumulative + " (" + recent + ")" : recent + " (" + cumulative + ")") vs \(format.percent(t.plannedRate)) planned"
            )
            if let since = t.since { evidence.append(belowPlanSpan(t, since: since)) }
            let label =
                t.method == .cohort
                ? (leak.window == .recent ? t.recentWords : t.cumulativeWords) : windowLabel(leak.window)
            impact = ProblemImpact(
                won: leak.won, revenue: leak.revenue, window: leak.window,
                description: "\(t.name) \(leak.description) (\(label))")
        } else {
            evidence.append(
                "\(t.name) at \(format.percent(t.actualRate))\(t.method == .cohort ? " " + t.cumulativeWords : "") vs \(format.percent(t.plannedRate)) planned, within tolerance"
            )
        }
        if let note = t.methodNote(format) { evidence.append(note) }
        if let words = sharesSentence(t.segments.map { ($0.segment, $0.share) }, of: t.name) { evidence.append(words) }
        if let words = sharesSentence(t.teams.map { (teamName($0.team), $0.share) }, of: t.name) {
            evidence.append(words)
        }
        if let words = sharesSentence((t.sources ?? []).map { ($0.source, $0.share) }, of: t.name) {
            evidence.append(words + " (by lead source)")
        }
        if leaks[i] != nil, let top = topReason(i) { evidence.append(top.sentence) }
        let consequences = funnel.stages.filter { $0.cause == id }.map { s in
            "\(s.name) \(format.value(s.actual, .count)) vs \(format.value(s.planned, .count)) planned"
        }
        if !consequences.isEmpty {
            evidence.append("it explains the shortfall of \(consequences.joined(separator: ", "))")
        }
        return Problem(
            id: id, kind: .transition, subject: .init(from: t.from, to: t.to),
            title: leaks[i] != nil ? "\(t.name) converts below plan" : "\(t.name) conversion",
            rationale: evidence.joined(separator: "; "),
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

    /// "below plan since Sep" while the run of periods below plan reaches the review period;
    /// "below plan Aug–Sep, within tolerance since Oct" once it has ended.
    func belowPlanSpan(_ t: TransitionReview, since: Period) -> String {
        let start = plan.cycle.start
        var end = start.distance(to: since)
        while end + 1 < t.periodRates.count,
            let r = t.periodRates[end + 1], plan.tolerance.isBelowPlan(r, t.plannedRate)
        {
            end += 1
        }
        // A run that reaches the last judged period (an immature cohort is not judged) goes on.
        guard end + 1 < elapsed, end + 1 < t.periodRates.count, t.periodRates[end + 1] != nil else {
            return "below plan since \(since.shortLabel)"
        }
        let last = start.advanced(by: end)
        let span = last == since ? since.shortLabel : "\(since.shortLabel)–\(last.shortLabel)"
        return "below plan \(span), within tolerance since \(start.advanced(by: end + 1).shortLabel)"
    }

    func windowLabel(_ window: ProblemImpact.Window) -> String {
        switch window {
        case .cycleToDate: "cycle to date"
        case .recent: "last \(recentCount) periods"
        case .remaining: "the remaining \(remaining) periods"
        }
    }

    /// "Enterprise is 82 % of the MQLs→SQLs shortfall": the keys that account for most of it.
    func sharesSentence(_ shares: [(String, Double)], of name: String) -> String? {
        guard shares.count >= 2 || (shares.count == 1 && shares[0].1 >= 0.999) else { return nil }
        var named: [(String, Double)] = []
        var total = 0.0
        for s in shares where total < 0.5 {
            named.append(s)
            total += s.1
        }
        guard let first = named.first else { return nil }
        if named.count == 1 { return "\(first.0) is \(format.percent(first.1)) of the \(name) shortfall" }
        return
            "\(named.map(\.0).joined(separator: " and ")) are \(format.percent(total)) of the \(name) shortfall"
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
        var rationale =
            "\(s.name) at \(format.value(s.actual, .count)) vs \(format.value(planned, .count)) planned to date"
        if k > 0 { rationale += ": \(Formatting.count(own)) short that no upstream problem explains" }
        return Problem(
            id: ProblemID.stageVolume(s.id), kind: .stageVolume, subject: .init(id: s.id.rawValue),
            title: "\(s.name) volume below plan", rationale: rationale,
            impact: ProblemImpact(
                won: won, revenue: revenue, window: .cycleToDate,
                description:
                    "closing the \(Formatting.count(own)) \(s.name) gap = +\(Formatting.whole(won)) won = +\(format.money(revenue)) (cycle to date)"
            ),
            segments: [], teams: [], since: nil, actions: [])
    }

    func slaProblem(_ s: SLAReview) -> Problem {
        let value = s.periods.last?.actual ?? nil
        let breaches = s.periods.filter { $0.met == false }.map(\.period)
        var rationale =
            "\(s.title): \(format.value(value, s.unit)) in \(period.label) (\(format.value(s.actual, s.unit)) cycle to date) vs \(s.comparison.symbol) \(format.value(s.committed, s.unit)) committed"
        if !breaches.isEmpty { rationale += "; breached in \(breaches.map(\.shortLabel).joined(separator: ", "))" }
        var impact = ProblemImpact.unpriced(
            "restores the commitment \(teamName(s.from)) made to \(teamName(s.to))")
        if let funnel, let pricing, let f = plan.funnel, let k = f.stages.firstIndex(where: { $0.metric == s.metric }),
            s.comparison == .atLeast, let v = value, v < s.committed
        {
            let stage = funnel.stages[k]
            if let counted = stage.ownShortfall.flatMap({ own in
                own > (stage.planned ?? 0) * plan.tolerance.onTrack ? ProblemID.stageVolume(stage.id) : nil
            }) ?? stage.cause {
                impact = .unpriced("its revenue is counted in \(counted)")
            } else {
                let won = pricing.won(adding: (s.committed - v) * Double(max(1, remaining)), atStage: k)
                impact = ProblemImpact(
                    won: won, revenue: won * pricing.valuePerWon, window: .remaining,
                    description:
                        "meeting it for the rest of the cycle = +\(Formatting.whole(won)) won = +\(format.money(won * pricing.valuePerWon))"
                )
            }
        }
        return Problem(
            id: ProblemID.sla(s.id), kind: .sla, subject: .init(id: s.id.rawValue),
            title: s.metInPeriod == false ? "\(s.title): breached" : s.title,
            rationale: rationale, impact: impact, segments: [], teams: [], since: breachRun(s.periods), actions: [])
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
        var rationale = "\(kr.title): \(kr.reason)"
        if let stage = funnel?.stages.first(where: { $0.metric == kr.metric }), let cause = stage.cause {
            rationale += "; explained by \(cause)"
        }
        return Problem(
            id: ProblemID.keyResult(kr.id), kind: .keyResult, subject: .init(id: kr.id.rawValue),
            title: "\(kr.title): \(kr.status.label)", rationale: rationale,
            impact: .unpriced(
                kr.forecast.map { "gap to target: \(format.value(abs(kr.target - $0), kr.unit)) at forecast" }
                    ?? "no forecast yet"),
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
