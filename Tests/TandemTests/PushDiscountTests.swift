import Foundation
import Testing

@testable import Tandem

/// Deals as several exports saw them: per deal its creation day, amount and, per export, its
/// close day and outcome (nil: not in that export).
enum PushFixtures {
    struct Deal {
        var id: String
        var created: String
        var amount: Int
        /// Close day and outcome per export, oldest snapshot first, the current export last.
        var states: [(close: String, outcome: String)?]
    }

    /// The plan naming `days` as snapshots before the current export, and the exports read from a
    /// temporary folder.
    static func load(_ deals: [Deal], snapshots days: [String]) throws -> (Plan, RecordSet) {
        var sources = "            - {kind: leads, preset: generic}\n"
        for day in days {
            sources += "            - {kind: deals, preset: generic, file: deals-\(day).csv, snapshot: \"\(day)\"}\n"
        }
        sources += "            - {kind: deals, preset: generic, file: deals.csv}\n"
        let plan = try PlanLoader().load(
            text: RecordFixtures.plan(timezone: "UTC", sources: sources), file: "plan.yaml")
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var urls: [URL] = []
        for (k, name) in (days.map { "deals-\($0).csv" } + ["deals.csv"]).enumerated() {
            // The current export is the last state; a snapshot the state at its place.
            let state = k == days.count ? { (d: Deal) in d.states.last! } : { (d: Deal) in d.states[k] }
            var rows = ["id,created,close,amount,outcome"]
            for d in deals {
                guard let s = state(d) else { continue }
                rows.append("\(d.id),\(d.created),\(s.close),\(d.amount),\(s.outcome)")
            }
            let url = dir.appendingPathComponent(name)
            try Data((rows.joined(separator: "\n") + "\n").utf8).write(to: url)
            urls.append(url)
        }
        return (plan, try RecordsLoader(plan: plan, asOf: .month(2026, 11)).load(contentsOf: urls))
    }

    /// The outlook and its backtest of a review of November (Dec 1, UTC).
    static func outlook(_ deals: [Deal], snapshots days: [String]) throws -> (DealOutlook, DealOutlook?) {
        let (plan, set) = try load(deals, snapshots: days)
        let derived = try RecordMetrics(plan: plan, records: set).derive(asOf: .month(2026, 11))
        return (try #require(derived.summary.deals), derived.summary.dealsBacktest)
    }

    /// Twenty deals created Aug 1 ($10k each): c1–c10 won Nov 10 (day 101), c11–c20 lost Nov 20
    /// (day 111); c1 and c11–c14 had their close date pushed in the Sep 30 and Oct 31 exports
    /// (Sep 15 → Oct 15 → Nov 15). Four open deals created Sep 20: o1 ($10k) and o2 ($20k) pushed
    /// on Oct 31 and again at the review (Oct 20 → Nov 20 → Dec 20), o3 ($40k) pushed once at the
    /// review, o4 ($30k) never. Exports: Aug 31, Sep 30, Oct 31 and the current one.
    static var november: [Deal] {
        var deals: [Deal] = []
        for i in 1...20 {
            let won = i <= 10
            let final = won ? ("2026-11-10", "won") : ("2026-11-20", "lost")
            let pushed = i == 1 || (11...14).contains(i)
            let open = pushed ? ["2026-09-15", "2026-10-15", "2026-11-15"] : [final.0, final.0, final.0]
            deals.append(
                Deal(
                    id: "c\(i)", created: "2026-08-01", amount: 10000,
                    states: open.map { ($0, "open") } + [final]))
        }
        let twice = [("2026-10-20", "open"), ("2026-11-20", "open"), ("2026-12-20", "open")]
        deals.append(Deal(id: "o1", created: "2026-09-20", amount: 10000, states: [nil] + twice))
        deals.append(Deal(id: "o2", created: "2026-09-20", amount: 20000, states: [nil] + twice))
        deals.append(
            Deal(
                id: "o3", created: "2026-09-20", amount: 40000,
                states: [nil, ("2026-12-20", "open"), ("2026-12-20", "open"), ("2026-12-28", "open")]))
        deals.append(
            Deal(
                id: "o4", created: "2026-09-20", amount: 30000,
                states: [nil, ("2026-12-20", "open"), ("2026-12-20", "open"), ("2026-12-20", "open")]))
        return deals
    }

    static let novemberSnapshots = ["2026-08-31", "2026-09-30", "2026-10-31"]
}

/// The open-deals forecast discounts deals pushed at least twice by how the history's deals
/// pushed that often closed.
@Suite struct PushDiscountTests {
    /// w won of n pushed closed deals, against W of N closed: ((w + 10·W/N) / (n + 10)) / (W/N),
    /// at most 1.
    @Test(arguments: [
        (1, 5, 10, 20, 0.8),  // (1 + 5) / 15 / 0.5
        (0, 10, 10, 20, 0.5),  // (0 + 5) / 20 / 0.5
        (0, 40, 10, 40, 0.2),  // (0 + 2.5) / 50 / 0.25
        (5, 5, 10, 20, 1.0),  // (5 + 5) / 15 / 0.5 = 1.33: never above 1
        (0, 0, 10, 20, 1.0),  // no evidence
        (0, 5, 0, 20, 1.0),  // nothing was won: every chance is 0 anyway
    ])
    func factorByHand(won: Int, closed: Int, overallWon: Int, overallClosed: Int, factor: Double) {
        let f = DealOutlook.PushDiscount.factor(won: won, of: closed, overallWon: overallWon, of: overallClosed)
        #expect(abs(f - factor) < 1e-12)
    }

    /// Every open deal has the chance 0.5: all twenty closed deals were still open after day 72
    /// (the open deals' age on Dec 1), and half of them were won on day 101, within the 31 days
    /// to the cycle's end. Closed deals pushed twice won 1 of 5, all closed deals 10 of 20: the
    /// factor is (1 + 10 × 0.5) / (5 + 10) / 0.5 = 0.8, so o1 and o2 count at 0.4.
    @Test func handComputedDiscount() throws {
        let (outlook, _) = try PushFixtures.outlook(PushFixtures.november, snapshots: PushFixtures.novemberSnapshots)
        #expect(outlook.closedDeals == 20)
        #expect(outlook.openDeals == 4)
        let discount = try #require(outlook.pushDiscount)
        #expect(discount.deals == 2)
        #expect(discount.amount == 30000)
        #expect(discount.closedDeals == 5)
        #expect(discount.wonDeals == 1)
        #expect(discount.winRate == 0.5)
        #expect(abs(discount.factor - 0.8) < 1e-12)
        let e = try #require(outlook.expected)
        // 0.4 × ($10k + $20k) + 0.5 × ($40k + $30k) = $12k + $35k.
        #expect(abs(e.openWon - 1.8) < 1e-12)
        #expect(abs(e.openRevenue - 47000) < 1e-9)
        #expect(outlook.bands.map(\.expectedRevenue).count == 1)
        #expect(abs((outlook.bands[0].expectedRevenue ?? 0) - 47000) < 1e-9)
        // The spread uses the discounted chances: p(1 − p) is 0.24 twice and 0.25 twice, the
        // estimate's √(p(1 − p) / 20) likewise, plus the new deals' Poisson term.
        let estimate = 2 * (0.24 / 20).squareRoot() + 2 * (0.25 / 20).squareRoot()
        #expect(abs(e.wonSpread - (0.98 + estimate * estimate + e.newWon).squareRoot()) < 1e-12)
        #expect(
            outlook.reason
                == "each open deal's chance to close won within 31 days, from its stage and the days since it entered it, read from 20 closed deals; new deals at the recent rate; 2 open deals pushed at least twice count at 0.80 of their chance: closed deals pushed that often won 1 of 5, against 50.0 % of all closed deals"
        )
        // Without the snapshots every open deal counts at 0.5: $50k; the new deals are the same.
        let (plain, _) = try PushFixtures.outlook(PushFixtures.november, snapshots: [])
        let p = try #require(plain.expected)
        #expect(abs(p.openRevenue - 50000) < 1e-9)
        #expect(abs(p.openWon - 2) < 1e-12)
        #expect(p.newWon == e.newWon)
        #expect(p.newRevenue == e.newRevenue)
        #expect(plain.pushDiscount == nil)

        // The review's revenue forecast is $3k lower.
        let (plan, set) = try PushFixtures.load(PushFixtures.november, snapshots: PushFixtures.novemberSnapshots)
        let review = try Review(
            plan: plan, actuals: Actuals([]), records: RecordMetrics(plan: plan, records: set), asOf: .month(2026, 11))
        let (plan0, set0) = try PushFixtures.load(PushFixtures.november, snapshots: [])
        let review0 = try Review(
            plan: plan0, actuals: Actuals([]), records: RecordMetrics(plan: plan0, records: set0),
            asOf: .month(2026, 11))
        let f = try #require(review.funnel?.revenuePipelineForecast)
        let f0 = try #require(review0.funnel?.revenuePipelineForecast)
        #expect(abs(f0.base - f.base - 3000) < 1e-6)
        // The digest says why.
        let digest = TextDigest(options: DigestOptions(width: 1000)).render(review)
        #expect(
            digest.contains(
                "2 open deals pushed at least twice count at 0.80 of their chance: closed deals pushed that often won 1 of 5, against 50.0 % of all closed deals."
            ))
        let json = try JSONSerialization.jsonObject(with: JSONExporter().render(review)) as? [String: Any]
        let deals = (json?["records"] as? [String: Any])?["deals"] as? [String: Any]
        let encoded = try #require(deals?["pushDiscount"] as? [String: Any])
        #expect(encoded["deals"] as? Int == 2)
        #expect(encoded["amount"] as? Double == 30000)
    }

    /// A deal history gives the same pushes: the deals as they stood at each period's start (each
    /// export's rows dated the day it was taken) and the current export, so the same discount.
    @Test func dealHistoryGivesThePushesToo() throws {
        let sources = """
                        - {kind: leads, preset: generic}
                        - {kind: deals, preset: generic, file: history.csv, history: true}
                        - {kind: deals, preset: generic, file: deals.csv}
            """
        let plan = try PlanLoader().load(
            text: RecordFixtures.plan(timezone: "UTC", sources: sources), file: "plan.yaml")
        var history = ["id,created,close,amount,outcome"]
        var current = ["id,created,close,amount,outcome"]
        for d in PushFixtures.november {
            for (k, day) in PushFixtures.novemberSnapshots.enumerated() {
                guard let s = d.states[k] else { continue }
                history.append("\(d.id),\(day),\(s.close),\(d.amount),\(s.outcome)")
            }
            let s = d.states.last!!
            current.append("\(d.id),\(d.created),\(s.close),\(d.amount),\(s.outcome)")
        }
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var urls: [URL] = []
        for (name, rows) in [("history.csv", history), ("deals.csv", current)] {
            let url = dir.appendingPathComponent(name)
            try Data((rows.joined(separator: "\n") + "\n").utf8).write(to: url)
            urls.append(url)
        }
        let set = try RecordsLoader(plan: plan, asOf: .month(2026, 11)).load(contentsOf: urls)
        let derived = try RecordMetrics(plan: plan, records: set).derive(asOf: .month(2026, 11))
        let outlook = try #require(derived.summary.deals)
        let discount = try #require(outlook.pushDiscount)
        #expect([discount.deals, discount.closedDeals, discount.wonDeals] == [2, 5, 1] as [Int])
        #expect(abs(discount.factor - 0.8) < 1e-12)
        #expect(abs((outlook.expected?.openRevenue ?? 0) - 47000) < 1e-9)
    }

    /// With no deal pushed twice the forecast is the one without snapshots, field for field:
    /// snapshots whose close dates never move, or only the Oct 31 one (each deal pushed at most
    /// once).
    @Test func withoutRepeatedPushesNothingChanges() throws {
        let (plain, plainBacktest) = try PushFixtures.outlook(PushFixtures.november, snapshots: [])
        let still = PushFixtures.november.map { d in
            var d = d
            d.states = d.states.map { s in s.map { _ in d.states.last!! } }
            return d
        }
        let (unmoved, unmovedBacktest) = try PushFixtures.outlook(still, snapshots: PushFixtures.novemberSnapshots)
        #expect(unmoved == plain)
        #expect(unmovedBacktest == plainBacktest)
        let once = PushFixtures.november.map { d in
            var d = d
            d.states = Array(d.states.suffix(2))
            return d
        }
        let (single, singleBacktest) = try PushFixtures.outlook(once, snapshots: ["2026-10-31"])
        #expect(single == plain)
        #expect(singleBacktest == plainBacktest)
        #expect(plain.pushDiscount == nil)
    }

    /// The backtest of a November review is made as of Sep 30 (Oct 1, UTC): it counts the pushes
    /// seen in the exports taken by then and none after.
    ///
    /// Twenty deals created Jun 1 ($10k): h1–h10 won Sep 10 (day 101), h11–h20 lost Sep 20 (day
    /// 111); h1 and h11–h14 pushed in the Jul 31 and Aug 31 exports. e1 ($10k, created Jul 10)
    /// pushed Aug 31 and Sep 30 (and again at the review); e2 ($20k, created Jul 10) pushed only
    /// on Oct 31 and at the review. On Oct 1 both are 83 days old and every closed deal was open
    /// after that: chance 0.5 within the 61 days to Dec 1. The factor is 0.8 as above: e1 counts
    /// at 0.4, e2, pushed twice only after Oct 1, at 0.5: 0.4 × $10k + 0.5 × $20k = $14k.
    @Test func backtestSeesOnlyPushesByItsDate() throws {
        let days = ["2026-06-30", "2026-07-31", "2026-08-31", "2026-09-30", "2026-10-31"]
        var deals: [PushFixtures.Deal] = []
        for i in 1...20 {
            let won = i <= 10
            let final = won ? ("2026-09-10", "won") : ("2026-09-20", "lost")
            let pushed = i == 1 || (11...14).contains(i)
            let open = pushed ? ["2026-07-15", "2026-08-15", "2026-09-25"] : [final.0, final.0, final.0]
            deals.append(
                PushFixtures.Deal(
                    id: "h\(i)", created: "2026-06-01", amount: 10000,
                    states: open.map { ($0, "open") } + [final, final, final]))
        }
        deals.append(
            PushFixtures.Deal(
                id: "e1", created: "2026-07-10", amount: 10000,
                states: [nil]
                    + ["2026-08-20", "2026-09-20", "2026-10-20", "2026-10-20", "2026-12-20"].map { ($0, "open") }
            ))
        deals.append(
            PushFixtures.Deal(
                id: "e2", created: "2026-07-10", amount: 20000,
                states: [nil]
                    + ["2026-10-20", "2026-10-20", "2026-10-20", "2026-11-20", "2026-12-20"].map { ($0, "open") }
            ))
        let (plan, set) = try PushFixtures.load(deals, snapshots: days)
        let derived = try RecordMetrics(plan: plan, records: set).derive(asOf: .month(2026, 11))
        let backtest = try #require(derived.summary.dealsBacktest)
        #expect(backtest.asOf == .month(2026, 9))
        #expect(backtest.windowDays == 61)
        #expect(backtest.closedDeals == 20)
        #expect(backtest.openDeals == 2)
        let discount = try #require(backtest.pushDiscount)
        #expect(discount.deals == 1)
        #expect(discount.amount == 10000)
        #expect(discount.closedDeals == 5)
        #expect(discount.wonDeals == 1)
        #expect(abs(discount.factor - 0.8) < 1e-12)
        let e = try #require(backtest.expected)
        #expect(abs(e.openWon - 0.9) < 1e-12)
        #expect(abs(e.openRevenue - 14000) < 1e-9)
        // e2 was pushed twice by the review: the movement shows it.
        let nov = try #require(derived.summary.pipelineMovement?.periods.last)
        #expect(nov.slipped.map(\.deal) == ["e2", "e1"])
        #expect(nov.slipped.map(\.pushes) == [2, 3])
    }
}
