/// The plan's `records:` section: which CRM exports Tandem reads record by record, and how their
/// timestamps become periods.
///
/// ```swift
/// var records = RecordsPlan(timezone: "America/Los_Angeles")
/// records.sources = [RecordSource(kind: .leads, preset: .hubspot)]
/// plan.records = records
/// ```
public struct RecordsPlan: Sendable, Hashable, Codable {
    /// The IANA time zone that decides which period a timestamp falls in (default `UTC`).
    public var timezone: String
    /// The exports to read, in plan order; a file is matched by ``RecordSource/file`` or by its
    /// headers.
    public var sources: [RecordSource]
    /// Per transition, keyed by the stage it starts from: how many days a record has to reach
    /// the next stage (or any later one) to count as converted. Unset transitions use the 90th
    /// percentile of the observed lags.
    public var horizonDays: [StageID: Int]
    /// The stage whose entry starts the speed-to-lead clock (default: the second funnel stage).
    public var speedToLeadStage: StageID?
    /// The hours a first touch must come within (default: the `at_most` of an SLA on the
    /// speed-to-lead metric, else 24).
    public var speedToLeadHours: Double?
    /// Renames derived series to the plan's metric ids: `speed_to_lead_hours: speed_to_lead`.
    public var metrics: [String: MetricID]

    /// A records section in `timezone` (UTC by default) with the given sources and settings.
    public init(
        timezone: String = "UTC", sources: [RecordSource] = [], horizonDays: [StageID: Int] = [:],
        speedToLeadStage: StageID? = nil, speedToLeadHours: Double? = nil, metrics: [String: MetricID] = [:]
    ) {
        self.timezone = timezone
        self.sources = sources
        self.horizonDays = horizonDays
        self.speedToLeadStage = speedToLeadStage
        self.speedToLeadHours = speedToLeadHours
        self.metrics = metrics
    }
}

extension RecordsPlan {
    /// The year, month and day of a snapshot's `YYYY-MM-DD`, or `nil` when it is no such date.
    static func snapshotDay(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m),
            y >= 1971, d >= 1, d <= daysIn(m, y)
        else { return nil }
        return (y, m, d)
    }

    /// Whether some deals source is an earlier snapshot or a history: then deals keep their ids
    /// and stages.
    var tracksDeals: Bool { sources.contains { $0.kind == .deals && ($0.snapshot != nil || $0.history) } }
}

/// What a records export holds.
public enum RecordKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Contacts or leads: one row per person, with the time they entered each lifecycle stage.
    case leads
    /// Deals or opportunities: one row per deal, with amount, stage and close date.
    case deals
}

/// The header names an export uses.
public enum RecordPreset: String, Sendable, Hashable, Codable, CaseIterable {
    /// HubSpot contacts and deals exports, by internal property name or by label.
    case hubspot
    /// Salesforce lead and opportunity report CSVs (footer lines skipped).
    case salesforce
    /// Tandem's own field names as headers.
    case generic
}

/// The byte encoding of an export.
public enum RecordEncoding: String, Sendable, Hashable, Codable, CaseIterable {
    /// UTF-8, with or without a byte-order mark (the default).
    case utf8 = "utf-8"
    /// UTF-16 with a byte-order mark (Excel's "Unicode text").
    case utf16 = "utf-16"
    /// Windows-1252 (Excel's "CSV" on Western Windows).
    case windows1252 = "windows-1252"
}

/// How locale dates are written: day, month and year order. ISO 8601 dates need none.
public enum RecordDateFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// `11/3/2026` is November 3 (US).
    case monthDayYear = "MM/DD/YYYY"
    /// `3/11/2026` is November 3 (UK, most of Europe).
    case dayMonthYear = "DD/MM/YYYY"
    /// `3.11.2026` is November 3 (Germany, Switzerland).
    case dayMonthYearDots = "DD.MM.YYYY"
    /// `2026-11-03` (ISO 8601; the default, and always accepted).
    case iso = "YYYY-MM-DD"

    /// Parses `MM/DD/YYYY`, `M/D/YYYY`, `DD/MM/YYYY`, `D/M/YYYY`, `DD.MM.YYYY`, `D.M.YYYY` or
    /// `YYYY-MM-DD`, in any letter case.
    public init?(spelling: String) {
        switch spelling.uppercased().replacingOccurrences(of: "MM", with: "M").replacingOccurrences(
            of: "DD", with: "D")
        {
        case "M/D/YYYY": self = .monthDayYear
        case "D/M/YYYY": self = .dayMonthYear
        case "D.M.YYYY": self = .dayMonthYearDots
        case "YYYY-M-D": self = .iso
        default: return nil
        }
    }
}

/// A field Tandem reads from a record; the `columns:` map of a source names its header.
public enum RecordField: String, Sendable, Hashable, Codable, CaseIterable {
    /// The record's id in the CRM; a second row with the same id is ignored and counted.
    /// Required for HubSpot exports; a Salesforce report or generic export without one is read
    /// one record per row.
    case id
    /// When the record was created: a lead enters the top stage then; a deal enters its
    /// ``RecordSource/dealStage``. Required.
    case created
    /// A lead's first outreach by sales, the end of the speed-to-lead clock.
    case firstTouch = "first_touch"
    /// The owning team's name or id, matched to the plan's teams (unknown ones are counted).
    case ownerTeam = "owner_team"
    /// The record's segment (region, tier…): stage volumes are also split by it.
    case segment
    /// The lead source (original traffic source); recognised in headers but not used by the
    /// derivation yet.
    case source
    /// A deal's amount in the plan's currency. Required for deals.
    case amount
    /// A deal's close date: won deals and revenue count in its period. Required for deals.
    case close
    /// `open`, `won`, `lost` or `disqualified`.
    case outcome
    /// The CRM's own stage or status text (HubSpot `dealstage`, `hs_lead_status`; Salesforce
    /// `Stage`, `Status`), read for the outcome when no outcome column exists.
    case status
    /// A won flag (HubSpot `hs_is_closed_won`, Salesforce `Won`).
    case won
    /// A closed flag (Salesforce `Closed`).
    case closed
    /// Why a lead was rejected or recycled (a disqualification reason) or why a deal was lost
    /// (Salesforce `Loss Reason`, HubSpot `closed_lost_reason`): reasons are shared by source and
    /// segment in ``RecordsReview/reasons``.
    case reason
    /// When sales sent a lead back to marketing (a recycle date): the lead counts as recycled,
    /// in the period of that date.
    case recycled
}

/// One export the plan reads records from.
public struct RecordSource: Sendable, Hashable, Codable {
    /// Whether the export holds leads or deals.
    public var kind: RecordKind
    /// Which CRM's header names to expect (``RecordPreset/generic`` by default).
    public var preset: RecordPreset
    /// A file name or glob (`contacts*.csv`) the source's files match; without one, files are
    /// matched to sources by their headers.
    public var file: String?
    /// Header names for fields, overriding the preset. An empty name (`id: null` in the plan)
    /// says the export has no such column: without an id, each row is one record and duplicates
    /// cannot be detected.
    public var columns: [RecordField: String]
    /// Header names of the stage-entry times, keyed by funnel stage id, overriding the preset.
    public var stageColumns: [StageID: String]
    /// The source's own time zone for timestamps without an offset (default: the section's).
    public var timezone: String?
    /// Required when dates are written in a locale order such as `11/3/2026`.
    public var dateFormat: RecordDateFormat?
    /// The export's byte encoding (UTF-8 by default).
    public var encoding: RecordEncoding
    /// Deals only: the funnel stage a deal enters when it is created (default: the stage
    /// before the last). A won deal enters the last stage at its close time.
    public var dealStage: StageID?
    /// Deals only: the day (`YYYY-MM-DD`, in the section's time zone) an earlier export was
    /// taken. Such a snapshot feeds no metric; compared with the next snapshot (or the current
    /// export, read as of the review date) it gives the pipeline's movement
    /// (``RecordsReview/pipelineMovement``). Its deals are matched to the others by id.
    public var snapshot: String?
    /// Deals only: the export is a deal history, one row per change holding the deal's state
    /// after it (Salesforce's Opportunity History report: stage, amount and close date with the
    /// change's date), its `created` column the time of the change. It feeds no metric; the
    /// deals' states at each period's start give the pipeline's movement period by period.
    public var history: Bool

    /// A source of `kind`; every other setting falls back to the preset or the section.
    public init(
        kind: RecordKind, preset: RecordPreset = .generic, file: String? = nil, columns: [RecordField: String] = [:],
        stageColumns: [StageID: String] = [:], timezone: String? = nil, dateFormat: RecordDateFormat? = nil,
        encoding: RecordEncoding = .utf8, dealStage: StageID? = nil, snapshot: String? = nil, history: Bool = false
    ) {
        self.kind = kind
        self.preset = preset
        self.file = file
        self.columns = columns
        self.stageColumns = stageColumns
        self.timezone = timezone
        self.dateFormat = dateFormat
        self.encoding = encoding
        self.dealStage = dealStage
        self.snapshot = snapshot
        self.history = history
    }
}
