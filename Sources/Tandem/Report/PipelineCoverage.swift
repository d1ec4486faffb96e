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
