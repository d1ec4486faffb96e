import Foundation

/// The records derivation as one SQL query, for records that already sit in a warehouse: it reads
/// one table per source of the plan's `records:` section and returns the long actuals the native
/// reader derives from the same records (`period, metric, value, team, segment`), which
/// `tandem review --actuals` reads. The definitions are in the *From records to metrics* article;
/// what the query covers is in its *In the warehouse* section.
///
/// ```swift
/// var query = WarehouseQuery(plan: plan, dialect: .duckdb, asOf: .month(2026, 11))
/// query.tables[0] = "crm.hubspot_contacts"
/// let sql = try query.sql()
/// ```
public struct WarehouseQuery: Sendable {
    /// The plan whose funnel, metrics and `records:` section the query follows.
    public var plan: Plan
    /// The SQL dialect to write.
    public var dialect: SQLDialect
    /// The review period: nothing after its end (in the records' time zone) is counted.
    public var asOf: Period
    /// Per source (its index in `records.sources`): the table to read; default the source's kind
    /// (`leads`, `deals`), with `_2`, `_3`… for a second and third source of the same kind. A
    /// name may have a schema (and a database), `crm.contacts`; each part is written as given when
    /// it is a plain name, else quoted (a part given quoted, `"My Schema".contacts`, stays so).
    public var tables: [Int: String] = [:]
    /// Per source: the time zone of the table's timestamps without a zone; default the source's
    /// `timezone:`, else the section's (as the native reader reads times without an offset).
    public var zones: [Int: String] = [:]
    /// Per source: the fields the table has (``RecordField`` names and stage ids); default see
    /// ``fields(of:)``.
    public var fields: [Int: [String]] = [:]
    /// Per source: a column that orders the table's rows as the export did; of the rows sharing an
    /// id the first in that order is kept (default: the earliest created).
    public var rowOrder: [Int: String] = [:]
    /// Per source: the text read in place of its table, as is (the dbt model's `{{ source(…) }}`).
    var references: [Int: String] = [:]

    /// `true`: the rows of a summed series per team × segment cell, exactly as the native
    /// derivation keeps them, records without a team (or segment) in a row without one. The
    /// actuals reader takes such a row for the total of the rows with one, so by default
    /// (`false`) the rows of a period and metric where records without a team meet records with
    /// one are summed over teams (the same for segments): the form ``actualsRows(_:)`` gives.
    public var cells = false

    /// The columns of the query's result, in order.
    public static let resultColumns = ["period", "metric", "value", "team", "segment"]

    /// A query for `plan`'s records as of `asOf`, in `dialect`, reading the default tables.
    public init(plan: Plan, dialect: SQLDialect, asOf: Period) {
        self.plan = plan
        self.dialect = dialect
        self.asOf = asOf
    }

    /// The native derivation's observations in the form the query returns by default (see
    /// ``cells``): per period and metric, summed over teams where some rows have a team and some
    /// not, and over segments likewise; so that `tandem review --actuals` reads them.
    public static func actualsRows(_ observations: [Observation]) -> [Observation] {
        struct Cell: Hashable {
            var period: Period
            var metric: MetricID
        }
        var mixed: [Cell: (teamless: Bool, team: Bool, segmentless: Bool, segment: Bool)] = [:]
        for o in observations {
            var m = mixed[Cell(period: o.period, metric: o.metric)] ?? (false, false, false, false)
            if o.team == nil { m.teamless = true } else { m.team = true }
            if o.segment == nil { m.segmentless = true } else { m.segment = true }
            mixed[Cell(period: o.period, metric: o.metric)] = m
        }
        var rows: [Observation] = []
        var index: [Observation: Int] = [:]
        for o in observations {
            let m = mixed[Cell(period: o.period, metric: o.metric)]!
            var key = o
            key.value = 0
            if m.teamless && m.team { key.team = nil }
            if m.segmentless && m.segment { key.segment = nil }
            if let i = index[key] {
                rows[i].value += o.value
            } else {
                index[key] = rows.count
                var row = key
                row.value = o.value
                rows.append(row)
            }
        }
        return rows
    }

    /// The index of the source that `key` names: its index (`0`, `sources[0]`) or its kind (`leads`,
    /// `deals`) when the plan has one source of that kind.
    /// - Throws: ``InputError`` naming the key when it names no source, or names a kind the plan
    ///   has several sources of.
    public func source(named key: String) throws(InputError) -> Int {
        let sources = plan.records?.sources ?? []
        // A deal snapshot or history feeds no metric: the query reads no table for it.
        let feeding = sources.indices.filter { sources[$0].snapshot == nil && !sources[$0].history }
        var text = key
        if text.hasPrefix("sources["), text.hasSuffix("]") { text = String(text.dropFirst(8).dropLast()) }
        if let i = Int(text), feeding.contains(i) { return i }
        if let kind = RecordKind(rawValue: key) {
            let matching = feeding.filter { sources[$0].kind == kind }
            if matching.count == 1 { return matching[0] }
            if matching.count > 1 {
                throw Self.error(
                    "the plan has \(matching.count) \(kind.rawValue) sources; name one by its index (\(matching.map(String.init).joined(separator: ", ")))",
                    field: key)
            }
        }
        let known = feeding.map { "\($0) (\(sources[$0].kind.rawValue))" }.joined(separator: ", ")
        throw Self.error(
            "'\(key)' names no records source (known: \(known.isEmpty ? "none" : known))", field: key)
    }

    /// The fields the table of source `index` has: the ones set in ``fields``, else every field the
    /// derivation reads from such a source that its `columns:` do not set to `null`: for leads
    /// `id`, `created`, `first_touch`, `owner_team`, `segment` and the entry time of each stage
    /// the source's `columns: stages:` names (without them, every stage after the first up to the
    /// one deals enter); for deals `id`, `created`, `close`, `amount`, `outcome`, `owner_team`,
    /// `segment`.
    public func fields(of index: Int) -> [String] {
        if let given = fields[index] { return given }
        guard let records = plan.records, let funnel = plan.funnel, records.sources.indices.contains(index) else {
            return []
        }
        let source = records.sources[index]
        let base: [RecordField] =
            source.kind == .leads
            ? [.id, .created, .firstTouch, .ownerTeam, .segment]
            : [.id, .created, .close, .amount, .outcome, .ownerTeam, .segment]
        var names = base.filter { source.columns[$0] != "" }.map(\.rawValue)
        if source.kind == .leads {
            if !source.stageColumns.isEmpty {
                names += funnel.stages.filter { source.stageColumns[$0.id] != nil }.map(\.id.rawValue)
            } else {
                let end =
                    records.sources.contains { $0.kind == .deals } ? dealStage(records, funnel) : funnel.stages.count
                names += funnel.stages[min(1, end)..<end].map(\.id.rawValue)
            }
        }
        return names
    }

    /// The query.
    /// - Throws: ``InputError`` when the plan has no `records:` section or funnel, the period is
    ///   not in the cycle, a zone is unknown or one engines read differently (an offset such as
    ///   `GMT+5`, an abbreviation such as `PST`), a table name is malformed or a table's fields name
    ///   no field of its kind.
    public func sql() throws(InputError) -> String {
        var writer = try writer()
        return writer.write()
    }

    /// The query as a dbt model: the model file (`NAME.sql`, materialized as a table, each table
    /// read through `{{ source(…) }}`) and its properties file (`NAME.yml`: the sources, by the
    /// schema each table names, `records` for a table without one, and the model's columns with
    /// `not_null` tests on `period`, `metric` and `value`).
    /// - Throws: ``InputError`` as ``sql()``.
    public func dbtModel(named name: String = "tandem_actuals") throws(InputError) -> (
        model: String, properties: String
    ) {
        guard let records = plan.records else { return (try sql(), "") }
        var query = self
        var sources: [String: [(table: String, about: String)]] = [:]
        var order: [String] = []
        for (i, source) in records.sources.enumerated() where source.snapshot == nil && !source.history {
            let sameKind = records.sources[..<i].filter { $0.kind == source.kind && $0.snapshot == nil && !$0.history }
                .count
            let table = tables[i] ?? (sameKind == 0 ? source.kind.rawValue : "\(source.kind.rawValue)_\(sameKind + 1)")
            let parts = try Self.tableParts(table, dialect: dialect, source: i).map(\.text)
            let schema = parts.count > 1 ? parts[parts.count - 2] : "records"
            let name = parts[parts.count - 1]
            if sources[schema] == nil { order.append(schema) }
            sources[schema, default: []].append(
                (name, "records.sources[\(i)]: \(source.preset.rawValue) \(source.kind.rawValue)"))
            query.references[i] = "{{ source(\(Self.jinja(schema)), \(Self.jinja(name))) }}"
        }
        let model = "{{ config(materialized='table') }}\n" + (try query.sql())
        var yaml =
            "# Written by `tandem sql --emit dbt` for the plan '\(Self.oneLine(plan.name))': the records derivation as of \(asOf).\n"
        yaml += "version: 2\n\nsources:\n"
        for schema in order {
            yaml += "  - name: \(YAMLScalar.written(schema))\n    tables:\n"
            for t in sources[schema]! {
                yaml += "      - name: \(YAMLScalar.written(t.table))\n        description: \"\(t.about)\"\n"
            }
        }
        yaml += "\nmodels:\n  - name: \(name)\n"
        yaml +=
            "    description: \"The long actuals Tandem derives from the records (tandem review --actuals reads them).\"\n"
        yaml += "    columns:\n"
        let about = [
            "period": "The period, e.g. 2026-11.", "metric": "The plan metric.", "value": "The value.",
            "team": "The owner team (a plan team id), empty for all or none.",
            "segment": "The segment, empty for all or none.",
        ]
        for column in Self.resultColumns {
            yaml += "      - name: \(column)\n        description: \"\(about[column]!)\"\n"
            if ["period", "metric", "value"].contains(column) { yaml += "        tests: [not_null]\n" }
        }
        return (model, yaml)
    }

    /// The parts the query derives, in order: the native derivation's for the same records.
    func parts() throws(InputError) -> [RecordDerivationParts.Part] {
        let writer = try writer()
        return RecordDerivationParts.parts(stages: writer.funnel.stages.count, measures: writer.measures)
    }

    private func writer() throws(InputError) -> QueryWriter {
        guard let records = plan.records, let funnel = plan.funnel else {
            throw Self.error("the plan has no 'records:' section or no funnel", field: "records")
        }
        guard plan.cycle.position(of: asOf) != nil else {
            throw Self.error(
                "the period \(asOf) is not in the cycle \(plan.cycle.start)…\(plan.cycle.end)", field: "period")
        }
        var sources: [SourceTable] = []
        var seen: [RecordKind: Int] = [:]
        // A deal snapshot or history feeds no metric (pipeline movement is not in the query).
        for (i, source) in records.sources.enumerated() where source.snapshot == nil && !source.history {
            seen[source.kind, default: 0] += 1
            let n = seen[source.kind]!
            let zone = zones[i] ?? source.timezone ?? records.timezone
            guard let known = TimeZone(identifier: zone) else {
                throw Self.error(
                    "unknown time zone '\(zone)' for records.sources[\(i)]; expected a name of the tz database, e.g. America/New_York or UTC",
                    field: "records.sources[\(i)]")
            }
            if let problem = Self.ambiguousZone(zone, known) {
                throw Self.error(
                    "the time zone '\(zone)' of records.sources[\(i)] \(problem)",
                    field: "records.sources[\(i)]")
            }
            let table: String
            if let reference = references[i] {
                table = reference
            } else if let given = tables[i] {
                guard let quoted = dialect.table(given) else { throw Self.badTable(given, source: i) }
                table = quoted
            } else {
                table = n == 1 ? source.kind.rawValue : "\(source.kind.rawValue)_\(n)"
            }
            var present: Set<String> = []
            let allowed =
                Set(RecordField.allCases.map(\.rawValue)).union(funnel.stages.map(\.id.rawValue))
            for name in fields(of: i) {
                guard allowed.contains(name) else {
                    throw Self.error(
                        "records.sources[\(i)]: '\(name)' is no field (expected one of \(RecordField.allCases.map(\.rawValue).joined(separator: ", ")) or a stage id: \(funnel.stages.map(\.id.rawValue).joined(separator: ", ")))",
                        field: name)
                }
                present.insert(name)
            }
            guard present.contains(RecordField.created.rawValue) else {
                throw Self.error(
                    "records.sources[\(i)]: the table needs the field 'created'", field: RecordField.created.rawValue)
            }
            if source.kind == .deals {
                for field in [RecordField.close, .amount] where !present.contains(field.rawValue) {
                    throw Self.error(
                        "records.sources[\(i)]: a deals table needs the field '\(field.rawValue)'",
                        field: field.rawValue)
                }
            }
            sources.append(
                SourceTable(index: i, source: source, table: table, zone: zone, fields: present, order: rowOrder[i]))
        }
        let metrics = try RecordMetrics(plan: plan, records: RecordSet())
        let zone = ZoneClock(TimeZone(identifier: records.timezone) ?? TimeZone(identifier: "UTC")!)
        let (periods, bounds) = metrics.periodBounds(asOf: asOf, clock: zone)
        return QueryWriter(
            dialect: dialect, metrics: metrics, funnel: funnel, sources: sources, periods: periods, bounds: bounds,
            dealStage: dealStage(records, funnel), cells: cells)
    }

    /// The stage a deal enters when created, as the native reader decides it.
    func dealStage(_ records: RecordsPlan, _ funnel: Funnel) -> Int {
        for source in records.sources where source.kind == .deals {
            if let id = source.dealStage, let i = funnel.stages.firstIndex(where: { $0.id == id }) { return i }
        }
        return max(0, funnel.stages.count - 2)
    }

    /// Why the warehouses would read `zone` otherwise than Tandem does, or `nil`: an offset
    /// (`GMT+5`, `UTC-03:00`: POSIX engines such as PostgreSQL flip its sign) or an abbreviation
    /// (`PST`, `CET`: Tandem reads the region with its daylight saving time, PostgreSQL a fixed
    /// offset, BigQuery none).
    static func ambiguousZone(_ zone: String, _ known: TimeZone) -> String? {
        if ["UTC", "GMT", "Etc/UTC", "Etc/GMT"].contains(zone) || zone.contains("/") { return nil }
        if known.identifier != zone {
            let offset = known.secondsFromGMT()
            let etc = offset % 3600 == 0 ? "Etc/GMT\(offset <= 0 ? "+" : "-")\(abs(offset) / 3600) or " : ""
            return
                "is an offset that engines read with opposite signs; write a zone of the tz database, e.g. \(etc)a city's zone"
        }
        if let region = TimeZone.abbreviationDictionary[zone] {
            return
                "is an abbreviation that engines read differently (a fixed offset, or none); write its zone of the tz database, e.g. \(region)"
        }
        return nil
    }

    /// The parts of the table name `given` for source `index`.
    static func tableParts(_ given: String, dialect: SQLDialect, source index: Int) throws(InputError) -> [(
        text: String, quoted: Bool
    )] {
        guard let parts = dialect.tableParts(given) else { throw badTable(given, source: index) }
        return parts
    }

    static func badTable(_ given: String, source index: Int) -> InputError {
        error(
            "records.sources[\(index)]: '\(given)' is no table name; expected TABLE, SCHEMA.TABLE or DATABASE.SCHEMA.TABLE, each part a name or quoted (\"…\"), none empty",
            field: "table")
    }

    /// A Jinja string literal.
    static func jinja(_ text: String) -> String {
        "'"
            + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r") + "'"
    }

    /// `text` on one line: line breaks (and the other controls but tab) as spaces, for a comment.
    static func oneLine(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F ? " " : $0 }))
    }

    static func error(_ message: String, field: String) -> InputError {
        InputError([Diagnostic(code: .invalidValue, message: message, field: field)])
    }
}

/// One source's table as the query reads it.
struct SourceTable {
    let index: Int
    let source: RecordSource
    let table: String
    let zone: String
    let fields: Set<String>
    let order: String?

    func has(_ field: RecordField) -> Bool { fields.contains(field.rawValue) }
    func has(stage: StageID) -> Bool { fields.contains(stage.rawValue) }

    /// The column name of a field: the source's `columns:` name, else the field's own.
    func column(_ field: RecordField) -> String {
        if let name = source.columns[field], !name.isEmpty { return name }
        return field.rawValue
    }

    func column(stage: StageID) -> String { source.stageColumns[stage] ?? stage.rawValue }
}
