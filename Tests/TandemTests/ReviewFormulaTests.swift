import Foundation
import Testing

@testable import Tandem

/// Small plans built in code, with every expected number computed by hand.
@Suite struct ReviewFormulaTests {
    static let h2 = Cycle(name: "H2", start: .month(2026, 7), end: .month(2026, 12))

    func plan(metrics: [Metric], keyResults: [KeyResult], funnel: Funnel? = nil, slas: [ServiceLevelAgreement] = [])
        -> Plan
    {
        Plan(
            name: "T", cycle: Self.h2,
            teams: [Team(id: "marketing", name: "Marketing"), Team(id: "sales", name: "Sales")],
            metrics: metrics,
            objectives: [Objective(id: "o", title: "O", owners: ["marketing", "sales"], keyResults: keyResults)],
            funnel: funnel, slas: slas)
    }

    func actuals(_ metric: MetricID, _ values: [Double?]) -> [Observation] {
        values.enumerated().compactMap { i, v in
            v.map { Observation(period: .month(2026, 7 + i), metric: metric, value: $0) }
        }
    }

    func kr(
        _ kind: KeyResultKind, baseline: Double = 0, target: Double, metric: MetricID = "m", phasing: [PeriodValue] = []
    ) -> KeyResult {
        KeyResult(
            id: "k", title: "K", metric: metric, kind: kind, baseline: baseline, target: target, phasing: phasing,
            owners: ["sales"])
    }

    func review(_ plan: Plan, _ observations: [Observation], month: Int) throws -> Review {
        try Review(plan: plan, actuals: Actuals(observations), asOf: .month(2026, month))
    }

    @Test(arguments: [(80.0, Status.onTrack), (95, .onTrack), (70, .atRisk), (50, .offTrack)])
    func increaseToSummed(_ august: Double, _ status: Status) throws {
        // Target 600 over 6 months: 100 expected each month, 200 by August.
        let p = plan(metrics: [Metric(id: "m", name: "M", owner: "sales")], keyResults: [kr(.increaseTo, target: 600)])
        let r = try review(p, actuals("m", [100, august]), month: 8).keyResults[0]
        let a = 100 + august
        #expect(r.actual == a)
        #expect(r.expected == 200)
        #expect(r.progress == a / 600)
        #expect(r.score == a / 600)
        #expect(r.attainment == a / 600)
        #expect(r.pace == (a / 600) / (200.0 / 600))
        #expect(r.paceStatus == status)
        // Two months are little to go on: the 80 % range (t with 1 degree of freedom) reaches 600
        // while the base does not: the status stays, flagged "forecast short".
        #expect(r.status == status)
        #expect(r.forecastShort)
        #expect(r.recentRunRate == a / 2)
        #expect(r.forecast == a + a / 2 * 4)
        // Counts are whole: 505 to go over 4 periods needs 127 a period, not 126.25.
        #expect(r.requiredRunRate == ((600 - a) / 4).rounded(.up))
        #expect(r.change == august - 100)
    }

    @Test func phasingSetsTheExpectedPath() throws {
        // 50 phased in July; the other 550 spread over five months: 110 each.
        let k = kr(.increaseTo, target: 600, phasing: [PeriodValue(period: .month(2026, 7), value: 50)])
        let p = plan(metrics: [Metric(id: "m", name: "M")], keyResults: [k])
        let r = try review(p, actuals("m", [50, 110]), month: 8).keyResults[0]
        #expect(r.expected == 160)
        #expect(r.paceStatus == .onTrack)
        // Exactly on the phased plan (q = 160 / 160 = 1): 160 + 1 × 440 = 600. The ratios do not
        // vary, but counts of this size vary at least like Poisson, so the range straddles 600:
        // likely. The plain run-rate (80 a month) would have said 480 and "at risk".
        #expect(r.forecastRange?.method == .phasedRunRate)
        #expect(r.forecast == 600)
        #expect(r.status == .onTrack && r.outlook == .likely)
        #expect(r.pace == 1)
    }

    @Test func decreaseToLevelMetric() throws {
        // Baseline 10 h down to 4 h: expected 7 h after three of six months; the mean so far is 8 h.
        let m = Metric(id: "m", name: "Hours", unit: .hours, direction: .lowerIsBetter, rollup: .average)
        let p = plan(metrics: [m], keyResults: [kr(.decreaseTo, baseline: 10, target: 4)])
        let r = try review(p, actuals("m", [9, 8, 7]), month: 9).keyResults[0]
        #expect(r.actual == 8)
        #expect(r.expected == 7)
        #expect(r.progress == (8.0 - 10) / (4 - 10))
        #expect(r.pace == ((8.0 - 10) / (4 - 10)) / 0.5)
        #expect(r.status == .offTrack)
        #expect(r.attainment == 0.5)
        // The key result is judged on the mean of the six months: the trend falls 1 h a month
        // (6, 5, 4 h still to come), so (24 + 15) / 6 = 6.5 h at the cycle's end.
        #expect(abs(r.forecast! - 6.5) < 1e-12)
        #expect(r.forecastRange?.method == .trend)
        #expect(r.requiredRunRate == nil)
    }

    @Test func stayBelowCountsBreachedPeriods() throws {
        let m = Metric(id: "m", name: "Hours", unit: .hours, direction: .lowerIsBetter, rollup: .average)
        let p = plan(metrics: [m], keyResults: [kr(.stayBelow, target: 5)])
        let r = try review(p, actuals("m", [4, 6]), month: 8).keyResults[0]
        #expect(r.breachedPeriods == [.month(2026, 8)])
        #expect(r.score == 0.5)
        #expect(r.attainment == 5.0 / 6)
        #expect(r.status == .atRisk)
        // Judged period by period: December's value, at the recent level of 5 h with a wide range
        // (two periods, 1 degree of freedom), never below 0 h.
        #expect(
            r.reason
                == "6.0 h in Aug 2026 vs ≤ 5.0 h; met in 1 of 2 periods; behind pace to date, but the forecast makes it (0.0 h–10.3 h (80 % range) at the recent level)"
        )
        #expect(r.forecastRange?.low == 0)
    }

    @Test func stayAboveMetEveryPeriodAtTheEndIsAchieved() throws {
        let p = plan(metrics: [Metric(id: "m", name: "M", rollup: .last)], keyResults: [kr(.stayAbove, target: 5)])
        let r = try review(p, actuals("m", [5, 6, 7, 8, 9, 10]), month: 12).keyResults[0]
        #expect(r.status == .achieved)
        #expect(r.score == 1)
        #expect(r.actual == 10)
    }

    @Test func ratioMetricRollsUpFromItsParts() throws {
        let metrics = [
            Metric(id: "mqls", name: "MQLs"), Metric(id: "sqls", name: "SQLs"),
            Metric(id: "rate", name: "Rate", unit: .percent, formula: .divide(.metric("sqls"), .metric("mqls"))),
        ]
        let p = plan(metrics: metrics, keyResults: [kr(.stayAbove, target: 0.3, metric: "rate")])
        let r = try review(p, actuals("mqls", [100, 300]) + actuals("sqls", [50, 60]), month: 8)
        #expect(r.keyResults[0].actual == 110.0 / 400)  // not the mean of 50 % and 20 %
        #expect(r.trends.first { $0.metric == "rate" }?.values == [0.5, 0.2])
        #expect(r.keyResults[0].periodActual == 0.2)
    }

    @Test func aPeriodWithNoData() throws {
        let p = plan(metrics: [Metric(id: "m", name: "M", owner: "sales")], keyResults: [kr(.increaseTo, target: 600)])
        let r = try review(p, actuals("m", [100, nil]), month: 8)
        #expect(r.keyResults[0].periodActual == nil)
        #expect(r.keyResults[0].change == nil)
        #expect(r.keyResults[0].pace == 0.5)
        #expect(r.health.map(\.code) == [.offTrackWithoutTactic, .missingData])
        #expect(r.adjustments.map(\.rule) == ["kr-without-tactic", "data-gap"])
        let empty = try review(p, [], month: 8)
        #expect(empty.keyResults[0].status == .noData)
        #expect(empty.keyResults[0].reason == "no data for M yet")
        #expect(empty.objectives[0].status == .noData)
        #expect(empty.objectives[0].score == nil)
        #expect(empty.headline.status == .noData)
    }

    @Test func firstAndLastPeriods() throws {
        let p = plan(metrics: [Metric(id: "m", name: "M")], keyResults: [kr(.increaseTo, target: 600)])
        let first = try review(p, actuals("m", [90]), month: 7).keyResults[0]
        #expect(first.expected == 100)
        #expect(first.change == nil)
        #expect(first.forecast == 540.0)
        let last = try review(p, actuals("m", [100, 100, 100, 100, 100, 90]), month: 12).keyResults[0]
        #expect(last.requiredRunRate == nil)
        #expect(last.forecast == 590)
        #expect(last.expected == 600)
        #expect(last.status == .onTrack)
    }

    @Test func milestone() throws {
        let p = plan(metrics: [Metric(id: "m", name: "M", rollup: .last)], keyResults: [kr(.milestone, target: 1)])
        #expect(try review(p, actuals("m", [0]), month: 7).keyResults[0].status == .onTrack)
        #expect(try review(p, actuals("m", [0, 0, 0, 0]), month: 10).keyResults[0].status == .atRisk)
        #expect(try review(p, actuals("m", [0, 0, 0, 0, 0, 0]), month: 12).keyResults[0].status == .offTrack)
        #expect(try review(p, actuals("m", [0, 1]), month: 8).keyResults[0].status == .achieved)
    }

    func funnelPlan() -> Plan {
        let metrics = [Metric(id: "a", name: "A"), Metric(id: "b", name: "B"), Metric(id: "c", name: "C")]
        let funnel = Funnel(
            stages: [
                FunnelStage(id: "a", name: "A", metric: "a"), FunnelStage(id: "b", name: "B", metric: "b"),
                FunnelStage(id: "c", name: "C", metric: "c"),
            ],
            plannedRates: [0.5, 0.5], valuePerWon: 100, revenueTarget: 10_000)
        var p = plan(metrics: metrics, keyResults: [kr(.increaseTo, target: 100, metric: "c")], funnel: funnel)
        p.cycle = Cycle(name: "Two", start: .month(2026, 7), end: .month(2026, 8))
        return p
    }

    @Test func funnelBottleneckIsPriced() throws {
        // A 100 → B 40 (40 % vs 50 %) → C 20 (50 %): A→B back to plan = +10 B = +5 C = +$500.
        let f = try #require(
            try review(funnelPlan(), actuals("a", [100]) + actuals("b", [40]) + actuals("c", [20]), month: 7).funnel)
        #expect(f.transitions.map(\.actualRate) == [0.4, 0.5])
        #expect(abs(f.transitions[0].impactNext - 10) < 1e-9)
        #expect(abs(f.transitions[0].impactWon - 5) < 1e-9)
        #expect(abs(f.transitions[0].impactRevenue - 500) < 1e-9)
        #expect(f.transitions[1].impactRevenue == 0)
        #expect(f.bottleneck?.from == "a")
        // Planned totals from $10,000 / $100 = 100 won: B 200, A 400; half of them by July.
        #expect(f.stages.map(\.planned) == [200, 100, 50])
        // Reverse funnel: $8,000 still to book = 80 won; at actual rates B 160, A 400, in one month.
        #expect(f.revenueToDate == 2_000)
        #expect(f.reverse.map(\.neededPerPeriod) == [400, 160, 80])
    }

    @Test func lowVolumeWithHealthyConversionScalesTheBestChannel() throws {
        var p = funnelPlan()
        p.metrics[0].owner = "marketing"
        let r = try review(p, actuals("a", [100]) + actuals("b", [50]) + actuals("c", [25]), month: 7)
        let scale = try #require(r.adjustments.first { $0.rule == "scale-best-channel" })
        #expect(scale.teams == ["marketing"])
        #expect(scale.problem == "stage_volume:a")
        let problem = try #require(r.agenda.first { $0.id == scale.problem })
        #expect(problem.impact.won == 25)  // 100 A short of the 200 planned, × 50 % × 50 %
        #expect(problem.impact.revenue == 2_500)
        #expect(problem.impact.window == .cycleToDate)
        #expect(r.funnel?.bottleneck == nil)
    }

    @Test func winRateRevenueGapArithmeticAndOwnerRulesFire() throws {
        var p = funnelPlan()
        // 100 A a cycle through 50 % × 50 % at $100 is $2,500: far below the $10,000 target.
        p.objectives[0].keyResults.append(
            KeyResult(id: "k-a", title: "A", metric: "a", kind: .increaseTo, target: 100, owners: ["sales"]))
        let r = try review(p, actuals("a", [200]) + actuals("b", [100]) + actuals("c", [30]), month: 7)
        let rules = Set(r.adjustments.map(\.rule))
        #expect(rules.isSuperset(of: ["win-rate", "revenue-gap", "plan-arithmetic", "metric-owner"]))
        let winRate = try #require(r.adjustments.first { $0.rule == "win-rate" })
        #expect(winRate.rationale == "B→C converts 30.0 % vs 50.0 % planned")
        let problem = try #require(r.agenda.first { $0.id == winRate.problem })
        #expect(problem.id == "transition:b>c")
        #expect(abs((problem.impact.revenue ?? 0) - 2_000) < 1e-9)  // 100 B × 20 pts × $100
        #expect(
            r.health.first { $0.code == .planArithmetic }?.message
                == "100 A × 50.0 % × 50.0 % × $100 = $2,500, below the $10k revenue target")
        let gap = try #require(r.adjustments.first { $0.rule == "revenue-gap" })
        #expect(
            gap.rationale
                == "to book the remaining $7,000 at current conversion, A must reach 467 a period vs 200 recently")
    }

    @Test func zeroVolumeStageDoesNotBreakTheFunnel() throws {
        let f = try #require(
            try review(funnelPlan(), actuals("a", [100]) + actuals("b", [0]) + actuals("c", [0]), month: 7).funnel)
        #expect(f.transitions.map(\.actualRate) == [0, nil])
        #expect(f.transitions[0].impactNext == 50)
        #expect(f.transitions[0].impactWon == 25)  // B→C has no actual rate: the planned 50 % applies
        #expect(f.transitions[1].impactRevenue == 0)
        #expect(f.reverse.map(\.neededPerPeriod) == [400, 200, 100])
    }

    @Test func slaComparesThePerPeriodMean() throws {
        let sla = ServiceLevelAgreement(
            id: "s", title: "S", from: "marketing", to: "sales", metric: "m", comparison: .atLeast, amount: 600)
        let p = plan(metrics: [Metric(id: "m", name: "M")], keyResults: [kr(.increaseTo, target: 3600)], slas: [sla])
        let s = try review(p, actuals("m", [600, 500]), month: 8).sla[0]
        #expect(s.actual == 550)
        #expect(s.met == false)
        #expect(s.margin == -50)
        #expect(s.periods.map(\.met) == [true, false])
        #expect(s.metInPeriod == false)
    }

    @Test func planRulesFireOnStructuredConditions() throws {
        var p = plan(metrics: [Metric(id: "m", name: "M")], keyResults: [kr(.increaseTo, target: 600)])
        p.rules = [
            Rule(
                id: "low", title: "Low",
                condition: .init(.all, [Rule.Clause(metric: "m", op: .below, threshold: 90, periods: 2)]),
                action: "Act", teams: ["sales"], priority: 1),
            Rule(
                id: "never", title: "Never",
                condition: .init(.any, [Rule.Clause(metric: "m", op: .above, threshold: 1000)]),
                action: "No", teams: ["sales"]),
            Rule(
                id: "pace", title: "Pace",
                condition: .init(.any, [Rule.Clause(metric: "m", measure: .attainment, op: .below, threshold: 0.9)]),
                action: "Pace", teams: ["marketing"]),
        ]
        let r = try review(p, actuals("m", [80, 85]), month: 8)
        let fired = r.adjustments.filter(\.fromPlan)
        #expect(fired.map(\.rule) == ["low", "pace"])
        #expect(fired[0].rationale == "M 80, 85 in the last 2 periods (< 90)")
        #expect(fired[1].rationale == "K at 82.5 % of plan (< 90.0 %)")
    }
}

/// Properties that hold for any input.
@Suite struct ReviewPropertyTests {
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        mutating func value(_ range: ClosedRange<Int>) -> Double {
            Double(range.lowerBound + Int(next() % UInt64(range.count)))
        }
    }

    func randomActuals(_ plan: Plan, seed: UInt64) -> Actuals {
        var g = Generator(state: seed)
        var out: [Observation] = []
        for month in 7...11 {
            for metric in plan.metrics where metric.formula == nil {
                for segment in ["A", "B"] {
                    out.append(
                        Observation(
                            period: .month(2026, month), metric: metric.id, value: g.value(1...900), segment: segment))
                }
            }
        }
        return Actuals(out)
    }

    @Test(arguments: 1...20 as ClosedRange<UInt64>)
    func scoresStayInZeroToOne(_ seed: UInt64) throws {
        let plan = try PlanLoader().load(contentsOf: Fixtures.examplePlan)
        let review = try Review(plan: plan, actuals: randomActuals(plan, seed: seed), asOf: .month(2026, 11))
        for kr in review.keyResults { #expect(kr.score.map { (0...1).contains($0) } ?? true, "\(kr.id)") }
        for o in review.objectives { #expect(o.score.map { (0...1).contains($0) } ?? true) }
        #expect(review.headline.score.map { (0...1).contains($0) } ?? true)
    }

    @Test(arguments: 1...5 as ClosedRange<UInt64>)
    func shufflingRowsChangesNothing(_ seed: UInt64) throws {
        let (plan, actuals) = try Fixtures.loadExample()
        var g = Generator(state: seed)
        var shuffled = actuals.observations
        for i in stride(from: shuffled.count - 1, to: 0, by: -1) { shuffled.swapAt(i, Int(g.next() % UInt64(i + 1))) }
        let a = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 11))
        let b = try Review(plan: plan, actuals: Actuals(shuffled), asOf: .month(2026, 11))
        #expect(try JSONExporter().render(a) == JSONExporter().render(b))
    }

    @Test func doublingEveryCountLeavesEveryRateUnchanged() throws {
        let (plan, actuals) = try Fixtures.loadExample()
        var doubled = actuals
        for i in doubled.observations.indices where plan.metric(doubled.observations[i].metric)?.unit == .count {
            doubled.observations[i].value *= 2
        }
        let a = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 11))
        let b = try Review(plan: plan, actuals: doubled, asOf: .month(2026, 11))
        #expect(a.funnel?.transitions.map(\.actualRate) == b.funnel?.transitions.map(\.actualRate))
        for metric in plan.metrics where metric.formula != nil {
            let x = a.trends.first { $0.metric == metric.id }!.values
            let y = b.trends.first { $0.metric == metric.id }!.values
            #expect(x == y, "\(metric.id)")
        }
    }
}

@Suite struct TacticTests {
    @Test(arguments: [
        (TacticStatus.active, nil as Period?, nil as Period?, true),
        (.active, nil, .month(2026, 9), false),
        (.planned, .month(2026, 11), nil, true),
        (.planned, .month(2026, 12), nil, false),
        (.done, nil, nil, false),
        (.cancelled, nil, nil, false),
    ])
    func activeInOctober(_ status: TacticStatus, _ start: Period?, _ end: Period?, _ active: Bool) {
        let t = Tactic(id: "t", title: "T", kind: .content, owners: ["sales"], status: status, start: start, end: end)
        #expect(t.isActive(in: .month(2026, 10)) == active)
    }
}

/// The one roll-up rule of key-result statuses (objectives, teams, overall), by hand.
@Suite struct RollUpTests {
    @Test(arguments: [
        ([Status.offTrack, .onTrack, .onTrack], Status.offTrack),  // 1 of 3 off track: a third
        ([.offTrack, .onTrack, .onTrack, .achieved], .atRisk),  // 1 of 4 off: any off → at risk
        ([.atRisk, .onTrack, .onTrack], .atRisk),  // 1 of 3 at risk: a third
        ([.atRisk, .onTrack, .onTrack, .onTrack], .onTrack),  // 1 of 4 at risk: under a third
        ([.achieved, .achieved, .noData], .achieved),  // no data is left out
        ([.achieved, .onTrack], .onTrack),
        ([.noData, .noData], .noData),
        ([], .noData),
        ([.offTrack, .offTrack, .atRisk, .atRisk, .onTrack, .onTrack, .onTrack], .atRisk),  // 2 of 7 off
    ])
    func rollUp(_ statuses: [Status], _ expected: Status) {
        #expect(Status.rollUp(statuses) == expected)
    }
}
