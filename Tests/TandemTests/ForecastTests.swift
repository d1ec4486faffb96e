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

    /// Student's t 0.9 quantiles (the 80 % central interval) from the table: 1, 2 degrees of
    /// freedom, and the normal's.
    static let t1 = 3.077_683_537_175_253
    static let t2 = 1.885_618_083_164_127
    static let z = 1.281_551_565_544_601

    @Test func quantilesMatchTheTables() {
        #expect(Self.close(Quantiles.studentT(0.9, df: 1), Self.t1, 1e-9))
        #expect(Self.close(Quantiles.studentT(0.9, df: 2), Self.t2, 1e-9))
        #expect(Self.close(Quantiles.studentT(0.975, df: 10), 2.228_138_851_986_273, 1e-9))
        #expect(Self.close(Quantiles.studentT(0.1, df: 2), -Self.t2, 1e-9))
        #expect(Self.close(Quantiles.normal(0.9), Self.z, 1e-9))
        #expect(Self.close(Quantiles.central(0.9, df: nil), 1.644_853_626_951_472, 1e-9))
    }

    @Test func runRateIsAPredictionIntervalOfTheSumStillToCome() throws {
        // Recent 20, 30, 40: mean 30, sample sd 10 (2 degrees of freedom); 2 periods to go:
        // 100 + 60 ± t₂ · 10 · √(2 + 2²/3) (the periods' noise plus the rate's own error).
        let f = try #require(Forecasting.runRate([10, 20, 30, 40], toDate: 100, remaining: 2))
        #expect(f.method == .runRate)
        #expect(f.base == 160)
        #expect(f.level == 0.8)
        let half = Self.t2 * 10 * (2 + 4.0 / 3).squareRoot()
        #expect(Self.close(f.low, 160 - half))
        #expect(Self.close(f.high, 160 + half))
        #expect(f.periods == 3)
        // At 90 %: the 0.95 quantile instead.
        let ninety = try #require(Forecasting.runRate([10, 20, 30, 40], toDate: 100, remaining: 2, level: 0.9))
        let wide: Double = 2.919_985_580_353_725 * 10 * (2 + 4.0 / 3).squareRoot()
        #expect(Self.close(ninety.high, 160 + wide, 1e-6))
    }

    @Test func aCountVariesAtLeastLikePoisson() throws {
        // Counts 100, 101, 99: sample variance 1, but a count of ~100 varies by at least √100.
        // One to go: variance max(1, 100) × (1 + 1/3), with the t quantile.
        let f = try #require(Forecasting.runRate([100, 101, 99], toDate: 300, remaining: 1, unit: .count))
        #expect(Self.close(f.high, 400 + Self.t2 * (100 * 4.0 / 3).squareRoot()))
        // One period of a count: the Poisson variance is known, so the normal quantile: 50 ± z·√(50·2).
        let one = try #require(Forecasting.runRate([50], toDate: 50, remaining: 1, unit: .count))
        #expect(one.level == 0.8)
        #expect(Self.close(one.high, 100 + Self.z * 100.0.squareRoot()))
        // One period of money: no honest range yet.
        let money = try #require(Forecasting.runRate([50], toDate: 50, remaining: 1, unit: .currency))
        #expect(money.level == nil)
        #expect(money.low == 100 && money.high == 100)
    }

    @Test func phasedRunRateScalesTheRecentRatioByThePlanStillToCome() throws {
        // A back-loaded plan 10, 10, 20 | 40, 40, 80; actual 8, 9, 16 (33). Recent ratio
        // q = 33 / 40 = 0.825; still planned 160: base 33 + 0.825 × 160 = 165. Ratios 0.8, 0.9,
        // 0.8: sample variance 1/300; Σ p_j² = 9,600, P = 160 and Σ pᵢ² / (Σ pᵢ)² = 600 / 1,600:
        // variance (9,600 + 160² × 0.375) / 300 = 64, half-width t₂ × 8.
        let plan: [Double] = [10, 10, 20, 40, 40, 80]
        let f = try #require(Forecasting.runRate([8, 9, 16], toDate: 33, remaining: 3, plan: plan))
        #expect(f.method == .phasedRunRate)
        #expect(Self.close(f.base, 165))
        #expect(Self.close(f.low, 165 - Self.t2 * 8))
        #expect(Self.close(f.high, 165 + Self.t2 * 8))
        #expect(f.periods == 3)
        // The plain run-rate would have said 33 + 11 × 3 = 66.
        #expect(Forecasting.runRate([8, 9, 16], toDate: 33, remaining: 3)?.base == 66)
        // Each remaining period's own forecast: 0.825 × its plan, adding up to the base.
        let phasing = try #require(Forecasting.phasing([8, 9, 16], plan: plan, remaining: 3))
        #expect(Self.close(phasing.forecast(planned: 80), 66))
        // Only the last three periods with data count: 12 of 20 planned in the fourth period
        // drops the first: (9 + 16 + 12) / (10 + 20 + 40) = 37 / 70, times 120 still planned.
        let later = try #require(Forecasting.runRate([8, 9, 16, 12], toDate: 45, remaining: 2, plan: plan))
        #expect(Self.close(later.base, 45 + 37.0 / 70 * 120))
    }

    @Test func aFlatPlanGivesThePlainRunRate() throws {
        // 25 a period everywhere: the ratio method is the run-rate, and says so.
        let flat = [Double](repeating: 25, count: 6)
        let f = try #require(Forecasting.runRate([10, 20, 30, 40], toDate: 100, remaining: 2, plan: flat))
        #expect(f.method == .runRate)
        #expect(f.base == 160)
        #expect(Self.close(f.high, 160 + Self.t2 * 10 * (2 + 4.0 / 3).squareRoot()))
        #expect(Forecasting.phasing([10, 20, 30, 40], plan: flat, remaining: 2) == nil)
        // A plan that puts nothing in the recent periods gives no ratio: the plain run-rate.
        let late: [Double] = [0, 0, 0, 50, 50, 100]
        #expect(Forecasting.runRate([1, 2, 3], toDate: 6, remaining: 3, plan: late)?.method == .runRate)
    }

    @Test func theLowEndNeverUnbooksWhatIsBooked() throws {
        // Recent 0, 30, 0: mean 10, variance 300; one to go: 40 ± t₂ √(300 × 4/3) = 40 ± 37.7,
        // the low end held at 30.
        let f = try #require(Forecasting.runRate([0, 30, 0], toDate: 30, remaining: 1))
        #expect(f.base == 40)
        #expect(f.low == 30)
        #expect(Self.close(f.high, 40 + Self.t2 * 20))
    }

    @Test func trendIsLeastSquaresWithPredictionError() throws {
        // x 0…3, y 1, 3, 2, 4: slope 4/5, line 2.5 + 0.8(x − 1.5); at x = 5: 5.3.
        // Residuals −0.3, 0.9, −0.9, 0.3: σ² = 1.8 / 2; the slope's t = 0.8 / √(0.9 / 5) ≈ 1.9,
        // above 1: the line. Factor √(1 + 1/4 + 3.5²/5) = √3.7, t with 2 degrees of freedom.
        let f = try #require(Forecasting.trend([1, 3, 2, 4], at: 5))
        #expect(f.method == .trend)
        #expect(Self.close(f.base, 5.3))
        let half = Self.t2 * (0.9).squareRoot() * (3.7).squareRoot()
        #expect(Self.close(f.low, 5.3 - half))
        #expect(Self.close(f.high, 5.3 + half))
        // 5, 6, 5, 6: slope 0.2, σ² = 0.8 / 2, t = 0.2 / √(0.4 / 5) ≈ 0.71: noise, so the recent
        // level: 6, 5, 6 → 17/3 ± t₂ · √(1/3 · (1 + 1/3)).
        let flat = try #require(Forecasting.trend([5, 6, 5, 6], at: 5))
        #expect(flat.method == .recentLevel)
        #expect(Self.close(flat.base, 17.0 / 3))
        #expect(Self.close(flat.high, 17.0 / 3 + Self.t2 * (4.0 / 9).squareRoot()))
        // Two points: no line from two; their mean, with 1 degree of freedom (wide, not zero).
        let two = try #require(Forecasting.trend([2, 4], at: 3))
        #expect(two.method == .recentLevel)
        #expect(two.base == 3)
        #expect(Self.close(two.high, 3 + Self.t1 * (2 * 1.5).squareRoot()))
        // A share stays a share: the same two points as rates near zero never go below 0 %.
        let rate = try #require(
            Forecasting.trend([0.02, 0.04], at: 3, bounds: .of(.percent, seen: [0.02, 0.04])))
        #expect(rate.low == 0)
        #expect(rate.high <= 1)
    }

    @Test func pipelineFindsTheLagAndConvertsTheOpenPipeline() throws {
        // Revenue is half the pipeline open two periods before: lag 2 has no spread, lags 1 and 3
        // do. Two periods to go (e = 5): pipeline[3] = 200 and pipeline[4] = 100 → 0.5 × 300.
        let pipeline: [Double?] = [100, 200, 100, 200, 100]
        let revenue: [Double?] = [nil, nil, 50, 100, 50]
        // Lag 1: 50/200, 100/100, 50/200 (CV ≈ 1.0); lag 2: 0.5 three times (CV 0): clearly steadier.
        let choice = Forecasting.chooseLag(revenue: revenue, pipeline: pipeline)
        let c = try #require(choice.conversion)
        #expect(c.lag == 2)
        #expect(c.rate == 0.5)
        #expect(choice.source == .history)
        #expect(
            choice.reason
                == "lag 2: its 3 (pipeline, revenue) period pairs vary clearly less than lag 1's (coefficient of variation 0.00 vs 0.87)"
        )
        let f = try #require(Forecasting.pipeline(c, pipeline: pipeline, toDate: 200, remaining: 2))
        #expect(f.method == .pipeline)
        #expect(f.base == 350)
        #expect(f.low == 350 && f.high == 350)
        // Three to go: the third period's pipeline is still to come: its own recent level (no
        // trend: 100, 200, 100, 200, 100 has slope 0), 400/3, with variance 10,000/3 × (1 + 1/3);
        // the ratios do not vary, so that is the whole range: ± t₂ · 0.5 · √(40,000/9).
        let g = try #require(Forecasting.pipeline(c, pipeline: pipeline, toDate: 200, remaining: 3))
        let expected: Double = 200 + 0.5 * (300 + 400.0 / 3)
        #expect(Self.close(g.base, expected))
        let half: Double = Self.t2 * 0.5 * (40_000.0 / 9).squareRoot()
        #expect(Self.close(g.high, g.base + half))
    }

    @Test func pipelineRangeUsesTheSpreadOfTheRatios() throws {
        // Lag 1 ratios 0.2, 0.4, 0.3 (pooled 90 / 300 = 0.3, sd 0.1); one period to go on 100 open.
        let pipeline: [Double?] = [100, 100, 100, 100]
        let choice = Forecasting.chooseLag(revenue: [nil, 20, 40, 30], pipeline: pipeline)
        let c = try #require(choice.conversion)
        #expect(c.lag == 1)
        #expect(choice.source == .standard)
        // Variance 0.01 × (100² + 100² × 1/3): the period's own noise and the pooled rate's error.
        let f = try #require(Forecasting.pipeline(c, pipeline: pipeline, toDate: 90, remaining: 1))
        #expect(Self.close(f.base, 120))
        let half: Double = Self.t2 * (0.01 * 10_000 * 4.0 / 3).squareRoot()
        #expect(Self.close(f.low, 120 - half))
        #expect(Self.close(f.high, 120 + half))
    }

    @Test func aShortHistoryMakesNoPipelineForecastAndSaysWhy() throws {
        // Two (pipeline, revenue) pairs at lag 1: the ratios 0.2 and 0.4 are too few to trust.
        let choice = Forecasting.chooseLag(revenue: [nil, 20, 40], pipeline: [100, 100, 100])
        #expect(choice.conversion == nil)
        #expect(choice.source == nil)
        #expect(
            choice.reason
                == "none yet: 2 (pipeline, revenue) period pairs at lag 1, at least 3 needed; the run-rate forecast stands alone"
        )
    }

    @Test func aLongerLagMustBeClearlySteadierThanLagOne() throws {
        // Lag 1 ratios 0.5, 0.6, 0.5, 0.6 (CV ≈ 0.105); lag 2 ratios 0.6, 0.5, 0.6 (CV ≈ 0.102)
        // is a little steadier, not clearly (more than 0.8 × 0.105): lag 1 stays. Lag 3 has two
        // pairs only and is not tried.
        let pipeline: [Double?] = [100, 100, 100, 100, 100]
        let revenue: [Double?] = [nil, 50, 60, 50, 60]
        let one = try #require(Forecasting.conversion(revenue: revenue, pipeline: pipeline, lag: 1))
        #expect(one.ratios == [0.5, 0.6, 0.5, 0.6])
        let choice = Forecasting.chooseLag(revenue: revenue, pipeline: pipeline)
        #expect(choice.conversion?.lag == 1)
        #expect(choice.source == .standard)
        #expect(
            choice.reason
                == "lag 1, the pipeline open at the start of the period (no longer lag with at least 3 pairs is clearly steadier), rate from 4 (pipeline, revenue) period pairs"
        )
    }

    @Test func theRecordsLagWinsWhenItHasEnoughPairs() throws {
        let pipeline: [Double?] = [100, 200, 100, 200, 100]
        let revenue: [Double?] = [nil, nil, 50, 100, 50]
        // The records say deals close two periods after they open: lag 2, three pairs.
        let records = Forecasting.chooseLag(revenue: revenue, pipeline: pipeline, recordsLag: 2)
        #expect(records.source == .records)
        #expect(records.conversion?.lag == 2)
        #expect(
            records.reason
                == "lag 2 from the records (the won deals' median age at close), rate from 3 (pipeline, revenue) period pairs"
        )
        // Lag 3 has two pairs: the history decides, and the reason says the records' lag was short.
        let short = Forecasting.chooseLag(revenue: revenue, pipeline: pipeline, recordsLag: 5)
        #expect(short.source == .history)
        #expect(short.conversion?.lag == 2)
        #expect(short.reason.hasSuffix("; the records' lag 3 has only 2 (pipeline, revenue) period pairs"))
    }

    // MARK: Status looking ahead

    static let h2 = Cycle(name: "H2", start: .month(2026, 7), end: .month(2026, 12))

    func review(target: Double, values: [Double], cycle: Cycle = h2) throws -> KeyResultReview {
        try fullReview(target: target, values: values, cycle: cycle).keyResults[0]
    }

    func fullReview(target: Double, values: [Double], phasing: [Double] = [], cycle: Cycle = h2) throws -> Review {
        let plan = Plan(
            name: "T", cycle: cycle, teams: [Team(id: "sales", name: "Sales")],
            metrics: [Metric(id: "m", name: "M", owner: "sales")],
            objectives: [
                Objective(
                    id: "o", title: "O", owners: ["sales"],
                    keyResults: [
                        KeyResult(
                            id: "k", title: "K", metric: "m", kind: .increaseTo, target: target,
                            phasing: phasing.enumerated().map {
                                PeriodValue(period: cycle.start.advanced(by: $0), value: $1)
                            }, owners: ["sales"])
                    ])
            ])
        let observations = values.enumerated().map { i, v in
            Observation(period: cycle.start.advanced(by: i), metric: "m", value: v)
        }
        return try Review(plan: plan, actuals: Actuals(observations), asOf: cycle.start.advanced(by: values.count - 1))
    }

    @Test func aPhasedKeyResultIsForecastAgainstItsPhasing() throws {
        // The Q4 push of the fixture above: 200 phased 10, 10, 20 | 40, 40, 80; 8, 9, 16 by
        // September. 82.5 % of pace; 165 at the recent pace against the phased plan. Counts this
        // small vary at least like Poisson: the ratio's variance is at least q / p̄ = 0.825 / (40/3)
        // (the ratios' own 1/300 is less), so ± t₂ · √(0.061875 × 19,200) ≈ ± 65: 100–230.
        let phased = try fullReview(target: 200, values: [8, 9, 16], phasing: [10, 10, 20, 40, 40, 80])
        let kr = phased.keyResults[0]
        #expect(kr.paceStatus == .atRisk)
        #expect(kr.forecastRange?.method == .phasedRunRate)
        #expect(Self.close(kr.forecast, 165))
        #expect(Self.close(kr.forecastRange?.low, 165 - Self.t2 * (0.061875 * 19_200).squareRoot()))
        #expect(kr.outlook == .short)
        #expect(
            kr.reason
                == "82.5 % of expected (33 cycle to date vs 40 expected); forecast 165 (80 % range 100–230) of 200 at the recent pace against the phased plan; needs 56 a period vs 11 recently; forecast short: the base misses 200, the high end reaches it"
        )
        // The plan rows still to come carry each period's share: 0.825 × 40, 40, 80.
        let ahead = phased.data.filter { $0.rowKind == .plan }.map(\.forecast)
        #expect(ahead == [33, 33, 66])
        // The same key result without phasing: the plain run-rate, 33 + 11 × 3.
        let flat = try review(target: 200, values: [8, 9, 16])
        #expect(flat.forecastRange?.method == .runRate)
        #expect(flat.forecast == 66)
    }

    @Test func onPaceButTheWholeRangeMissesIsAtRisk() throws {
        // 110 by November vs 108.3 expected (130 over 6): on pace. Recent 8, 10, 12: 120, a count
        // of about 10 varies by at least √10, so ± t₂ · √(10 × 4/3) ≈ ± 6.9: the P90 127 misses 130.
        let kr = try review(target: 130, values: [40, 40, 8, 10, 12])
        #expect(kr.paceStatus == .onTrack)
        #expect(kr.status == .atRisk)
        #expect(kr.outlook == .misses)
        #expect(kr.forecastRange?.base == 120)
        #expect(Self.close(kr.forecastRange?.high, 120 + Self.t2 * (40.0 / 3).squareRoot()))
        #expect(
            kr.reason
                == "on pace to date (101.5 % of expected); forecast 113–127 (80 % range) of 130 at the recent run-rate; needs 20 a period vs 10 recently"
        )
        // With 125 to reach, the P90 reaches it: the range is honest, and the status stays.
        #expect(try review(target: 125, values: [40, 40, 8, 10, 12]).status == .onTrack)
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
                "Forecast at cycle end: New ARR $4M (80 % range $3.92M–$4.09M) of $4.2M at the recent run-rate, $197k short"
            )
                == true)
        #expect(
            review.headline.forecast?.contains(
                "Pipeline coverage 2.8× ($2.34M open at the end of Nov for $829k to go).") == true)
        let digest = TextDigest().render(review)
        // 632,500 a month for one month: sd 38,913 of the three months, ± t₂ · sd · √(1 + 1/3).
        #expect(
            Self.close(
                funnel.revenueForecast?.high, 4_003_000.5 + Self.t2 * 38_913.365_313 * (4.0 / 3).squareRoot(), 0.01))
        #expect(digest.contains("Forecast at cycle end: New ARR $4M (80 % range $3.92M–$4.09M)"))
        // ARR paces at 96.3 % of expected but its whole range is below $4.2M: at risk.
        let arr = try #require(review.keyResults.first { $0.id == "kr-arr" })
        #expect(arr.paceStatus == .onTrack)
        #expect(arr.status == .atRisk)
        // The lag: lag 1's four ratios 0.374, 0.319, 0.275, 0.260 (CV 0.167); lag 2's three (CV
        // 0.136) are not clearly steadier (> 0.8 × 0.167); lag 3 has two pairs. Lag 1, pooled
        // 2,626,500.5 / 8,640,000.
        #expect(coverage.lag == 1)
        #expect(coverage.lagSource == .standard)
        #expect(Self.close(coverage.conversionRate, 2_626_500.5 / 8_640_000))
        #expect(
            coverage.lagReason
                == "lag 1, the pipeline open at the start of the period (no longer lag with at least 3 pairs is clearly steadier), rate from 4 (pipeline, revenue) period pairs"
        )
        let words = digest.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("Pipeline forecast: lag 1, the pipeline open at the start of the period"))
        // One period to go: November's $2.34M open converts at that rate.
        #expect(
            Self.close(funnel.revenuePipelineForecast?.base, 3_370_500.5 + 2_626_500.5 / 8_640_000 * 2_340_000, 0.001))
        // The September forecast against November.
        #expect(funnel.revenueBacktest?.asOf == .month(2026, 9))
        #expect(funnel.revenueBacktest?.actual == 3_370_500.5)
        // Whole deals: each remaining period needs ⌈817,500 / 24,000 / 1⌉ won.
        let won = try #require(funnel.reverse.last?.neededPerPeriod)
        #expect(won == won.rounded())
    }

    @Test func theRecordsSalesCycleSetsTheLag() throws {
        // Won: d1 Aug 5 → Sep 10 (36 days), d4 Oct 1 → Oct 20 (19 days): median 27.5 days; the
        // reviewed months Aug–Nov in Los Angeles average 30.5 days: lag 1.
        let (plan, set) = try RecordFixtures.load(RecordFixtures.plan())
        let derived = try RecordMetrics(plan: plan, records: set).derive(asOf: .month(2026, 11))
        #expect(derived.summary.salesCycleDays == 27.5)
        #expect(derived.summary.pipelineLag == 1)
        // Brightwell's deals taking two months: the records' lag 2 (three pairs) replaces lag 1.
        var summary = derived.summary
        summary.pipelineLag = 2
        let (example, actuals) = try Fixtures.loadExample()
        let review = try Review(plan: example, actuals: actuals, asOf: .month(2026, 11), records: summary)
        let coverage = try #require(review.funnel?.coverage)
        #expect(coverage.lagSource == .records)
        #expect(coverage.lag == 2)
        let pooled: Double = (676_000 + 620_500 + 601_000) / (1_950_000 + 2_120_000 + 2_260_000)
        #expect(Self.close(coverage.conversionRate, pooled))
        #expect(review.records?.pipelineLag == 2)
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
        // December, still to come: plan rows without actuals (and the cycle_end rows, dated the
        // cycle's last period, see FlatDataTests).
        let december = review.data.filter { $0.period == .month(2026, 12) && $0.rowKind != .cycleEnd }
        #expect(!december.isEmpty && december.allSatisfy { $0.rowKind == .plan && $0.actual == nil })
        let arr = try #require(december.first { $0.metric == "new_arr" })
        #expect(arr.target == 700_000)
        #expect(arr.forecast == 632_500)
        // Won split by segment: no target on the segment rows, the period's 30 on the total row,
        // so summing gives 30.
        let julyWon = review.data.filter { $0.period == .month(2026, 7) && $0.metric == "won" }
        #expect(julyWon.count == 3 && julyWon.compactMap(\.target) == [30])
        #expect(julyWon.map(\.rowKind) == [.actual, .actual, .total])
        #expect(DataRow.rounded(0.35 - 1, .ratio) == -0.65)
        #expect(
            CSVExporter.columns.suffix(8) == [
                "rollup", "direction", "owner_team", "forecast", "forecast_low", "forecast_high", "forecast_level",
                "row_kind",
            ])
    }
}
