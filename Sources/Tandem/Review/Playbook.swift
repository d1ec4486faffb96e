/// A rule of the built-in playbook, for documentation and listings.
public struct BuiltInRule: Sendable, Hashable {
    public var id: RuleID
    public var title: String
    /// The practice of sales-marketing alignment it serves (1 goals, 2 talk, 3 technology,
    /// 4 content, 5 review and adjust).
    public var practice: Int
    public var condition: String
}

extension Review {
    /// The built-in playbook: each rule's id, title, practice and condition.
    public static let builtInRules: [BuiltInRule] = [
        BuiltInRule(
            id: "lead-quality", title: "Revisit lead scoring and the ICP together", practice: 3,
            condition: "a stage's volume is at or above plan but its conversion to the next stage is below plan"),
        BuiltInRule(
            id: "scale-best-channel", title: "Scale the best-converting channel", practice: 5,
            condition: "a stage's volume is below plan while its conversion holds"),
        BuiltInRule(
            id: "speed-to-lead", title: "Fix lead routing and follow-up capacity", practice: 3,
            condition: "a response-time SLA (hours or days) is breached in the review period"),
        BuiltInRule(
            id: "win-rate", title: "Refresh sales enablement content", practice: 4,
            condition: "the last funnel conversion (win rate) is below plan or fell three periods running"),
        BuiltInRule(
            id: "sla-breach", title: "Put the SLA breach on the joint meeting agenda", practice: 2,
            condition: "an SLA between the teams is breached in the review period"),
        BuiltInRule(
            id: "kr-without-tactic", title: "Plan a tactic together for an off-track key result", practice: 4,
            condition: "a key result is off track and no active tactic serves it"),
        BuiltInRule(
            id: "content-gap", title: "Plan content for an uncovered funnel stage", practice: 4,
            condition: "a funnel stage has no content tactic"),
        BuiltInRule(
            id: "plan-arithmetic", title: "Re-plan: the targets cannot add up", practice: 1,
            condition: "a stage target through the planned rates cannot make the revenue target"),
        BuiltInRule(
            id: "shared-ownership", title: "Share ownership of a one-team objective", practice: 1,
            condition: "an objective is owned by one team only"),
        BuiltInRule(
            id: "run-rate-gap", title: "Close the run-rate gap", practice: 5,
            condition: "a summed key result behind plan needs over 125 % of its recent run-rate"),
        BuiltInRule(
            id: "conversion-slide", title: "Investigate a sliding conversion together", practice: 5,
            condition: "a funnel conversion fell in each of the last three periods"),
        BuiltInRule(
            id: "data-gap", title: "Fix the data sync", practice: 3,
            condition: "a key result or SLA metric has no data in the review period"),
        BuiltInRule(
            id: "revenue-gap", title: "Fix conversion before buying volume", practice: 1,
            condition: "the top stage needs over 125 % of its recent volume to make the revenue target"),
        BuiltInRule(
            id: "metric-owner", title: "Give every metric an owner", practice: 1,
            condition: "a metric has no owner team"),
    ]
}

/// Evaluates the built-in playbook and the plan's own rules against a computed review.
struct Playbook {
    let engine: ReviewEngine
    let review: Review
    let allTeams: [TeamID]

    init(engine: ReviewEngine, review: Review) {
        self.engine = engine
        self.review = review
        allTeams = engine.plan.teams.map(\.id)
    }

    var plan: Plan { engine.plan }
    var format: Formatting { engine.format }

    func adjustments() -> [Adjustment] {
        var out: [Adjustment] = []
        out += funnelRules()
        out += slaRules()
        out += keyResultRules()
        out += healthRules()
        out += planRules()
        return out.enumerated().sorted { a, b in
            let ra = a.element.impact.revenue ?? -1
            let rb = b.element.impact.revenue ?? -1
            if ra != rb { return ra > rb }
            if a.element.priority != b.element.priority { return a.element.priority < b.element.priority }
            return a.offset < b.offset
        }.map(\.element)
    }

    func make(
        _ id: RuleID, teams: [TeamID], rationale: String, action: String, impact: Impact, priority: Int,
        fromPlan: Bool = false
    ) -> Adjustment {
        let title = Review.builtInRules.first { $0.id == id }?.title ?? id.rawValue
        let ordered = allTeams.filter { teams.contains($0) } + teams.filter { !allTeams.contains($0) }
        return Adjustment(
            rule: id, title: title, teams: ordered, rationale: rationale, action: action, impact: impact,
            priority: priority,
            fromPlan: fromPlan)
    }

    func priced(_ t: TransitionReview, _ toName: String) -> Impact {
        Impact(
            won: t.impactWon, revenue: t.impactRevenue,
            description:
                "\(t.name) back to plan = +\(Formatting.count(t.impactNext)) \(toName) = +\(Formatting.count(t.impactWon)) won = +\(format.money(t.impactRevenue))"
        )
    }

    // MARK: Funnel rules

    func funnelRules() -> [Adjustment] {
        guard let funnel = review.funnel, let f = plan.funnel else { return [] }
        var out: [Adjustment] = []
        let tol = plan.tolerance.onTrack
        for (i, t) in funnel.transitions.enumerated() {
            let from = funnel.stages[i]
            let to = funnel.stages[i + 1]
            let isLast = i == funnel.transitions.count - 1
            guard let rate = t.actualRate else { continue }
            let below = rate < t.plannedRate * (1 - tol)
            let volumeOK = zip2(from.actual, from.planned).map { $0 >= $1 * (1 - tol) } ?? false
            if below && volumeOK && !isLast {
                out.append(
                    make(
                        "lead-quality", teams: allTeams,
                        rationale:
                            "\(from.name) at \(format.value(from.actual, .count)) vs \(format.value(from.planned, .count)) planned to date, but \(t.name) converts \(format.percent(rate)) vs \(format.percent(t.plannedRate)) planned",
                        action:
                            "Revisit lead scoring and the ICP together: agree which \(from.name) sales will accept, tighten the score threshold, and feed back disqualification reasons weekly.",
                        impact: priced(t, to.name), priority: 1))
            }
            if below && isLast {
                out.append(
                    make(
                        "win-rate", teams: allTeams,
                        rationale:
                            "\(t.name) converts \(format.percent(rate)) vs \(format.percent(t.plannedRate)) planned",
                        action:
                            "Refresh enablement content together: battlecards, objection handling and case studies for the deals that stall.",
                        impact: priced(t, to.name), priority: 1))
            } else if isLast, falling(t.periodRates, planned: t.plannedRate) {
                out.append(
                    make(
                        "win-rate", teams: allTeams,
                        rationale:
                            "\(t.name) fell three periods running: \(t.periodRates.suffix(3).map { format.percent($0) }.joined(separator: " → "))",
                        action:
                            "Refresh enablement content together before the slide reaches revenue: battlecards, objection handling, case studies.",
                        impact: .unpriced(
                            "protects \(format.money(Double(review.remainingPeriods) * (to.periodActual ?? 0) * f.valuePerWon)) of remaining bookings"
                        ),
                        priority: 2))
            }
            if !isLast, falling(t.periodRates, planned: t.plannedRate) {
                out.append(
                    make(
                        "conversion-slide", teams: allTeams,
                        rationale:
                            "\(t.name) fell three periods running: \(t.periodRates.suffix(3).map { format.percent($0) }.joined(separator: " → "))",
                        action:
                            "Review a sample of recent \(from.name) together (sales notes plus campaign source) to find what changed before it shows in revenue.",
                        impact: t.impactRevenue > 0
                            ? priced(t, to.name) : .unpriced("early warning: \(t.name) still at or above plan"),
                        priority: 2))
            }
            // Volume low while conversion holds.
            if let actual = from.actual, let planned = from.planned, actual < planned * (1 - tol), rate >= t.plannedRate
            {
                let gap = planned - actual
                var won = gap
                for j in i..<funnel.transitions.count {
                    won *= funnel.transitions[j].actualRate ?? funnel.transitions[j].plannedRate
                }
                out.append(
                    make(
                        "scale-best-channel",
                        teams: plan.metric(from.metric)?.owner.map { [$0] } ?? allTeams,
                        rationale:
                            "\(from.name) at \(format.value(actual, .count)) vs \(format.value(planned, .count)) planned to date while \(t.name) holds at \(format.percent(rate))",
                        action:
                            "Scale the best-converting channel: move budget to the sources with the highest \(t.name) rate.",
                        impact: Impact(
                            won: won, revenue: won * f.valuePerWon,
                            description:
                                "closing the \(Formatting.count(gap)) \(from.name) gap = +\(Formatting.count(won)) won = +\(format.money(won * f.valuePerWon))"
                        ),
                        priority: 2))
            }
        }
        // The revenue gap through the reverse funnel.
        if let top = funnel.reverse.first, let need = top.neededPerPeriod, let recent = top.recentPerPeriod, recent > 0,
            need > recent * 1.25
        {
            let remainingRevenue = max(0, (funnel.revenueTarget ?? 0) - funnel.revenueToDate)
            out.append(
                make(
                    "revenue-gap", teams: allTeams,
                    rationale:
                        "to book the remaining \(format.money(remainingRevenue)) at current conversion, \(top.name) must reach \(Formatting.count(need)) a period vs \(Formatting.count(recent)) recently",
                    action:
                        "Fix conversion before buying volume: the bottleneck's fix is cheaper than \(Formatting.count(need - recent)) more \(top.name) a period.",
                    impact: .unpriced("revenue still to book: \(format.money(remainingRevenue))"), priority: 2))
        }
        return out
    }

    /// Fell in each of the last three periods, by more than the on-track tolerance of the plan
    /// rate overall (so rounding noise does not fire it).
    func falling(_ rates: [Double?], planned: Double) -> Bool {
        let last = rates.suffix(3)
        guard last.count == 3, last.allSatisfy({ $0 != nil }) else { return false }
        let v = last.map { $0! }
        return v[0] > v[1] && v[1] > v[2] && v[0] - v[2] >= planned * plan.tolerance.onTrack
    }

    // MARK: SLA rules

    func slaRules() -> [Adjustment] {
        var out: [Adjustment] = []
        for s in review.sla where s.metInPeriod == false {
            let value = s.periods.last?.actual
            let breaches = s.periods.filter { $0.met == false }.map(\.period.shortLabel)
            let rationale =
                "\(s.title): \(format.value(value, s.unit)) in \(review.period.label) vs \(s.comparison.symbol) \(format.value(s.committed, s.unit)) committed; breached in \(breaches.joined(separator: ", "))"
            if s.unit == .hours || s.unit == .days {
                out.append(
                    make(
                        "speed-to-lead", teams: [s.from, s.to],
                        rationale: rationale,
                        action:
                            "Fix routing and capacity: round-robin assignment with alerts at half the SLA, and cover peaks with SDR time.",
                        impact: .unpriced("leads contacted within the SLA convert several times better"), priority: 1))
                continue
            }
            var impact = Impact.unpriced(
                "restores the commitment \(plan.team(s.from)?.name ?? s.from.rawValue) made to \(plan.team(s.to)?.name ?? s.to.rawValue)"
            )
            if let f = plan.funnel, let stage = f.stages.firstIndex(where: { $0.metric == s.metric }),
                s.comparison == .atLeast, let v = value,
                let funnel = review.funnel
            {
                var won = (s.committed - v) * Double(max(1, review.remainingPeriods))
                for j in stage..<funnel.transitions.count {
                    won *= funnel.transitions[j].actualRate ?? funnel.transitions[j].plannedRate
                }
                impact = Impact(
                    won: won, revenue: won * f.valuePerWon,
                    description:
                        "meeting it for the rest of the cycle = +\(Formatting.count(won)) won = +\(format.money(won * f.valuePerWon))"
                )
            }
            out.append(
                make(
                    "sla-breach", teams: [s.from, s.to], rationale: rationale,
                    action:
                        "First item of the joint meeting: \(plan.team(s.from)?.name ?? s.from.rawValue) explains the breach, both teams agree the fix and a date.",
                    impact: impact, priority: 1))
        }
        return out
    }

    // MARK: Key-result rules

    func keyResultRules() -> [Adjustment] {
        var out: [Adjustment] = []
        for kr in review.keyResults {
            if kr.status == .offTrack && kr.activeTactics.isEmpty {
                out.append(
                    make(
                        "kr-without-tactic", teams: kr.owners.isEmpty ? allTeams : kr.owners,
                        rationale: "\(kr.title): \(kr.reason); no active tactic serves it",
                        action:
                            "Plan one tactic together this week, with an owner from each team and a date to check it.",
                        impact: .unpriced(
                            "gap to target: \(format.value(kr.forecast.map { abs(kr.target - $0) }, kr.unit)) at forecast"
                        ),
                        priority: 1))
            }
            if kr.status == .offTrack || kr.status == .atRisk, let need = kr.requiredRunRate,
                let recent = kr.recentRunRate, recent > 0,
                need > recent * 1.25
            {
                out.append(
                    make(
                        "run-rate-gap", teams: kr.owners.isEmpty ? allTeams : kr.owners,
                        rationale:
                            "\(kr.title): needs \(format.value(need, kr.unit)) a period for the remaining \(review.remainingPeriods) vs \(format.value(recent, kr.unit)) recently",
                        action:
                            "Decide in the meeting: raise the run-rate (budget, capacity) or re-plan the target openly.",
                        impact: .unpriced("\(format.value(kr.target - (kr.actual ?? 0), kr.unit)) still to deliver"),
                        priority: 2))
            }
        }
        return out
    }

    // MARK: Health rules

    func healthRules() -> [Adjustment] {
        var out: [Adjustment] = []
        for h in review.health {
            switch h.code {
            case .stageWithoutContent:
                var impact = Impact.unpriced("covers the \(h.subject) stage of the buyer's journey")
                if let funnel = review.funnel, let i = funnel.stages.firstIndex(where: { $0.id.rawValue == h.subject }),
                    i > 0
                {
                    let t = funnel.transitions[i - 1]
                    if t.impactRevenue > 0 { impact = priced(t, funnel.stages[i].name) }
                }
                out.append(
                    make(
                        "content-gap", teams: allTeams, rationale: h.message,
                        action:
                            "Plan content for this stage together: sales brings the questions buyers ask there, marketing writes the piece.",
                        impact: impact, priority: 2))
            case .planArithmetic:
                out.append(
                    make(
                        "plan-arithmetic", teams: allTeams, rationale: h.message,
                        action:
                            "Re-plan together: raise the stage target, the planned rates or the deal value, or lower the revenue target.",
                        impact: .unpriced("a plan that adds up"), priority: 1))
            case .singleTeamObjective:
                out.append(
                    make(
                        "shared-ownership", teams: allTeams, rationale: h.message,
                        action: "Add a co-owner from the other team so both teams answer for the objective.",
                        impact: .unpriced("shared targets"), priority: 3))
            case .missingData:
                let owner = plan.metric(MetricID(h.subject))?.owner
                out.append(
                    make(
                        "data-gap", teams: owner.map { [$0] } ?? allTeams, rationale: h.message,
                        action: "Fix the CRM or marketing-automation sync for this metric before the meeting.",
                        impact: .unpriced("a review on complete data"), priority: 2))
            case .metricWithoutOwner:
                out.append(
                    make(
                        "metric-owner", teams: allTeams, rationale: h.message,
                        action: "Name the team that answers for this metric.",
                        impact: .unpriced("clear accountability"), priority: 3))
            default:
                break
            }
        }
        return out
    }

    // MARK: The plan's own rules

    func planRules() -> [Adjustment] {
        var out: [Adjustment] = []
        let series = engine.series
        for rule in plan.rules {
            var results: [(Bool, String)] = []
            for clause in rule.condition.clauses {
                let metric = plan.metric(clause.metric)!
                let comparison =
                    "\(clause.op.rawValue) \(format.value(clause.threshold, clause.measure == .attainment ? .percent : metric.unit))"
                switch clause.measure {
                case .value:
                    let values = series.series(clause.metric).suffix(clause.periods)
                    let holds =
                        values.count == clause.periods
                        && values.allSatisfy { $0.map { clause.op.holds($0, clause.threshold) } ?? false }
                    let shown = values.map { format.value($0, metric.unit) }.joined(separator: ", ")
                    let span =
                        clause.periods == 1 ? "in \(review.period.label)" : "in the last \(clause.periods) periods"
                    results.append((holds, "\(metric.name) \(shown) \(span) (\(comparison))"))
                case .attainment:
                    let kr = review.keyResults.first { $0.metric == clause.metric }
                    let pace = kr?.pace
                    results.append(
                        (
                            pace.map { clause.op.holds($0, clause.threshold) } ?? false,
                            "\(kr?.title ?? metric.name) at \(format.percent(pace)) of plan (\(comparison))"
                        ))
                }
            }
            let fires = rule.condition.combinator == .all ? results.allSatisfy(\.0) : results.contains { $0.0 }
            guard fires, !results.isEmpty else { continue }
            let rationale = results.filter(\.0).map(\.1).joined(separator: "; ")
            // Price it when a clause watches a funnel conversion (to-stage / from-stage).
            var impact = Impact.unpriced("see rationale")
            if let funnel = review.funnel, let f = plan.funnel {
                for clause in rule.condition.clauses {
                    guard let formula = plan.metric(clause.metric)?.formula, let (num, den) = formula.ratioParts else {
                        continue
                    }
                    for (i, t) in funnel.transitions.enumerated()
                    where num == .metric(f.stages[i + 1].metric) && den == .metric(f.stages[i].metric)
                        && t.impactRevenue > 0
                    {
                        impact = priced(t, f.stages[i + 1].name)
                    }
                }
            }
            var adjustment = make(
                rule.id, teams: rule.teams, rationale: rationale, action: rule.action, impact: impact,
                priority: rule.priority, fromPlan: true)
            adjustment.title = rule.title
            out.append(adjustment)
        }
        return out
    }
}
