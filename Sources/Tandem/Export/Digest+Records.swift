extension DigestDocument {
    /// "Open deals at the end of Nov: 301 ($7.56M). Expected to close won in the 31 days to the
    /// cycle's end: 30 ($761k), plus 3 ($77k) from deals not created yet. By age: …"
    static func openDeals(_ deals: DealOutlook, at period: Period, format f: Formatting) -> String {
        var text =
            "Open deals at the end of \(period.shortLabel): \(Formatting.count(Double(deals.openDeals))) (\(f.money(deals.openAmount)))."
        guard let e = deals.expected else { return text + " No forecast from them yet: \(deals.reason)." }
        text +=
            " Expected to close won in the \(deals.windowDays) days to the cycle's end: \(Formatting.count(e.openWon.rounded())) (\(f.money(e.openRevenue))), plus \(Formatting.count(e.newWon.rounded())) (\(f.money(e.newRevenue))) from deals not created yet."
        let stages = Set(deals.bands.map(\.stage)).count
        let bands = deals.bands.map { b -> String in
            let name = stages > 1 ? "\(b.stage) \(b.ages)" : b.ages
            return
                "\(name) \(Formatting.count(Double(b.deals))) (\(f.money(b.amount))) → \(f.money(b.expectedRevenue ?? 0))"
        }
        text += " By days since entering their stage: " + bands.joined(separator: "; ") + "."
        if deals.staleDeals > 0 {
            text +=
                " \(Formatting.count(Double(deals.staleDeals))) (\(f.money(deals.staleAmount))) \(deals.staleDeals == 1 ? "is" : "are") older than any deal the history saw still open: counted at 0."
        }
        if let pushed = deals.pushDiscount, pushed.factor < 1 { text += " " + pushed.sentence + "." }
        return text
    }

    /// What moved in the pipeline: the waterfall of the last three periods as a table (amount and
    /// deals per bucket), then the latest period's pushed, slipped and moved-back deals.
    static func pipelineMovement(_ movement: PipelineMovement, format f: Formatting) -> Section? {
        let steps = Array(movement.periods.suffix(3))
        guard let last = steps.last else { return nil }
        func cell(_ amount: Double, _ deals: Int) -> String {
            "\(f.money(amount)) (\(Formatting.count(Double(deals))))"
        }
        let buckets: [(String, (PipelineMovement.Step) -> String)] = [
            ("Start", { cell($0.start, $0.deals.start) }),
            ("+ Created", { cell($0.created, $0.deals.created) }),
            ("+ Pulled in", { cell($0.pulledIn, $0.deals.pulledIn) }),
            ("+ Increased", { cell($0.increased, $0.deals.increased) }),
            ("− Decreased", { cell($0.decreased, $0.deals.decreased) }),
            ("− Pushed out", { cell($0.pushedOut, $0.deals.pushedOut) }),
            ("− Lost", { cell($0.lost, $0.deals.lost) }),
            ("− Won", { cell($0.won, $0.deals.won) }),
            ("= End", { cell($0.end, $0.deals.end) }),
        ]
        var blocks: [Block] = [
            .paragraph(
                "Open deals closing by each period's end, from snapshot to snapshot (\(steps.map { "\($0.from) → \($0.to)" }.joined(separator: ", ")))."
            ),
            .table(
                Table(
                    headers: ["Pipeline (deals)"] + steps.map(\.period.shortLabel),
                    alignments: [.left] + steps.map { _ in .right },
                    rows: buckets.map { name, value in [name] + steps.map(value) })),
        ]
        var text =
            "\(last.period.shortLabel): \(Formatting.count(Double(last.deals.pushedOut))) pushed out (\(f.money(last.pushedOut)) slipped past the period's end)"
        if let rate = last.pushRate { text += ", a push rate of \(f.percent(rate))" }
        text += "; \(Formatting.count(Double(last.slippedDeals))) with a later close date"
        if last.removed > 0 {
            text += "; \(Formatting.count(Double(last.removed))) gone from the export (counted as lost)"
        }
        blocks.append(.paragraph(text + "."))
        var items = last.slipped.prefix(5).map { s in
            let pushes = s.pushes > 1 ? ", pushed \(s.pushes) times" : ""
            return Item(
                title:
                    "\(s.deal)\(s.segment.map { " (\($0))" } ?? ""): \(f.money(s.amount)), close \(s.fromClose) → \(s.toClose) (+\(s.days) d\(pushes))\(s.pushedOut ? ", out of the period" : "")",
                lines: [])
        }
        items += last.movedBack.prefix(3).map { m in
            Item(title: "\(m.deal): \(f.money(m.amount)), back from \(m.from) to \(m.to)", lines: [])
        }
        if !items.isEmpty { blocks.append(.list(items, numbered: false)) }
        return Section(title: "Pipeline movement", blocks: blocks)
    }

    /// Why MQLs were rejected or recycled and deals lost: per group, the top reasons in the review
    /// period and the cycle so far, and the largest reason × source × segment.
    static func reasons(_ shares: ReasonShares, period: Period, format f: Formatting) -> Section? {
        let groups: [(String, String, ReasonShares.Group?)] = [
            ("Rejected MQLs", "rejected MQLs", shares.rejected), ("Recycled MQLs", "recycled MQLs", shares.recycled),
            ("Lost deals", "lost deals", shares.lost),
        ]
        let since = shares.periods.first.map { " since \($0.shortLabel)" } ?? ""
        var blocks: [Block] = []
        for (name, phrase, group) in groups {
            guard let group, group.total > 0 else { continue }
            let known = group.reasons.filter { $0.reason != nil }
            let shown = Array(known.prefix(5)) + group.reasons.filter { $0.reason == nil }
            var rows = shown.map { r in
                [
                    r.reason ?? "(no reason)", Formatting.count(Double(r.counts.last ?? 0)),
                    Formatting.count(Double(r.total)), f.percent(r.share),
                ]
            }
            if known.count > 5 {
                let rest = known.dropFirst(5)
                let total = rest.reduce(0) { $0 + $1.total }
                rows.append([
                    "\(rest.count) more", Formatting.count(Double(rest.reduce(0) { $0 + ($1.counts.last ?? 0) })),
                    Formatting.count(Double(total)), f.percent(Double(total) / Double(group.total)),
                ])
            }
            blocks.append(
                .table(
                    Table(
                        headers: [name, period.shortLabel, "Cycle", "Share"],
                        alignments: [.left, .right, .right, .right], rows: rows)))
            if let top = ReasonShares.topPair(group) {
                let from = [top.source.map { "from \($0)" }, top.segment.map { "in \($0)" }].compactMap { $0 }
                blocks.append(
                    .paragraph(
                        "Largest: \(top.reason!)\(from.isEmpty ? "" : " " + from.joined(separator: " ")), \(f.percent(top.share)) of \(phrase)\(since)."
                    ))
            }
        }
        guard !blocks.isEmpty else { return nil }
        let intro =
            "As the CRM records them: MQLs by the period they became MQLs, deals by the period they were lost."
        return Section(title: "Why leads and deals were lost", blocks: [.paragraph(intro)] + blocks)
    }

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
        // Velocity is from each stage's own time to the next one's; negative lags are left out.
        let negative = records.velocity.filter { $0.negativeLags > 0 }.map {
            "\($0.from)→\($0.to) \(Formatting.count(Double($0.negativeLags)))"
        }
        if !negative.isEmpty {
            intro += " Negative lags left out of velocity: " + negative.joined(separator: "; ") + "."
        }
        let unchecked = q.sources.filter { !$0.duplicatesChecked }.map {
            "records.sources[\($0.index)] (\($0.preset.rawValue) \($0.kind.rawValue))"
        }
        if !unchecked.isEmpty {
            intro +=
                " No id column in \(unchecked.joined(separator: ", ")): each row is one record; duplicates cannot be detected."
        }
        blocks.append(.paragraph(intro))
        if q.findings.isEmpty {
            blocks.append(
                .paragraph(
                    "Nothing odd: no duplicates, out-of-order or future times, skipped stages or unknown values."))
        } else {
            // The whole first example (file, line, id and what), on its own line under the count;
            // per source when more than one has findings, so that one export's are not another's.
            let sources = q.sources.filter { !$0.findings.isEmpty }
            if sources.count > 1 {
                let rows = sources.flatMap { source in
                    source.findings.map {
                        [$0.kind.label, "sources[\(source.index)]", Formatting.count(Double($0.count))]
                    }
                }
                blocks.append(
                    .table(
                        Table(
                            headers: ["Finding", "Source", "Count"], alignments: [.left, .left, .right], rows: rows)))
                blocks.append(
                    .list(
                        sources.flatMap { source in
                            source.findings.compactMap { f in
                                f.examples.first.map { Item(title: "e.g. \($0)", lines: []) }
                            }
                        }, numbered: false))
            } else {
                blocks.append(
                    .table(
                        Table(
                            headers: ["Finding", "Count"], alignments: [.left, .right],
                            rows: q.findings.map { [$0.kind.label, Formatting.count(Double($0.count))] })))
                blocks.append(
                    .list(
                        q.findings.compactMap { f in
                            f.examples.first.map { Item(title: "e.g. \($0)", lines: []) }
                        }, numbered: false))
            }
        }
        return Section(title: "Data quality", blocks: blocks)
    }
}
