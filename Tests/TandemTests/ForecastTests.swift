import Foundation
import Testing

@testable import Tandem

/// The forecast methods, the look-ahead status, coverage, backtest and the resolved plan, each
/// against numbers computed by hand.
@Suite struct ForecastTests {
    static func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-6) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance
    }

    @Test func runRateIsMeanOfLastThreeWithSpreadTimesRootOfRemaining() throws {
        // Recent 20, 30, 40: mean 30, sample sd 10; 2 periods to go: 100 + 60 ± 10·√2.
        let f = try #require(Forecasting.runRate([10, 20, 30, 40], toDate: 100, remaining: 2))
        #expect(f.method == .runRate)
        #expect(f.base == 160)
        #expect(Self.close(f.low, 160 - 10 * 2.0.squareRoot()))
        #expect(Self.close(f.high, 160 + 10 * 2.0.squareRoot()))
        #expect(f.periods == 3)
    }

    @Test func trendIsLeastSquaresWithPredictionError() throws {
        // x 0…3, y 1, 3, 2, 4: slope 4/5, line 2.5 + 0.8(x − 1.5); at x = 5: 5.3.
        // Residuals −0.3, 0.9, −0.9, 0.3: σ = √(1.8 / 2); factor √(1 + 1/4 + 3.5²/5) = √3.7.
        let f = try #require(Forecasting.trend([1, 3, 2, 4], at: 5))
        #expect(f.method == .trend)
        #expect(Self.close(f.base, 5.3))
        let half = (0.9).squareRoot() * (3.7).squareRoot()
        #expect(Self.close(f.low, 5.3 - half))
        #expect(Self.close(f.high, 5.3 + half))
        // Two points: a line, no spread yet.
        let two = try #require(Forecasting.trend([2, 4], at: 3))
        #expect(two.base == 8 && two.low == 8 && two.high == 8)
    }

    @Test func pipelineFindsTheLagAndConvertsTheOpenPipeline() throws {
        // Revenue is half the pipeline open two periods before: lag 2 has no spread, lags 1 and 3
        // do. Two periods to go (e = 5): pipeline[3] = 200 and pipeline[4] = 100 → 0.5 × 300.
        let pipeline: [Double?] = [100, 200, 100, 200, 100]
        let revenue: [Double?] = [nil, nil, 50, 100, 50]
        let c = try #require(Forecasting.conversion(revenue: revenue, pipeline: pipeline))
        #expect(c.lag == 2)
        #expect(c.rate == 0.5)
        let (f, _) = try #require(
            Forecasting.pipeline(revenue: revenue, pipeline: pipeline, toDate: 200, remaining: 2))
        #expect(f.method == .pipeline)
        #expect(f.base == 350)
        #expect(f.low == 350 && f.high == 350)
        // Three to go: the third period's pipeline is still to come and held at its latest value.
        let (g, _) = try #require(
            Forecasting.pipeline(revenue: revenue, pipeline: pipeline, toDate: 200, remaining: 3))
        #expect(g.base == 200 + 0.5 * (200 + 100 + 100))
    }

    @Test func pipelineRangeUsesTheSpreadOfTheRatios() throws {
        // Lag 1 ratios 0.2, 0.4 (pooled 60 / 200 = 0.3, sd √0.02); one period to go on 100 open.
        let (f, c) = try #require(
            Forecasting.pipeline(revenue: [nil, 20, 40], pipeline: [100, 100, 100], toDate: 60, remaining: 1))
        #expect(c.lag == 1)
        #expect(Self.close(f.base, 90))
        #expect(Self.close(f.low, 60 + (0.3 - 0.02.squareRoot()) * 100))
        #expect(Self.close(f.high, 60 + (0.3 + 0.02.squareRoot()) * 100))
    }

    // MARK: Status looking ahead

    static let h2 = Cycle(name: "H2", start: .month(2026, 7), end: .month(2026, 12))

    func review(target: Double, values: [Double], cycle: Cycle = h2) throws -> KeyResultReview {
        let plan = Plan(
            name: "T", cycle: cycle, teams: [Team(id: "sales", name: "Sales")],
            metrics: [Metric(id: "m", name: "M", owner: "sales")],
            objectives: [
                Objective(
                    id: "o", title: "O", owners: ["sales"],
                    keyResults: [
                        KeyResult(
                            id: "k", title: "K", metric: "m", kind: .increaseTo, target: target, owners: ["sales"])
                    ])
            ])
        let observations = values.enumerated().map { i, v in
            Observation(period: cycle.start.advanced(by: i), metric: "m", value: v)
        }
        let review = try Review(
            plan: plan, actuals: Actuals(observations), asOf: cycle.start.advanced(by: values.count - 1))
        return review.keyResults[0]
    }

    @Test func onPaceButTheWholeRangeMissesIsAtRisk() throws {
        // 110 by November vs 104.2 expected (125 over 6): on pace. Recent 8, 10, 12: 120 ± 2.
        let kr = try review(target: 125, values: [40, 40, 8, 10, 12])
        #expect(kr.paceStatus == .onTrack)
        #expect(kr.status == .atRisk)
        #expect(kr.outlook == .misses)
        #expect(kr.forecastRange?.base == 120)
        #expect(kr.forecastRange?.low == 118)
        #expect(kr.forecastRange?.high == 122)
        #expect(
            kr.reason
                == "on pace to date (105.6 % of expected); forecast 118–122 of 125 at the recent run-rate; needs 15 a period vs 10 recently"
        )
    }

    @Test func baseMissesButRangeReachesKeepsStatusAndFlagsShort() throws {
        let kr = try review(target: 121, values: [40, 40, 8, 10, 12])
        #expect(kr.status == .onTrack)
        #expect(kr.forecastShort)
        #expect(kr.outlook == .short)
        #expect(kr.statusLabel == "on track, forecast short")
    }

    @Test func behindPaceButTheForecastMakesItSaysSo() throws {
        // 12 months, 4 elapsed: 34 vs 40 expected (pace 0.85, at risk); recent 2, 12, 20 → 11.33
        // a month for 8 more months: 124.7 ≥ 120.
        let year = Cycle(name: "FY", start: .month(2026, 1), end: .month(2026, 12))
        let kr = try review(target: 120, values: [0, 2, 12, 20], cycle: year)
        #expect(kr.status == .atRisk)
        #expect(kr.outlook == .likely)
        #expect(!kr.forecastShort)
        #expect(Self.close(kr.forecast, 34 + 8 * 34.0 / 3))
        #expect(kr.reason.contains("behind pace to date, but the forecast makes it"))
    }

    @Test func backtestComparesTheForecastOfTwoPeriodsAgo() throws {
        // As of September (30, 30, 30) the run-rate forecast for November was 150 ± 0; 110 happened.
        let kr = try review(target: 300, values: [30, 30, 30, 10, 10])
        let b = try #require(kr.backtest)
        #expect(b.asOf == .month(2026, 9))
        #expect(b.period == .month(2026, 11))
        #expect(b.forecast.base == 150)
        #expect(b.actual == 110)
        #expect(b.error == -40)
        #expect(Self.close(b.errorPct, -40.0 / 110))
        #expect(!b.withinRange)
    }

    // MARK: Brightwell

    @Test func brightwellHeadlineReadsForecastAndCoverage() throws {
        let (plan, actuals) = try Fixtures.loadExample()
        let review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 11))
        let funnel = try #require(review.funnel)
        // New ARR: 3,370,500.50 booked (October restated); recent 676,000, 620,500, 601,000 → 632,500.
        #expect(Self.close(funnel.revenueForecast?.base, 3_370_500.5 + 632_500, 0.001))
        #expect(funnel.revenueToGo == 829_499.5)
        let coverage = try #require(funnel.coverage)
        #expect(coverage.openPipeline == 2_340_000)
        #expect(Self.close(coverage.ratio, 2_340_000 / 829_499.5))
        #expect(
            review.headline.forecast?.hasPrefix(
                "Forecast at cycle end: New ARR $4M ($3.96M–$4.04M) of $4.2M at the recent run-rate, $197k short")
                == true)
        #expect(
            review.headline.forecast?.contains(
                "Pipeline coverage 2.8× ($2.34M open at the end of Nov for $829k to go).") == true)
        let digest = TextDigest().render(review)
        #expect(digest.contains("Forecast at cycle end: New ARR $4M ($3.96M–$4.04M)"))
        // ARR paces at 96.3 % of expected but its whole range is below $4.2M: at risk.
        let arr = try #require(review.keyResults.first { $0.id == "kr-arr" })
        #expect(arr.paceStatus == .onTrack)
        #expect(arr.status == .atRisk)
        // The September forecast against November.
        #expect(funnel.revenueBacktest?.asOf == .month(2026, 9))
        #expect(funnel.revenueBacktest?.actual == 3_370_500.5)
        // Whole deals: each remaining period needs ⌈817,500 / 24,000 / 1⌉ won.
        let won = try #require(funnel.reverse.last?.neededPerPeriod)
        #expect(won == won.rounded())
    }

    // MARK: One plan for every period

    @Test func everyTargetedMetricHasATargetInEveryPeriodAndConflictsAreWarned() throws {
        let (plan, _) = try Fixtures.loadExample()
        let targets = plan.periodTargets()
        // kr-won: 180 over 6 months; the funnel's 175 loses, with a warning naming both.
        #expect(targets.target(for: "won", period: 5) == 30)
        #expect(targets.sources["won"] == .keyResult)
        // Opportunities only in the funnel: 175 / 25 % = 700 over 6 months.
        #expect(Self.close(targets.target(for: "opportunities", period: 0), 700.0 / 6))
        #expect(targets.sources["opportunities"] == .funnel)
        // A milestone is 0 until due, then 1.
        #expect(targets.targets["battlecards_live"] == [0, 0, 0, 0, 0, 1])
        let won = try #require(targets.conflicts.first { $0.message.hasPrefix("Won deals") })
        #expect(won.severity == .warning)
        #expect(
            won.message
                == "Won deals: key result 'kr-won' targets 180 for the cycle, the funnel plans 175 ($4.2M ÷ $24k through the planned rates); the review uses 180 from the key result"
        )
        let (_, warnings) = try PlanLoader().loadWithWarnings(contentsOf: Fixtures.examplePlan)
        #expect(warnings.contains { $0.line == 76 && $0.message.hasPrefix("Won deals") })
    }

    @Test func flatDataHasTargetsForEveryTargetedMetricAndPlanRowsAhead() throws {
        let (plan, actuals) = try Fixtures.loadExample()
        let review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 11))
        let targeted = Set(plan.periodTargets().targets.keys)
        for period in plan.cycle.periods {
            for metric in targeted {
                let rows = review.data.filter { $0.period == period && $0.metric == metric }
                #expect(rows.contains { $0.target != nil }, "\(metric) in \(period) has no target")
            }
        }
        let december = review.data.filter { $0.period == .month(2026, 12) }
        #expect(!december.isEmpty && december.allSatisfy { $0.rowKind == .plan && $0.actual == nil })
        let arr = try #require(december.first { $0.metric == "new_arr" })
        #expect(arr.target == 700_000)
        #expect(arr.forecast == 632_500)
        // Won split by segment: the target once per period, so summing gives 30.
        let julyWon = review.data.filter { $0.period == .month(2026, 7) && $0.metric == "won" }
        #expect(julyWon.count == 2 && julyWon.compactMap(\.target) == [30])
        #expect(DataRow.rounded(0.35 - 1, .ratio) == -0.65)
        #expect(CSVExporter.columns.suffix(5) == ["rollup", "direction", "owner_team", "forecast", "row_kind"])
    }
}
