import Foundation

/// Turns records into the observations a review reads: stage volumes by entry period, cohort
/// conversion, velocity, speed to lead, won deals and revenue by close period, open pipeline.
/// The definitions are in the *From records to metrics* article.
///
/// ```swift
/// let derived = try RecordMetrics(plan: plan, records: records).derive(asOf: .month(2026, 11))
/// var actuals = derived.actuals   // feed Review(plan:actuals:asOf:)
/// ```
public struct RecordMetrics: Sendable {
    /// The plan whose funnel, metrics and `records:` settings drive the derivation.
    public let plan: Plan
    /// The records loaded by ``RecordsLoader``.
    public let records: RecordSet
    let settings: RecordsPlan
    let funnel: Funnel

    /// Prepares the derivation of `records` for `plan`.
    /// - Throws: ``InputError`` when the plan has no `records:` section or no funnel.
    public init(plan: Plan, records: RecordSet) throws(InputError) {
        guard let settings = plan.records, let funnel = plan.funnel else {
            throw InputError([
                Diagnostic(
                    code: .missingField, message: "the plan has no 'records:' section or no funnel", field: "records")
            ])
        }
        self.plan = plan
        self.records = records
        self.settings = settings
        self.funnel = funnel
    }

    /// Every derived series id for `funnel`, in documentation order. Stage volumes feed the
    /// stages' own metrics and have no id of their own.
    public static func seriesIDs(funnel: Funnel) -> [String] {
        var ids: [String] = []
        for i in 0..<max(0, funnel.stages.count - 1) {
            let t = "\(funnel.stages[i].id)_to_\(funnel.stages[i + 1].id)"
            ids += ["\(t)_conversion", "\(t)_conversion_to_date", "\(t)_days_median", "\(t)_days_p75"]
        }
        ids += [
            "speed_to_lead_hours", "speed_to_lead_within_sla", "speed_to_lead_within_sla_count",
            "speed_to_lead_pending", "speed_to_lead_breaches", "won_deals", "won_revenue", "lost_deals",
            "open_pipeline",
        ]
        return ids
    }

    /// The plan metric a series feeds: the `records.metrics` rename, else a plan metric of the
    /// same id, else (revenue only) the funnel's revenue metric.
    func target(_ series: String) -> MetricID? {
        if let id = settings.metrics[series] { return id }
        if plan.metric(MetricID(series)) != nil { return MetricID(series) }
        if series == "won_revenue", let revenue = funnel.revenueMetric,
            !settings.metrics.values.contains(revenue)
        {
            return revenue
        }
        return nil
    }

    /// The hours a first touch must come within.
    var speedToLeadHours: Double {
        if let hours = settings.speedToLeadHours { return hours }
        if let metric = target("speed_to_lead_hours"),
            let sla = plan.slas.first(where: { $0.metric == metric && $0.comparison == .atMost })
        {
            return sla.amount
        }
        return 24
    }

    /// The cycle's periods up to `asOf`, and their starts in UTC minutes on `clock` (the records'
    /// time zone) followed by the review date: the end of `asOf`.
    func periodBounds(asOf: Period, clock: ZoneClock) -> (periods: [Period], bounds: [Int64]) {
        let cycle = plan.cycle
        let count = (cycle.position(of: asOf) ?? (asOf < cycle.start ? -1 : cycle.count - 1)) + 1
        let periods = (0..<max(0, count)).map { cycle.start.advanced(by: $0) }
        return (periods, (0...periods.count).map { clock.start(of: cycle.start.advanced(by: $0)) })
    }

    /// The observations and cohort details as of the end of `period` (in the records' time
    /// zone): nothing later than that instant is counted.
    public func derive(asOf period: Period) -> DerivedRecords {
        var work = Derivation(metrics: self, asOf: period)
        work.run()
        var cohortMetrics: [MetricID: Int] = [:]
        for c in work.cohorts {
            guard let id = target("\(c.from)_to_\(c.to)_conversion"), cohortMetrics[id] == nil else { continue }
            cohortMetrics[id] = c.periods.prefix(while: \.mature).count
        }
        return DerivedRecords(
            actuals: Actuals(work.observations),
            summary: RecordsReview(
                quality: records.quality, cohorts: work.cohorts, speedToLeadHours: speedToLeadHours,
                salesCycleDays: work.salesCycleDays, pipelineLag: work.pipelineLag, deals: work.dealOutlook,
                dealsBacktest: work.dealBacktest, velocity: work.velocities, periods: work.periods,
                series: work.series, pipelineMovement: work.pipelineMovement, reasons: work.reasons()),
            latestEvent: work.lastActive >= 0 ? work.periods[work.lastActive] : nil, cohortMetrics: cohortMetrics,
            pooled: work.pooled)
    }
}

/// What ``RecordMetrics/derive(asOf:)`` produces.
public struct DerivedRecords: Sendable, Hashable {
    /// Observations for the plan's metrics.
    public var actuals: Actuals
    /// Cohort details and data quality, for the review's outputs.
    public var summary: RecordsReview
    /// The last period with a record event (an entry, touch or close); open pipeline, which
    /// stands at every period's end, does not count.
    public var latestEvent: Period?
    /// The cohort-conversion metrics the records feed, each with the number of periods from the
    /// cycle start whose cohort is mature: later periods have no value yet, which is not missing
    /// data.
    public var cohortMetrics: [MetricID: Int] = [:]
    /// The cycle-to-date value of each plan metric fed by a rate or a quantile series, pooled
    /// over the records (a median of every lag, a rate of the summed counts), which replaces the
    /// mean of the periods' values for metrics that roll up by `average`.
    public var pooled: [MetricID: Double] = [:]
}

/// What the records contributed to a review: how each transition was measured, and what was
/// odd in the data.
public struct RecordsReview: Sendable, Hashable, Codable {
    /// The records read and the oddities counted in them.
    public var quality: DataQuality
    /// Cohort conversion of each transition the records measure, top to bottom.
    public var cohorts: [CohortConversion]
    /// The first-touch window used for speed to lead.
    public var speedToLeadHours: Double
    /// The median days from creation to close of the deals won in the reviewed periods; `nil`
    /// without won deals that carry both dates.
    public var salesCycleDays: Double? = nil
    /// ``salesCycleDays`` in whole periods (rounded, at least 1): the lag the pipeline forecast
    /// uses (see the *Forecasts* article).
    public var pipelineLag: Int? = nil
    /// The deals open at the review date by stage and age, and what they are expected to bring
    /// by the cycle's end; `nil` without deal records.
    public var deals: DealOutlook? = nil
    /// The same as of two periods before the review period (one when only two have passed),
    /// over the window up to the review date: the backtest of the open-deals forecast. The
    /// records are read as they stood then: deals created, stages entered and deals closed
    /// later do not count.
    public var dealsBacktest: DealOutlook? = nil
    /// Velocity of each transition the records measure, pooled over the cycle to the review
    /// date (the per-period figures are the `_days_median` and `_days_p75` series).
    public var velocity: [StageVelocity] = []
    /// The periods of ``series``' values: the cycle's, from its start to the review period.
    public var periods: [Period] = []
    /// Every derived series per period, whether or not the plan has a metric for it.
    public var series: [DerivedSeries] = []
    /// What moved in the deals pipeline between the plan's deal snapshots and the current export
    /// (read as of the review date); `nil` without a deals source with a `snapshot:` day before
    /// the review date.
    public var pipelineMovement: PipelineMovement? = nil
    /// Why MQLs were rejected or recycled and deals lost, by reason, source and segment; `nil`
    /// without an export that has a reason column.
    public var reasons: ReasonShares? = nil
}

/// The standard velocity of one transition over the cycle to the review date: the days from a
/// record's own time in `from` to its own time in `to`, both present, `to` not earlier.
public struct StageVelocity: Sendable, Hashable, Codable {
    /// The stage the lag starts from.
    public var from: StageID
    /// The next stage, whose own entry time ends the lag.
    public var to: StageID
    /// The records with both times and a lag of zero or more, arriving in the cycle so far.
    public var pairs: Int
    /// The records whose `to` time comes before their `from` time: excluded, counted here.
    public var negativeLags: Int
    /// The pooled median and 75th percentile of the lags, in days; `nil` without pairs.
    public var medianDays: Double?
    /// See ``medianDays``.
    public var p75Days: Double?
}

/// One derived series (see ``RecordMetrics/seriesIDs(funnel:)``) and its value per period.
public struct DerivedSeries: Sendable, Hashable, Codable {
    /// The series id, e.g. `mqls_to_sqls_days_median`.
    public var id: String
    /// The plan metric it feeds, if any.
    public var metric: MetricID?
    /// Per period of ``RecordsReview/periods``; `nil` where the records give no value.
    public var values: [Double?]
    /// For rates and quantiles, the value pooled over the records of every period (not a mean of
    /// the periods' values); `nil` for counts and amounts, whose cycle to date is their sum.
    public var pooled: Double? = nil
}

/// Cohort conversion of one transition: of the records that entered `from` in a period, how
/// many reached `to` or a later stage within the horizon.
public struct CohortConversion: Sendable, Hashable, Codable {
    /// The stage the cohort entered.
    public var from: StageID
    /// The next stage; reaching it or any later one counts as converted.
    public var to: StageID
    /// Days a record is given to convert.
    public var horizonDays: Int
    /// `true` when the horizon is the 90th percentile of observed lags, `false` when the plan set it.
    public var horizonFromData: Bool
    /// One cohort per period of the cycle so far.
    public var periods: [CohortPeriod]
    /// The same cohorts by owner team, segment and lead source, where the records carry them;
    /// records without a value are in no slice.
    public var slices: [CohortSlice] = []
}

/// The cohorts of one value of a dimension (an owner team, a segment, a lead source), period by
/// period (the periods of ``CohortConversion/periods``).
public struct CohortSlice: Sendable, Hashable, Codable {
    /// What a record is sliced by.
    public enum Dimension: String, Sendable, Hashable, Codable, CaseIterable {
        /// The owner team (a plan team id).
        case team
        /// The segment column's value.
        case segment
        /// The lead source (HubSpot's original traffic source, Salesforce's lead source).
        case source
    }

    /// What the records are sliced by.
    public var dimension: Dimension
    /// The team id, segment or source name.
    public var key: String
    /// Per period, the records of this value that entered the transition's first stage.
    public var entered: [Int]
    /// Per period, those of them that reached the next stage or a later one within the horizon.
    public var converted: [Int]
}

/// The cohort of one period: the records that entered a stage in it, and how many converted.
public struct CohortPeriod: Sendable, Hashable, Codable {
    /// The period the records entered the stage in.
    public var period: Period
    /// How many records entered the stage in the period.
    public var entered: Int
    /// How many of them reached the next stage or a later one within the horizon (by the review
    /// date, for a cohort not yet mature).
    public var converted: Int
    /// The period ended at least the horizon before the review date; otherwise "to date".
    public var mature: Bool
}

/// The computation behind ``RecordMetrics/derive(asOf:)``.
private struct Derivation {
    let m: RecordMetrics
    let zone: ZoneClock
    /// Period starts (UTC minutes) of the cycle up to the review period, plus the review date.
    let bounds: [Int64]
    let periods: [Period]
    let reviewDate: Int64
    /// See ``index(_:)``.
    private let dayPeriods: [Int32]
    let teams: Int
    let segments: Int
    var observations: [Observation] = []
    var cohorts: [CohortConversion] = []
    var velocities: [StageVelocity] = []
    /// Every named series emitted, in order, with its values per period.
    var series: [DerivedSeries] = []
    private var fed: Set<MetricID> = []
    /// The pooled cycle-to-date value of each fed metric whose series has one.
    private(set) var pooled: [MetricID: Double] = [:]
    /// What a part of the derivation emits, replayed in order (see ``run()``).
    private var emissions: [Emission] = []
    /// The last period with a record event (entry, touch, close).
    private(set) var lastActive = -1
    /// The won deals' median age at close, in days and in whole periods (at least 1).
    private(set) var salesCycleDays: Double?
    private(set) var pipelineLag: Int?
    private(set) var dealOutlook: DealOutlook?
    private(set) var dealBacktest: DealOutlook?
    /// The pipeline's movement between the deal snapshots (see ``movement()``).
    private(set) var pipelineMovement: PipelineMovement?
    /// The close-date pushes the snapshots show, which the open-deals forecasts read as of their
    /// own dates.
    private(set) var pushLog: PushLog?
    /// The end of the cycle, in UTC minutes.
    let cycleEnd: Int64

    init(metrics: RecordMetrics, asOf: Period) {
        m = metrics
        zone = ZoneClock(TimeZone(identifier: metrics.settings.timezone) ?? TimeZone(identifier: "UTC")!)
        let cycle = metrics.plan.cycle
        let (periods, starts) = metrics.periodBounds(asOf: asOf, clock: zone)
        self.periods = periods
        bounds = starts
        cycleEnd = zone.start(of: cycle.start.advanced(by: cycle.count))
        reviewDate = starts.last!
        dayPeriods = Derivation.dayPeriods(starts)
        teams = metrics.plan.teams.count
        segments = metrics.records.segments.count
    }

    /// The period index of a time, or −1 outside the reviewed periods.
    @inline(__always) func index(_ t: Int32) -> Int {
        let t = Int64(t)
        guard t != Int64(RecordTable.missing), t >= bounds[0], t < reviewDate else { return -1 }
        // The period of the day's first minute, or the next one when it starts later that day
        // (periods are longer than a day, so at most one starts within it).
        var p = Int(dayPeriods[Int((t - bounds[0]) / 1440)])
        if t >= bounds[p + 1] { p += 1 }
        return p
    }

    /// The period of each day's first minute, from the cycle start to the review date.
    private static func dayPeriods(_ bounds: [Int64]) -> [Int32] {
        guard let first = bounds.first, let last = bounds.last, last > first else { return [] }
        var periods: [Int32] = []
        var p = 0
        var minute = first
        while minute < last {
            while p + 2 < bounds.count, bounds[p + 1] <= minute { p += 1 }
            periods.append(Int32(p))
            minute += 1440
        }
        return periods
    }

    private enum Emission {
        case series(String?, MetricID?, [Double?], pooled: Double?)
        case breakdown(String?, MetricID?, Breakdown)
    }

    /// Emits a series per period, feeding its plan metric once; `pooled` is a rate's or a
    /// quantile's value over the records of every period.
    mutating func emit(_ series: String?, metric: MetricID? = nil, _ values: [Double?], pooled: Double? = nil) {
        emissions.append(.series(series, metric, values, pooled: pooled))
    }

    /// Emits a summed series with its team × segment breakdown (rows that add up to the total).
    private mutating func emitBreakdown(_ series: String?, metric: MetricID? = nil, _ cells: Breakdown) {
        emissions.append(.breakdown(series, metric, cells))
    }

    private mutating func replay(_ emission: Emission) {
        switch emission {
        case .series(let series, let metric, let values, let pooled):
            replaySeries(series, metric: metric, values, pooled: pooled)
        case .breakdown(let series, let metric, let cells): replayBreakdown(series, metric: metric, cells)
        }
    }

    private mutating func replaySeries(_ series: String?, metric: MetricID?, _ values: [Double?], pooled: Double?) {
        for (p, v) in values.enumerated() where v != nil { lastActive = max(lastActive, p) }
        if let series {
            self.series.append(
                DerivedSeries(id: series, metric: metric ?? m.target(series), values: values, pooled: pooled))
        }
        guard let id = metric ?? series.flatMap({ m.target($0) }), fed.insert(id).inserted else { return }
        if let pooled { self.pooled[id] = pooled }
        for (p, v) in values.enumerated() {
            if let v { observations.append(Observation(period: periods[p], metric: id, value: v)) }
        }
    }

    private mutating func replayBreakdown(_ series: String?, metric: MetricID?, _ cells: Breakdown) {
        for p in periods.indices where cells.total[p] != 0 && series != "open_pipeline" {
            lastActive = max(lastActive, p)
        }
        if let series {
            self.series.append(
                DerivedSeries(
                    id: series, metric: metric ?? m.target(series),
                    values: periods.indices.map { cells.total[$0] != 0 || cells.any[$0] ? cells.total[$0] : nil }))
        }
        guard let id = metric ?? series.flatMap({ m.target($0) }), fed.insert(id).inserted else { return }
        // Rows of a metric averaged per period must be whole values: no breakdown then.
        let summed = m.plan.metric(id).map { $0.rollup != .average } ?? true
        for p in periods.indices {
            guard cells.total[p] != 0 || cells.any[p] else { continue }
            if !cells.detailed || !summed {
                observations.append(Observation(period: periods[p], metric: id, value: cells.total[p]))
                continue
            }
            for t in 0...teams {
                for s in 0...segments {
                    let v = cells.cells[cells.slot(p, t - 1, s - 1)]
                    guard v != 0 || (t == 0 && s == 0 && cells.total[p] == 0) else { continue }
                    observations.append(
                        Observation(
                            period: periods[p], metric: id, value: v,
                            team: t == 0 ? nil : m.plan.teams[t - 1].id,
                            segment: s == 0 ? nil : m.records.segments[s - 1]))
                }
            }
        }
    }

    /// The parts (stage volumes, transitions, speed to lead, deals) run on every core, each on a
    /// copy of this value; their emissions are then replayed in the order of the parts, so the
    /// observations come out as if computed one after the other.
    mutating func run() {
        guard !periods.isEmpty else { return }
        // First, as the outlook and its backtest read the pushes the movement sees.
        (pipelineMovement, pushLog) = movement()
        let leads = m.records.leads
        let deals = m.records.deals
        let stages = m.funnel.stages
        var parts: [@Sendable (inout Derivation) -> Void] = []
        // Which table measures each stage and transition: the description the SQL shares.
        let outline = RecordDerivationParts.parts(stages: stages.count) { kind, s in
            let table = kind == .deals ? deals : leads
            return table.count > 0 && !table.stageTimes[s].isEmpty
        }
        for part in outline {
            switch part {
            case .volume(let s, let kind):
                let table = kind == .deals ? deals : leads
                parts.append { $0.volume(s, table) }
            case .transition(let s, let kind, _):
                let table = kind == .deals ? deals : leads
                parts.append { $0.transition(s, table) }
            case .speedToLead: parts.append { $0.speedToLead(leads) }
            case .deals: parts.append { $0.dealsSeries(deals) }
            }
        }
        parts.append { $0.outlook(deals) }
        parts.append { $0.backtest(deals) }
        let results = PartResults(base: self, count: parts.count)
        let work = parts
        DispatchQueue.concurrentPerform(iterations: work.count) { i in
            var part = results.base
            work[i](&part)
            results.parts[i] = part
        }
        for i in parts.indices {
            let part = results.parts[i]!
            for emission in part.emissions { replay(emission) }
            cohorts += part.cohorts
            velocities += part.velocities
            if let days = part.salesCycleDays {
                salesCycleDays = days
                pipelineLag = part.pipelineLag
            }
            if let outlook = part.dealOutlook { dealOutlook = outlook }
            if let backtest = part.dealBacktest { dealBacktest = backtest }
        }
    }

    /// The pipeline's movement between the snapshots taken before the review date and the
    /// current export, read as of the review date, and the pushes it saw.
    func movement() -> (PipelineMovement?, PushLog?) {
        let records = m.records
        guard !records.snapshots.isEmpty || records.dealHistory.count > 0, !periods.isEmpty else { return (nil, nil) }
        // A history gives the deals as they stood at each period's start.
        let history = PipelineMovement.History(records.dealHistory)
        var snapshots: [PipelineMovement.Snapshot] = bounds.dropLast().compactMap { start in
            guard let history else { return nil }
            return PipelineMovement.Snapshot(
                day: PipelineMovement.day(Int32(clamping: start - 1), zone.zone), end: start,
                table: history.state(before: start))
        }
        snapshots += records.snapshots.compactMap { s in
            guard let (y, mo, d) = RecordsPlan.snapshotDay(s.day) else { return nil }
            let end = zone.utcMinutes(localSeconds: (daysFromCivil(y, mo, d) + 1) * 86_400)
            return end < reviewDate ? PipelineMovement.Snapshot(day: s.day, end: end, table: s.table) : nil
        }
        snapshots.sort { $0.end < $1.end }
        let current = records.deals
        let day = PipelineMovement.day(Int32(clamping: reviewDate - 1), zone.zone)
        if current.count > 0, current.key.count == current.count {
            snapshots.append(PipelineMovement.Snapshot(day: day, end: reviewDate, table: current))
        } else if let history {
            snapshots.append(
                PipelineMovement.Snapshot(day: day, end: reviewDate, table: history.state(before: reviewDate)))
        }
        let cycle = m.plan.cycle
        let clock = zone
        let asOf = periods[periods.count - 1]
        let (movement, pushes) = PipelineMovement.computeWithPushes(
            snapshots, statuses: records.statuses, segments: records.segments, zone: zone.zone
        ) { t in
            var p = asOf
            while clock.start(of: p) > t, p > cycle.start.advanced(by: -240) { p = p.advanced(by: -1) }
            while clock.start(of: p.advanced(by: 1)) <= t { p = p.advanced(by: 1) }
            return p
        }
        return (movement, pushes)
    }

    /// The reasons of rejected and recycled MQLs (by the period they entered the speed-to-lead
    /// stage) and of lost deals (by close period).
    func reasons() -> ReasonShares? {
        guard !periods.isEmpty else { return nil }
        let stages = m.funnel.stages
        let stage =
            m.settings.speedToLeadStage.flatMap { id in stages.firstIndex { $0.id == id } }
            ?? (stages.count > 1 ? 1 : nil)
        return ReasonShares.compute(
            leads: m.records.leads, deals: m.records.deals, stage: stage, stageID: stage.map { stages[$0].id },
            records: m.records, periods: periods, period: index)
    }

    /// The deals open at the review date and what they are expected to bring.
    mutating func outlook(_ deals: RecordTable) {
        let e = periods.count
        dealOutlook = DealOutlook.estimate(
            deals, stages: m.funnel.stages.map(\.id), asOf: periods[e - 1], reviewDate: reviewDate,
            cycleEnd: cycleEnd, recentStart: bounds[max(0, e - Forecasting.window)], pushes: pushLog)
    }

    /// The same as of two periods back (one when only two have passed): the backtest, which
    /// counts only the pushes seen in snapshots taken by its own date.
    mutating func backtest(_ deals: RecordTable) {
        guard let k = Forecasting.backtestOrigin(elapsed: periods.count) else { return }
        dealBacktest = DealOutlook.estimate(
            deals, stages: m.funnel.stages.map(\.id), asOf: periods[k], reviewDate: bounds[k + 1],
            cycleEnd: reviewDate, recentStart: bounds[max(0, k + 1 - Forecasting.window)], pushes: pushLog)
    }

    /// The outcome of each part of ``run()``, written by one thread per slot.
    private final class PartResults: @unchecked Sendable {
        // Unchecked: each slot is written by one part, and read after all have finished.
        let base: Derivation
        let parts: UnsafeMutableBufferPointer<Derivation?>

        init(base: Derivation, count: Int) {
            self.base = base
            parts = .allocate(capacity: count)
            parts.initialize(repeating: nil)
        }

        deinit {
            _ = parts.deinitialize()
            parts.deallocate()
        }
    }

    /// Entries into stage `s` per period.
    mutating func volume(_ s: Int, _ t: RecordTable) {
        var cells = Breakdown(periods: periods.count, teams: teams, segments: segments)
        var totals = [Int](repeating: 0, count: periods.count)
        var detail = [Int](repeating: 0, count: cells.cells.count)
        t.stageTimes[s].withUnsafeBufferPointer { times in
            t.team.withUnsafeBufferPointer { team in
                t.segment.withUnsafeBufferPointer { segment in
                    totals.withUnsafeMutableBufferPointer { totals in
                        detail.withUnsafeMutableBufferPointer { detail in
                            for r in 0..<times.count {
                                let p = index(times[r])
                                guard p >= 0 else { continue }
                                totals[p] += 1
                                if cells.detailed { detail[cells.slot(p, Int(team[r]), Int(segment[r]))] += 1 }
                            }
                        }
                    }
                }
            }
        }
        for p in totals.indices where totals[p] > 0 {
            cells.total[p] = Double(totals[p])
            cells.any[p] = true
        }
        for i in detail.indices where detail[i] > 0 { cells.cells[i] = Double(detail[i]) }
        // From the first entry on, a period without one is a zero, not missing data.
        if let first = cells.total.firstIndex(where: { $0 != 0 }) {
            for p in first..<periods.count { cells.any[p] = true }
        }
        emitBreakdown(nil, metric: m.funnel.stages[s].metric, cells)
    }

    mutating func transition(_ s: Int, _ t: RecordTable) {
        let stages = m.funnel.stages
        let name = "\(stages[s].id)_to_\(stages[s + 1].id)"
        let entries = t.stageTimes[s]
        // When each record first reached a later stage (missing: never), column by column.
        var reached = [Int32](repeating: Int32.max, count: t.count)
        for later in s + 1..<stages.count where !t.stageTimes[later].isEmpty {
            t.stageTimes[later].withUnsafeBufferPointer { times in
                reached.withUnsafeMutableBufferPointer { best in
                    for r in 0..<best.count where times[r] != RecordTable.missing && times[r] < best[r] {
                        best[r] = times[r]
                    }
                }
            }
        }
        @inline(__always) func reach(_ r: Int) -> Int32 {
            let best = reached[r]
            return best == Int32.max ? RecordTable.missing : best
        }
        // Lags of every transition completed by the review date (to the next stage or a later
        // one: the horizon's data).
        var lags: [Int32] = []
        // Velocity, the standard way: from A's own time to B's own time, both present, B not
        // before A (a negative lag is excluded and counted), by B's period and pooled.
        var byArrival = [[Int32]](repeating: [], count: periods.count)
        var pooled: [Int32] = []
        var negative = 0
        let next = t.stageTimes[s + 1]
        for r in 0..<t.count {
            let a = entries[r]
            guard a != RecordTable.missing, Int64(a) < reviewDate else { continue }
            let b = reach(r)
            guard b != RecordTable.missing, Int64(b) < reviewDate else { continue }
            lags.append(max(0, b - a))
            guard !next.isEmpty else { continue }
            let own = next[r]
            guard own != RecordTable.missing, Int64(own) < reviewDate else { continue }
            let p = index(own)
            guard p >= 0 else { continue }
            guard own >= a else {
                negative += 1
                continue
            }
            byArrival[p].append(own - a)
            pooled.append(own - a)
        }
        let fixed = m.settings.horizonDays[stages[s].id]
        var horizon = fixed ?? 1
        if fixed == nil, !lags.isEmpty {
            let p90 = quantiles(&lags, [0.9])[0] / 1440
            horizon = max(1, Int(p90.rounded(.up)))
        }
        let window = Int64(horizon) * 1440
        var entered = [Int](repeating: 0, count: periods.count)
        var converted = [Int](repeating: 0, count: periods.count)
        // The same cohorts by owner team, segment and lead source, for the review's drill-down.
        let teamNames = m.plan.teams.map(\.id.rawValue)
        var slices = [
            SliceCounter(.team, teamNames, t.team, periods.count),
            SliceCounter(.segment, m.records.segments, t.segment, periods.count),
            SliceCounter(.source, m.records.leadSources, t.leadSource, periods.count),
        ]
        for r in 0..<t.count {
            let p = index(entries[r])
            guard p >= 0 else { continue }
            entered[p] += 1
            let b = reach(r)
            let hit = b != RecordTable.missing && Int64(b) < reviewDate && Int64(max(0, b - entries[r])) <= window
            if hit { converted[p] += 1 }
            for d in slices.indices { slices[d].add(r, p, hit) }
        }
        var cohort = CohortConversion(
            from: stages[s].id, to: stages[s + 1].id, horizonDays: horizon, horizonFromData: fixed == nil, periods: [],
            slices: slices.flatMap { $0.slices() })
        var mature: [Double?] = []
        var toDate: [Double?] = []
        for p in periods.indices {
            let isMature = bounds[p + 1] + window <= reviewDate
            cohort.periods.append(
                CohortPeriod(period: periods[p], entered: entered[p], converted: converted[p], mature: isMature))
            let rate = entered[p] > 0 ? Double(converted[p]) / Double(entered[p]) : nil
            mature.append(isMature ? rate : nil)
            toDate.append(isMature ? nil : rate)
        }
        cohorts.append(cohort)
        func pooledRate(_ mature: Bool) -> Double? {
            let periods = cohort.periods.filter { $0.mature == mature }
            let entered = periods.reduce(0) { $0 + $1.entered }
            return entered > 0 ? Double(periods.reduce(0) { $0 + $1.converted }) / Double(entered) : nil
        }
        emit("\(name)_conversion", mature, pooled: pooledRate(true))
        emit("\(name)_conversion_to_date", toDate, pooled: pooledRate(false))
        var median: [Double?] = []
        var p75: [Double?] = []
        for p in periods.indices {
            var l = byArrival[p]
            guard !l.isEmpty else {
                median.append(nil)
                p75.append(nil)
                continue
            }
            let q = quantiles(&l, [0.5, 0.75])
            median.append(q[0] / 1440)
            p75.append(q[1] / 1440)
        }
        let pooledQ = pooled.isEmpty ? nil : quantiles(&pooled, [0.5, 0.75])
        emit("\(name)_days_median", median, pooled: pooledQ.map { $0[0] / 1440 })
        emit("\(name)_days_p75", p75, pooled: pooledQ.map { $0[1] / 1440 })
        velocities.append(
            StageVelocity(
                from: stages[s].id, to: stages[s + 1].id, pairs: pooled.count, negativeLags: negative,
                medianDays: pooledQ.map { $0[0] / 1440 }, p75Days: pooledQ.map { $0[1] / 1440 }))
    }

    mutating func speedToLead(_ t: RecordTable) {
        guard t.count > 0, !t.firstTouch.isEmpty else { return }
        let stage = m.settings.speedToLeadStage.flatMap { id in m.funnel.stages.firstIndex { $0.id == id } } ?? 1
        guard stage < t.stageTimes.count, !t.stageTimes[stage].isEmpty else { return }
        let limit = m.speedToLeadHours * 60
        var hours = [[Int32]](repeating: [], count: periods.count)
        var within = Breakdown(periods: periods.count, teams: teams, segments: segments)
        var pending = [Double](repeating: 0, count: periods.count)
        var breaches = [Double](repeating: 0, count: periods.count)
        var total = [Double](repeating: 0, count: periods.count)
        let times = t.stageTimes[stage]
        for r in 0..<t.count {
            guard times[r] != RecordTable.missing else { continue }
            let start = max(times[r], t.created[r])
            let p = index(start)
            guard p >= 0 else { continue }
            total[p] += 1
            let touch = t.firstTouch[r]
            if touch != RecordTable.missing, Int64(touch) < reviewDate {
                let lag = max(0, touch - start)
                hours[p].append(lag)
                if Double(lag) <= limit {
                    within.add(p, Int(t.team[r]), Int(t.segment[r]), 1)
                } else {
                    breaches[p] += 1
                }
            } else if Double(reviewDate - Int64(start)) < limit {
                pending[p] += 1
            } else {
                breaches[p] += 1
            }
        }
        var median: [Double?] = []
        var share: [Double?] = []
        var judgedAll = 0.0
        for p in periods.indices {
            var l = hours[p]
            median.append(l.isEmpty ? nil : quantiles(&l, [0.5])[0] / 60)
            let judged = total[p] - pending[p]
            share.append(judged > 0 ? within.total[p] / judged : nil)
            judgedAll += judged
        }
        // The cycle to date: the median of every lead's hours, the share of every judged lead.
        var all = hours.flatMap { $0 }
        emit("speed_to_lead_hours", median, pooled: all.isEmpty ? nil : quantiles(&all, [0.5])[0] / 60)
        emit(
            "speed_to_lead_within_sla", share,
            pooled: judgedAll > 0 ? within.total.reduce(0, +) / judgedAll : nil)
        emitBreakdown("speed_to_lead_within_sla_count", within)
        emit("speed_to_lead_pending", periods.indices.map { total[$0] > 0 ? pending[$0] : nil })
        emit("speed_to_lead_breaches", periods.indices.map { total[$0] > 0 ? breaches[$0] : nil })
    }

    mutating func dealsSeries(_ t: RecordTable) {
        guard t.count > 0 else { return }
        var won = Breakdown(periods: periods.count, teams: teams, segments: segments)
        var revenue = Breakdown(periods: periods.count, teams: teams, segments: segments)
        var lost = Breakdown(periods: periods.count, teams: teams, segments: segments)
        var pipeline = Breakdown(periods: periods.count, teams: teams, segments: segments)
        var ages: [Int32] = []
        for r in 0..<t.count {
            let team = Int(t.team[r])
            let segment = Int(t.segment[r])
            let outcome = t.outcome[r]
            let closed = outcome != .open && t.close[r] != RecordTable.missing
            if closed {
                let p = index(t.close[r])
                if p >= 0 {
                    if outcome == .won {
                        won.add(p, team, segment, 1)
                        revenue.add(p, team, segment, t.amount[r])
                        if t.created[r] != RecordTable.missing { ages.append(max(0, t.close[r] - t.created[r])) }
                    } else {
                        lost.add(p, team, segment, 1)
                    }
                }
            }
            // Open at the end of period p: created before it, not closed before it.
            let created = Int64(t.created[r])
            guard created != Int64(RecordTable.missing) else { continue }
            let closedAt = closed ? Int64(t.close[r]) : Int64.max
            for p in periods.indices where created < bounds[p + 1] && closedAt >= bounds[p + 1] {
                pipeline.add(p, team, segment, t.amount[r])
            }
        }
        for p in periods.indices { pipeline.any[p] = true }
        if !ages.isEmpty {
            let days = quantiles(&ages, [0.5])[0] / 1440
            let periodDays = Double(bounds[periods.count] - bounds[0]) / 1440 / Double(periods.count)
            salesCycleDays = days
            pipelineLag = max(1, Int((days / periodDays).rounded()))
        }
        emitBreakdown("won_deals", won)
        emitBreakdown("won_revenue", revenue)
        emitBreakdown("lost_deals", lost)
        emitBreakdown("open_pipeline", pipeline)
    }
}

/// Entered and converted per period and value of one dimension.
private struct SliceCounter {
    let dimension: CohortSlice.Dimension
    let names: [String]
    let keys: [Int16]
    let periods: Int
    var entered: [Int]
    var converted: [Int]

    init(_ dimension: CohortSlice.Dimension, _ names: [String], _ keys: [Int16], _ periods: Int) {
        self.dimension = dimension
        // A table without the column has no keys to read.
        self.names = keys.isEmpty ? [] : names
        self.keys = keys
        self.periods = periods
        entered = [Int](repeating: 0, count: self.names.count * periods)
        converted = entered
    }

    @inline(__always) mutating func add(_ record: Int, _ p: Int, _ hit: Bool) {
        guard !names.isEmpty else { return }
        let k = Int(keys[record])
        guard k >= 0, k < names.count else { return }
        entered[k * periods + p] += 1
        if hit { converted[k * periods + p] += 1 }
    }

    /// The values with any entrant, in order of first appearance.
    func slices() -> [CohortSlice] {
        names.indices.compactMap { k in
            let e = Array(entered[k * periods..<(k + 1) * periods])
            guard e.contains(where: { $0 > 0 }) else { return nil }
            return CohortSlice(
                dimension: dimension, key: names[k], entered: e,
                converted: Array(converted[k * periods..<(k + 1) * periods]))
        }
    }
}

/// Counts or amounts per period × team × segment, plus the period totals. Detail is kept only
/// while the grid stays small.
private struct Breakdown {
    let teams: Int
    let segments: Int
    let detailed: Bool
    var cells: [Double]
    var total: [Double]
    /// Emit the period even when its total is 0.
    var any: [Bool]

    init(periods: Int, teams: Int, segments: Int) {
        self.teams = teams
        self.segments = segments
        let size = periods * (teams + 1) * (segments + 1)
        detailed = (teams > 0 || segments > 0) && size <= 1 << 20
        cells = detailed ? [Double](repeating: 0, count: size) : []
        total = [Double](repeating: 0, count: periods)
        any = [Bool](repeating: false, count: periods)
    }

    @inline(__always) func slot(_ p: Int, _ team: Int, _ segment: Int) -> Int {
        (p * (teams + 1) + team + 1) * (segments + 1) + segment + 1
    }

    @inline(__always) mutating func add(_ p: Int, _ team: Int, _ segment: Int, _ value: Double) {
        total[p] += value
        any[p] = true
        if detailed { cells[slot(p, team, segment)] += value }
    }
}

/// The `qs` quantiles of `values` (not empty), each interpolated linearly between closest ranks
/// (pandas' and DuckDB's `quantile_cont`). Many values in a narrow range (minutes of lag) are
/// counted instead of sorted; `values` may be left sorted.
func quantiles(_ values: inout [Int32], _ qs: [Double]) -> [Double] {
    let n = values.count
    let ranks = qs.map { q -> (Int, Int, Double) in
        let position = q * Double(n - 1)
        let lower = Int(position.rounded(.down))
        return (lower, min(n - 1, lower + 1), position - Double(lower))
    }
    var low = Int32.max
    var high = Int32.min
    for v in values {
        low = min(low, v)
        high = max(high, v)
    }
    let range = Int(high) - Int(low) + 1
    guard n >= 4096, range <= n * 4 else {
        values.sort()
        return ranks.map { Double(values[$0.0]) + (Double(values[$0.1]) - Double(values[$0.0])) * $0.2 }
    }
    var counts = [Int](repeating: 0, count: range)
    counts.withUnsafeMutableBufferPointer { c in
        for v in values { c[Int(v) - Int(low)] += 1 }
    }
    /// The value of rank `r` (0-based) in sorted order.
    func value(_ r: Int) -> Double {
        var seen = 0
        for i in counts.indices {
            seen += counts[i]
            if seen > r { return Double(Int(low) + i) }
        }
        return Double(high)
    }
    return ranks.map { lower, upper, fraction in
        let a = value(lower)
        return a + (value(upper) - a) * fraction
    }
}
