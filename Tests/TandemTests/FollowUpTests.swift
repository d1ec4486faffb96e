import Foundation
import Testing

@testable import Tandem

@Suite struct FollowUpTests {
    /// The exports as they were taken in October.
    static let octoberExports = ["crm-export.csv", "marketing-automation.csv"].map {
        Fixtures.root.appendingPathComponent("Examples/Brightwell/exports/2026-10/\($0)")
    }
    let plan: Plan
    let november: Review
    let october: Review

    init() throws {
        plan = try PlanLoader().load(contentsOf: Fixtures.examplePlan)
        let now = try ActualsLoader(plan: plan).load(contentsOf: Fixtures.exampleActuals).actuals
        november = try Review(plan: plan, actuals: now, asOf: .month(2026, 11))
        let then = try ActualsLoader(plan: plan).load(contentsOf: FollowUpTests.octoberExports).actuals
        october = try Review(plan: plan, actuals: then, asOf: .month(2026, 10))
    }

    func decision(
        _ problem: ProblemID, _ verdict: Decision.Verdict = .accepted, due: String? = nil, done: String? = nil
    )
        -> Decision
    {
        Decision(
            period: .month(2026, 10), problem: problem, verdict: verdict, owner: "marketing",
            due: due.flatMap { DueDate(parsing: $0) }, done: done.flatMap { DueDate(parsing: $0) })
    }

    /// The one entry: the same review, followed up, as the two steps it stands for.
    @Test func reviewInputsIsTheOneEntry() throws {
        let actuals = try ActualsLoader(plan: plan).load(contentsOf: Fixtures.exampleActuals).actuals
        let log = try DecisionLogLoader(plan: plan).load(
            contentsOf: Fixtures.root.appendingPathComponent("Examples/Brightwell/decisions.yaml"))
        let entry = try Review(
            ReviewInputs(plan: plan, actuals: actuals, asOf: .month(2026, 11), previous: october, decisions: log))
        let steps = november.followedUp(previous: october, decisions: log, tactics: plan.tactics)
        #expect(entry == steps)
        #expect(entry.sinceLastReview != nil)
        // Without a previous review or a log, no follow-up.
        #expect(try Review(ReviewInputs(plan: plan, actuals: actuals, asOf: .month(2026, 11))) == november)
    }

    @Test func decisionStatesFollowTheReviewPeriod() {
        let log = DecisionLog(decisions: [
            decision("transition:mqls>sqls", due: "2026-11-30"),
            decision("sla:sla-follow-up", due: "2026-10"),
            decision("sla:sla-speed", due: "2026-10", done: "2026-11-02"),
            decision("key_result:kr-pipeline", due: "2026-12"),
            decision("key_result:kr-won"),
            decision("plan:content:opportunities", .deferred, due: "2026-11"),
            decision("key_result:kr-speed", .declined),
            decision("sla:sla-speed", done: "2026-12-01"),
            // Taken at the November meeting: not followed up by the November review itself.
            Decision(period: .month(2026, 11), problem: "sla:sla-speed", verdict: .accepted, owner: "sales"),
        ])
        let u = FollowUp(current: november, previous: october, decisions: log)
        #expect(u.decisions.map(\.state) == [.due, .overdue, .done, .open, .open, .deferred, .declined, .open])
        #expect(u.decisions[0].problemTitle == "MQLs→SQLs converts below plan")
        // kr-won paces on plan but its whole forecast range misses 180: at risk, a problem.
        #expect(u.decisions[4].problemTitle == "Close 180 new customers: at risk")
        let effect = u.decisions[0].effect
        #expect(effect?.measure == "MQLs→SQLs")
        #expect(effect.map { abs($0.before - 209.0 / 720.0) < 1e-12 } == true)
        #expect(effect.map { abs($0.after - 201.0 / 745.0) < 1e-12 } == true)
        #expect(effect?.verdict == .worse)
        // Only accepted decisions are measured.
        #expect(u.decisions[5].effect == nil && u.decisions[6].effect == nil)
    }

    @Test func problemsAndStreaks() {
        let u = FollowUp(current: november, previous: october, decisions: DecisionLog())
        #expect(u.previousPeriod == .month(2026, 10))
        #expect(u.note == nil)
        let follow = u.problems.first { $0.id == "sla:sla-follow-up" }
        #expect(follow?.change == .persisting)
        #expect(follow?.streak == 2)
        // With the previous review's own follow-up, streaks carry on.
        var chained = october
        chained.sinceLastReview = FollowUp(
            current: october, previous: nil, decisions: DecisionLog(),
            note: nil)
        chained.sinceLastReview?.problems = [
            ProblemChange(id: "sla:sla-follow-up", title: "", change: .new, streak: 4)
        ]
        let v = FollowUp(current: november, previous: chained, decisions: DecisionLog())
        #expect(v.problems.first { $0.id == "sla:sla-follow-up" }?.streak == 5)
        #expect(v.bottleneck?.beforeName == "MQLs→SQLs")
        #expect(v.bottleneck.map { $0.afterRevenue! > $0.beforeRevenue! } == true)
        // A problem gone from the agenda while its SLA is still breached is not resolved.
        var cleared = november
        cleared.agenda.removeAll { $0.id == "sla:sla-follow-up" }
        let w = FollowUp(current: cleared, previous: october, decisions: DecisionLog())
        #expect(w.problems.first { $0.id == "sla:sla-follow-up" }?.change == .unresolved)
        #expect(w.problems.first { $0.id == "sla:sla-follow-up" }?.streak == 0)
    }

    @Test func withoutAPreviousReviewItSaysSoOnce() {
        let u = FollowUp(current: november, previous: nil, decisions: DecisionLog())
        #expect(
            u.note == "No previous review to compare with: problems, status changes and restatements start next time.")
        #expect(u.problems.isEmpty && u.restatements.isEmpty && u.keyResults.isEmpty && u.bottleneck == nil)
        var review = november
        review.sinceLastReview = u
        let text = TextDigest().render(review)
        #expect(text.components(separatedBy: "No previous review").count == 2)
        #expect(!text.contains("restated"))
    }

    @Test func restatementsListEveryChangedActual() throws {
        let u = FollowUp(current: november, previous: october, decisions: DecisionLog())
        #expect(u.restatements.count == 1)
        let r = try #require(u.restatements.first)
        #expect(r.period == .month(2026, 10))
        #expect(r.metric == "new_arr")
        #expect(r.team == "sales")
        #expect(r.segment == "Enterprise")
        #expect(r.before == 328_500)
        #expect(r.after == 316_500)
        #expect(r.change == -12_000)
    }

    @Test func anUnchangedMonthRestatesNothing() throws {
        // The same exports a month apart: September's numbers are what October booked.
        let actuals = try ActualsLoader(plan: plan).load(contentsOf: FollowUpTests.octoberExports).actuals
        let september = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 9))
        #expect(Restatement.diff(previous: september.data, current: october.data).isEmpty)
        let u = FollowUp(current: october, previous: september, decisions: DecisionLog())
        var review = october
        review.sinceLastReview = u
        #expect(TextDigest().render(review).contains("No number restated since the Sep 2026 review."))
    }

    @Test func restatementDiffHandlesRowsThatDoNotLineUp() {
        func row(_ p: Int, _ m: String, _ seg: String?, _ v: Double?) -> DataRow {
            DataRow(
                period: .month(2026, p), metric: MetricID(m), metricName: m, team: nil, segment: seg, unit: .count,
                actual: v, target: nil, variance: nil, variancePct: nil)
        }
        let before = [row(7, "a", nil, 1), row(8, "a", "x", 2), row(8, "b", nil, 3), row(9, "a", nil, 9)]
        let after = [row(7, "a", nil, 1), row(8, "b", nil, 4), row(8, "a", "y", 5), row(10, "a", nil, 1)]
        let diff = Restatement.diff(previous: before, current: after)
        #expect(
            diff.map { "\($0.period) \($0.metric) \($0.segment ?? "-") \($0.before ?? -1)→\($0.after ?? -1)" } == [
                "2026-08 b - 3.0→4.0", "2026-08 a y -1.0→5.0", "2026-08 a x 2.0→-1.0",
            ])
    }

    @Test func tacticEffectsCompareBeforeAndAfterTheStart() throws {
        let u = FollowUp(current: november, previous: nil, decisions: DecisionLog(), tactics: plan.tactics)
        // The case studies are still planned: nothing to judge yet.
        #expect(!u.tactics.contains { $0.tactic == "t-case-studies" })
        // The battlecards run since August: July before, August–November after.
        let cards = try #require(u.tactics.first { $0.tactic == "t-battlecards" && $0.keyResult == "kr-win-rate" })
        let e = try #require(cards.effect)
        #expect(e.beforeFrom == .month(2026, 7) && e.beforeTo == .month(2026, 7))
        #expect(e.afterFrom == .month(2026, 8) && e.afterTo == .month(2026, 11))
        // A tactic that starts with the cycle has no "before".
        #expect(u.tactics.first { $0.tactic == "t-nurture" }?.effect == nil)
    }

    @Test func theNovemberDigestFollowsUpOnOctober() throws {
        let url = Fixtures.root.appendingPathComponent("Examples/Brightwell/decisions.yaml")
        let log = try DecisionLogLoader(plan: plan).load(contentsOf: url)
        var review = november
        review.sinceLastReview = FollowUp(current: november, previous: october, decisions: log, tactics: plan.tactics)
        let text = TextDigest().render(review)
        #expect(text.contains("SINCE LAST REVIEW"))
        #expect(
            text.contains(
                "• DUE: MQLs→SQLs converts below plan [transition:mqls>sqls], accepted in Oct\n  2026 (Marketing, due 2026-11)"
            ))
        #expect(text.contains("  MQLs→SQLs 29.0 % in Oct → 27.0 % in Nov: worse (before/after, not proof)."))
        #expect(text.contains("• Oct New ARR (Sales, Enterprise) restated $328,500 → $316,500 (−$12,000)"))
        #expect(text.contains("Sales follows up 90 % of MQLs within 4 hours: breached, 2nd month"))
        #expect(text.contains("Bottleneck: MQLs→SQLs worth $485k (cycle to date) at the Oct 2026 review; now\n"))
        #expect(text.contains("\nMQLs→SQLs worth $777k (cycle to date).\n"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    @Test func aReviewReadsBackFromItsJSONWithItsFollowUp() throws {
        var review = november
        review.sinceLastReview = FollowUp(current: november, previous: october, decisions: DecisionLog())
        let json = try JSONExporter().render(review)
        #expect(try Review(json: json, file: "r.json") == review)
        let old = Data(#"{"schemaVersion": 0, "period": "2026-10"}"#.utf8)
        #expect {
            _ = try Review(json: old, file: "tandem-2026-10.json")
        } throws: { error in
            (error as? InputError)?.description
                == "tandem-2026-10.json: error: review schema version 0 is not the version this Tandem writes (2)"
        }
        #expect {
            _ = try Review(json: Data("[1]".utf8), file: "x.json")
        } throws: { error in
            (error as? InputError)?.description.hasPrefix("x.json: error: not a Tandem review JSON") == true
        }
    }
}
