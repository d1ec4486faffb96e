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
