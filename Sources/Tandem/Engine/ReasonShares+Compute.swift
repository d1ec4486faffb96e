extension ReasonShares {
    /// What a lead's status says about it.
    enum Disposition {
        /// Sales rejected it (not a fit, not a real lead).
        case rejected
        /// Sent back to marketing to nurture.
        case recycled
    }

    /// Lead statuses that mean rejected, letters only and lower case: HubSpot `UNQUALIFIED`,
    /// Salesforce `Closed - Not Converted`, and the usual custom ones.
    static let rejectedStatuses: Set<String> = [
        "unqualified", "disqualified", "closednotconverted", "rejected", "notqualified", "junk",
    ]
    /// Lead statuses that mean recycled: HubSpot `BAD_TIMING` and the usual custom ones.
    static let recycledStatuses: Set<String> = ["recycled", "recycle", "nurture", "nurturing", "badtiming"]

    /// The disposition a lead status text says, or `nil` (open, working, converted, unknown).
    static func disposition(_ status: String) -> Disposition? {
        let compact = String(status.lowercased().filter { $0.isLetter })
        if rejectedStatuses.contains(compact) { return .rejected }
        if recycledStatuses.contains(compact) { return .recycled }
        return nil
    }

    /// Whether a reason text says nothing: empty, `-`, `n/a`, `#N/A`, `none`, `unknown`.
    static func isUnknown(_ reason: String) -> Bool {
        let compact = String(reason.lowercased().filter { $0.isLetter || $0.isNumber })
        return compact.isEmpty || ["na", "none", "unknown"].contains(compact)
    }

    /// The reasons of `leads` (by the period they entered `stage`) and of `deals` (lost, by close
    /// period); `nil` when neither table has a reason column. `period` gives a time's index into
    /// `periods`, or −1 outside them.
    static func compute(
        leads: RecordTable, deals: RecordTable, stage: Int?, stageID: StageID?, records: RecordSet,
        periods: [Period], period: (Int32) -> Int
    ) -> ReasonShares? {
        let hasLeads = !leads.reason.isEmpty && (!leads.status.isEmpty || !leads.recycled.isEmpty) && stage != nil
        let hasDeals = !deals.reason.isEmpty
        guard hasLeads || hasDeals else { return nil }
        let unknown = records.reasons.map(isUnknown)
        let dispositions = records.statuses.map(disposition)
        var rejected = Tally(periods: periods.count)
        var recycled = Tally(periods: periods.count)
        var lost = Tally(periods: periods.count)
        if hasLeads, let stage, !leads.stageTimes[stage].isEmpty {
            let times = leads.stageTimes[stage]
            let dated = !leads.recycled.isEmpty
            for r in 0..<leads.count {
                // A recycle date says recycled, in its period; else the status, in the MQL's.
                let recycledAt = dated ? leads.recycled[r] : RecordTable.missing
                let s = leads.status.isEmpty ? -1 : Int(leads.status[r])
                let d: Disposition
                if recycledAt != RecordTable.missing {
                    d = .recycled
                } else if s >= 0, let said = dispositions[s] {
                    d = said
                } else {
                    continue
                }
                guard times[r] != RecordTable.missing else { continue }
                let p = period(recycledAt != RecordTable.missing ? recycledAt : times[r])
                guard p >= 0 else { continue }
                let key = Key(
                    reason: reasonIndex(leads.reason[r], unknown), source: leads.leadSource[r],
                    segment: leads.segment[r])
                switch d {
                case .rejected: rejected.add(key, p, 0)
                case .recycled: recycled.add(key, p, 0)
                }
            }
        }
        if hasDeals {
            for r in 0..<deals.count where deals.outcome[r] == .lost || deals.outcome[r] == .disqualified {
                guard deals.close[r] != RecordTable.missing else { continue }
                let p = period(deals.close[r])
                guard p >= 0 else { continue }
                let key = Key(
                    reason: reasonIndex(deals.reason[r], unknown), source: deals.leadSource[r],
                    segment: deals.segment[r])
                lost.add(key, p, deals.amount[r])
            }
        }
        return ReasonShares(
            periods: periods, stage: hasLeads ? stageID : nil,
            rejected: hasLeads ? rejected.group(records, amounts: false) : nil,
            recycled: hasLeads ? recycled.group(records, amounts: false) : nil,
            lost: hasDeals ? lost.group(records, amounts: true) : nil)
    }

    /// The largest reason × source × segment with a reason; among equals, the one whose reason is
    /// the larger over all sources.
    static func topPair(_ group: Group) -> Row? {
        let known = group.rows.filter { $0.reason != nil }
        guard let most = known.first?.total else { return nil }
        let rank = group.reasons.map(\.reason)
        return known.filter { $0.total == most }.min { a, b in
            (rank.firstIndex(of: a.reason) ?? .max) < (rank.firstIndex(of: b.reason) ?? .max)
        }
    }

    /// A reason's index, −1 for none or an unknown one.
    private static func reasonIndex(_ r: Int16, _ unknown: [Bool]) -> Int16 {
        r >= 0 && !unknown[Int(r)] ? r : -1
    }

    private struct Key: Hashable {
        var reason: Int16
        var source: Int16
        var segment: Int16
    }

    /// Counts per key and period.
    private struct Tally {
        let periods: Int
        var counts: [Key: [Int]] = [:]
        var amounts: [Key: CompensatedSum] = [:]

        init(periods: Int) { self.periods = periods }

        mutating func add(_ key: Key, _ p: Int, _ amount: Double) {
            counts[key, default: Array(repeating: 0, count: periods)][p] += 1
            amounts[key, default: CompensatedSum()].add(amount)
        }

        func group(_ records: RecordSet, amounts withAmounts: Bool) -> Group {
            func name(_ i: Int16, _ names: [String]) -> String? { i >= 0 ? names[Int(i)] : nil }
            var perPeriod = Array(repeating: 0, count: periods)
            var byReason: [Int16: [Int]] = [:]
            for (key, c) in counts {
                for p in 0..<periods { perPeriod[p] += c[p] }
                var r = byReason[key.reason, default: Array(repeating: 0, count: periods)]
                for p in 0..<periods { r[p] += c[p] }
                byReason[key.reason] = r
            }
            let total = perPeriod.reduce(0, +)
            func share(_ n: Int) -> Double { total > 0 ? Double(n) / Double(total) : 0 }
            let unknown = byReason[-1]?.reduce(0, +) ?? 0
            /// Largest first, the unknown reason last, ties by text.
            func before(_ a: (Int16, Int, String), _ b: (Int16, Int, String)) -> Bool {
                if (a.0 < 0) != (b.0 < 0) { return b.0 < 0 }
                if a.1 != b.1 { return a.1 > b.1 }
                return a.2 < b.2
            }
            let reasons = byReason.map { reason, c -> (Reason, Int16) in
                let n = c.reduce(0, +)
                return (
                    Reason(reason: name(reason, records.reasons), counts: c, total: n, share: share(n)), reason
                )
            }
            .sorted { before(($0.1, $0.0.total, $0.0.reason ?? ""), ($1.1, $1.0.total, $1.0.reason ?? "")) }
            .map(\.0)
            let rows = counts.map { key, c -> (Row, Int16, String) in
                let n = c.reduce(0, +)
                let row = Row(
                    reason: name(key.reason, records.reasons), source: name(key.source, records.leadSources),
                    segment: name(key.segment, records.segments), counts: c, total: n, share: share(n),
                    amount: withAmounts ? amounts[key]?.value : nil)
                return (row, key.reason, "\(row.reason ?? "")\u{0}\(row.source ?? "")\u{0}\(row.segment ?? "")")
            }
            .sorted { before(($0.1, $0.0.total, $0.2), ($1.1, $1.0.total, $1.2)) }
            .map(\.0)
            return Group(
                counts: perPeriod, total: total, unknown: unknown, unknownShare: share(unknown), reasons: reasons,
                rows: rows)
        }
    }
}
