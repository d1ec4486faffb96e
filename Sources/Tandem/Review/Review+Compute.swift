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
        try plan.validate()
        guard let index = plan.cycle.position(of: period) else {
            throw InputError([
                Diagnostic(
                    code: .outsideCycle,
                    message: "period \(period) is outside the cycle \(plan.cycle.start)…\(plan.cycle.end)",
                    field: "period")
            ])
        }
        self = ReviewEngine(plan: plan, actuals: actuals, index: index).run()
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
    let format: Formatting
    let metrics: [MetricID: Metric]
    /// Each key result's weight, and the tactics serving each key result: built once.
    let weights: [KeyResultID: Double]
    let tacticsByKeyResult: [KeyResultID: [Tactic]]

    init(plan: Plan, actuals: Actuals, index: Int) {
        self.plan = plan
        self.actuals = actuals
        self.index = index
        period = plan.cycle.start.advanced(by: index)
        count = plan.cycle.count
        elapsed = index + 1
        remaining = count - elapsed
        series = MetricSeries(plan: plan, actuals: actuals, elapsed: elapsed)
        format = Formatting(currency: plan.currency)
        metrics = Dictionary(plan.metrics.map { ($0.id, $0) }) { a, _ in a }
        weights = Dictionary(plan.keyResults.map { ($0.id, $0.weight) }) { a, _ in a }
        var tactics: [KeyResultID: [Tactic]] = [:]
        for tactic in plan.tactics {
            for kr in Set(tactic.keyResults) { tactics[kr, default: []].append(tactic) }
        }
        tacticsByKeyResult = tactics
    }

    func isSummed(_ metric: Metric) -> Bool { metric.formula == nil && metric.rollup == .sum }

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
            plan: plan, period: period, elapsed: elapsed, remaining: remaining, series: series, format: format,
            keyResults: keyResults, funnel: funnel, leaks: computed?.leaks ?? [], pricing: computed?.pricing,
            sla: sla, health: health, allTeams: plan.teams.map(\.id))
        let (agenda, adjustments) = Playbook.run(facts)
        return Review(
            schemaVersion: Review.schemaVersion, period: period,
            plan: PlanSummary(
                name: plan.name, cycle: plan.cycle.name, cycleStart: plan.cycle.start, cycleEnd: plan.cycle.end,
                currency: plan.currency, teams: plan.teams, tolerance: plan.tolerance),
            periods: Array(plan.cycle.periods.prefix(elapsed)), remainingPeriods: remaining,
            headline: headline(keyResults, objectives, funnel), keyResults: keyResults, objectives: objectives,
            teams: teams, funnel: funnel, sla: sla, health: health, agenda: agenda, adjustments: adjustments,
            trends: plan.metrics.map(trend), data: dataRows())
    }

    // MARK: Key results

    /// Per-period increments of a summed key result (phasing, the rest spread evenly).
    func increments(_ kr: KeyResult) -> [Double] {
        let periods = plan.cycle.periods
        var phased = [Double?](repeating: nil, count: periods.count)
        for p in kr.phasing { if let i = plan.cycle.position(of: p.period) { phased[i] = p.value } }
        let fixed = phased.compactMap { $0 }.reduce(0, +)
        let open = phased.filter { $0 == nil }.count
        let share = open > 0 ? (kr.target - kr.baseline - fixed) / Double(open) : 0
        return phased.map { $0 ?? share }
    }

    /// The planned level after `x` of the cycle's periods (0 = start), for level key results.
    func levelPath(_ kr: KeyResult, at x: Int) -> Double {
        var points: [(Double, Double)] = [(0, kr.baseline)]
        for p in kr.phasing { if let i = plan.cycle.position(of: p.period) { points.append((Double(i + 1), p.value)) } }
        if points.last.map({ $0.0 < Double(count) }) ?? true { points.append((Double(count), kr.target)) }
        let xd = Double(x)
        for k in 1..<points.count where xd <= points[k].0 {
            let (x0, y0) = points[k - 1]
            let (x1, y1) = points[k]
            return x1 == x0 ? y1 : y0 + (y1 - y0) * (xd - x0) / (x1 - x0)
        }
        return points.last!.1
    }

    /// The plan's expected value of a key result after `elapsed` periods.
    func expected(_ kr: KeyResult, metric: Metric, elapsed: Int) -> Double {
        switch kr.kind {
        case .stayAbove, .stayBelow: return kr.target
        case .increaseTo, .decreaseTo, .milestone:
            if isSummed(metric) && kr.kind != .milestone {
                return kr.baseline + increments(kr).prefix(elapsed).reduce(0, +)
            }
            return levelPath(kr, at: elapsed)
        }
    }

    /// The target of one period, for the flat data rows.
    func periodTarget(_ kr: KeyResult, metric: Metric, index i: Int) -> Double {
        switch kr.kind {
        case .stayAbove, .stayBelow: return kr.target
        case .increaseTo, .decreaseTo, .milestone:
            if isSummed(metric) && kr.kind != .milestone { return increments(kr)[i] }
            return levelPath(kr, at: i + 1)
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
        var result = KeyResultReview(
            id: kr.id, objective: objective.id, title: kr.title, metric: kr.metric, metricName: metric.name, unit: unit,
            kind: kr.kind, owners: kr.owners, baseline: b, target: t, actual: actual, periodActual: periodActual,
            expected: expected, progress: nil, score: nil, attainment: nil, pace: nil, status: .noData, forecast: nil,
            requiredRunRate: nil, recentRunRate: nil,
            change: periodActual.flatMap { p in previous.map { p - $0 } }, breachedPeriods: [],
            activeTactics: activeTactics(for: kr.id), reason: "")
        guard let a = actual else {
            let seen = (0..<elapsed).contains { observed(kr.metric, $0) }
            result.reason =
                seen
                ? "\(metric.name) is undefined so far: \(metric.formula.map { "\($0)" } ?? "its formula") divides by zero"
                : "no data for \(metric.name) yet"
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
            result.forecast = remaining > 0 ? series.trend(kr.metric, at: count - 1) : latest
            let where_ = periodActual != nil ? "in \(period.label)" : "latest"
            result.reason =
                "\(format.value(latest, unit)) \(where_) vs \(kr.kind == .stayAbove ? "≥" : "≤") \(format.value(t, unit)); met in \(met) of \(seen) period\(seen == 1 ? "" : "s")"
        case .increaseTo, .decreaseTo, .milestone:
            let progress = (a - b) / (t - b)
            result.progress = progress
            result.score = min(1, max(0, progress))
            result.attainment = attainment(a)
            let expectedProgress = (expected - b) / (t - b)
            result.pace = expectedProgress > 0 ? progress / expectedProgress : nil
            if summed {
                result.recentRunRate = series.recentMean(kr.metric)
                result.forecast = a + (result.recentRunRate ?? 0) * Double(remaining)
                if remaining > 0 && progress < 1 { result.requiredRunRate = (t - a) / Double(remaining) }
            } else if kr.kind == .milestone {
                result.forecast = periodActual ?? a
            } else {
                result.forecast = remaining > 0 ? series.trend(kr.metric, at: count - 1) : a
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
                result.reason = "\(format.value(a, unit)) reached the target \(format.value(t, unit))"
            case (_, .milestone):
                result.reason =
                    "not reached yet (\(format.value(a, unit)) of \(format.value(t, unit))); due by \(plan.cycle.end.label)"
            default:
                let pace = result.pace.map { format.percent($0) } ?? "–"
                var text =
                    summed
                    ? "\(pace) of expected (\(format.value(a, unit)) vs \(format.value(expected, unit)))"
                    : "\(pace) of expected progress (\(format.value(a, unit)) vs \(format.value(expected, unit)) by now)"
                text += "; forecast \(format.value(result.forecast, unit)) of \(format.value(t, unit))"
                if let need = result.requiredRunRate, let recent = result.recentRunRate, need > recent * 1.05 {
                    text += "; needs \(format.value(need, unit)) a period vs \(format.value(recent, unit)) recently"
                }
                result.reason = text
            }
        }
        return result
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

    func worstStatus(_ reviews: [KeyResultReview]) -> Status {
        reviews.map(\.status).filter { $0 != .noData }.min() ?? .noData
    }

    func counts(_ reviews: [KeyResultReview]) -> [StatusCount] {
        Status.allCases.map { s in StatusCount(status: s, count: reviews.filter { $0.status == s }.count) }
    }

    /// `mine`: the objective's key results, in plan order.
    func objectiveReview(_ objective: Objective, _ mine: [KeyResultReview]) -> ObjectiveReview {
        return ObjectiveReview(
            id: objective.id, title: objective.title, owners: objective.owners, parent: objective.parent,
            score: weightedScore(mine), status: worstStatus(mine), keyResults: mine.map(\.id))
    }

    /// `mine`: every key result the team owns, alone or with others, in plan order.
    func scorecard(_ team: Team, _ mine: [KeyResultReview]) -> TeamScorecard {
        return TeamScorecard(
            team: team.id, name: team.name, score: weightedScore(mine), status: worstStatus(mine), counts: counts(mine),
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
                        message:
                            "objective '\(o.title)' is owned by \(o.owners.first.flatMap { plan.team($0)?.name } ?? "no team") alone",
                        subject: o.id.rawValue))
            }
        }
        for kr in keyResults where kr.owners.isEmpty {
            out.append(
                HealthFinding(
                    code: .keyResultWithoutOwner, message: "key result '\(kr.title)' has no owner team",
                    subject: kr.id.rawValue))
        }
        for kr in keyResults where kr.status == .offTrack && kr.activeTactics.isEmpty {
            out.append(
                HealthFinding(
                    code: .offTrackWithoutTactic,
                    message: "key result '\(kr.title)' is off track and no active tactic serves it",
                    subject: kr.id.rawValue))
        }
        if let f = plan.funnel {
            for stage in f.stages
            where !plan.tactics.contains(where: {
                $0.stage == stage.id && $0.kind == .content && $0.status != .cancelled
            }) {
                out.append(
                    HealthFinding(
                        code: .stageWithoutContent,
                        message: "funnel stage '\(stage.name)' has no content planned for it",
                        subject: stage.id.rawValue))
            }
        }
        for m in plan.metrics where m.owner == nil {
            out.append(
                HealthFinding(
                    code: .metricWithoutOwner, message: "metric '\(m.name)' has no owner team", subject: m.id.rawValue))
        }
        out += plan.arithmeticFindings()
        let watched = Set(plan.keyResults.map(\.metric) + plan.slas.map(\.metric))
        for m in plan.metrics where watched.contains(m.id) && !observed(m.id, index) {
            out.append(
                HealthFinding(
                    code: .missingData, message: "no data for '\(m.name)' in \(period.label)", subject: m.id.rawValue))
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

    func dataRows() -> [DataRow] {
        let metricIndex = series.metricIndex
        let nMetrics = plan.metrics.count
        // A counting sort of the observations' indices by (period, metric): linear, no copies.
        let start = plan.cycle.start
        var key = [Int32](repeating: -1, count: actuals.observations.count)
        var counts = [Int](repeating: 0, count: elapsed * nMetrics + 1)
        for (n, o) in actuals.observations.enumerated() {
            guard let m = metricIndex[o.metric], o.period.kind == start.kind else { continue }
            let i = start.distance(to: o.period)
            guard i >= 0 && i < elapsed else { continue }
            key[n] = Int32(i * nMetrics + m)
            counts[i * nMetrics + m + 1] += 1
        }
        for b in 1..<counts.count { counts[b] += counts[b - 1] }
        var order = [Int32](repeating: 0, count: counts.last ?? 0)
        var fill = counts
        for (n, k) in key.enumerated() where k >= 0 {
            order[fill[Int(k)]] = Int32(n)
            fill[Int(k)] += 1
        }
        var targetKR: [MetricID: KeyResult] = [:]
        for kr in plan.keyResults where targetKR[kr.metric] == nil { targetKR[kr.metric] = kr }
        var rows: [DataRow] = []
        rows.reserveCapacity(actuals.observations.count + elapsed * nMetrics)
        for i in 0..<elapsed {
            let p = start.advanced(by: i)
            for (m, metric) in plan.metrics.enumerated() {
                let target = targetKR[metric.id].map { periodTarget($0, metric: metric, index: i) }
                func row(_ actual: Double?, _ team: TeamID?, _ segment: String?, _ target: Double?) -> DataRow {
                    let variance = zip2(actual, target).map { $0 - $1 }
                    let pct = zip2(variance, target).flatMap { v, t in t != 0 ? v / abs(t) : nil }
                    return DataRow(
                        period: p, metric: metric.id, metricName: metric.name, team: team, segment: segment,
                        unit: metric.unit,
                        actual: actual, target: target, variance: variance, variancePct: pct)
                }
                if metric.formula != nil {
                    let v = series.values[m][i]
                    if v != nil || target != nil { rows.append(row(v, nil, nil, target)) }
                    continue
                }
                let range = counts[i * nMetrics + m]..<counts[i * nMetrics + m + 1]
                if range.isEmpty {
                    if target != nil { rows.append(row(nil, nil, nil, target)) }
                } else if range.count == 1 {
                    let o = actuals.observations[Int(order[range.lowerBound])]
                    rows.append(row(o.value, o.team, o.segment, target))
                } else {
                    var bucket = order[range].map { actuals.observations[Int($0)] }
                    bucket.sort {
                        ($0.team?.rawValue ?? "", $0.segment ?? "") < ($1.team?.rawValue ?? "", $1.segment ?? "")
                    }
                    for o in bucket { rows.append(row(o.value, o.team, o.segment, nil)) }
                }
            }
        }
        return rows
    }

    // MARK: Headline

    func headline(_ krs: [KeyResultReview], _ objectives: [ObjectiveReview], _ funnel: FunnelReview?) -> Headline {
        let c = counts(krs)
        func n(_ s: Status) -> Int { c.first { $0.status == s }?.count ?? 0 }
        let withData = krs.count - n(.noData)
        let status: Status
        if withData == 0 {
            status = .noData
        } else if n(.offTrack) * 3 >= withData {
            status = .offTrack
        } else if n(.offTrack) > 0 || n(.atRisk) * 3 >= withData {
            status = .atRisk
        } else {
            status = .onTrack
        }
        var sentence =
            "\(period.label): \(n(.onTrack) + n(.achieved)) of \(krs.count) key results on track or achieved, \(n(.atRisk)) at risk, \(n(.offTrack)) off track"
        if n(.noData) > 0 { sentence += ", \(n(.noData)) without data" }
        sentence += "."
        if let b = funnel?.bottleneck {
            sentence += " The bottleneck is \(b.name): back to plan is worth +\(format.money(b.impactRevenue))."
        }
        let scores = objectives.compactMap(\.score)
        return Headline(
            status: status, sentence: sentence, counts: c,
            score: scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count))
    }
}

/// Both values, or `nil`.
func zip2<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
