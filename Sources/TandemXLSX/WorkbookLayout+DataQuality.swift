import Tandem

extension LayoutBuilder {
    static let dataQuality = "Data Quality"

    /// What the records were and how each transition was counted: the findings with their first
    /// examples, then every cohort. Only when the review's actuals came from records.
    func dataQualitySheet() -> Sheet? {
        guard let records = review.records else { return nil }
        var w = Writer()
        let q = records.quality
        w.text(0, 0, "Data quality of the records", .title)
        w.text(
            1, 0,
            "\(Formatting.count(Double(q.leads))) leads and \(Formatting.count(Double(q.deals))) deals; first touch within \(Formatting.count(records.speedToLeadHours)) h counts for speed to lead.",
            .subtitle)
        w.header(3, ["Finding", "Count", "First examples"])
        var row = 4
        if q.findings.isEmpty {
            w.text(row, 0, "Nothing odd")
            w.number(row, 1, 0, .count)
            row += 1
        }
        for finding in q.findings {
            w.text(row, 0, finding.kind.label)
            w.number(row, 1, Double(finding.count), .count)
            w.text(row, 2, finding.examples.joined(separator: "\n"), .wrapped)
            row += 1
        }
        row += 1
        w.header(
            row, ["Transition", "Horizon (days)", "Horizon from", "Cohort", "Entered", "Converted", "Rate", "Mature"])
        row += 1
        for cohort in records.cohorts {
            for p in cohort.periods {
                w.text(row, 0, "\(cohort.from) → \(cohort.to)")
                w.number(row, 1, Double(cohort.horizonDays), .count)
                w.text(row, 2, cohort.horizonFromData ? "p90 of observed lags" : "plan")
                w.text(row, 3, p.period.label)
                w.number(row, 4, Double(p.entered), .count)
                w.number(row, 5, Double(p.converted), .count)
                w.number(row, 6, p.entered > 0 ? Double(p.converted) / Double(p.entered) : nil, .percent)
                w.text(row, 7, p.mature ? "mature" : "to date")
                row += 1
            }
        }
        if let deals = records.deals, !deals.bands.isEmpty {
            row += 1
            w.text(
                row, 0,
                "Open deals at the end of \(review.period.shortLabel), by stage and days since entering it: expected to close won in the \(deals.windowDays) days to the cycle's end",
                .subtitle)
            row += 1
            w.header(row, ["Stage", "Days in stage", "Deals", "Amount", "Expected won", "Expected revenue"])
            row += 1
            let money = CellFormat.number(.currency, currency: currency)
            for band in deals.bands {
                w.text(row, 0, band.stage.rawValue)
                w.text(row, 1, band.ages)
                w.number(row, 2, Double(band.deals), .count)
                w.number(row, 3, band.amount, money)
                w.number(row, 4, band.expectedWon?.rounded(), .count)
                w.number(row, 5, band.expectedRevenue, money)
                row += 1
            }
            if let e = deals.expected {
                w.text(row, 0, "Deals not created yet")
                w.number(row, 4, e.newWon.rounded(), .count)
                w.number(row, 5, e.newRevenue, money)
                row += 1
            }
            w.text(row, 0, deals.reason, .wrapped)
            row += 1
        }
        return Sheet(
            name: Self.dataQuality, cells: w.cells,
            columns: [
                ColumnWidth(first: 0, last: 0, width: 34), ColumnWidth(first: 1, last: 1, width: 14),
                ColumnWidth(first: 2, last: 2, width: 60), ColumnWidth(first: 3, last: 7, width: 12),
            ],
            freeze: (4, 0))
    }
}
