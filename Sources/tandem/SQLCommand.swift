import ArgumentParser
import Foundation
import Tandem

extension SQLDialect: ExpressibleByArgument {}

struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Print the records derivation as one SQL query, to run where the records already live.",
        discussion: """
            The query reads one table per source of the plan's records: section and returns the \
            long actuals (period, metric, value, team, segment) that the native reader derives \
            from the same records; save its result as CSV and review it with --actuals. Times \
            are timestamps without a zone in the source's timezone (or --zone); amounts are \
            numbers. With --records it prints instead what the native reader derives from those \
            exports, in the same columns, to compare the two. See the DocC article "From records \
            to metrics", section "In the warehouse", for what the query covers.

            A source is named by its index (0, 1…) or, when the plan has one source of that \
            kind, by its kind (leads, deals).

            Examples:
              tandem sql plan.yaml --dialect postgres --table leads=crm.contacts
              tandem sql plan.yaml --dialect bigquery --zone leads=UTC \\
                --fields deals=id,created,close,amount,won,closed,status
              tandem sql plan.yaml --period 2026-11 --records exports/ > native.csv
              tandem sql plan.yaml --dialect snowflake --emit dbt --out models/tandem
            """
    )

    @Argument(help: "The plan file (YAML or JSON).", completion: .file(extensions: ["yaml", "yml", "json"]))
    var plan: String

    @Option(help: "The SQL dialect (default: duckdb).")
    var dialect: SQLDialect?

    @Option(help: "The review period, e.g. 2026-11: nothing after its end is counted (default: the cycle's last).")
    var period: String?

    @Option(
        name: .customLong("table"),
        help: ArgumentHelp(
            "The table a source is read from (default: its kind, leads or deals; leads_2… for a second source of a kind).",
            valueName: "source=table"))
    var tables: [String] = []

    @Option(
        name: .customLong("zone"),
        help: ArgumentHelp(
            "The time zone of a source's timestamps (default: its timezone:, else the section's).",
            valueName: "source=zone"))
    var zones: [String] = []

    @Option(
        name: .customLong("fields"),
        help: ArgumentHelp(
            "The fields a source's table has, comma-separated field names and stage ids (default: see the article).",
            valueName: "source=fields"))
    var fields: [String] = []

    @Option(
        name: .customLong("row-order"),
        help: ArgumentHelp(
            "A column ordering a source's rows as its export did: of rows sharing an id the first is kept (default: the earliest created).",
            valueName: "source=column"))
    var rowOrder: [String] = []

    @Option(
        help: "What to write: sql (the query on standard output) or dbt (a model and its properties file in --out).")
    var emit: Emit = .sql

    @Option(
        help: "The folder --emit dbt writes tandem_actuals.sql and tandem_actuals.yml into.")
    var out: String = "."

    enum Emit: String, ExpressibleByArgument, CaseIterable {
        case sql, dbt
    }

    @Flag(
        help:
            "Rows per team × segment cell exactly as the native derivation keeps them (not summed where records without a team or segment meet records with one; the actuals reader takes those rows for totals)."
    )
    var cells = false

    @OptionGroup var records: RecordsInput

    func validate() throws {
        if let period, Period(parsing: period) == nil {
            throw ValidationError("--period must look like 2026-11 or 2026-Q4, not '\(period)'")
        }
        for (option, values) in [
            ("--table", tables), ("--zone", zones), ("--fields", fields), ("--row-order", rowOrder),
        ] {
            for value in values where !value.contains("=") || value.hasPrefix("=") || value.hasSuffix("=") {
                throw ValidationError("\(option) takes source=value, e.g. leads=…, not '\(value)'")
            }
            // With --records nothing is queried: an option of the query would be ignored silently.
            if !records.records.isEmpty, !values.isEmpty {
                throw ValidationError(
                    "\(option) shapes the query; with --records the native derivation is printed instead")
            }
        }
        if !records.records.isEmpty, dialect != nil {
            throw ValidationError(
                "--dialect shapes the query; with --records the native derivation is printed instead")
        }
        if !records.records.isEmpty, emit == .dbt {
            throw ValidationError(
                "--emit dbt writes the query; with --records the native derivation is printed instead")
        }
    }

    func run() throws {
        do {
            let planURL = URL(fileURLWithPath: self.plan)
            let plan = try PlanLoader().load(contentsOf: planURL)
            let asOf = period.flatMap { Period(parsing: $0) } ?? plan.cycle.end
            if let derived = try records.load(plan: plan, asOf: asOf) {
                StandardOutput.write(WarehouseQuery.resultColumns.joined(separator: ","))
                let observations = derived.derive(asOf: asOf).actuals.observations
                for o in cells ? observations : WarehouseQuery.actualsRows(observations) {
                    let row = [
                        o.period.description, o.metric.rawValue, "\(o.value)", o.team?.rawValue ?? "", o.segment ?? "",
                    ]
                    StandardOutput.write(row.map(csv).joined(separator: ","))
                }
                return
            }
            var query = WarehouseQuery(plan: plan, dialect: dialect ?? .duckdb, asOf: asOf)
            query.cells = cells
            func pairs(_ option: String, _ values: [String]) throws(InputError) -> [(Int, String)] {
                var result: [(Int, String)] = []
                for value in values {
                    let key = String(value.prefix { $0 != "=" })
                    do {
                        result.append((try query.source(named: key), String(value.dropFirst(key.count + 1))))
                    } catch {
                        throw InputError(
                            error.diagnostics.map { d in
                                var d = d
                                d.message = "\(option) \(value): " + d.message
                                return d
                            })
                    }
                }
                return result
            }
            for (i, table) in try pairs("--table", tables) { query.tables[i] = table }
            for (i, zone) in try pairs("--zone", zones) { query.zones[i] = zone }
            for (i, list) in try pairs("--fields", fields) {
                query.fields[i] = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            }
            for (i, column) in try pairs("--row-order", rowOrder) { query.rowOrder[i] = column }
            guard emit == .dbt else {
                StandardOutput.write(try query.sql(), terminator: "")
                return
            }
            let (model, properties) = try query.dbtModel()
            // Both files or neither, as `tandem review` writes its set (a failure names the file).
            let written: [URL]
            do {
                var files = OutputFiles(directory: URL(fileURLWithPath: out))
                try files.stage("tandem_actuals.sql", bytes: Array(model.utf8))
                try files.stage("tandem_actuals.yml", bytes: Array(properties.utf8))
                written = try files.commit()
            } catch {
                StandardError().write("\(error)")
                throw ExitCode(74)
            }
            for url in written { StandardOutput.write("wrote \(url.relativePath)") }
        } catch let error as InputError {
            throw reportInvalidInput(error)
        }
    }

    /// A CSV cell, quoted when it holds a comma, quote or line break.
    private func csv(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
