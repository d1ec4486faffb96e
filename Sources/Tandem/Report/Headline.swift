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
