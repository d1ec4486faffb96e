extension Review {
    /// Reviews `actuals` against `plan` as of `period`: a pure computation, no I/O, no clock,
    /// linear in the number of observations.
    ///
    /// ```swift
    /// let review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 11))
    /// ```
    /// - Throws: ``InputError`` when the plan has problems (see ``Plan/problems()``) or the period
    ///   is outside the plan's cycle.
    public init(plan: Plan, actuals: Actuals, asOf period: Period) throws(InputError) {
        self = ReviewEngine(plan: plan, actuals: actuals, index: try Self.position(of: period, in: plan)).run()
    }

    /// The position of `period` in a valid plan's cycle.
    /// - Throws: ``InputError`` when the plan has problems or the period is outside the cycle.
    static func position(of period: Period, in plan: Plan) throws(InputError) -> Int {
        try plan.validate()
        guard let index = plan.cycle.position(of: period) else {
            throw InputError([
                Diagnostic(
                    code: .outsideCycle,
                    message: "period \(period) is outside the cycle \(plan.cycle.start)…\(plan.cycle.end)",
                    field: "period")
            ])
        }
        return index
    }

    /// Reviews `actuals` plus what CRM records say as of the end of `period`: the records'
    /// series join the actuals, and each transition the records measure is judged on pooled
    /// mature cohorts (``ConversionMethod/cohort``), never on an immature one.
    ///
    /// ```swift
    /// let records = try RecordMetrics(plan: plan, records: try RecordsLoader(plan: plan).load(contentsOf: urls))
    /// let review = try Review(plan: plan, actuals: actuals, records: records, asOf: .month(2026, 11))
    /// ```
    /// - Throws: ``InputError`` when the plan has problems, the period is outside the cycle, or
    ///   a metric comes from both the actuals and the records.
    public init(plan: Plan, actuals: Actuals, records: RecordMetrics, asOf period: Period) throws(InputError) {
        let index = try Self.position(of: period, in: plan)
        let derived = records.derive(asOf: period)
        let fromRecords = Set(derived.actuals.observations.map(\.metric))
        let clashes = Set(actuals.observations.map(\.metric)).intersection(fromRecords).sorted()
        if !clashes.isEmpty {
            throw InputError(
                clashes.map {
                    Diagnostic(
                        code: .duplicateObservation,
                        message: "metric '\($0)' comes from both the records and the actuals; drop it from one of them",
                        field: $0.rawValue)
                })
        }
        var combined = actuals
        combined.merge(derived.actuals)
        var engine = ReviewEngine(
            plan: plan, actuals: combined, index: index, recordsLag: derived.summary.pipelineLag,
            pooled: derived.pooled)
        engine.cohorts = derived.summary.cohorts
        engine.deals = derived.summary.deals
        engine.dealsBacktest = derived.summary.dealsBacktest
        engine.cohortMetrics = derived.cohortMetrics
        engine.reasons = derived.summary.reasons
        engine.movement = derived.summary.pipelineMovement
        self = engine.run()
        self.records = derived.summary
    }

    /// Reviews `actuals` as of `period` carrying a records summary whose pipeline lag the forecast
    /// uses; what ``init(plan:actuals:records:asOf:)`` does after deriving, open to tests that
    /// set the lag by hand.
    init(plan: Plan, actuals: Actuals, asOf period: Period, records: RecordsReview?) throws(InputError) {
        let index = try Self.position(of: period, in: plan)
        var engine = ReviewEngine(plan: plan, actuals: actuals, index: index, recordsLag: records?.pipelineLag)
        engine.deals = records?.deals
        engine.dealsBacktest = records?.dealsBacktest
        engine.reasons = records?.reasons
        engine.movement = records?.pipelineMovement
        self = engine.run()
        self.records = records
    }

    /// The latest period of the plan's cycle that has actuals, or `nil` when none has.
    public static func latestPeriod(of actuals: Actuals, in plan: Plan) -> Period? {
        var latest: Period?
        for o in actuals.observations where plan.cycle.contains(o.period) {
            if latest == nil || latest! < o.period { latest = o.period }
        }
        return latest
    }
}

/// The computation behind ``Review/init(plan:actuals:asOf:)``.
struct ReviewEngine {
    let plan: Plan
    let actuals: Actuals
    let index: Int
    let period: Period
    let count: Int
    let elapsed: Int
    let remaining: Int
    let series: MetricSeries
    let metrics: [MetricID: Metric]
    /// Each key result's weight, and the tactics serving each key result: built once.
    let weights: [KeyResultID: Double]
    let tacticsByKeyResult: [KeyResultID: [Tactic]]
    /// The cohorts of the transitions CRM records measure (see `ReviewEngine+Cohorts.swift`).
    var cohorts: [CohortConversion] = []
    /// Cohort-conversion metrics fed by the records: how many periods from the cycle start
    /// have a mature cohort.
    var cohortMetrics: [MetricID: Int] = [:]
    /// The reasons and the pipeline movement of CRM records, for the playbook.
    var reasons: ReasonShares?
    var movement: PipelineMovement?
    /// The open deals of CRM deal records: when they carry an expectation, revenue and won
    /// deals are forecast from them instead of the period pipeline (``Forecast/Method/openDeals``).
    var deals: DealOutlook?
    /// The open deals as of two periods back, for the backtest of ``deals``' forecast.
    var dealsBacktest: DealOutlook?
    /// The plan resolved to a target per metric per period (``Plan/periodTargets()``).
    let targets: PlanTargets
    /// The pipeline-to-revenue lag and rate, chosen once for revenue and won deals; `nil`
    /// without a pipeline metric.
    private(set) var pipelineLag: Forecasting.PipelineLag?

    init(plan: Plan, actuals: Actuals, index: Int, recordsLag: Int? = nil, pooled: [MetricID: Double] = [:]) {
        self.plan = plan
        self.actuals = actuals
        self.index = index
        period = plan.cycle.start.advanced(by: index)
        count = plan.cycle.count
        elapsed = index + 1
        remaining = count - elapsed
        series = MetricSeries(plan: plan, actuals: actuals, elapsed: elapsed, pooled: pooled)
        metrics = Dictionary(plan.metrics.map { ($0.id, $0) }) { a, _ in a }
        weights = Dictionary(plan.keyResults.map { ($0.id, $0.weight) }) { a, _ in a }
        var tactics: [KeyResultID: [Tactic]] = [:]
        for tactic in plan.tactics {
            for kr in Set(tactic.keyResults) { tactics[kr, default: []].append(tactic) }
        }
        tacticsByKeyResult = tactics
        targets = plan.periodTargets()
        if let funnel = plan.funnel, let pipe = funnel.pipelineMetric {
            pipelineLag = Forecasting.chooseLag(
                revenue: revenueSeries(funnel), pipeline: series.series(pipe), recordsLag: recordsLag)
        }
    }

    func isSummed(_ metric: Metric) -> Bool { plan.isSummed(metric) }

    func run() -> Review {
        var keyResults: [KeyResultReview] = []
        for objective in plan.objectives {
            for kr in objective.keyResults { keyResults.append(review(kr, in: objective)) }
        }
        var byObjective: [ObjectiveID: [KeyResultReview]] = [:]
        var byTeam: [TeamID: [KeyResultReview]] = [:]
        for kr in keyResults {
            byObjective[kr.objective, default: []].append(kr)
            for team in Set(kr.owners) { byTeam[team, default: []].append(kr) }
        }
        let objectives = plan.objectives.map { objectiveReview($0, byObjective[$0.id] ?? []) }
        let teams = plan.teams.map { scorecard($0, byTeam[$0.id] ?? []) }
        let computed = plan.funnel.map { funnelFacts($0) }
        let funnel = computed?.review
        let sla = plan.slas.map(slaReview)
        let health = healthFindings(keyResults, funnel)
        // The facts first, then the playbook over them: no rule reads a half-built review.
        let facts = ReviewFacts(
            plan: plan, period: period, elapsed: elapsed, remaining: remaining, series: series,
            keyResults: keyResults, funnel: funnel, leaks: computed?.leaks ?? [], pricing: computed?.pricing,
            sla: sla, health: health, allTeams: plan.teams.map(\.id),
            teamRank: Dictionary(plan.teams.enumerated().map { ($1.id, $0) }) { a, _ in a },
            cohortMetrics: cohortMetrics, reasons: reasons, movement: movement)
        let (agenda, adjustments) = Playbook.run(facts)
        var subjects = plan.keyResults.filter { $0.kind != .milestone }.compactMap { kr in
            metrics[kr.metric].map { forecastSubject(kr, metric: $0) }
        }
        if let funnel = plan.funnel { subjects.append(revenueSubject(funnel)) }
        var review = Review(
            schemaVersion: Review.schemaVersion, period: period,
            plan: PlanSummary(
                name: plan.name, cycle: plan.cycle.name, cycleStart: plan.cycle.start, cycleEnd: plan.cycle.end,
                currency: plan.currency, teams: plan.teams, tolerance: plan.tolerance),
            periods: Array(plan.cycle.periods.prefix(elapsed)), remainingPeriods: remaining,
            headline: headline(keyResults, objectives, funnel, agenda: agenda), keyResults: keyResults,
            objectives: objectives,
            teams: teams, funnel: funnel, sla: sla, health: health, agenda: agenda, adjustments: adjustments,
            trends: plan.metrics.map(trend), data: dataRows(keyResults, funnel))
        if elapsed >= 2 { review.forecastAccuracy = forecastAccuracy(subjects) }
        return review
    }

    // MARK: Key results

    /// The plan's expected value of a key result after `elapsed` periods.
    func expected(_ kr: KeyResult, metric: Metric, elapsed: Int) -> Double {
        switch kr.kind {
        case .stayAbove, .stayBelow: return kr.target
        case .increaseTo, .decreaseTo, .milestone:
            if isSummed(metric) && kr.kind != .milestone {
                return kr.baseline + plan.increments(kr).prefix(elapsed).reduce(0, +)
            }
            return plan.levelPath(kr, at: elapsed)
        }
    }

    func activeTactics(for kr: KeyResultID) -> [TacticID] {
        (tacticsByKeyResult[kr] ?? []).filter { $0.isActive(in: period) }.map(\.id)
    }

    func review(_ kr: KeyResult, in objective: Objective) -> KeyResultReview {
        let metric = metrics[kr.metric]!
        let unit = metric.unit
        let actual = series.cycleToDate(kr.metric)
        let periodActual = series.value(kr.metric, index)
        let previous = index > 0 ? series.value(kr.metric, index - 1) : nil
        let expected = expected(kr, metric: metric, elapsed: elapsed)
        let summed = isSummed(metric)
        let b = kr.baseline
        let t = kr.target
        let tol = plan.tolerance
        let level = plan.forecastLevel
        let subject = forecastSubject(kr, metric: metric)
        var result = KeyResultReview(
            id: kr.id, objective: objective.id, title: kr.title, metric: kr.metric, metricName: metric.name, unit: unit,
            kind: kr.kind, owners: kr.owners, baseline: b, target: t, actual: actual, periodActual: periodActual,
            expected: expected, progress: nil, score: nil, attainment: nil, pace: nil, status: .noData,
            paceStatus: .noData, forecast: nil, forecastRange: nil, pipelineForecast: nil, outlook: nil,
            forecastShort: false, backtest: nil, requiredRunRate: nil, recentRunRate: nil,
            change: periodActual.flatMap { p in previous.map { p - $0 } }, breachedPeriods: [],
            activeTactics: activeTactics(for: kr.id), reason: "")
        guard let a = actual else {
            let seen = (0..<elapsed).contains { observed(kr.metric, $0) }
            result.reason = noValueReason(metric, observed: seen)
            return result
        }
        let lowerIsBetter = kr.kind == .decreaseTo || kr.kind == .stayBelow
        func attainment(_ value: Double) -> Double? {
            if lowerIsBetter { return value > 0 ? t / value : (t >= 0 ? 1 : nil) }
            return t != 0 ? value / t : nil
        }

        switch kr.kind {
        case .stayAbove, .stayBelow:
            let values = series.series(kr.metric)
            let latest = periodActual ?? values.compactMap { $0 }.last ?? a
            var met = 0
            var seen = 0
            for (i, value) in values.enumerated() {
                guard let value else { continue }
                seen += 1
                if kr.kind == .stayAbove ? value >= t : value <= t {
                    met += 1
                } else {
                    result.breachedPeriods.append(plan.cycle.start.advanced(by: i))
                }
            }
            let latestAttainment = attainment(latest)
            result.attainment = latestAttainment
            result.progress = latestAttainment
            result.pace = latestAttainment
            result.score = seen > 0 ? Double(met) / Double(seen) : nil
            let metNow = kr.kind == .stayAbove ? latest >= t : latest <= t
            if metNow {
                result.status = remaining == 0 && result.breachedPeriods.isEmpty ? .achieved : .onTrack
            } else if let att = latestAttainment, att >= 1 - tol.atRisk {
                result.status = .atRisk
            } else {
                result.status = .offTrack
            }
            result.forecastRange =
                remaining > 0
                ? subject.forecast(known: elapsed, target: count - 1, level: level)
                : .exact(latest, .actual, level: level)
            result.reason = stayReason(
                kr.kind, latest: latest, inPeriod: periodActual != nil, target: t, unit: unit, met: met, of: seen)
        case .increaseTo, .decreaseTo, .milestone:
            let progress = (a - b) / (t - b)
            result.progress = progress
            result.score = min(1, max(0, progress))
            result.attainment = attainment(a)
            let expectedProgress = (expected - b) / (t - b)
            result.pace = expectedProgress > 0 ? progress / expectedProgress : nil
            if summed {
                result.recentRunRate = series.recentMean(kr.metric)
                result.forecastRange =
                    remaining > 0
                    ? subject.forecast(known: elapsed, target: count - 1, level: level)
                    : .exact(a, .actual, level: level)
                if progress < 1 { result.requiredRunRate = Self.need(t - a, over: remaining, unit: unit) }
                result.pipelineForecast = pipelineForecast(of: kr.metric, toDate: a)
            } else if kr.kind == .milestone {
                result.forecastRange = .exact(periodActual ?? a, remaining > 0 ? .latest : .actual, level: level)
            } else {
                result.forecastRange =
                    remaining > 0
                    ? subject.forecast(known: elapsed, target: count - 1, level: level)
                    : .exact(a, .actual, level: level)
                // A cycle to date pooled over records (a median of every lead) is forecast from the
                // periods' values: the forecast moves from the pooled value by what the periods
                // still to come move the mean, so it starts where the actual stands.
                if subject.quantity == .average, remaining > 0, let mean = subject.value(at: elapsed - 1),
                    var f = result.forecastRange, a != mean
                {
                    let shift = a - mean
                    let bounds = Forecasting.Bounds.of(unit, seen: series.series(kr.metric).compactMap { $0 } + [a])
                    f.base = bounds.clamp(f.base + shift)
                    f.low = bounds.clamp(f.low + shift)
                    f.high = bounds.clamp(f.high + shift)
                    result.forecastRange = f
                }
            }
            if progress >= 1 {
                result.status = .achieved
            } else if kr.kind == .milestone {
                result.status = remaining == 0 ? .offTrack : elapsed * 3 >= count * 2 ? .atRisk : .onTrack
            } else if let pace = result.pace {
                result.status = pace >= 1 - tol.onTrack ? .onTrack : pace >= 1 - tol.atRisk ? .atRisk : .offTrack
            } else {
                result.status = progress >= 0 ? .onTrack : .atRisk
            }
            switch (result.status, kr.kind) {
            case (.achieved, _):
                result.reason = achievedReason(a, target: t, unit: unit)
            case (_, .milestone):
                result.reason = milestoneReason(a, target: t, unit: unit)
            default:
                result.reason = paceReason(result, metric, summed: summed, toDate: a, expected: expected)
            }
        }
        result.forecast = result.forecastRange?.base
        result.paceStatus = result.status
        lookAhead(&result, lowerIsBetter: lowerIsBetter)
        result.backtest = kr.kind == .milestone ? nil : backtest(subject)
        return result
    }

    /// The planned volume of each period of the cycle for a summed key result (its phasing, the
    /// rest spread evenly), which the run-rate is scaled by; `nil` for other kinds.
    func planned(_ kr: KeyResult, summed: Bool) -> [Double]? {
        summed && (kr.kind == .increaseTo || kr.kind == .decreaseTo) ? plan.increments(kr) : nil
    }

    /// The status looking ahead (the rule of the *Forecasts* article): on pace but the whole range
    /// misses → at risk; the base misses but the range reaches → `forecastShort`; behind pace but
    /// the forecast makes it → said so in the reason.
    func lookAhead(_ r: inout KeyResultReview, lowerIsBetter: Bool) {
        guard remaining > 0, r.kind != .milestone, r.status != .achieved, r.status != .noData,
            let f = r.forecastRange
        else { return }
        let outlook = Forecasting.outlook(f, target: r.target, lowerIsBetter: lowerIsBetter)
        r.outlook = outlook
        switch outlook {
        case .misses where r.status == .onTrack:
            r.status = .atRisk
            r.reason = onPaceButMissesReason(r, f)
        case .short:
            r.forecastShort = true
            r.reason += forecastShortWords(r)
        case .reaches, .likely:
            if r.status == .atRisk || r.status == .offTrack {
                r.reason += forecastMakesItWords(r, f)
            }
        default: break
        }
    }

    /// The open pipeline converted to `metric` (the funnel's revenue metric or its won stage), when
    /// the plan names a pipeline metric; the open deals by stage and age when CRM deal records
    /// give an expectation.
    /// The lag is the one chosen for revenue (``pipelineLag``); the rate is the metric's own at
    /// that lag, from at least ``Forecasting/minPairs`` pairs.
    func pipelineForecast(of metric: MetricID, toDate: Double) -> Forecast? {
        guard let funnel = plan.funnel, metric == funnel.revenueMetric || metric == funnel.stages.last?.metric,
            funnel.pipelineMetric != nil || deals?.expected != nil
        else { return nil }
        if remaining == 0 { return .exact(toDate, .actual, level: plan.forecastLevel) }
        if let f = deals?.forecast(toDate: toDate, revenue: metric == funnel.revenueMetric, level: plan.forecastLevel) {
            return f
        }
        guard let pipe = funnel.pipelineMetric, let lag = pipelineLag?.conversion?.lag,
            let c = Forecasting.conversion(revenue: series.series(metric), pipeline: series.series(pipe), lag: lag),
            c.ratios.count >= Forecasting.minPairs
        else { return nil }
        return Forecasting.pipeline(
            c, pipeline: series.series(pipe), toDate: toDate, remaining: remaining, level: plan.forecastLevel)
    }

    // MARK: Objectives and teams

    func weightedScore(_ reviews: [KeyResultReview]) -> Double? {
        var total = 0.0
        var weight = 0.0
        for r in reviews {
            guard let s = r.score else { continue }
            let w = weights[r.id] ?? 1
            total += s * w
            weight += w
        }
        return weight > 0 ? total / weight : nil
    }

    func counts(_ reviews: [KeyResultReview]) -> [StatusCount] {
        Status.allCases.map { s in StatusCount(status: s, count: reviews.filter { $0.status == s }.count) }
    }

    /// `mine`: the objective's key results, in plan order.
    func objectiveReview(_ objective: Objective, _ mine: [KeyResultReview]) -> ObjectiveReview {
        return ObjectiveReview(
            id: objective.id, title: objective.title, owners: objective.owners, parent: objective.parent,
            score: weightedScore(mine), status: Status.rollUp(mine.map(\.status)), keyResults: mine.map(\.id))
    }

    /// `mine`: every key result the team owns, alone or with others, in plan order.
    func scorecard(_ team: Team, _ mine: [KeyResultReview]) -> TeamScorecard {
        return TeamScorecard(
            team: team.id, name: team.name, score: weightedScore(mine), status: Status.rollUp(mine.map(\.status)),
            counts: counts(mine),
            keyResults: mine.map(\.id))
    }

    // MARK: SLAs

    func slaReview(_ sla: ServiceLevelAgreement) -> SLAReview {
        let metric = metrics[sla.metric]!
        func margin(_ v: Double) -> Double { sla.comparison == .atLeast ? v - sla.amount : sla.amount - v }
        var periods: [SLAPeriod] = []
        for i in 0..<elapsed {
            let v = series.value(sla.metric, i)
            periods.append(
                SLAPeriod(
                    period: plan.cycle.start.advanced(by: i), actual: v,
                    met: v.map { sla.comparison.holds($0, sla.amount) },
                    margin: v.map(margin)))
        }
        // The commitment is per period: a summed metric compares its mean per period.
        var actual = series.cycleToDate(sla.metric)
        if isSummed(metric), let total = actual {
            let withData = periods.filter { $0.actual != nil }.count
            actual = withData > 0 ? total / Double(withData) : nil
        }
        return SLAReview(
            id: sla.id, title: sla.title, from: sla.from, to: sla.to, metric: sla.metric, unit: metric.unit,
            comparison: sla.comparison, committed: sla.amount, actual: actual,
            met: actual.map { sla.comparison.holds($0, sla.amount) },
            margin: actual.map(margin), periods: periods, metInPeriod: periods.last?.met)
    }

    // MARK: Health

    func healthFindings(_ keyResults: [KeyResultReview], _ funnel: FunnelReview?) -> [HealthFinding] {
        var out: [HealthFinding] = []
        if plan.teams.count > 1 {
            for o in plan.objectives where Set(o.owners).count < 2 {
                out.append(
                    HealthFinding(
                        code: .singleTeamObjective,
                        message: singleTeamMessage(o, owner: o.owners.first.flatMap { plan.team($0)?.name }),
                        subject: o.id.rawValue))
            }
        }
        for kr in keyResults where kr.owners.isEmpty {
            out.append(
                HealthFinding(
                    code: .keyResultWithoutOwner, message: noOwnerMessage(kr), subject: kr.id.rawValue))
        }
        for kr in keyResults where kr.status == .offTrack && kr.activeTactics.isEmpty {
            out.append(
                HealthFinding(
                    code: .offTrackWithoutTactic, message: withoutTacticMessage(kr), subject: kr.id.rawValue))
        }
        if let f = plan.funnel {
            for stage in f.stages
            where !plan.tactics.contains(where: {
                $0.stage == stage.id && $0.kind == .content && $0.status != .cancelled
            }) {
                out.append(
                    HealthFinding(
                        code: .stageWithoutContent, message: noContentMessage(stage), subject: stage.id.rawValue))
            }
        }
        for m in plan.metrics where m.owner == nil {
            out.append(
                HealthFinding(
                    code: .metricWithoutOwner, message: noOwnerMessage(m), subject: m.id.rawValue))
        }
        out += plan.arithmeticFindings()
        let watched = Set(plan.keyResults.map(\.metric) + plan.slas.map(\.metric))
        for m in plan.metrics where watched.contains(m.id) && !observed(m.id, index) && !awaitsCohort(m.id) {
            out.append(
                HealthFinding(
                    code: .missingData, message: missingDataMessage(m), subject: m.id.rawValue))
        }
        return out
    }

    /// Whether a metric has an observation in period `i`: for a derived metric, every metric its
    /// formula reads has one. A zero is an observation; a ratio undefined because its
    /// denominator is zero is not missing data.
    func observed(_ id: MetricID, _ i: Int, depth: Int = 0) -> Bool {
        guard let metric = metrics[id], depth < 32 else { return false }
        guard let formula = metric.formula else { return series.value(id, i) != nil }
        return formula.metrics.allSatisfy { observed($0, i, depth: depth + 1) }
    }

    // MARK: Trends and data

    func trend(_ metric: Metric) -> MetricTrend {
        let values = series.series(metric.id)
        let last = values.last ?? nil
        let previous = values.count >= 2 ? values[values.count - 2] : nil
        let change = zip2(last, previous).map { $0 - $1 }
        let changePct = zip2(change, previous).flatMap { c, p in p != 0 ? c / abs(p) : nil }
        return MetricTrend(
            metric: metric.id, name: metric.name, unit: metric.unit, direction: metric.direction, values: values,
            change: change, changePct: changePct, cycleToDate: series.cycleToDate(metric.id))
    }

    /// The flat data: per period up to the review period each metric's rows as reported (and a
    /// `total` row carrying the target where a metric is reported only by team or segment), one
    /// `plan` row per targeted metric for each period still to come, then one `cycle_end` row per
    /// targeted metric. Every computed number is rounded to its unit (``DataRow/rounded(_:_:)``).
    func dataRows(_ keyResults: [KeyResultReview] = [], _ funnel: FunnelReview? = nil) -> [DataRow] {
        let nMetrics = plan.metrics.count
        // The series alone, for the closures below: capturing `self` would copy the whole engine
        // at every formula evaluated.
        let series = self.series
        // A counting sort of the observations' indices by (period, metric): linear, no copies.
        // The series worked out each observation's (period, metric) cell already.
        let start = plan.cycle.start
        let cells = series.cells
        let elapsedCells = Int32(elapsed * nMetrics)
        var counts = [Int](repeating: 0, count: elapsed * nMetrics + 1)
        for k in cells where k >= 0 && k < elapsedCells { counts[Int(k) + 1] += 1 }
        for b in 1..<counts.count { counts[b] += counts[b - 1] }
        var order = [Int32](repeating: 0, count: counts.last ?? 0)
        var fill = counts
        for (n, k) in cells.enumerated() where k >= 0 && k < elapsedCells {
            order[fill[Int(k)]] = Int32(n)
            fill[Int(k)] += 1
        }
        let observations = actuals.observations
        /// Rows of one period and metric by team, then segment (no team or segment first).
        func before(_ a: Int32, _ b: Int32) -> Bool {
            // Fields read in place: copying an observation would retain all of its text.
            let (x, y) = (Int(a), Int(b))
            if observations[x].team != observations[y].team {
                return (observations[x].team?.rawValue ?? "") < (observations[y].team?.rawValue ?? "")
            }
            return (observations[x].segment ?? "") < (observations[y].segment ?? "")
        }
        // A summed metric's remaining periods: its recent performance ratio × each period's plan
        // when the plan is phased, else the recent run-rate (as the key results' forecasts).
        let phasings = plan.metrics.map { metric -> Forecasting.Phasing? in
            guard isSummed(metric), let planned = targets.targets[metric.id] else { return nil }
            return Forecasting.phasing(series.series(metric.id), plan: planned, remaining: remaining)
        }
        let milestones = Set(plan.keyResults.filter { $0.kind == .milestone }.map(\.metric))
        /// The unit a formula's value is rounded in: its metric's when it is one metric.
        func unit(of formula: Formula) -> MetricUnit {
            if case .metric(let id) = formula { return metrics[id]?.unit ?? .ratio }
            return .ratio
        }
        // Each ratio metric's parts and their units, worked out once, not per row.
        let ratioParts = plan.metrics.map {
            metric -> (parts: (numerator: Formula, denominator: Formula), units: (MetricUnit, MetricUnit))? in
            metric.formula?.ratioParts.map { ($0, (unit(of: $0.numerator), unit(of: $0.denominator))) }
        }
        // Each metric's own columns, made once and shared by its rows.
        let columns = plan.metrics.map { metric in
            DataRow.MetricColumns(
                DataRow.MetricColumns.Values(
                    metric: metric.id, metricName: metric.name, unit: metric.unit, rollup: metric.rollup,
                    direction: metric.direction, ownerTeam: metric.owner,
                    currency: metric.unit == .currency ? plan.currency.code : nil))
        }
        let scales = plan.metrics.map(\.unit.presentation.storedScale)
        let ratioScale = MetricUnit.ratio.presentation.storedScale
        var rows: [DataRow] = []
        rows.reserveCapacity(actuals.observations.count + count * nMetrics + nMetrics)
        for i in 0..<count {
            let p = start.advanced(by: i)
            for (m, metric) in plan.metrics.enumerated() {
                // The unit's stored precision, looked up once per metric and period, not per row.
                let scale = scales[m]
                let target = targets.target(for: metric.id, period: i).map { MetricUnit.stored($0, scale: scale) }
                func row(
                    _ actual: Double?, _ team: TeamID?, _ segment: String?, _ target: Double?, whole: Bool,
                    forecast: Double? = nil, kind: DataRow.RowKind = .actual
                ) -> DataRow {
                    let actual = actual.map { MetricUnit.stored($0, scale: scale) }
                    let variance = whole ? zip2(actual, target).map { MetricUnit.stored($0 - $1, scale: scale) } : nil
                    let pct = zip2(variance, target).flatMap { v, t in
                        t != 0 ? MetricUnit.stored(v / abs(t), scale: ratioScale) : nil
                    }
                    // A ratio's parts, for the whole value of a period up to the review period.
                    let parts = whole && kind != .plan ? ratioParts[m] : nil
                    return DataRow(
                        period: p, columns: columns[m], team: team, segment: segment, actual: actual, target: target,
                        variance: variance, variancePct: pct,
                        forecast: forecast.map { MetricUnit.stored($0, scale: scale) },
                        rowKind: kind,
                        numerator: parts.flatMap { f in
                            f.parts.numerator.evaluate { series.value($0, i) }.map { f.units.0.stored($0) }
                        },
                        denominator: parts.flatMap { f in
                            f.parts.denominator.evaluate { series.value($0, i) }.map { f.units.1.stored($0) }
                        })
                }
                if i >= elapsed {
                    // A period still to come: the plan and the forecast, for every metric the plan targets.
                    let forecast =
                        milestones.contains(metric.id)
                        ? series.series(metric.id).compactMap { $0 }.last
                        : isSummed(metric)
                            ? phasings[m].map { $0.forecast(planned: targets.targets[metric.id]![i]) }
                                ?? series.recentMean(metric.id)
                            : series.trend(metric.id, at: i)
                    if target != nil {
                        rows.append(row(nil, nil, nil, target, whole: true, forecast: forecast, kind: .plan))
                    }
                    continue
                }
                if metric.formula != nil {
                    let v = series.values[m][i]
                    if v != nil || target != nil { rows.append(row(v, nil, nil, target, whole: true)) }
                    continue
                }
                let range = counts[i * nMetrics + m]..<counts[i * nMetrics + m + 1]
                if range.isEmpty {
                    if target != nil { rows.append(row(nil, nil, nil, target, whole: true)) }
                    continue
                }
                // Exports usually list a period's rows in order already: check before sorting.
                var bucket = order[range]
                if bucket.count > 1 && zip(bucket, bucket.dropFirst()).contains(where: { before($1, $0) }) {
                    bucket.sort(by: before)
                }
                let first = observations[Int(bucket[bucket.startIndex])]
                // The whole value's row (no team, no segment) carries the target and the variance;
                // rows by team or segment carry neither (the plan sets no target per team or segment).
                let hasWhole = first.team == nil && first.segment == nil
                for n in bucket {
                    let (team, segment) = (observations[Int(n)].team, observations[Int(n)].segment)
                    let whole = team == nil && segment == nil
                    rows.append(row(observations[Int(n)].value, team, segment, whole ? target : nil, whole: whole))
                }
                if !hasWhole && target != nil {
                    // Reported only by team or segment: the whole value as the review computes it.
                    rows.append(row(series.values[m][i], nil, nil, target, whole: true, kind: .total))
                }
            }
        }
        // The cycle as a whole: the forecast for its end, with its range, beside the cycle's target.
        let last = start.advanced(by: count - 1)
        for (m, metric) in plan.metrics.enumerated() {
            guard let planned = targets.targets[metric.id] else { continue }
            let u = metric.unit
            let toDate = series.cycleToDate(metric.id)
            let summed = isSummed(metric)
            var target = summed ? planned.reduce(0, +) : planned.last
            var forecast: Forecast?
            if let kr = keyResults.first(where: { $0.metric == metric.id }) {
                target = kr.target
                forecast = kr.forecastRange
            } else if metric.id == plan.funnel?.revenueMetric, let f = funnel?.revenueForecast {
                target = funnel?.revenueTarget ?? target
                forecast = f
            } else if remaining == 0 {
                forecast = toDate.map { .exact($0, .actual, level: plan.forecastLevel) }
            } else {
                // The quantity the metric is judged on at the cycle's end, as for a key result.
                let values = series.series(metric.id)
                var subject = ForecastSubject(quantity: .last, values: values, unit: u)
                if summed {
                    subject = ForecastSubject(quantity: .sum, values: values, plan: planned, unit: u)
                } else if let parts = metric.formula?.ratioParts, case .metric(let n) = parts.numerator,
                    case .metric(let d) = parts.denominator, let nm = metrics[n], let dm = metrics[d], isSummed(nm),
                    isSummed(dm)
                {
                    subject = ForecastSubject(
                        quantity: .pooledRatio, values: values, numerator: series.series(n),
                        denominator: series.series(d), unit: u)
                } else if metric.formula == nil && metric.rollup == .average {
                    subject = ForecastSubject(quantity: .average, values: values, unit: u)
                }
                forecast = subject.forecast(known: elapsed, target: count - 1, level: plan.forecastLevel)
            }
            // A range is shown with the level it is stated at; a forecast without one has no range.
            let ranged = forecast?.level != nil
            let parts = metric.formula?.ratioParts
            func round(_ value: Double?) -> Double? { value.map { DataRow.rounded($0, u) } }
            rows.append(
                DataRow(
                    period: last, columns: columns[m], team: nil, segment: nil, actual: round(toDate),
                    target: round(target), variance: nil, variancePct: nil, forecast: round(forecast?.base),
                    rowKind: .cycleEnd,
                    numerator: parts.flatMap { f in
                        f.numerator.evaluate { series.cycleToDate($0) }.map {
                            DataRow.rounded($0, unit(of: f.numerator))
                        }
                    },
                    denominator: parts.flatMap { f in
                        f.denominator.evaluate { series.cycleToDate($0) }.map {
                            DataRow.rounded($0, unit(of: f.denominator))
                        }
                    },
                    forecastLow: ranged ? round(forecast?.low) : nil,
                    forecastHigh: ranged ? round(forecast?.high) : nil, forecastLevel: forecast?.level))
        }
        return rows
    }

    // MARK: Headline

    func headline(
        _ krs: [KeyResultReview], _ objectives: [ObjectiveReview], _ funnel: FunnelReview?, agenda: [Problem] = []
    ) -> Headline {
        let c = counts(krs)
        func n(_ s: Status) -> Int { c.first { $0.status == s }?.count ?? 0 }
        let status = Status.rollUp(krs.map(\.status))
        let sentence = headlineSentence(
            onTrack: n(.onTrack) + n(.achieved), of: krs.count, atRisk: n(.atRisk), offTrack: n(.offTrack),
            noData: n(.noData), bottleneck: funnel?.bottleneck)
        let scores = objectives.compactMap(\.score)
        return Headline(
            status: status, sentence: sentence, counts: c,
            score: scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count),
            forecast: funnel.flatMap(forecastSentence), lead: leadSentence(agenda, funnel))
    }
}

/// Both values, or `nil`.
func zip2<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
