import Foundation
import Testing

@testable import Tandem

/// The revenue and won-deals forecast from the open deals by stage and age, computed by hand.
@Suite struct DealForecastTests {
    @Test func winCurveByHand() throws {
        // Days open, outcome: 2 won, 2 lost, 5 won, 5 still open, 8 lost.
        var counts = WinCurve.Counts()
        for (days, event) in [(2, WinCurve.Event.won), (2, .lost), (5, .won), (5, .open), (8, .lost)] {
            counts.add(days, event)
        }
        let curve = WinCurve(counts)
        // At risk: 5 up to day 2, 3 up to day 5, 1 up to day 8.
        // Day 2: won 1 of 5 → C = 0.2, S = 0.6. Day 5: won 1 of 3 → C = 0.2 + 0.6/3 = 0.4,
        // S = 0.4. Day 8: lost 1 of 1 → S = 0.
        #expect(curve.won(by: 1) == 0)
        #expect(abs(curve.won(by: 4) - 0.2) < 1e-12)
        #expect(abs(curve.won(by: 100) - 0.4) < 1e-12)
        // Open after day 2: (0.4 − 0.2) / 0.6, with 3 deals still open on day 3.
        let p = try #require(curve.chance(openAfter: 2, within: 3))
        #expect(abs(p.p - 1.0 / 3) < 1e-12)
        #expect(p.evidence == 3)
        // Open after day 5: nothing was won later.
        #expect(curve.chance(openAfter: 5, within: 10)?.p == 0)
        // Nobody in the history was open after day 8.
        #expect(curve.chance(openAfter: 8, within: 10) == nil)
        #expect(curve.closed == 4)
    }

    /// Ten closed deals created on Aug 1 (five won after 20 days at $12k, five lost after 40),
    /// and two open at the review date (Dec 1, UTC): one 10 days old ($10k), one 60 ($20k).
    static func deals(closedLost: Int = 5) -> String {
        var rows = ["id,created,close,amount,outcome"]
        for i in 1...5 { rows.append("w\(i),2026-08-01,2026-08-21,12000,won") }
        for i in 0..<closedLost { rows.append("l\(i + 1),2026-08-01,2026-09-10,8000,lost") }
        rows.append("o1,2026-11-21,2026-12-20,10000,open")
        rows.append("o2,2026-10-02,2026-12-20,20000,open")
        return rows.joined(separator: "\n") + "\n"
    }

    @Test func openDealsByStageAndAge() throws {
        let (plan, set) = try RecordFixtures.load(RecordFixtures.plan(timezone: "UTC"), leads: nil, deals: Self.deals())
        let derived = try RecordMetrics(plan: plan, records: set).derive(asOf: .month(2026, 11))
        let outlook = try #require(derived.summary.deals)
        // The deals enter opps when created. Days open: 20 (won) ×5, 40 (lost) ×5, 10 and 60 (open).
        // At risk 12 to day 10, 11 to day 20, 6 to day 40, 1 to day 60. Day 20: 5 of 11 won →
        // C = 5/11, S = 6/11; day 40: 5 of 6 lost → S = 1/11.
        #expect(outlook.windowDays == 31)
        #expect(outlook.openDeals == 2)
        #expect(outlook.openAmount == 30000)
        #expect(outlook.closedDeals == 10)
        #expect(
            outlook.reason
                == "each open deal's chance to close won within 31 days, from its stage and the days since it entered it, read from 10 closed deals; new deals at the recent rate"
        )
        let e = try #require(outlook.expected)
        // o1 (open after day 10): (5/11 − 0) / 1. o2 (day 60): nobody was open after day 60.
        #expect(abs(e.openWon - 5.0 / 11) < 1e-12)
        #expect(abs(e.openRevenue - 10000 * 5.0 / 11) < 1e-9)
        #expect(outlook.staleDeals == 1)
        #expect(outlook.staleAmount == 20000)
        // New deals: 2 created since Sep 1 over 91 days; one created on day t of the 31 closes won
        // with C(30 − t): 5/11 for the 11 days 20…30 → 2/91 × 11 × 5/11 = 10/91, at the won
        // deals' mean $12k (none was won since Sep 1, so all of them).
        #expect(abs(e.newWon - 10.0 / 91) < 1e-12)
        #expect(abs(e.newRevenue - 12000 * 10.0 / 91) < 1e-9)
        // Spread: p(1 − p) = 30/121 for o1, its estimate's √(30/121 / 11), Poisson for new deals.
        let won = (30.0 / 121 + 30.0 / 1331 + 10.0 / 91).squareRoot()
        #expect(abs(e.wonSpread - won) < 1e-12)
        let revenue = (30.0 / 121 * 1e8 + 30.0 / 1331 * 1e8 + 10.0 / 91 * 144e6).squareRoot()
        #expect(abs(e.revenueSpread - revenue) < 1e-6)
        #expect(outlook.bands.map(\.ages) == ["0–30 d", "31–90 d"])
        #expect(outlook.bands.map(\.deals) == [1, 1])
        #expect(outlook.bands.map(\.expectedRevenue) == [10000 * 5.0 / 11, 0])

        // The review forecasts revenue and won deals from them.
        let review = try Review(
            plan: plan, actuals: Actuals([]), records: RecordMetrics(plan: plan, records: set),
            asOf: .month(2026, 11))
        let f = try #require(review.funnel?.revenuePipelineForecast)
        #expect(f.method == .openDeals)
        let base = 60000 + 10000 * 5.0 / 11 + 12000 * 10.0 / 91
        #expect(abs(f.base - base) < 1e-6)
        // The 80 % range: the normal's 0.9 quantile times the spread.
        let half = 1.281_551_565_544_601 * revenue
        #expect(abs(f.high - (base + half)) < 1e-6)
        #expect(abs(f.low - max(60000, base - half)) < 1e-6)
        #expect(f.level == 0.8)
        // Backtest as of Sep (Oct 1): o1 and o2 did not exist, all ten had closed. New deals: ten
        // created since Aug 1 (61 days), C = 5/10 from day 20, so 10/61 × 41 × 0.5 in the 61 days
        // to Dec 1, at $12k; booked by then $60k; nothing won since.
        let b = try #require(review.funnel?.revenueDealsBacktest)
        #expect(b.asOf == .month(2026, 9))
        #expect(b.forecast.method == .openDeals)
        #expect(abs(b.forecast.base - (60000 + 12000 * 10.0 / 61 * 41 * 0.5)) < 1e-6)
        #expect(b.actual == 60000)
        let then = try #require(derived.summary.dealsBacktest)
        #expect(then.openDeals == 0)
        #expect(then.windowDays == 61)
        let digest = TextDigest(options: DigestOptions(width: 400)).render(review)
        #expect(digest.contains("Open deals at the end of Nov: 2 ($30k)."))
        #expect(digest.contains("older than any deal the history saw still open"))
    }

    @Test func keyResultsOnWonAndRevenueUseTheOpenDeals() throws {
        // The fixture's funnel names no pipeline metric: the deals alone forecast.
        let text = RecordFixtures.plan(timezone: "UTC").replacingOccurrences(
            of: "      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600}\n",
            with: """
                      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600}
                      - {id: kr-won, title: Won, metric: won, kind: increase_to, target: 20}
                      - {id: kr-arr, title: ARR, metric: arr, kind: increase_to, target: 500000}

                """
        )
        .replacingOccurrences(
            of: "  value_per_won: 24000\n", with: "  value_per_won: 24000\n  revenue_target: 500000\n")
        let (plan, set) = try RecordFixtures.load(text, leads: nil, deals: Self.deals())
        #expect(plan.keyResults.count == 3)
        let review = try Review(
            plan: plan, actuals: Actuals([]), records: RecordMetrics(plan: plan, records: set),
            asOf: .month(2026, 11))
        let won = try #require(review.keyResults.first { $0.id == "kr-won" }?.pipelineForecast)
        #expect(won.method == .openDeals)
        // Five won so far, o1's 5/11 and 10/91 new.
        #expect(abs(won.base - (5 + 5.0 / 11 + 10.0 / 91)) < 1e-12)
        let arr = try #require(review.keyResults.first { $0.id == "kr-arr" }?.pipelineForecast)
        #expect(arr == review.funnel?.revenuePipelineForecast)
        #expect(review.keyResults.first { $0.id == "kr-sqls" }?.pipelineForecast == nil)
        // No pipeline metric: the open deals ($30k) cover the revenue still to book.
        let coverage = try #require(review.funnel?.coverage)
        #expect(coverage.metric == "open_pipeline")
        #expect(coverage.openPipeline == 30000)
        #expect(review.funnel?.revenueToGo == 440_000)
        #expect(coverage.ratio == 30000 / 440_000.0)
    }

    @Test func tooFewClosedDealsFallBack() throws {
        let (plan, set) = try RecordFixtures.load(
            RecordFixtures.plan(timezone: "UTC"), leads: nil, deals: Self.deals(closedLost: 4))
        let derived = try RecordMetrics(plan: plan, records: set).derive(asOf: .month(2026, 11))
        let outlook = try #require(derived.summary.deals)
        #expect(outlook.expected == nil)
        #expect(outlook.reason == "9 closed deals, at least 10 needed")
        #expect(outlook.bands.allSatisfy { $0.expectedRevenue == nil })
        let review = try Review(
            plan: plan, actuals: Actuals([]), records: RecordMetrics(plan: plan, records: set),
            asOf: .month(2026, 11))
        #expect(review.funnel?.revenuePipelineForecast?.method != .openDeals)
    }
}
