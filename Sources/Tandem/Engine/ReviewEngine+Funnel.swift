/// The funnel against plan and its diagnosis: each transition judged cycle to date and on the
/// recent window, each stage's shortfall split into what arrives short from upstream and its own.
extension ReviewEngine {
    /// Planned cycle totals per stage, reversed from the revenue target through the planned rates.
    func plannedTotals(_ funnel: Funnel) -> [Double]? {
        guard let target = funnel.revenueTarget, funnel.valuePerWon > 0 else { return nil }
        return Funnel.volumesReaching(won: target / funnel.valuePerWon, through: funnel.plannedRates)
    }

    /// Stage `i`'s plan per period: the plan's one target per metric per period
    /// (``Plan/periodTargets()``: a key result on the stage's metric first, else the funnel's
    /// reverse from the revenue target), the same the Key Results and Data sheets show; the
    /// reverse spread evenly where the metric has none (a stage measured as a level).
    func stagePlan(_ funnel: Funnel, _ i: Int, _ planned: [Double]?) -> [Double]? {
        targets.targets[funnel.stages[i].metric]
            ?? planned.map { Array(repeating: $0[i] / Double(count), count: count) }
    }

    /// The recent window: the last `recentPeriods` elapsed periods (all of them when fewer).
    var recentWindow: Range<Int> { max(0, elapsed - plan.recentPeriods)..<elapsed }

    /// Whether `rate` is below `planned` beyond the on-track tolerance: the one test of "below
    /// plan" (its negation is "holds") every funnel rule uses.
    func isBelowPlan(_ rate: Double, _ planned: Double) -> Bool {
        plan.tolerance.isBelowPlan(rate, planned)
    }

    /// The funnel's review, each leaking transition's price and the pricing rule.
    struct FunnelFacts {
        var review: FunnelReview
        /// `leaks[i]`: transition i's price when it is below plan (cycle to date or recently).
        var leaks: [LeakPrice?]
        var pricing: FunnelPricing
    }

    func funnelFacts(_ funnel: Funnel) -> FunnelFacts {
        let volumes = funnel.stages.map { series.cycleToDate($0.metric) }
        let planned = plannedTotals(funnel)
        let stagePlans = funnel.stages.indices.map { stagePlan(funnel, $0, planned) }
        let plannedToDate = stagePlans.map { $0.map { CompensatedSum($0.prefix(elapsed)).value } }
        // Transitions the records measure: pooled mature cohorts; the rest: period ratios.
        let cohortMeasures = (0..<funnel.plannedRates.count).map {
            cohortMeasure(funnel.stages[$0].id, funnel.stages[$0 + 1].id)
        }
        let rates: [Double?] = (0..<funnel.plannedRates.count).map { i in
            if let c = cohortMeasures[i] { return c.rate(c.mature) }
            return zip2(volumes[i], volumes[i + 1]).flatMap { from, to in from > 0 ? to / from : nil }
        }
        let pricing = FunnelPricing(funnel: funnel, actualRates: rates)
        let recent = recentWindow
        var transitions: [TransitionReview] = []
        for i in 0..<funnel.plannedRates.count {
            let from = funnel.stages[i]
            let to = funnel.stages[i + 1]
            let plannedRate = funnel.plannedRates[i]
            let cohort = cohortMeasures[i]
            let periodRates: [Double?] =
                cohort?.periodRates
                ?? (0..<elapsed).map { p in
                    zip2(series.value(from.metric, p), series.value(to.metric, p)).flatMap { a, b in
                        a > 0 ? b / a : nil
                    }
                }
            var next = 0.0
            // Cohorts price what their own entrants lose; period ratios the stage's volume.
            if let rate = rates[i], let volume = cohort.map({ $0.pooled($0.mature).entered }) ?? volumes[i],
                rate < plannedRate
            {
                next = volume * (plannedRate - rate)
            }
            let won = pricing.won(adding: next, atStage: i + 1)
            let recentRange = cohort?.recent ?? recent
            let recentRate: Double?
            if let cohort {
                recentRate = cohort.rate(recentRange)
            } else {
                let (recentFrom, recentTo) = windowVolumes(from.metric, to.metric, recent)
                recentRate = recentFrom > 0 ? recentTo / recentFrom : nil
            }
            let below = rates[i].map { isBelowPlan($0, plannedRate) } ?? false
            let recentBelow = recentRate.map { isBelowPlan($0, plannedRate) } ?? false
            let window = below ? cohort?.mature ?? 0..<elapsed : recentRange
            var (segments, teams) = ([SegmentShare](), [TeamShare]())
            var sources: [SourceShare] = []
            if below || recentBelow {
                if let cohort {
                    (segments, teams, sources) = cohortShares(cohort, plannedRate: plannedRate, window)
                } else {
                    (segments, teams) = shares(of: i, plannedRate: plannedRate, window)
                }
            }
            transitions.append(
                TransitionReview(
                    from: from.id, to: to.id, name: "\(from.name)→\(to.name)", actualRate: rates[i],
                    plannedRate: plannedRate, periodRates: periodRates, impactNext: next, impactWon: won,
                    impactRevenue: won * funnel.valuePerWon, recentRate: recentRate, belowPlan: below,
                    recentBelowPlan: recentBelow,
                    since: below || recentBelow ? since(periodRates, plannedRate) : nil, segments: segments,
                    teams: teams, method: cohort == nil ? .periodRatio : .cohort, cohorts: cohort?.periods,
                    sources: cohort == nil ? nil : sources, horizonDays: cohort?.conversion.horizonDays,
                    recentWindow: recentRange.map { plan.cycle.start.advanced(by: $0) }))
        }
        let leaks = transitions.indices.map {
            leakPrice(transitions[$0], index: $0, funnel, pricing, cohort: cohortMeasures[$0])
        }
        var bottleneck: Bottleneck?
        if let worst = leaks.indices.filter({ leaks[$0] != nil }).max(by: { a, b in
            leaks[a]!.revenue < leaks[b]!.revenue || (leaks[a]!.revenue == leaks[b]!.revenue && a > b)
        }), let price = leaks[worst], price.revenue > 0 {
            let t = transitions[worst]
            bottleneck = Bottleneck(
                from: t.from, to: t.to, name: t.name, impactRevenue: price.revenue, window: price.window,
                sentence: leakSentence(t, price))
        }
        let stages = stageReviews(
            funnel, volumes: volumes, plannedToDate: plannedToDate, leaks: leaks, pricing: pricing)
        let revenueToDate =
            funnel.revenueMetric.flatMap { series.cycleToDate($0) }
            ?? (series.cycleToDate(funnel.stages.last!.metric) ?? 0) * funnel.valuePerWon
        // The reverse funnel at actual rates (planned where a stage has none yet).
        var needed: [Double?] = Array(repeating: nil, count: funnel.stages.count)
        if let target = funnel.revenueTarget, remaining > 0 {
            needed = pricing.volumesReaching(won: max(0, target - revenueToDate) / funnel.valuePerWon)
        }
        let reverse = funnel.stages.enumerated().map { i, stage in
            let perPeriod = needed[i].flatMap { Self.need($0, over: remaining, unit: .count) }
            let recent = series.recentMean(stage.metric)
            return StageNeed(
                stage: stage.id, name: stage.name,
                neededTotal: needed[i].flatMap { Self.need($0, over: 1, unit: .count) },
                neededPerPeriod: perPeriod,
                plannedPerPeriod: stagePlans[i].map { CompensatedSum($0).value / Double(count) },
                recentPerPeriod: recent, gap: zip2(perPeriod, recent).map { $0 - $1 })
        }
        var review = FunnelReview(
            stages: stages, transitions: transitions, bottleneck: bottleneck, revenueTarget: funnel.revenueTarget,
            revenueToDate: revenueToDate, valuePerWon: funnel.valuePerWon, reverse: reverse,
            recentPeriods: plan.recentPeriods, revenueToGo: funnel.revenueTarget.map { max(0, $0 - revenueToDate) })
        forecastRevenue(funnel, &review)
        return FunnelFacts(review: review, leaks: leaks, pricing: pricing)
    }

    /// Revenue per period: the funnel's revenue metric, or won deals × value per won.
    func revenueSeries(_ funnel: Funnel) -> [Double?] {
        if let metric = funnel.revenueMetric { return series.series(metric) }
        return series.series(funnel.stages.last!.metric).map { $0.map { $0 * funnel.valuePerWon } }
    }

    /// Planned revenue per period of the cycle: the resolved plan's revenue metric, or its won
    /// stage × value per won.
    func revenuePlan(_ funnel: Funnel) -> [Double]? {
        if let metric = funnel.revenueMetric { return targets.targets[metric] }
        return targets.targets[funnel.stages.last!.metric].map { $0.map { $0 * funnel.valuePerWon } }
    }

    /// The revenue forecasts (run-rate, scaled by the plan's phasing when it has one, and
    /// pipeline, or the open deals when deal records give them), the coverage with the pipeline lag
    /// and its reason, and the backtests of the run-rate and the open-deals forecasts.
    func forecastRevenue(_ funnel: Funnel, _ review: inout FunnelReview) {
        let revenues = revenueSeries(funnel)
        let toDate = review.revenueToDate
        let level = plan.forecastLevel
        let subject = revenueSubject(funnel)
        review.revenueForecast =
            remaining > 0
            ? Forecasting.runRate(
                revenues, toDate: toDate, remaining: remaining, plan: subject.plan, level: level, unit: .currency)
            : .exact(toDate, .actual, level: level)
        review.revenueBacktest = backtest(subject)
        // Without a revenue metric, revenue is won deals × value per won.
        let scale = funnel.revenueMetric != nil ? 1 : funnel.valuePerWon
        func revenue(_ outlook: DealOutlook?, booked: Double) -> Forecast? {
            outlook?.forecast(toDate: 0, revenue: funnel.revenueMetric != nil, level: level).map {
                Forecast(
                    method: $0.method, base: booked + $0.base * scale, low: booked + $0.low * scale,
                    high: booked + $0.high * scale, periods: $0.periods, level: $0.level)
            }
        }
        let fromDeals = revenue(deals, booked: toDate)
        if remaining > 0, let fromDeals { review.revenuePipelineForecast = fromDeals }
        if let then = dealsBacktest, let index = plan.cycle.position(of: then.asOf),
            let forecast = revenue(then, booked: CompensatedSum(revenues.prefix(index + 1).compactMap { $0 }).value)
        {
            review.revenueDealsBacktest = Backtest(asOf: then.asOf, period: period, forecast: forecast, actual: toDate)
        }
        guard let pipe = funnel.pipelineMetric, let lag = pipelineLag else {
            // Without a pipeline metric, the deal records' open deals are the pipeline.
            if funnel.pipelineMetric == nil, let deals, let toGo = review.revenueToGo {
                review.coverage = PipelineCoverage(
                    metric: "open_pipeline", openPipeline: deals.openAmount, revenueToGo: toGo,
                    ratio: toGo > 0 ? deals.openAmount / toGo : nil,
                    definition: openDealsCoverageDefinition,
                    lagReason: fromDeals != nil ? "" : noDealsForecastWords(deals.reason))
            }
            return
        }
        let pipeline = series.series(pipe)
        let conversion = lag.conversion
        if remaining > 0, fromDeals == nil, let conversion {
            review.revenuePipelineForecast = Forecasting.pipeline(
                conversion, pipeline: pipeline, toDate: toDate, remaining: remaining, level: level)
        }
        guard let open = pipeline.compactMap({ $0 }).last, let toGo = review.revenueToGo else { return }
        review.coverage = PipelineCoverage(
            metric: pipe, openPipeline: open, revenueToGo: toGo, ratio: toGo > 0 ? open / toGo : nil,
            conversionRate: conversion?.rate, lag: conversion?.lag,
            definition: pipelineCoverageDefinition(pipe),
            lagSource: lag.source, lagReason: lag.reason)
    }

    /// Two stages' volumes summed over the periods of `window` in which both have data.
    func windowVolumes(_ from: MetricID, _ to: MetricID, _ window: Range<Int>) -> (Double, Double) {
        var a = 0.0
        var b = 0.0
        for p in window {
            guard let x = series.value(from, p), let y = series.value(to, p) else { continue }
            a += x
            b += y
        }
        return (a, b)
    }

    /// The first period of the latest run of periods below plan beyond the tolerance.
    func since(_ periodRates: [Double?], _ planned: Double) -> Period? {
        var first: Int?
        for p in stride(from: periodRates.count - 1, through: 0, by: -1) {
            let below = periodRates[p].map { isBelowPlan($0, planned) } ?? false
            if below {
                first = p
            } else if first != nil {
                break
            }
        }
        return first.map { plan.cycle.start.advanced(by: $0) }
    }

    /// How a transition's shortfall into the next stage splits by segment and by team, over
    /// `window`: each key's `from × planned − to`, as shares of the positive ones.
    func shares(of i: Int, plannedRate: Double, _ window: Range<Int>) -> ([SegmentShare], [TeamShare]) {
        func split<Key>(_ b: MetricSeries.Breakdown<Key>) -> [(Key, Double)] {
            guard b.keys.count >= 2 else { return [] }
            var gaps: [(Key, Double)] = []
            for (k, key) in b.keys.enumerated()
            where b.seen(stage: i, key: k, window) && b.seen(stage: i + 1, key: k, window) {
                let gap = b.total(stage: i, key: k, window) * plannedRate - b.total(stage: i + 1, key: k, window)
                if gap > 0 { gaps.append((key, gap)) }
            }
            let total = gaps.reduce(0) { $0 + $1.1 }
            guard total > 0 else { return [] }
            return gaps.map { ($0.0, $0.1 / total) }.sorted { $0.1 > $1.1 }
        }
        return (
            split(series.segments).map { SegmentShare(segment: $0.0, share: $0.1) },
            split(series.teams).map { TeamShare(team: $0.0, share: $0.1) }
        )
    }

    /// A leaking transition's price: over the window that named it (cycle to date when the
    /// cumulative rate is below plan, else the recent window), what back to plan adds.
    struct LeakPrice {
        var next: Double
        var won: Double
        var revenue: Double
        var window: ProblemImpact.Window
        /// The rate judged below plan: cycle to date, or the recent window's.
        var rate: Double?
        /// The name of the stage the transition leads to, which `next` counts.
        var toName: String
        /// Whether the window's cohorts were priced (the cohort method).
        var cohort: Bool
    }

    /// With the cohort method the window's cohorts are priced: Σ entered × planned − Σ converted.
    func leakPrice(
        _ t: TransitionReview, index i: Int, _ funnel: Funnel, _ pricing: FunnelPricing, cohort: CohortMeasure? = nil
    ) -> LeakPrice? {
        guard t.belowPlan || t.recentBelowPlan else { return nil }
        let toName = funnel.stages[i + 1].name
        let from = funnel.stages[i].metric
        let to = funnel.stages[i + 1].metric
        let window: ProblemImpact.Window = t.belowPlan ? .cycleToDate : .recent
        let (a, b) =
            cohort.map { $0.pooled(t.belowPlan ? $0.mature : $0.recent) }
            ?? windowVolumes(from, to, t.belowPlan ? 0..<elapsed : recentWindow)
        let rate = t.belowPlan ? t.actualRate : t.recentRate
        let next = max(0, a * t.plannedRate - b)
        let won = pricing.won(adding: next, atStage: i + 1)
        let revenue = won * funnel.valuePerWon
        return LeakPrice(
            next: next, won: won, revenue: revenue, window: window, rate: rate, toName: toName, cohort: cohort != nil)
    }

    /// Each stage's shortfall split: what arrives short from the stage before, what its own
    /// conversion loses, and what no upstream problem explains.
    func stageReviews(
        _ funnel: Funnel, volumes: [Double?], plannedToDate: [Double?], leaks: [LeakPrice?], pricing: FunnelPricing
    ) -> [StageReview] {
        let tol = plan.tolerance.onTrack
        // The volume each stage would have with every upstream problem fixed, stage by stage.
        var fixed: Double?
        var causes: [ProblemID] = []
        var causePrice: [ProblemID: Double] = [:]
        var out: [StageReview] = []
        for (k, stage) in funnel.stages.enumerated() {
            let actual = volumes[k]
            let plannedK = plannedToDate[k]
            var review = StageReview(
                id: stage.id, name: stage.name, metric: stage.metric, actual: actual, planned: plannedK,
                variancePct: zip2(actual, plannedK).flatMap { a, p in p != 0 ? (a - p) / p : nil },
                periodActual: series.value(stage.metric, index))
            guard let a = actual, let p = plannedK else {
                out.append(review)
                fixed = nil
                continue
            }
            if k == 0 {
                fixed = a
            } else {
                let rate = funnel.plannedRates[k - 1]
                if let pa = plannedToDate[k - 1], let prev = volumes[k - 1] {
                    review.inflowShortfall = (pa - prev) * rate
                    review.conversionShortfall = prev * rate - a
                }
                if let f = fixed, let prev = volumes[k - 1] {
                    fixed = leaks[k - 1] != nil ? f * rate : (prev > 0 ? f * a / prev : a)
                } else {
                    fixed = a
                }
                if let leak = leaks[k - 1] {
                    let id = ProblemID.transition(funnel.stages[k - 1].id, stage.id)
                    causes.append(id)
                    causePrice[id] = leak.revenue
                }
            }
            let own = p - (fixed ?? a)
            review.ownShortfall = own
            if own > p * tol {
                // The stage's own problem: fixed, it reaches plan for the stages below.
                let id = ProblemID.stageVolume(stage.id)
                causes.append(id)
                causePrice[id] = pricing.won(adding: own, atStage: k) * funnel.valuePerWon
                fixed = p
            } else if p - a > p * tol, let cause = causes.max(by: { (causePrice[$0] ?? 0) < (causePrice[$1] ?? 0) }) {
                review.cause = cause
            }
            out.append(review)
        }
        return out
    }
}

extension Tolerance {
    /// Below plan beyond the on-track tolerance: `value < planned × (1 − on_track)`. Its negation
    /// is "holds" (a rate) or "at or above plan" (a volume).
    func isBelowPlan(_ value: Double, _ planned: Double) -> Bool {
        value < planned * (1 - onTrack)
    }
}
