/// Where a key result, objective or team stands, from worst to best.
public enum Status: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Behind the expected progress by more than the at-risk tolerance, or past due.
    case offTrack = "off_track"
    /// Behind by more than the on-track tolerance but within the at-risk one, or on pace with a
    /// forecast whose whole range misses the target.
    case atRisk = "at_risk"
    /// Within the on-track tolerance of the expected progress.
    case onTrack = "on_track"
    /// The target is reached.
    case achieved
    /// No observation to judge by; left out of roll-ups and scores.
    case noData = "no_data"

    private var rank: Int {
        switch self {
        case .offTrack: 0
        case .atRisk: 1
        case .onTrack: 2
        case .achieved: 3
        case .noData: 4
        }
    }

    public static func < (lhs: Status, rhs: Status) -> Bool { lhs.rank < rhs.rank }

    /// `off track`, `at risk`, `on track`, `achieved`, `no data`.
    public var label: String { rawValue.replacingOccurrences(of: "_", with: " ") }

    /// The one roll-up rule of key-result statuses, the same for an objective, a team and the
    /// whole review: of the key results with data, **off track** when a third or more are off
    /// track; **at risk** when any is off track or a third or more are at risk; **achieved** when
    /// all are achieved; **on track** otherwise; **no data** when none has data.
    ///
    /// ```swift
    /// Status.rollUp([.offTrack, .onTrack, .onTrack])            // .offTrack (1 of 3)
    /// Status.rollUp([.offTrack, .onTrack, .onTrack, .achieved]) // .atRisk (1 of 4)
    /// ```
    public static func rollUp(_ statuses: some Sequence<Status>) -> Status {
        var (withData, off, risk, achieved) = (0, 0, 0, 0)
        for s in statuses where s != .noData {
            withData += 1
            if s == .offTrack { off += 1 }
            if s == .atRisk { risk += 1 }
            if s == .achieved { achieved += 1 }
        }
        if withData == 0 { return .noData }
        if off * 3 >= withData { return .offTrack }
        if off > 0 || risk * 3 >= withData { return .atRisk }
        return achieved == withData ? .achieved : .onTrack
    }
}

/// The review of a cycle as of one period: every number the meeting needs, fully computed.
///
/// ```swift
/// let review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 11))
/// print(review.headline.sentence)
/// ```
/// Exporters render a `Review`; they compute nothing new. Encoded as JSON it follows the schema in
/// the *Review JSON* article (``Review/schemaVersion-swift.type.property``).
public struct Review: Sendable, Hashable, Codable {
    /// The version of the JSON schema (the flat data columns have ``DataColumn/schemaVersion``).
    public static let schemaVersion = 2

    /// The JSON schema version the review was written with (``Review/schemaVersion-swift.type.property``
    /// for a review computed by this library).
    public var schemaVersion: Int
    /// The period the review is as of.
    public var period: Period
    /// The plan's name, cycle, currency, teams and tolerances.
    public var plan: PlanSummary
    /// The cycle's periods up to and including ``period``.
    public var periods: [Period]
    /// How many of the cycle's periods remain after ``period``.
    public var remainingPeriods: Int
    /// The overall status and the one-sentence summary.
    public var headline: Headline
    /// Every key result of the plan, in plan order.
    public var keyResults: [KeyResultReview]
    /// Every objective of the plan, in plan order.
    public var objectives: [ObjectiveReview]
    /// One scorecard per team of the plan, in plan order.
    public var teams: [TeamScorecard]
    /// The funnel against plan, or `nil` when the plan has no funnel.
    public var funnel: FunnelReview?
    /// Every SLA of the plan, in plan order.
    public var sla: [SLAReview]
    /// Alignment-health findings: one-team objectives, key results and metrics without owners,
    /// off-track key results without a tactic, stages without content, plan arithmetic, missing
    /// data.
    public var health: [HealthFinding]
    /// The problems to decide, in the order the meeting should take them: priced problems by
    /// revenue, then the rest by priority. Their priced impacts add up to at most the revenue
    /// still to book.
    public var agenda: [Problem]
    /// Every action of the agenda as a flat list, each naming its problem, in agenda order.
    public var adjustments: [Adjustment]
    /// Every metric of the plan (measured and derived) over the periods so far, in plan order.
    public var trends: [MetricTrend]
    /// The flat data: one row per period, metric, team and segment, for finance.
    public var data: [DataRow]
    /// How the review's forecasts did this cycle (its track record); absent before the second
    /// period.
    public var forecastAccuracy: ForecastAccuracy? = nil
    /// How the records were turned into metrics and what was odd in them, when the actuals came
    /// from CRM records (absent otherwise).
    public var records: RecordsReview? = nil
    /// What changed since the last review, when the review was followed up (see ``FollowUp``);
    /// absent in the JSON otherwise.
    public var sinceLastReview: FollowUp? = nil
}

/// What the plan is, in the review.
public struct PlanSummary: Sendable, Hashable, Codable {
    /// The plan's name.
    public var name: String
    /// The cycle's name, e.g. `FY2026 H2`.
    public var cycle: String
    /// The cycle's first period.
    public var cycleStart: Period
    /// The cycle's last period.
    public var cycleEnd: Period
    /// The currency of every amount in the review.
    public var currency: Currency
    /// The plan's teams, in plan order.
    public var teams: [Team]
    /// The status tolerances in force (the plan's `tolerance`, or the defaults).
    public var tolerance: Tolerance
}

/// The review in one sentence, with the counts behind it.
public struct Headline: Sendable, Hashable, Codable {
    /// The overall status: ``Status/rollUp(_:)`` of every key result, the rule objectives and
    /// teams follow too.
    public var status: Status
    /// The key-result counts and the bottleneck in one sentence: "Nov 2026: 4 of 11 key results
    /// on track or achieved, 4 at risk, 3 off track. The bottleneck is …".
    public var sentence: String
    /// Key results per status, in status order.
    public var counts: [StatusCount]
    /// The plain mean of the objectives' scores, 0…1: each objective with data counts once (an
    /// objective's own score weighs its key results by their weights); `nil` when none has data.
    public var score: Double?
    /// The forecast against target with its range, and the pipeline coverage, in one sentence:
    /// "Forecast: New ARR $4.02M ($3.98M–$4.06M) of $4.2M, $181k short; …".
    public var forecast: String?
    /// The first problem on the agenda, its owners, and what fixing it now can still bring this
    /// cycle against the forecast gap: "First on the agenda: MQLs→SQLs converts below plan
    /// (Marketing + Sales); fixing it now can still bring $0 of the $197k gap this cycle (a fix
    /// reaches revenue after the 1-period sales cycle)."
    public var lead: String? = nil
}

/// How many key results have one status.
public struct StatusCount: Sendable, Hashable, Codable {
    /// The status counted.
    public var status: Status
    /// The number of key results with it (0 included).
    public var count: Int
}

/// One key result's review.
public struct KeyResultReview: Sendable, Hashable, Codable {
    public var id: KeyResultID
    /// The objective the key result belongs to.
    public var objective: ObjectiveID
    /// The key result's title.
    public var title: String
    /// The metric that measures it.
    public var metric: MetricID
    /// The metric's display name.
    public var metricName: String
    /// The metric's unit: every value of this review is in it.
    public var unit: MetricUnit
    /// How it is judged.
    public var kind: KeyResultKind
    /// The teams that answer for it.
    public var owners: [TeamID]
    /// The plan's baseline.
    public var baseline: Double
    /// The plan's target for the cycle (the cycle total for summed metrics).
    public var target: Double
    /// Cycle-to-date actual, rolled up by the metric's rule; `nil` without data.
    public var actual: Double?
    /// The value in the review period alone.
    public var periodActual: Double?
    /// What the plan expects by the end of the review period.
    public var expected: Double
    /// `(actual − baseline) / (target − baseline)`, unclamped; for stay kinds the attainment of
    /// the review period's value.
    public var progress: Double?
    /// Progress clamped to 0…1; for stay kinds the share of periods that met the target.
    public var score: Double?
    /// `actual / target` (inverted when lower is better).
    public var attainment: Double?
    /// Progress against the progress expected by now: 1 is exactly on plan (`actual / expected`
    /// for summed metrics from a zero baseline); for stay kinds the attainment.
    public var pace: Double?
    /// The status, looking ahead: the pace to date, then the forecast (see the *Forecasts* article).
    public var status: Status
    /// The status from the pace to date alone, before the forecast is considered.
    public var paceStatus: Status
    /// The projected value at the end of the cycle (``forecastRange``'s base).
    public var forecast: Double?
    /// The forecast at the end of the cycle with its range: run-rate (summed metrics), trend (level
    /// metrics), the latest value (milestones) or the actual once the cycle is over.
    public var forecastRange: Forecast?
    /// For revenue and won deals when the plan names a pipeline metric: the open pipeline converted
    /// at its observed rate and lag.
    public var pipelineForecast: Forecast?
    /// Where ``forecastRange`` leaves the target; `nil` when achieved, over, or without data.
    public var outlook: Outlook?
    /// The base forecast misses the target but the range reaches it: shown with the status.
    public var forecastShort: Bool
    /// How the review's own earlier forecast of today's value fared.
    public var backtest: Backtest?
    /// What each remaining period must add to reach the target (summed metrics only).
    public var requiredRunRate: Double?
    /// The recent run-rate (mean of the last three periods), summed metrics only.
    public var recentRunRate: Double?
    /// Change of the period value against the previous period.
    public var change: Double?
    /// Periods with data in which a stay-above/below target was breached.
    public var breachedPeriods: [Period]
    /// Tactics serving the key result that are active now.
    public var activeTactics: [TacticID]
    /// The status in numbers: "78 % of expected; forecast 1,540 of 1,800".
    public var reason: String
}

extension KeyResultReview {
    /// The status as shown everywhere: `on track`, or `on track, forecast short` when the base
    /// forecast misses the target but its range reaches it.
    public var statusLabel: String { forecastShort ? "\(status.label), forecast short" : status.label }
}

/// One objective's review.
public struct ObjectiveReview: Sendable, Hashable, Codable {
    public var id: ObjectiveID
    /// The objective's title.
    public var title: String
    /// The teams that own it.
    public var owners: [TeamID]
    /// The parent objective, if it cascades from one.
    public var parent: ObjectiveID?
    /// Weighted mean of its key results' scores (those with data).
    public var score: Double?
    /// Its key results' statuses rolled up (``Status/rollUp(_:)``).
    public var status: Status
    /// Its key results, in plan order.
    public var keyResults: [KeyResultID]
}

/// One team's scorecard: every key result it owns, alone or with others.
public struct TeamScorecard: Sendable, Hashable, Codable {
    /// The team.
    public var team: TeamID
    /// The team's display name.
    public var name: String
    /// The weighted mean of its key results' scores, 0…1; `nil` when none has data.
    public var score: Double?
    /// The statuses of the key results it owns rolled up (``Status/rollUp(_:)``).
    public var status: Status
    /// Its key results per status, in status order.
    public var counts: [StatusCount]
    /// Every key result it owns, alone or with others, in plan order.
    public var keyResults: [KeyResultID]
}

/// The shared funnel against plan.
public struct FunnelReview: Sendable, Hashable, Codable {
    /// Every stage, top to bottom.
    public var stages: [StageReview]
    /// Every transition between neighbouring stages, top to bottom.
    public var transitions: [TransitionReview]
    /// The transition whose shortfall costs the most revenue at the bottom of the funnel.
    public var bottleneck: Bottleneck?
    /// The revenue the cycle must produce, and what is booked so far.
    public var revenueTarget: Double?
    /// Revenue booked in the cycle to date, in the plan's currency: the revenue metric's
    /// cycle-to-date value, else won deals × ``valuePerWon``.
    public var revenueToDate: Double
    /// The value of one won deal, in the plan's currency.
    public var valuePerWon: Double
    /// From the revenue still to book and the actual conversion rates: what each stage needs.
    public var reverse: [StageNeed]
    /// The periods of the recent window each transition is also judged on.
    public var recentPeriods: Int
    /// `revenueTarget − revenueToDate`, never below 0; `nil` without a revenue target.
    public var revenueToGo: Double?
    /// Revenue at the end of the cycle at the recent run-rate (or the actual once the cycle is over).
    public var revenueForecast: Forecast?
    /// Revenue at the end of the cycle from the open pipeline, when the plan names a pipeline metric.
    public var revenuePipelineForecast: Forecast?
    /// Open pipeline against the revenue still to book, when the plan names a pipeline metric.
    public var coverage: PipelineCoverage?
    /// How the review's own earlier revenue forecast fared.
    public var revenueBacktest: Backtest?
    /// How the open-deals forecast (``Forecast/Method/openDeals``) made from the records as they
    /// stood two periods back fared, when the review reads deal records.
    public var revenueDealsBacktest: Backtest?
}

/// A forecast of a value at the end of the cycle, with a range (see the *Forecasts* article).
public struct Forecast: Sendable, Hashable, Codable {
    /// How a forecast is made.
    public enum Method: String, Sendable, Hashable, Codable {
        /// To date plus the recent run-rate for each remaining period (summed metrics).
        case runRate = "run_rate"
        /// To date plus the recent performance ratio (actual ÷ plan over the recent periods) times
        /// the volume the plan still has to come: summed metrics whose plan is phased.
        case phasedRunRate = "phased_run_rate"
        /// The least-squares line through the periods so far (level metrics).
        case trend
        /// The open pipeline converted at the observed pipeline-to-won rate and lag.
        case pipeline
        /// Each deal open at the review date weighed by its chance to close won by the cycle's end,
        /// from its funnel stage and the days since it entered it, plus the deals still to be
        /// created: revenue and won deals when the review reads CRM deal records
        /// (``DealOutlook``).
        case openDeals = "open_deals"
        /// The recent level: the mean of the last three periods with data (level metrics whose
        /// trend is not clearly more than noise).
        case recentLevel = "recent_level"
        /// The latest value (milestones).
        case latest
        /// The cycle is over: the actual.
        case actual

        /// `at the recent run-rate`, `on the trend`, …
        public var phrase: String {
            switch self {
            case .runRate: "at the recent run-rate"
            case .phasedRunRate: "at the recent pace against the phased plan"
            case .trend: "on the trend"
            case .recentLevel: "at the recent level"
            case .pipeline: "from the open pipeline"
            case .openDeals: "from the open deals by stage and age"
            case .latest: "at the latest value"
            case .actual: "as booked"
            }
        }
    }

    /// How the forecast was made.
    public var method: Method
    /// The most likely value.
    public var base: Double
    /// The low end of the range: the central prediction interval at ``level`` (P10 at 80 %).
    public var low: Double
    /// The high end of the range (P90 at 80 %).
    public var high: Double
    /// How many periods (period pairs for `pipeline`, closed deals for `open_deals`) the method read.
    public var periods: Int
    /// The share of outcomes the range `low`…`high` is meant to hold: a central prediction
    /// interval at this level (0.8 unless the plan's `review.forecast_level` says otherwise).
    /// `nil` when the history is too short to estimate a range honestly: `low == high == base`.
    public var level: Double?

    /// A forecast; `low` and `high` are widened to include `base`.
    public init(method: Method, base: Double, low: Double, high: Double, periods: Int, level: Double?) {
        self.method = method
        self.base = base
        self.low = min(low, base)
        self.high = max(high, base)
        self.periods = periods
        self.level = level
    }

    /// A forecast that is certain (the cycle is over, or a milestone's latest value): the range
    /// is the value, at any level.
    public static func exact(_ value: Double, _ method: Method, level: Double = 0.8) -> Forecast {
        Forecast(method: method, base: value, low: value, high: value, periods: 0, level: level)
    }
}

/// Where a forecast leaves a target.
public enum Outlook: String, Sendable, Hashable, Codable {
    /// The whole range reaches the target.
    case reaches
    /// The base reaches it; the low end does not.
    case likely
    /// The base misses it; the high end reaches it (``KeyResultReview/forecastShort``).
    case short
    /// The whole range misses it.
    case misses
}

/// Open pipeline against the revenue still to book.
public struct PipelineCoverage: Sendable, Hashable, Codable {
    /// The plan's pipeline metric (`funnel.pipeline_metric`), or `open_pipeline` when the deal
    /// records' open deals stand in for it.
    public var metric: MetricID
    /// Its latest value up to the review period.
    public var openPipeline: Double
    /// Revenue target less revenue booked to date (never below zero).
    public var revenueToGo: Double
    /// `openPipeline / revenueToGo`; `nil` when nothing is left to book.
    public var ratio: Double?
    /// Revenue booked per unit of pipeline open ``lag`` periods before (pooled), when observed.
    public var conversionRate: Double?
    /// The lag, in periods, between open pipeline and the revenue it turned into, when observed.
    public var lag: Int?
    /// The definition, in words.
    public var definition: String
    /// Where ``lag`` comes from; `nil` when the history is too short for a pipeline forecast.
    public var lagSource: PipelineLagSource? = nil
    /// Which lag the pipeline forecast uses and why, or why there is no pipeline forecast:
    /// "lag 1, the pipeline open at the start of the period (…), rate from 4 (pipeline, revenue)
    /// period pairs".
    public var lagReason: String = ""
}

/// Where the pipeline-to-revenue lag of the pipeline forecast comes from (the rule of the
/// *Forecasts* article).
public enum PipelineLagSource: String, Sendable, Hashable, Codable {
    /// The CRM records: the won deals' median age at close, in periods.
    case records
    /// The history: a lag longer than 1 whose (pipeline, revenue) ratios are clearly steadier.
    case history
    /// Lag 1, the pipeline open at the start of the period.
    case standard = "default"
}

/// The review's own forecast made as of an earlier period, against what happened.
public struct Backtest: Sendable, Hashable, Codable {
    /// The period the forecast was made as of.
    public var asOf: Period
    /// The period forecast: the review period.
    public var period: Period
    /// What the review as of ``asOf`` forecast for ``period``.
    public var forecast: Forecast
    /// What happened: the cycle-to-date value (summed metrics) or the period's value (levels).
    public var actual: Double
    /// `actual − forecast.base`.
    public var error: Double
    /// `error / |actual|`.
    public var errorPct: Double?
    /// Whether the actual fell inside the forecast's range.
    public var withinRange: Bool
}

extension Backtest {
    /// `forecast`, made as of `asOf`, against `actual` in `period`.
    init(asOf: Period, period: Period, forecast: Forecast, actual: Double) {
        let error = actual - forecast.base
        let slack = 1e-9 * abs(actual)
        self.init(
            asOf: asOf, period: period, forecast: forecast, actual: actual, error: error,
            errorPct: actual != 0 ? error / abs(actual) : nil,
            withinRange: actual >= forecast.low - slack && actual <= forecast.high + slack)
    }
}

/// One funnel stage's volume against plan, and where its shortfall comes from.
public struct StageReview: Sendable, Hashable, Codable {
    public var id: StageID
    /// The stage's display name.
    public var name: String
    /// The metric that counts the stage.
    public var metric: MetricID
    /// Cycle-to-date volume.
    public var actual: Double?
    /// Planned cycle-to-date volume: the plan's period targets of the stage's metric
    /// (``Plan/periodTargets()``), summed over the elapsed periods.
    public var planned: Double?
    /// `(actual − planned) / planned`; `nil` without either or when the plan is 0.
    public var variancePct: Double?
    /// The volume in the review period alone.
    public var periodActual: Double?
    /// The part of the shortfall to plan that arrives short from the stage before (its volume
    /// shortfall × the planned rate into this stage); nil for the top stage.
    public var inflowShortfall: Double?
    /// The part of the shortfall due to the conversion into this stage (the stage before's actual
    /// volume × the planned rate, minus this stage's volume); nil for the top stage.
    public var conversionShortfall: Double?
    /// The shortfall no upstream problem explains: the planned volume minus the volume this stage
    /// would have with every upstream problem fixed. Volume advice goes only to this part.
    public var ownShortfall: Double?
    /// The problem that explains the stage's shortfall, when it is upstream.
    public var cause: ProblemID?
}

/// One conversion between neighbouring funnel stages against plan, with its price.
public struct TransitionReview: Sendable, Hashable, Codable {
    /// The stage converted from.
    public var from: StageID
    /// The stage converted to.
    public var to: StageID
    /// `MQLs→SQLs`.
    public var name: String
    /// The cycle-to-date conversion, a fraction: Σto ÷ Σfrom; `nil` when either volume is missing
    /// or the first is zero.
    public var actualRate: Double?
    /// The plan's conversion, a fraction.
    public var plannedRate: Double
    /// The same rate in each period of the cycle so far (nil where a volume is missing or zero).
    public var periodRates: [Double?]
    /// Bringing this rate back to plan, all else equal, adds this many at the next stage …
    public var impactNext: Double
    /// … this many won deals …
    public var impactWon: Double
    /// … and this much revenue.
    public var impactRevenue: Double
    /// The rate over the last ``FunnelReview/recentPeriods`` periods.
    public var recentRate: Double?
    /// Below plan beyond the tolerance (`rate < planned × (1 − on_track)`), cycle to date …
    public var belowPlan: Bool
    /// … and in the recent window.
    public var recentBelowPlan: Bool
    /// The first period of the latest run of periods below plan beyond the tolerance.
    public var since: Period?
    /// The segments that carry the shortfall into the next stage, largest first (where known).
    public var segments: [SegmentShare]
    /// The teams that carry it, largest first (where known).
    public var teams: [TeamShare]
    /// How the rates were measured: ``ConversionMethod/cohort`` when CRM records measure the
    /// transition, ``ConversionMethod/periodRatio`` otherwise (absent in reviews written before
    /// it was added).
    public var method: ConversionMethod? = nil
    /// With the cohort method: each period's cohort of the cycle so far (entered, converted
    /// within the horizon, mature or still "to date"). Only mature cohorts are judged.
    public var cohorts: [CohortPeriod]? = nil
    /// With the cohort method: the lead sources that carry the shortfall, largest first (where
    /// the records have a source column).
    public var sources: [SourceShare]? = nil
    /// With the cohort method: the horizon in days a cohort is given to convert.
    public var horizonDays: Int? = nil
    /// The periods ``recentRate`` pools: the last ``FunnelReview/recentPeriods`` periods, or
    /// with the cohort method the last that many mature cohorts.
    public var recentWindow: [Period]? = nil
}

/// How a transition's conversion is measured.
public enum ConversionMethod: String, Sendable, Hashable, Codable {
    /// Stage volumes of the same periods divided (`SQLs ÷ MQLs`): throughput, from aggregated
    /// actuals.
    case periodRatio = "period_ratio"
    /// Of the records that entered the stage in a period, the share that reached the next stage
    /// or a later one within the horizon, pooled over mature cohorts (from CRM records).
    case cohort
}

/// The transition whose return to plan is worth the most revenue at the bottom of the funnel.
public struct Bottleneck: Sendable, Hashable, Codable {
    /// The stage converted from.
    public var from: StageID
    /// The stage converted to.
    public var to: StageID
    /// `MQLs→SQLs`.
    public var name: String
    /// What bringing it back to plan is worth over ``window``, in the plan's currency.
    public var impactRevenue: Double
    /// The window the price is computed over.
    public var window: ProblemImpact.Window
    /// The price in words: "MQLs→SQLs at 32.5 % vs 40.0 % planned: back to plan = +257 SQLs = …".
    public var sentence: String
}

/// One stage of the reverse funnel: the volume it needs for the rest of the cycle.
public struct StageNeed: Sendable, Hashable, Codable {
    /// The stage.
    public var stage: StageID
    /// The stage's display name.
    public var name: String
    /// Needed over the remaining periods at actual conversion rates.
    public var neededTotal: Double?
    /// ``neededTotal`` spread over the remaining periods; `nil` when none remain.
    public var neededPerPeriod: Double?
    /// The planned volume per period (the plan's period targets of the stage's metric, averaged
    /// over the cycle), for comparison.
    public var plannedPerPeriod: Double?
    /// The recent actual volume per period (last three periods).
    public var recentPerPeriod: Double?
    /// `neededPerPeriod − recentPerPeriod`: positive when each remaining period must do more than
    /// recently.
    public var gap: Double?
}

/// One SLA, both directions, per period and cycle to date.
public struct SLAReview: Sendable, Hashable, Codable {
    public var id: SLAID
    /// The commitment in words.
    public var title: String
    /// The team that commits.
    public var from: TeamID
    /// The team it commits to.
    public var to: TeamID
    /// The metric checked.
    public var metric: MetricID
    /// The metric's unit, of ``committed``, ``actual`` and ``margin``.
    public var unit: MetricUnit
    /// At least or at most.
    public var comparison: Comparison
    /// The committed amount per period.
    public var committed: Double
    /// Cycle-to-date value: the mean per period with data for a summed metric, else the metric's
    /// roll-up.
    public var actual: Double?
    /// Whether the cycle-to-date value meets the commitment; `nil` without data.
    public var met: Bool?
    /// Distance from the commitment, positive when better than committed.
    public var margin: Double?
    /// Each period of the cycle so far.
    public var periods: [SLAPeriod]
    /// Whether the review period met the commitment.
    public var metInPeriod: Bool?
}

/// One SLA in one period.
public struct SLAPeriod: Sendable, Hashable, Codable {
    /// The period.
    public var period: Period
    /// The metric's value in the period; `nil` without data.
    public var actual: Double?
    /// Whether the value meets the commitment; `nil` without data.
    public var met: Bool?
    /// Distance from the commitment, positive when better than committed; `nil` without data.
    public var margin: Double?
}

/// An alignment-health finding.
public struct HealthFinding: Sendable, Hashable, Codable {
    /// What kind of finding it is; match on these, not on the message.
    public struct Code: StringBacked {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// An objective owned by one team only (when the plan has several teams).
        public static let singleTeamObjective = Code(rawValue: "single_team_objective")
        /// A key result with no owner team.
        public static let keyResultWithoutOwner = Code(rawValue: "key_result_without_owner")
        /// An off-track key result that no active tactic serves.
        public static let offTrackWithoutTactic = Code(rawValue: "off_track_without_tactic")
        /// A funnel stage with no content tactic.
        public static let stageWithoutContent = Code(rawValue: "stage_without_content")
        /// A metric with no owner team.
        public static let metricWithoutOwner = Code(rawValue: "metric_without_owner")
        /// A stage's key-result target that, through the planned rates and deal value, cannot
        /// make the revenue target.
        public static let planArithmetic = Code(rawValue: "plan_arithmetic")
        /// A key-result or SLA metric with no observation in the review period.
        public static let missingData = Code(rawValue: "missing_data")
    }

    /// What kind of finding it is.
    public var code: Code
    /// The finding in words: "objective 'Grow pipeline' is owned by Marketing alone".
    public var message: String
    /// The plan item concerned (objective, key result, stage or metric id).
    public var subject: String
}

/// One action of the agenda as a flat row: a rule that fired, who acts, why, and the problem it
/// addresses. It is priced only through its problem (``Review/agenda``).
public struct Adjustment: Sendable, Hashable, Codable {
    /// The rule that fired.
    public var rule: RuleID
    /// The rule's title.
    public var title: String
    /// The teams that act.
    public var teams: [TeamID]
    /// The numbers that made the rule fire.
    public var rationale: String
    /// What to do.
    public var action: String
    /// 1 (highest) … 3.
    public var priority: Int
    /// Whether the rule comes from the plan file rather than the built-in playbook.
    public var fromPlan: Bool
    /// The id of the agenda problem this action addresses.
    public var problem: ProblemID
}

/// One metric across the cycle's periods so far.
public struct MetricTrend: Sendable, Hashable, Codable {
    /// The metric.
    public var metric: MetricID
    /// The metric's display name.
    public var name: String
    /// The metric's unit.
    public var unit: MetricUnit
    /// Whether higher or lower is better, which colours the change.
    public var direction: Direction
    /// One value per period of ``Review/periods`` (nil where there is no data).
    public var values: [Double?]
    /// Change of the review period against the previous one.
    public var change: Double?
    /// Relative change against the previous period.
    public var changePct: Double?
    /// Cycle-to-date value.
    public var cycleToDate: Double?
}

/// One row of the flat data (CSV and the workbook's Data sheet).
public struct DataRow: Sendable, Hashable, Codable {
    /// The period (written as its first day in CSV and the workbook).
    public var period: Period
    /// The metric's id.
    public var metric: MetricID
    /// The metric's display name.
    public var metricName: String
    /// The team of the row, or `nil` for the whole value.
    public var team: TeamID?
    /// The segment of the row, or `nil` for all segments.
    public var segment: String?
    /// The metric's unit (percents as fractions).
    public var unit: MetricUnit
    /// The observed (or, for derived metrics, computed) value; `nil` on plan rows and where
    /// there is no data.
    public var actual: Double?
    /// The period's target, on whole-value rows (`team` and `segment` empty); `nil` on team and
    /// segment rows (the plan sets no target per team or segment) and when the plan sets none.
    /// Milestones are 0 or 1. On the `cycle_end` row, the cycle's target.
    public var target: Double?
    /// `actual − target`, rounded to the unit, on whole-value rows; not sign-adjusted for
    /// lower-is-better metrics.
    public var variance: Double?
    /// `variance / |target|`, a fraction; `nil` when the target is 0 or either is missing.
    public var variancePct: Double?
    /// How the metric rolls up over periods.
    public var rollup: Rollup
    /// Whether higher or lower is better for the metric.
    public var direction: Direction
    /// The metric's owner team.
    public var ownerTeam: TeamID?
    /// The forecast for the period, on plan rows; the forecast for the cycle's end on the
    /// `cycle_end` row.
    public var forecast: Double?
    /// `actual` for periods up to the review period, `plan` for the periods still to come, `total`
    /// for the whole value of a metric reported only by team or segment, `cycle_end` for the cycle
    /// as a whole.
    public var rowKind: RowKind
    /// The plan's currency code (`USD`) on rows of a currency metric; `nil` otherwise.
    public var currency: String?
    /// For a ratio metric (`a / b`): the numerator's value behind ``actual``, so a pivot can
    /// recompute the rate from sums; `nil` otherwise.
    public var numerator: Double?
    /// For a ratio metric: the denominator's value behind ``actual``.
    public var denominator: Double?
    /// The low end of the forecast's range, where the review has one (the `cycle_end` row).
    public var forecastLow: Double?
    /// The high end of the forecast's range.
    public var forecastHigh: Double?
    /// The central probability the range from ``forecastLow`` to ``forecastHigh`` is meant to
    /// hold (the forecast's ``Forecast/level``: 0.8 unless the plan says otherwise); set where the
    /// range is.
    public var forecastLevel: Double?

    /// `value` rounded to its unit's precision (``MetricUnit/stored(_:)``: cents for currency, 6
    /// decimals for percents and ratios, 4 otherwise), so computed numbers print as `-0.65`,
    /// never `-0.6499999999999999`.
    public static func rounded(_ value: Double, _ unit: MetricUnit) -> Double { unit.stored(value) }

    /// Whether a row holds what happened or what is planned for a period still to come.
    public enum RowKind: String, Sendable, Hashable, Codable {
        /// A period up to the review period.
        case actual
        /// A period after the review period: empty actual, the target and the forecast.
        case plan
        /// The whole value of a metric reported only by team or segment, in a period up to the
        /// review period: the sum of its `actual` rows (or the value the review computes), the
        /// period's target and the variance. Its team and segment are empty.
        case total
        /// The cycle as a whole, one row per targeted metric, dated the cycle's last period: the
        /// cycle-to-date actual, the cycle's target and the forecast for the cycle's end with its
        /// range and level.
        case cycleEnd = "cycle_end"
    }

    /// A row of the flat data, with every column given.
    public init(
        period: Period, metric: MetricID, metricName: String, team: TeamID? = nil, segment: String? = nil,
        unit: MetricUnit, actual: Double?, target: Double?, variance: Double?, variancePct: Double?,
        rollup: Rollup = .sum, direction: Direction = .higherIsBetter, ownerTeam: TeamID? = nil,
        forecast: Double? = nil, rowKind: RowKind = .actual, currency: String? = nil, numerator: Double? = nil,
        denominator: Double? = nil, forecastLow: Double? = nil, forecastHigh: Double? = nil,
        forecastLevel: Double? = nil
    ) {
        self.period = period
        self.metric = metric
        self.metricName = metricName
        self.team = team
        self.segment = segment
        self.unit = unit
        self.actual = actual
        self.target = target
        self.variance = variance
        self.variancePct = variancePct
        self.rollup = rollup
        self.direction = direction
        self.ownerTeam = ownerTeam
        self.forecast = forecast
        self.rowKind = rowKind
        self.currency = currency
        self.numerator = numerator
        self.denominator = denominator
        self.forecastLow = forecastLow
        self.forecastHigh = forecastHigh
        self.forecastLevel = forecastLevel
    }
}
