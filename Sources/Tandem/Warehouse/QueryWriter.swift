/// Writes the records derivation as a CTE pipeline, part by part, in the order of
/// ``RecordDerivationParts`` (the native derivation's order), each plan metric fed once.
struct QueryWriter {
    let d: SQLDialect
    let metrics: RecordMetrics
    let funnel: Funnel
    let sources: [SourceTable]
    let periods: [Period]
    /// Period starts in UTC minutes, then the review date.
    let bounds: [Int64]
    let dealStage: Int
    /// Rows per team × segment cell as the native derivation keeps them (see ``WarehouseQuery/cells``).
    let cells: Bool
    private var ctes: [(name: String, body: String)] = []
    private var outputs: [String] = []
    private var fed: Set<MetricID> = []
    /// The metrics fed so far: the next one's place in the result's order.
    private var emitted = 0

    init(
        dialect: SQLDialect, metrics: RecordMetrics, funnel: Funnel, sources: [SourceTable], periods: [Period],
        bounds: [Int64], dealStage: Int, cells: Bool
    ) {
        self.cells = cells
        d = dialect
        self.metrics = metrics
        self.funnel = funnel
        self.sources = sources
        self.periods = periods
        self.bounds = bounds
        self.dealStage = dealStage
    }

    private var review: Int64 { bounds[bounds.count - 1] }
    private var leadSources: [SourceTable] { sources.filter { $0.source.kind == .leads } }
    private var dealSources: [SourceTable] { sources.filter { $0.source.kind == .deals } }
    private var last: Int { funnel.stages.count - 1 }
    /// Whether a summed series is broken down by team and segment (the native path folds to
    /// totals only without teams and segments, or past a million cells).
    private var detailed: Bool { !metrics.plan.teams.isEmpty || sources.contains { $0.has(.segment) } }

    /// Whether the records of `kind` measure stage `s`: leads the first stage (their created time)
    /// and the stages their tables have; deals the stage they enter and the last.
    func measures(_ kind: RecordKind, _ s: Int) -> Bool {
        switch kind {
        case .leads: !leadSources.isEmpty && (s == 0 || leadSources.contains { $0.has(stage: funnel.stages[s].id) })
        case .deals: !dealSources.isEmpty && (s == dealStage || s == last)
        }
    }

    mutating func write() -> String {
        add("periods", periodsTable())
        if !leadSources.isEmpty { addLeads() }
        if !dealSources.isEmpty { addDeals() }
        for part in RecordDerivationParts.parts(stages: funnel.stages.count, measures: measures) {
            switch part {
            case .volume(let s, let kind): volume(s, kind)
            case .transition(let s, let kind, let later): transition(s, kind, later)
            case .speedToLead: speedToLead()
            case .deals: deals()
            }
        }
        let union =
            outputs.isEmpty
            ? "SELECT 0 AS k, p, \(d.string("")) AS metric, CAST(0 AS \(d.double)) AS value, CAST(NULL AS \(d.text)) AS team, CAST(NULL AS \(d.text)) AS segment FROM periods WHERE 1 = 0"
            : outputs.joined(separator: "\n  UNION ALL\n  ")
        add("cells", union)
        if cells {
            add("actuals", "SELECT * FROM cells")
        } else {
            // The actuals reader takes a row without a team (or segment) beside rows with one for
            // their total: where records without one meet records with one in a period and metric,
            // the rows are summed over that dimension.
            add(
                "mixed",
                "SELECT k, p, MAX(CASE WHEN team IS NULL THEN 1 ELSE 0 END) * MAX(CASE WHEN team IS NULL THEN 0 ELSE 1 END) AS fold_team, "
                    + "MAX(CASE WHEN segment IS NULL THEN 1 ELSE 0 END) * MAX(CASE WHEN segment IS NULL THEN 0 ELSE 1 END) AS fold_segment "
                    + "FROM cells GROUP BY k, p")
            add(
                "actuals",
                "SELECT k, p, metric, SUM(value) AS value, team, segment FROM (SELECT c.k, c.p, c.metric, c.value, "
                    + "CASE WHEN m.fold_team = 1 THEN NULL ELSE c.team END AS team, "
                    + "CASE WHEN m.fold_segment = 1 THEN NULL ELSE c.segment END AS segment "
                    + "FROM cells c JOIN mixed m ON m.k = c.k AND m.p = c.p) f GROUP BY k, p, metric, team, segment")
        }
        var sql =
            "-- Tandem: the records derivation of '\(WarehouseQuery.oneLine(metrics.plan.name))' as of \(periods.last!)"
        sql += " (\(d.rawValue)), as the DocC article \"From records to metrics\" defines it.\n"
        sql +=
            "-- Review date: \(bounds.last!) minutes since 1970 UTC (the end of \(periods.last!) in \(metrics.settings.timezone)).\n"
        sql += "WITH\n"
        sql += ctes.map { "\($0.name) AS (\n  \($0.body)\n)" }.joined(separator: ",\n")
        sql += "\nSELECT per.label AS period, a.metric, a.value, a.team, a.segment\n"
        sql += "FROM actuals a JOIN periods per ON per.p = a.p\n"
        sql += "ORDER BY a.k, a.p, a.team NULLS FIRST, a.segment NULLS FIRST\n"
        return sql
    }

    private mutating func add(_ name: String, _ body: String) { ctes.append((name, body)) }

    // MARK: Periods and tables

    private func periodsTable() -> String {
        periods.indices.map { p in
            "SELECT \(p) AS p, \(d.string(periods[p].description)) AS label, \(bounds[p]) AS start_m, \(bounds[p + 1]) AS end_m"
        }.joined(separator: "\n  UNION ALL ")
    }

    /// The period index of a time in minutes, `NULL` outside the reviewed periods.
    private func period(_ t: String) -> String {
        var cases = "CASE WHEN \(t) IS NULL OR \(t) < \(bounds[0]) OR \(t) >= \(review) THEN NULL"
        for p in 0..<periods.count - 1 { cases += " WHEN \(t) < \(bounds[p + 1]) THEN \(p)" }
        return cases + " ELSE \(periods.count - 1) END"
    }

    private func minutes(_ table: SourceTable, _ column: String) -> String {
        d.minutes(d.identifier(column), zone: table.zone)
    }

    private func nullTime() -> String { "CAST(NULL AS \(d.bigint))" }

    private func text(_ expression: String) -> String { "TRIM(CAST(\(expression) AS \(d.text)))" }

    /// The plan team a value names (by id or name, any case), else `NULL`.
    private func team(_ table: SourceTable) -> String {
        guard table.has(.ownerTeam) else { return "CAST(NULL AS \(d.text))" }
        var index: [String: String] = [:]
        for team in metrics.plan.teams {
            index[team.id.rawValue.lowercased()] = team.id.rawValue
            index[team.name.lowercased()] = team.id.rawValue
        }
        guard !index.isEmpty else { return "CAST(NULL AS \(d.text))" }
        let whens = index.keys.sorted().map { "WHEN \(d.string($0)) THEN \(d.string(index[$0]!))" }
        return "CASE LOWER(\(text(d.identifier(table.column(.ownerTeam))))) \(whens.joined(separator: " ")) END"
    }

    private func segment(_ table: SourceTable) -> String {
        guard table.has(.segment) else { return "CAST(NULL AS \(d.text))" }
        return "NULLIF(\(text(d.identifier(table.column(.segment)))), '')"
    }

    /// The row number of a record among the rows sharing its id (the first is kept).
    private func copy(_ table: SourceTable) -> String? {
        guard table.has(.id) else { return nil }
        let order = table.order.map(d.identifier) ?? d.identifier(table.column(.created))
        return "ROW_NUMBER() OVER (PARTITION BY \(d.identifier(table.column(.id))) ORDER BY \(order)) AS copy_no"
    }

    private func kept(_ table: SourceTable) -> String {
        table.has(.id) ? " WHERE id IS NULL OR copy_no = 1" : ""
    }

    /// A source's table read: its id, created time, `columns`, owner team, segment and the row's
    /// place among the rows sharing its id.
    private mutating func addSource(_ t: SourceTable, _ columns: [String]) {
        var all: [String] = []
        if t.has(.id) { all.append("\(d.identifier(t.column(.id))) AS id") }
        all.append("\(minutes(t, t.column(.created))) AS created_m")
        all += columns
        all += ["\(team(t)) AS team", "\(segment(t)) AS segment"]
        if let copy = copy(t) { all.append(copy) }
        add("source_\(t.index)", "SELECT " + all.joined(separator: ",\n    ") + "\n  FROM \(t.table)")
    }

    /// The leads stages measured: their entry-time columns `s<index>`.
    private var leadStages: [Int] { funnel.stages.indices.filter { measures(.leads, $0) } }
    private var leadsTouched: Bool { leadSources.contains { $0.has(.firstTouch) } }

    private mutating func addLeads() {
        for t in leadSources {
            var columns: [String] = []
            for s in leadStages {
                let stage = funnel.stages[s].id
                columns.append("\(t.has(stage: stage) ? minutes(t, t.column(stage: stage)) : nullTime()) AS s\(s)")
            }
            if leadsTouched {
                columns.append("\(t.has(.firstTouch) ? minutes(t, t.column(.firstTouch)) : nullTime()) AS touch_m")
            }
            addSource(t, columns)
        }
        let union = leadSources.map { t in
            let stages = leadStages.map { $0 == 0 ? "COALESCE(s0, created_m) AS s0" : "s\($0)" }
            let touch = leadsTouched ? ["touch_m"] : []
            return "SELECT " + (["created_m"] + stages + touch + ["team", "segment"]).joined(separator: ", ")
                + " FROM source_\(t.index)\(kept(t))"
        }
        add("lead_records", union.joined(separator: "\n  UNION ALL "))
    }

    /// A deal's outcome (`open`, `won`, `lost`, `disqualified`), as the native reader reads it.
    private func outcome(_ t: SourceTable) -> String {
        func value(_ f: RecordField) -> String { "LOWER(\(text(d.identifier(t.column(f)))))" }
        if t.has(.outcome) {
            return
                "CASE \(value(.outcome)) WHEN 'won' THEN 'won' WHEN 'lost' THEN 'lost' WHEN 'disqualified' THEN 'disqualified' ELSE 'open' END"
        }
        var whens: [String] = []
        if t.has(.won) { whens.append("WHEN \(value(.won)) IN ('true', '1', 'yes') THEN 'won'") }
        if t.has(.status) {
            let compact = d.lettersOnly(value(.status))
            whens.append("WHEN \(compact) = 'closedwon' THEN 'won'")
            whens.append("WHEN \(compact) LIKE 'closedlost%' OR \(compact) = 'lost' THEN 'lost'")
        }
        if t.has(.closed) { whens.append("WHEN \(value(.closed)) IN ('true', '1', 'yes') THEN 'lost'") }
        return whens.isEmpty ? "'open'" : "CASE " + whens.joined(separator: " ") + " ELSE 'open' END"
    }

    private mutating func addDeals() {
        for t in dealSources {
            addSource(
                t,
                [
                    "\(minutes(t, t.column(.close))) AS close_m",
                    "COALESCE(CAST(\(d.identifier(t.column(.amount))) AS \(d.double)), 0) AS amount",
                    "\(outcome(t)) AS outcome",
                ])
        }
        // A deal enters its stage when created, and the last stage when won, at its close.
        let union = dealSources.map { t in
            "SELECT created_m, close_m, amount, outcome, team, segment, created_m AS s\(dealStage), "
                + "CASE WHEN outcome = 'won' THEN close_m END AS s\(last), "
                + "CASE WHEN outcome <> 'open' AND close_m IS NOT NULL THEN 1 ELSE 0 END AS closed FROM source_\(t.index)\(kept(t))"
        }
        add("deal_records", union.joined(separator: "\n  UNION ALL "))
    }

    // MARK: Emitting

    /// The plan metric a series feeds, unless an earlier series fed it.
    private mutating func feeds(_ series: String?, metric: MetricID? = nil) -> MetricID? {
        guard let id = metric ?? series.flatMap({ metrics.target($0) }), !fed.contains(id) else { return nil }
        fed.insert(id)
        return id
    }

    private func row(_ metric: MetricID, value: String, team: String = "NULL", segment: String = "NULL") -> String {
        "SELECT \(emitted) AS k, p, \(d.string(metric.rawValue)) AS metric, CAST(\(value) AS \(d.double)) AS value, "
            + "CAST(\(team) AS \(d.text)) AS team, CAST(\(segment) AS \(d.text)) AS segment"
    }

    /// A series with one value per period: `source` has the columns `p` and `value` (`NULL`: none).
    private mutating func series(_ metric: MetricID, _ source: String) {
        outputs.append(row(metric, value: "value") + " FROM (\(source)) s WHERE value IS NOT NULL")
        emitted += 1
    }

    private enum Presence {
        /// From the first period with a non-zero total on (stage volumes).
        case fromFirst
        /// Periods with any record (won deals, revenue, within-SLA counts).
        case touched
        /// Every period, when there are deals at all (open pipeline).
        case always
    }

    /// A summed series by team and segment, rows that add up to the period's total: `source` has
    /// one row per record with `p` (not `NULL`), `team`, `segment` and `v`.
    private mutating func breakdown(_ name: String, _ metric: MetricID, _ source: String, _ presence: Presence) {
        add(
            "\(name)_cells",
            "SELECT p, team, segment, SUM(v) AS v, COUNT(*) AS n FROM (\(source)) s GROUP BY p, team, segment")
        add(
            "\(name)_totals",
            "SELECT per.p, COALESCE(SUM(c.v), 0) AS total, COALESCE(SUM(c.n), 0) AS n FROM periods per LEFT JOIN \(name)_cells c ON c.p = per.p GROUP BY per.p"
        )
        let present: String
        switch presence {
        case .fromFirst: present = "t.p >= (SELECT MIN(f.p) FROM \(name)_totals f WHERE f.total <> 0)"
        case .touched: present = "t.n > 0"
        case .always: present = "(SELECT COUNT(*) FROM deal_records) > 0"
        }
        // A metric averaged per period takes whole values: its total only.
        let summed = metrics.plan.metric(metric).map { $0.rollup != .average } ?? true
        if detailed, summed {
            let cells = row(metric, value: "v", team: "team", segment: "segment") + " FROM \(name)_cells WHERE v <> 0"
            let zero = row(metric, value: "0") + " FROM \(name)_totals t WHERE t.total = 0 AND \(present)"
            outputs += [cells, zero]
        } else {
            outputs.append(row(metric, value: "total") + " FROM \(name)_totals t WHERE t.total <> 0 OR \(present)")
        }
        emitted += 1
    }

    /// The rows of `source` whose `p` is a reviewed period.
    private func inPeriods(_ source: String) -> String { "SELECT * FROM (\(source)) z WHERE p IS NOT NULL" }

    /// `qs` quantiles of `x` per `g` in `source` (columns `g`, `x`), interpolated between ranks as
    /// the native derivation does (the same arithmetic, so the same doubles): a CTE `name` with
    /// `g` and `q0`, `q1`…
    private mutating func quantiles(_ name: String, _ source: String, _ qs: [Double]) {
        add(
            "\(name)_ranked",
            "SELECT g, x, ROW_NUMBER() OVER (PARTITION BY g ORDER BY x) - 1 AS r, CAST(COUNT(*) OVER (PARTITION BY g) - 1 AS \(d.double)) AS m FROM (\(source)) s"
        )
        var picks: [String] = []
        var values: [String] = []
        for (i, q) in qs.enumerated() {
            let position = "\(d.number(q)) * m"
            picks.append("MAX(CASE WHEN r = FLOOR(\(position)) THEN x END) AS lo\(i)")
            picks.append("MAX(CASE WHEN r = LEAST(m, FLOOR(\(position)) + 1) THEN x END) AS hi\(i)")
            picks.append("MAX(\(position) - FLOOR(\(position))) AS f\(i)")
            values.append(
                "CAST(lo\(i) AS \(d.double)) + (CAST(hi\(i) AS \(d.double)) - CAST(lo\(i) AS \(d.double))) * f\(i) AS q\(i)"
            )
        }
        add("\(name)_ranks", "SELECT g, " + picks.joined(separator: ", ") + " FROM \(name)_ranked GROUP BY g")
        add(name, "SELECT g, " + values.joined(separator: ", ") + " FROM \(name)_ranks")
    }

    // MARK: Parts

    private mutating func volume(_ s: Int, _ kind: RecordKind) {
        guard let metric = feeds(nil, metric: funnel.stages[s].metric) else { return }
        let table = kind == .deals ? "deal_records" : "lead_records"
        let source = inPeriods(
            "SELECT \(period("s\(s)")) AS p, team, segment, CAST(1 AS \(d.double)) AS v FROM \(table)")
        breakdown("volume_\(s)", metric, source, .fromFirst)
    }

    private mutating func transition(_ s: Int, _ kind: RecordKind, _ later: [Int]) {
        let names = RecordDerivationParts.Part.transition(from: s, table: kind, later: later).series(funnel)
        let targets = names.map { feeds($0) }
        guard targets.contains(where: { $0 != nil }) else { return }
        let table = kind == .deals ? "deal_records" : "lead_records"
        let name = "transition_\(s)"
        let big = Int64(Int32.max)
        let reach =
            later.count == 1
            ? "s\(later[0])"
            : "NULLIF(LEAST(\(later.map { "COALESCE(s\($0), \(big))" }.joined(separator: ", "))), \(big))"
        let own = later.contains(s + 1) ? "s\(s + 1)" : nullTime()
        add("\(name)", "SELECT s\(s) AS a, \(reach) AS b, \(own) AS own FROM \(table)")
        let lag = "CASE WHEN b - a > 0 THEN b - a ELSE 0 END"
        if targets[0] != nil || targets[1] != nil {
            if let fixed = metrics.settings.horizonDays[funnel.stages[s].id] {
                add("\(name)_horizon", "SELECT \(fixed) AS h")
            } else {
                // The 90th percentile of the lags completed by the review date, in whole days.
                quantiles(
                    "\(name)_p90", "SELECT 0 AS g, \(lag) AS x FROM \(name) WHERE a < \(review) AND b < \(review)",
                    [0.9])
                add(
                    "\(name)_horizon",
                    "SELECT COALESCE(MAX(GREATEST(1, CAST(CEIL(q0 / 1440) AS \(d.bigint)))), 1) AS h FROM \(name)_p90")
            }
            let hit =
                "CASE WHEN t.b IS NOT NULL AND t.b < \(review) AND (CASE WHEN t.b - t.a > 0 THEN t.b - t.a ELSE 0 END) <= h.h * 1440 THEN 1 ELSE 0 END"
            add(
                "\(name)_cohorts",
                "SELECT p, COUNT(*) AS entered, SUM(hit) AS converted FROM (SELECT \(period("t.a")) AS p, \(hit) AS hit FROM \(name) t CROSS JOIN \(name)_horizon h) z WHERE p IS NOT NULL GROUP BY p"
            )
            let rate =
                "SELECT c.p, CAST(c.converted AS \(d.double)) / CAST(c.entered AS \(d.double)) AS value FROM \(name)_cohorts c JOIN periods per ON per.p = c.p CROSS JOIN \(name)_horizon h WHERE c.entered > 0 AND "
            let mature = "per.end_m + h.h * 1440 <= \(review)"
            if let metric = targets[0] { series(metric, rate + mature) }
            if let metric = targets[1] { series(metric, rate + "NOT (\(mature))") }
        }
        if later.contains(s + 1), targets[2] != nil || targets[3] != nil {
            // Velocity: from A's own time to B's own time, both present, B not before A, by B's period.
            quantiles(
                "\(name)_velocity",
                inPeriods(
                    "SELECT \(period("own")) AS p, own - a AS x FROM \(name) WHERE a < \(review) AND b < \(review) AND own >= a"
                ).replacingOccurrences(of: "SELECT * FROM", with: "SELECT p AS g, x FROM"), [0.5, 0.75])
            if let metric = targets[2] { series(metric, "SELECT g AS p, q0 / 1440 AS value FROM \(name)_velocity") }
            if let metric = targets[3] { series(metric, "SELECT g AS p, q1 / 1440 AS value FROM \(name)_velocity") }
        }
    }

    private mutating func speedToLead() {
        let stage = metrics.settings.speedToLeadStage.flatMap { id in funnel.stages.firstIndex { $0.id == id } } ?? 1
        guard stage < funnel.stages.count, measures(.leads, stage), leadsTouched else { return }
        let targets = RecordDerivationParts.Part.speedToLead.series(funnel).map { feeds($0) }
        guard targets.contains(where: { $0 != nil }) else { return }
        let limit = d.number(metrics.speedToLeadHours * 60)
        add(
            "speed_to_lead_clock",
            "SELECT team, segment, CASE WHEN created_m > s\(stage) THEN created_m ELSE s\(stage) END AS start_m, touch_m FROM lead_records WHERE s\(stage) IS NOT NULL"
        )
        add(
            "speed_to_lead",
            "SELECT p, team, segment, touched, lag, CASE WHEN touched = 1 AND lag <= \(limit) THEN 1 ELSE 0 END AS within, "
                + "CASE WHEN touched = 0 AND \(review) - start_m < \(limit) THEN 1 ELSE 0 END AS pending FROM ("
                + "SELECT \(period("start_m")) AS p, team, segment, start_m, "
                + "CASE WHEN touch_m IS NOT NULL AND touch_m < \(review) THEN 1 ELSE 0 END AS touched, "
                + "CASE WHEN touch_m - start_m > 0 THEN touch_m - start_m ELSE 0 END AS lag FROM speed_to_lead_clock) z WHERE p IS NOT NULL"
        )
        add(
            "speed_to_lead_periods",
            "SELECT p, COUNT(*) AS total, SUM(within) AS within, SUM(pending) AS pending FROM speed_to_lead GROUP BY p")
        if let metric = targets[0] {
            quantiles("speed_to_lead_hours", "SELECT p AS g, lag AS x FROM speed_to_lead WHERE touched = 1", [0.5])
            series(metric, "SELECT g AS p, q0 / 60 AS value FROM speed_to_lead_hours")
        }
        if let metric = targets[1] {
            series(
                metric,
                "SELECT p, CAST(within AS \(d.double)) / CAST(total - pending AS \(d.double)) AS value FROM speed_to_lead_periods WHERE total - pending > 0"
            )
        }
        if let metric = targets[2] {
            breakdown(
                "speed_to_lead_within", metric,
                "SELECT p, team, segment, CAST(1 AS \(d.double)) AS v FROM speed_to_lead WHERE within = 1", .touched)
        }
        if let metric = targets[3] { series(metric, "SELECT p, pending AS value FROM speed_to_lead_periods") }
        if let metric = targets[4] {
            series(metric, "SELECT p, total - within - pending AS value FROM speed_to_lead_periods")
        }
    }

    private mutating func deals() {
        guard !dealSources.isEmpty else { return }
        let targets = RecordDerivationParts.Part.deals.series(funnel).map { feeds($0) }
        let closed = "SELECT \(period("close_m")) AS p, team, segment, "
        if let metric = targets[0] {
            breakdown(
                "won_deals", metric,
                inPeriods(
                    closed + "CAST(1 AS \(d.double)) AS v FROM deal_records WHERE closed = 1 AND outcome = 'won'"),
                .touched)
        }
        if let metric = targets[1] {
            breakdown(
                "won_revenue", metric,
                inPeriods(closed + "amount AS v FROM deal_records WHERE closed = 1 AND outcome = 'won'"),
                .touched)
        }
        if let metric = targets[2] {
            breakdown(
                "lost_deals", metric,
                inPeriods(
                    closed + "CAST(1 AS \(d.double)) AS v FROM deal_records WHERE closed = 1 AND outcome <> 'won'"),
                .touched)
        }
        if let metric = targets[3] {
            // Open at the end of a period: created before it, not closed before it.
            breakdown(
                "open_pipeline", metric,
                "SELECT per.p, x.team, x.segment, x.amount AS v FROM deal_records x CROSS JOIN periods per WHERE x.created_m < per.end_m AND (x.closed = 0 OR x.close_m >= per.end_m)",
                .always)
        }
    }
}
