extension DigestDocument {
    /// One short section: how the records were counted and what was odd in them.
    static func dataQuality(_ records: RecordsReview) -> Section {
        let q = records.quality
        var blocks: [Block] = []
        var intro = "From \(Formatting.count(Double(q.leads))) leads and \(Formatting.count(Double(q.deals))) deals."
        let cohorts = records.cohorts.map { c -> String in
            let open = c.periods.filter { !$0.mature }.map(\.period.shortLabel)
            let horizon = "\(c.from)→\(c.to) within \(c.horizonDays) d\(c.horizonFromData ? " (p90 of lags)" : "")"
            return open.isEmpty ? horizon : "\(horizon), \(open.joined(separator: ", ")) to date"
        }
        if !cohorts.isEmpty { intro += " Cohorts: " + cohorts.joined(separator: "; ") + "." }
        blocks.append(.paragraph(intro))
        if q.findings.isEmpty {
            blocks.append(
                .paragraph(
                    "Nothing odd: no duplicates, out-of-order or future times, skipped stages or unknown values."))
        } else {
            blocks.append(
                .table(
                    Table(
                        headers: ["Finding", "Count", "First example"], alignments: [.left, .right, .left],
                        rows: q.findings.map {
                            [
                                $0.kind.label, Formatting.count(Double($0.count)),
                                String(($0.examples.first ?? "").prefix(34)),
                            ]
                        })))
        }
        return Section(title: "Data quality", blocks: blocks)
    }
}
