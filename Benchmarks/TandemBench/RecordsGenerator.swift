import Foundation
import Tandem

/// A deterministic CRM at scale for the records benchmark: a plan with a `records:` section, a
/// generic leads export (created, MQL, SQL, first touch, owner team, segment) and a deals export
/// with about a tenth as many rows, over 2026. Timestamps are whole minutes in UTC, so Tandem and
/// the peers read exactly the same instants.
struct RecordsGenerator {
    let leads: Int
    /// Write the same records as a HubSpot contacts export and a HubSpot deals export (every
    /// field quoted, labels as headers, `YYYY-MM-DD HH:MM` times, deal stages) instead.
    var hubspot = false
    private var state: UInt64 = 0x9E37_79B9_7F4A_7C15

    init(leads: Int, hubspot: Bool = false) {
        self.leads = leads
        self.hubspot = hubspot
    }

    /// The plan of the HubSpot form: the same, read with the hubspot preset (times in UTC).
    static var hubspotPlan: String {
        plan.replacingOccurrences(
            of: """
                    - {kind: leads, preset: generic, file: "leads*.csv"}
                    - {kind: deals, preset: generic, file: "deals*.csv"}
                """,
            with: """
                    - {kind: leads, preset: hubspot, file: "hubspot-contacts*.csv", timezone: UTC}
                    - {kind: deals, preset: hubspot, file: "hubspot-deals*.csv", timezone: UTC}
                """)
    }

    static let plan = """
        tandem: 1
        name: Records benchmark
        cycle: {start: 2026-01, end: 2026-12}
        teams:
          - {id: marketing, name: Marketing}
          - {id: sales, name: Sales}
        metrics:
          - {id: leads, owner: marketing}
          - {id: mqls, owner: marketing}
          - {id: sqls, owner: sales}
          - {id: opps, owner: sales}
          - {id: won, owner: sales}
          - {id: arr, unit: currency, owner: sales}
          - {id: leads_to_mqls_conversion, unit: percent, owner: marketing}
          - {id: leads_to_mqls_conversion_to_date, unit: percent, owner: marketing}
          - {id: mqls_to_sqls_conversion, unit: percent, owner: sales}
          - {id: mqls_to_sqls_conversion_to_date, unit: percent, owner: sales}
          - {id: mqls_to_sqls_days_median, unit: days, direction: lower, owner: sales}
          - {id: mqls_to_sqls_days_p75, unit: days, direction: lower, owner: sales}
          - {id: speed_to_lead_hours, unit: hours, direction: lower, owner: sales}
          - {id: speed_to_lead_within_sla_count, owner: sales}
          - {id: speed_to_lead_pending, owner: sales}
          - {id: speed_to_lead_breaches, owner: sales}
        objectives:
          - id: grow
            title: Grow
            owners: [marketing, sales]
            key_results:
              - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 100000}
        funnel:
          value_per_won: 24000
          revenue_metric: arr
          stages:
            - {id: leads, metric: leads}
            - {id: mqls, metric: mqls, rate: 30%}
            - {id: sqls, metric: sqls, rate: 35%}
            - {id: opps, metric: opps, rate: 50%}
            - {id: won, metric: won, rate: 25%}
        records:
          timezone: UTC
          horizon_days: {leads: 14, mqls: 30, opps: 90}
          speed_to_lead: {stage: mqls, hours: 4}
          sources:
            - {kind: leads, preset: generic, file: "leads*.csv"}
            - {kind: deals, preset: generic, file: "deals*.csv"}

        """

    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// 2026-01-01T00:00Z in minutes since 1970.
    static let yearStart = 29_453_760
    static let yearMinutes = 365 * 1440

    /// Writes plan.yaml, leads.csv and deals.csv into `dir`; returns (leads, deals).
    mutating func write(to dir: URL) throws -> (Int, Int) {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data((hubspot ? Self.hubspotPlan : Self.plan).utf8).write(to: dir.appendingPathComponent("plan.yaml"))
        let segments = (1...12).map { Array("Segment \($0)".utf8) }
        let teams = [Array("sales".utf8), Array("marketing".utf8), []]
        var out = Output(url: dir.appendingPathComponent(hubspot ? "hubspot-contacts.csv" : "leads.csv"))
        out.quoted = hubspot
        out.append(
            hubspot
                ? "\"Record ID\",\"Create Date\",\"Date entered \"\"Marketing Qualified Lead (Lifecycle Stage Pipeline)\"\"\",\"Date entered \"\"Sales Qualified Lead (Lifecycle Stage Pipeline)\"\"\",\"First outreach date\",\"HubSpot Team\",\"Segment\"\n"
                : "id,created,mqls,sqls,first_touch,owner_team,segment\n")
        for i in 0..<leads {
            let created = Self.yearStart + below(Self.yearMinutes)
            var mql: Int?
            var sql: Int?
            var touch: Int?
            if below(100) < 30 {
                mql = created + below(72 * 60)
                if below(100) < 35 { sql = mql! + 1440 + below(40 * 1440) }
                if below(100) < 95 { touch = mql! + (below(100) < 80 ? below(240) : 240 + below(20 * 60)) }
                if below(100) < 2, sql != nil { mql = nil }
            }
            out.field { $0.number(i + 1) }
            out.byte(0x2C)
            out.field { $0.time(created) }
            out.byte(0x2C)
            out.field { if let mql { $0.time(mql) } }
            out.byte(0x2C)
            out.field { if let sql { $0.time(sql) } }
            out.byte(0x2C)
            out.field { if let touch { $0.time(touch) } }
            out.byte(0x2C)
            out.field { $0.bytes(teams[below(3)]) }
            out.byte(0x2C)
            out.field { $0.bytes(segments[below(12)]) }
            out.byte(0x0A)
        }
        try out.close()
        let deals = leads / 10
        let reviewDate = Self.yearStart + Self.yearMinutes
        out = Output(url: dir.appendingPathComponent(hubspot ? "hubspot-deals.csv" : "deals.csv"))
        out.quoted = hubspot
        out.append(
            hubspot
                ? "\"Record ID\",\"Create Date\",\"Close Date\",\"Amount\",\"Deal Stage\",\"HubSpot Team\",\"Segment\"\n"
                : "id,created,close,amount,outcome,owner_team,segment\n")
        for i in 0..<deals {
            let created = Self.yearStart + below(Self.yearMinutes)
            let close = created + 10 * 1440 + below(80 * 1440)
            let u = below(100)
            let outcome = close >= reviewDate || u >= 60 ? "open" : u < 25 ? "won" : "lost"
            let stage =
                hubspot ? (outcome == "won" ? "closedwon" : outcome == "lost" ? "closedlost" : "contractsent") : outcome
            out.field { $0.number(i + 1) }
            out.byte(0x2C)
            out.field { $0.time(created) }
            out.byte(0x2C)
            out.field { $0.time(close) }
            out.byte(0x2C)
            out.field { $0.number(1000 + below(49_000)) }
            out.byte(0x2C)
            out.field { $0.append(stage) }
            out.byte(0x2C)
            out.field { $0.bytes(teams[below(3)]) }
            out.byte(0x2C)
            out.field { $0.bytes(segments[below(12)]) }
            out.byte(0x0A)
        }
        try out.close()
        return (leads, deals)
    }

    /// A buffered file writer that formats numbers and timestamps itself.
    struct Output {
        let url: URL
        var buffer: [UInt8] = []
        var handle: FileHandle?
        /// HubSpot's form: every field quoted, times as `YYYY-MM-DD HH:MM`.
        var quoted = false

        init(url: URL) {
            self.url = url
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
            handle = FileHandle(forWritingAtPath: url.path)
            buffer.reserveCapacity(1 << 22)
        }

        mutating func byte(_ b: UInt8) { buffer.append(b) }

        /// One field, between quotes in HubSpot's form.
        mutating func field(_ write: (inout Output) -> Void) {
            if quoted { buffer.append(0x22) }
            write(&self)
            if quoted { buffer.append(0x22) }
        }
        mutating func bytes(_ b: [UInt8]) { buffer.append(contentsOf: b) }
        mutating func append(_ s: String) { buffer.append(contentsOf: s.utf8) }

        mutating func number(_ n: Int) {
            var digits: [UInt8] = []
            var v = n
            repeat {
                digits.append(UInt8(0x30 + v % 10))
                v /= 10
            } while v > 0
            buffer.append(contentsOf: digits.reversed())
            if buffer.count >= 1 << 22 { flush() }
        }

        mutating func two(_ n: Int) {
            buffer.append(UInt8(0x30 + n / 10))
            buffer.append(UInt8(0x30 + n % 10))
        }

        /// `YYYY-MM-DDTHH:MM:00Z` of a minute since 1970 (`YYYY-MM-DD HH:MM` when quoted).
        mutating func time(_ minutes: Int) {
            let days = minutes / 1440
            let m = minutes % 1440
            let (year, month, day) = civilFromDays(Int64(days))
            two(year / 100)
            two(year % 100)
            buffer.append(0x2D)
            two(month)
            buffer.append(0x2D)
            two(day)
            buffer.append(quoted ? 0x20 : 0x54)
            two(m / 60)
            buffer.append(0x3A)
            two(m % 60)
            if !quoted { buffer.append(contentsOf: [0x3A, 0x30, 0x30, 0x5A]) }
        }

        mutating func flush() {
            handle?.write(Data(buffer))
            buffer.removeAll(keepingCapacity: true)
        }

        mutating func close() throws {
            flush()
            try handle?.close()
        }
    }
}
