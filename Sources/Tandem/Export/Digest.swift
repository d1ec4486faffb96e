/// The digest of a review as a document: sections of paragraphs, tables and lists, rendered to
/// plain text by ``TextDigest`` and to Markdown by ``MarkdownDigest``. Building it only
/// arranges and formats what the ``Review`` holds.
struct DigestDocument {
    enum Alignment { case left, right }

    struct Table {
        var headers: [String]
        var alignments: [Alignment]
        var rows: [[String]]
    }

    struct Item {
        var title: String
        var lines: [String]
    }

    enum Block {
        case paragraph(String)
        case table(Table)
        case list([Item], numbered: Bool)
    }

    struct Section {
        var title: String
        var blocks: [Block]
    }

    var title: String
    var subtitle: String
    var sections: [Section]

    /// The same document with what inputs may carry that no digest can show taken out of every
    /// text: line breaks and tabs become spaces, other control codes (C0, DEL, C1) and the
    /// bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069, which reorder what a
    /// terminal or mail client shows) are removed. With `cut` (the mail's HTML), a word longer than
    /// ``longestWord`` characters and a text longer than ``longestText`` are also cut with `…`, so
    /// that a 40,000-character deal id or segment cannot swell the page past Gmail's clipping size;
    /// the plain-text digest shows them whole across its lines, the JSON and the workbook keep
    /// them. A deal id or reason from a CRM export is data.
    func printable(cut: Bool = false) -> DigestDocument {
        mapText { text in
            var clean = text
            if text.unicodeScalars.contains(where: {
                $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value)
                    || (0x2066...0x2069).contains($0.value)
            }) {
                var out = String.UnicodeScalarView()
                for scalar in text.unicodeScalars {
                    switch scalar.value {
                    case 0x09, 0x0A, 0x0D: out.append(" ")
                    case 0..<0x20, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: continue
                    default: out.append(scalar)
                    }
                }
                clean = String(out)
            }
            guard cut, clean.count > Self.longestWord else { return clean }
            var words = clean.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            for i in words.indices where words[i].count > Self.longestWord {
                words[i] = words[i].prefix(Self.longestWord - 1) + "…"
            }
            clean = words.joined(separator: " ")
            return clean.count > Self.longestText ? clean.prefix(Self.longestText - 1) + "…" : clean
        }
    }

    /// The longest word the mail's HTML shows whole (the digest's own words are shorter).
    static let longestWord = 60
    /// The longest text (a paragraph, a cell, a list item's line) the mail's HTML shows whole.
    static let longestText = 1_000

    /// The same document with every text passed through `transform`.
    func mapText(_ transform: (String) -> String) -> DigestDocument {
        var copy = self
        copy.title = transform(title)
        copy.subtitle = transform(subtitle)
        copy.sections = sections.map { section in
            Section(
                title: transform(section.title),
                blocks: section.blocks.map { block in
                    switch block {
                    case .paragraph(let text): return .paragraph(transform(text))
                    case .table(let t):
                        return .table(
                            Table(
                                headers: t.headers.map(transform), alignments: t.alignments,
                                rows: t.rows.map { $0.map(transform) }))
                    case .list(let items, let numbered):
                        return .list(
                            items.map { Item(title: transform($0.title), lines: $0.lines.map(transform)) },
                            numbered: numbered)
                    }
                })
        }
        return copy
    }
}

/// Options shared by the text and Markdown digests.
public struct DigestOptions: Sendable, Hashable {
    /// Use ASCII characters for sparklines and marks instead of Unicode blocks.
    public var ascii: Bool
    /// The widest line of the plain-text digest (at least 60).
    public var width: Int
    /// The most items a list or table shows; the rest are counted and left to the workbook, so a
    /// large company's digest stays an agenda.
    public var maxItems: Int

    /// Options; a width below 60 is taken as 60, `maxItems` below 1 as 1.
    public init(ascii: Bool = false, width: Int = 80, maxItems: Int = 25) {
        self.ascii = ascii
        self.width = max(60, width)
        self.maxItems = max(1, maxItems)
    }
}

extension DigestDocument {
    /// One agenda problem: its name (the id once, in brackets), owners, the recommended decision
    /// with the measure the next review checks, why, the impact, the history and the other options.
    static func agendaItem(
        _ p: Problem, _ review: Review, _ f: Formatting, _ teams: ([TeamID]) -> String
    ) -> Item {
        var lines: [String] = []
        if let owners = p.owners, !owners.isEmpty { lines.append("Owners: \(teams(owners)); decide in this meeting.") }
        if let proposal = p.proposal {
            var text = "Proposal"
            if let owner = proposal.owner { text += " [\(teams([owner]))]" }
            text += ": \(proposal.action)\(proposal.action.hasSuffix(".") ? "" : ".")"
            if let measure = proposal.measure, let unit = proposal.unit {
                text += " Check at the \(proposal.checkAt.label) review: \(measure)"
                if let current = proposal.current { text += " \(f.value(current, unit)) now" }
                if let target = proposal.target { text += " vs \(f.value(target, unit)) planned" }
                text += "."
            }
            lines.append(text)
            if let because = proposal.because { lines.append("Because: \(because).") }
        }
        lines.append("Why: \(p.rationale).")
        var impact = "Impact: \(p.impact.description)"
        if let worth = p.impact.remaining {
            impact += "; can still bring \(f.money(worth)) this cycle"
            if let lag = p.impact.lagPeriods, lag > 0 { impact += " (after a \(lag)-period sales cycle)" }
        }
        lines.append(impact + ".")
        for h in p.history ?? [] {
            let name = h.title.map { "'\($0)'" } ?? "decision"
            var text = "\(h.period.shortLabel) \(name): "
            switch h.outcome {
            case .triedNoImprovement: text += "done\(h.done.map { " \($0)" } ?? ""), no improvement"
            case .triedImproved: text += "done\(h.done.map { " \($0)" } ?? ""), improved"
            case .due: text += "due\(h.due.map { " \($0)" } ?? "")"
            case .open: text += "open\(h.due.map { ", due \($0)" } ?? "")"
            case .declined: text += "declined"
            case .deferred: text += "deferred"
            }
            if let e = h.effect {
                text += " (\(e.measure) \(f.value(e.before, e.unit)) → \(f.value(e.after, e.unit)))"
            }
            lines.append("Logged: \(text).")
        }
        for (n, a) in (p.alternatives ?? p.actions).enumerated() {
            lines.append("Option \(n + 1), \(a.title) [P\(a.priority); \(teams(a.teams))]: \(a.action)")
        }
        return Item(title: "\(p.title) [\(p.id)]", lines: lines)
    }

    /// "Track record: 80 % ranges held 7 of 9 times this cycle; base off by 4.0 % on median
    /// (naive run-rate 6.2 %), running 1.1 % high."
    static func trackRecord(_ a: ForecastAccuracy) -> String? {
        guard a.forecasts > 0 || a.pointForecasts > 0 else { return nil }
        func pct(_ v: Double) -> String { "\(Formatting.fixed(abs(v) * 100, 1)) %" }
        var text = "Track record: "
        if a.forecasts > 0 {
            text +=
                "\(Formatting.level(a.level)) ranges held \(a.held) of \(a.forecasts) time\(a.forecasts == 1 ? "" : "s") this cycle"
        } else {
            text += "no range could be tested yet"
        }
        if let error = a.medianAbsError {
            text += "; base off by \(pct(error)) on median"
            if let naive = a.naiveMedianAbsError { text += " (naive run-rate \(pct(naive)))" }
        }
        if let bias = a.bias, abs(bias) >= 0.0005 { text += ", running \(pct(bias)) \(bias > 0 ? "high" : "low")" }
        return text + "."
    }

    init(review: Review, options: DigestOptions) {
        let f = Formatting(currency: review.plan.currency)
        let teamName = Dictionary(review.plan.teams.map { ($0.id, $0.name) }) { a, _ in a }
        func teams(_ ids: [TeamID]) -> String { ids.map { teamName[$0] ?? $0.rawValue }.joined(separator: " + ") }
        func score(_ s: Double?) -> String { s.map { "\(Formatting.fixed($0 * 100, 0)) %" } ?? "–" }
        /// The first `maxItems`, and a line counting the rest when there are more.
        func capped<T>(_ items: [T], _ what: (one: String, many: String), _ sheet: String) -> ([T], Block?) {
            guard items.count > options.maxItems else { return (items, nil) }
            let rest = items.count - options.maxItems
            return (
                Array(items.prefix(options.maxItems)),
                .paragraph("… and \(rest) more \(rest == 1 ? what.one : what.many): see the workbook's \(sheet) sheet.")
            )
        }
        let arrow = options.ascii ? "->" : "→"
        let mark = options.ascii ? "<< bottleneck" : "◀ bottleneck"

        title = "\(review.plan.name) — review of \(review.period.label)"
        let remaining = review.remainingPeriods
        subtitle =
            "\(review.plan.cycle): period \(review.periods.count) of \(review.periods.count + remaining)"
            + (remaining > 0 ? ", \(remaining) to go" : ", the last") + ". Overall: \(review.headline.status.label)."
        var sections: [Section] = []

        // Headline.
        sections.append(
            Section(
                title: "Headline",
                blocks: [.paragraph(review.headline.sentence)]
                    + [
                        review.headline.forecast, review.forecastAccuracy.flatMap(DigestDocument.trackRecord),
                        review.headline.lead,
                    ]
                    .compactMap {
                        $0.map { .paragraph($0) }
                    }))

        // The agenda: one item per problem, its owners, the recommended decision and the check,
        // its impact counted once, the other options.
        let (agenda, moreAgenda) = capped(review.agenda, ("problem", "problems"), "Adjustments")
        sections.append(
            Section(
                title: "Agenda: problems to decide",
                blocks: agenda.isEmpty
                    ? [.paragraph("None: no playbook rule fired this period.")]
                    : [
                        .list(
                            agenda.map { p in DigestDocument.agendaItem(p, review, f, teams) }, numbered: true)
                    ] + [moreAgenda].compactMap { $0 }))

        if let followUp = review.sinceLastReview {
            sections.append(DigestDocument.sinceLastReview(review, followUp, options: options))
        }

        // Scoreboard.
        let objectiveRows = review.objectives.map { o in
            [o.title, teams(o.owners), score(o.score), o.status.label]
        }
        let teamRows = review.teams.map { t -> [String] in
            let c = Dictionary(t.counts.map { ($0.status, $0.count) }) { a, _ in a }
            return [
                t.name, "\(t.keyResults.count)", score(t.score),
                "\((c[.onTrack] ?? 0) + (c[.achieved] ?? 0)) / \(c[.atRisk] ?? 0) / \(c[.offTrack] ?? 0)",
                t.status.label,
            ]
        }
        sections.append(
            Section(
                title: "Scoreboard",
                blocks: [
                    .table(
                        Table(
                            headers: ["Objective (score to date)", "Owners", "Score", "Status"],
                            alignments: [.left, .left, .right, .left], rows: objectiveRows)),
                    .table(
                        Table(
                            headers: ["Team (score to date)", "KRs", "Score", "On / risk / off", "Status"],
                            alignments: [.left, .right, .right, .right, .left], rows: teamRows)),
                ]))

        // Key results needing attention.
        let (attention, moreAttention) = capped(
            review.keyResults.filter { $0.status == .offTrack || $0.status == .atRisk || $0.forecastShort }.sorted {
                $0.status < $1.status
            },
            ("key result off track or at risk", "key results off track or at risk"), "Key Results")
        sections.append(
            Section(
                title: "Key results off track or at risk",
                blocks: attention.isEmpty
                    ? [.paragraph("None: every key result with data is on track or achieved.")]
                    : [
                        .list(
                            attention.map { kr in
                                Item(
                                    title: "\(kr.statusLabel.uppercased()): \(kr.title) (\(teams(kr.owners)))",
                                    lines: [kr.reason])
                            }, numbered: false)
                    ] + [moreAttention].compactMap { $0 }))

        // Funnel.
        if let funnel = review.funnel {
            let month = review.period.shortLabel
            let stageRows = funnel.stages.map { s in
                [
                    s.name, f.value(s.periodActual, .count), f.value(s.actual, .count), f.value(s.planned, .count),
                    s.variancePct.map { f.change($0, .percent).replacingOccurrences(of: " pts", with: " %") } ?? "–",
                ]
            }
            let transitionRows = funnel.transitions.map { t -> [String] in
                let isBottleneck = funnel.bottleneck.map { $0.from == t.from && $0.to == t.to } ?? false
                // The review period's rate: the last of the cycle's period rates.
                let monthRate = t.periodRates.count == review.periods.count ? t.periodRates.last ?? nil : nil
                return [
                    t.name.replacingOccurrences(of: "→", with: arrow), f.percent(monthRate), f.percent(t.actualRate),
                    f.percent(t.plannedRate),
                    t.impactRevenue > 0 ? "+" + f.money(t.impactRevenue) : "–", isBottleneck ? mark : "",
                ]
            }
            var blocks: [Block] = [
                .table(
                    Table(
                        headers: ["Stage", month, "To date", "Plan to date", "Var to date"],
                        alignments: [.left, .right, .right, .right, .right], rows: stageRows)),
                .table(
                    Table(
                        headers: ["Conversion", month, "To date", "Plan", "Fix worth", ""],
                        alignments: [.left, .right, .right, .right, .right, .left], rows: transitionRows)),
            ]
            let cohorts = funnel.transitions.compactMap { $0.methodSummary(f) }
            if !cohorts.isEmpty {
                let others = funnel.transitions.count > cohorts.count ? "; the others are period ratios" : ""
                blocks.append(
                    .paragraph(
                        ("Conversion from the records, pooled over mature cohorts (within each horizon; immature ones are to date, not judged): "
                            + cohorts.joined(separator: "; ") + others + ".").replacingOccurrences(of: "→", with: arrow)
                    ))
            }
            if let b = funnel.bottleneck {
                blocks.append(.paragraph("Bottleneck: " + b.sentence.replacingOccurrences(of: "→", with: arrow) + "."))
            }
            if let target = funnel.revenueTarget, remaining > 0 {
                let needs = funnel.reverse.compactMap { n -> String? in
                    guard let need = n.neededPerPeriod else { return nil }
                    var text = "\(n.name) \(Formatting.count(need))"
                    if let recent = n.recentPerPeriod, let gap = n.gap {
                        let mark = gap > 0 ? (options.ascii ? " !" : " ▲") : ""
                        text +=
                            " (recently \(Formatting.count(recent.rounded())), \(f.change(gap.rounded(), .count))\(mark))"
                    }
                    return text
                }
                blocks.append(
                    .paragraph(
                        "Reverse funnel: \(f.money(funnel.revenueToDate)) of \(f.money(target)) booked to date, \(f.money(funnel.revenueToGo ?? 0)) to go. To make the revenue target at current conversion (a key result on a stage may ask more), each remaining period needs \(needs.joined(separator: ", "))."
                    ))
            }
            if let c = funnel.coverage, let ratio = c.ratio {
                var text =
                    "Pipeline coverage: \(Formatting.multiple(ratio)) = \(f.money(c.openPipeline)) open pipeline at the end of \(review.period.shortLabel) ÷ \(f.money(c.revenueToGo)) revenue to go"
                if let rate = c.conversionRate, let lag = c.lag {
                    text +=
                        "; revenue has run at \(f.percent(rate)) of the pipeline open \(lag) period\(lag == 1 ? "" : "s") before"
                }
                if let deals = review.records?.deals, funnel.revenuePipelineForecast?.method == .openDeals {
                    text += ". Pipeline forecast from the open deals: \(deals.reason)"
                } else if !c.lagReason.isEmpty {
                    text += ". Pipeline forecast: \(c.lagReason)"
                }
                blocks.append(.paragraph(text + "."))
            }
            if let deals = review.records?.deals, deals.openDeals > 0 {
                blocks.append(.paragraph(DigestDocument.openDeals(deals, at: review.period, format: f)))
            }
            let backtests = [funnel.revenueBacktest, funnel.revenueDealsBacktest].compactMap { $0 }.map { b in
                "as of \(b.asOf.label) the review forecast \(f.money(b.forecast.base)) by \(b.period.label) \(b.forecast.method.phrase); actual \(f.money(b.actual)) (\(f.change(b.errorPct, .percent).replacingOccurrences(of: " pts", with: " %")), \(b.withinRange ? "inside" : "outside") the range)"
            }
            if !backtests.isEmpty {
                blocks.append(.paragraph("Backtest: " + backtests.joined(separator: "; ") + "."))
            }
            sections.append(Section(title: "Funnel", blocks: blocks))
        }
        if let movement = review.records?.pipelineMovement,
            let section = DigestDocument.pipelineMovement(movement, format: f)
        {
            sections.append(section)
        }
        if let shares = review.records?.reasons,
            let section = DigestDocument.reasons(shares, period: review.period, format: f)
        {
            sections.append(section)
        }

        // SLAs.
        if !review.sla.isEmpty {
            // Breaches first, then the rest, in plan order.
            let (slas, moreSLAs) = capped(
                review.sla.filter { $0.metInPeriod == false } + review.sla.filter { $0.metInPeriod != false },
                ("commitment", "commitments"),
                "SLA")
            // Each commitment with its value and margin this period and cycle to date.
            let items = slas.map { s -> Item in
                let status = s.metInPeriod.map { $0 ? "Met" : "BREACHED" } ?? "No data"
                let history = s.periods.map {
                    $0.met.map { $0 ? (options.ascii ? "+" : "✓") : (options.ascii ? "x" : "✗") } ?? "·"
                }.joined()
                let current = s.periods.last { $0.period == review.period }
                func value(_ v: Double?, _ margin: Double?, _ met: Bool?) -> String {
                    guard let v else { return "no data" }
                    return "\(f.value(v, s.unit)), margin \(f.change(margin, s.unit))"
                        + (met.map { $0 ? "" : " (breached)" } ?? "")
                }
                let met = s.periods.filter { $0.met == true }.count
                let seen = s.periods.filter { $0.met != nil }.count
                return Item(
                    title:
                        "\(status): \(teams([s.from])) \(arrow) \(teams([s.to])): \(s.title) (\(s.comparison.symbol) \(f.value(s.committed, s.unit)))",
                    lines: [
                        "\(review.period.shortLabel): \(value(current?.actual, current?.margin, nil)); cycle to date: \(value(s.actual, s.margin, s.met)); met in \(met) of \(seen) \(review.period.kind.noun(seen)) \(history)"
                    ])
            }
            sections.append(
                Section(
                    title: "Service levels, both directions",
                    blocks: [.list(items, numbered: false)] + [moreSLAs].compactMap { $0 }))
        }

        // Health.
        let (health, moreHealth) = capped(review.health, ("finding", "findings"), "Summary")
        sections.append(
            Section(
                title: "Alignment health",
                blocks: health.isEmpty
                    ? [.paragraph("No findings: shared objectives, owned metrics, content at every stage.")]
                    : [.list(health.map { Item(title: $0.message, lines: []) }, numbered: false)]
                        + [moreHealth].compactMap { $0 }))

        if let records = review.records { sections.append(DigestDocument.dataQuality(records)) }

        // Trends.
        let (trends, moreTrends) = capped(review.trends, ("metric", "metrics"), "Trends")
        let targets = review.periodTargets()
        let trendRows = trends.map { t in
            [
                t.name,
                Sparkline.render(
                    t.values, plan: targets[t.metric], tolerance: review.plan.tolerance.onTrack, ascii: options.ascii),
                f.value(t.values.last ?? nil, t.unit),
                f.change(t.change, t.unit),
            ]
        }
        sections.append(
            Section(
                title: review.periods.count > 1
                    ? "What changed since \(review.periods[review.periods.count - 2].label)" : "Where the cycle starts",
                blocks: [
                    .table(
                        Table(
                            headers: [
                                "Metric", "Trend", review.period.shortLabel,
                                review.periods.count > 1
                                    ? "vs \(review.periods[review.periods.count - 2].shortLabel)" : "Change",
                            ],
                            alignments: [.left, .left, .right, .right], rows: trendRows))
                ] + [moreTrends].compactMap { $0 }))
        self.sections = sections
    }
}
