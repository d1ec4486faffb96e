import Foundation
import Testing

@testable import Tandem

/// `tandem sql`'s query: the Brightwell plan's DuckDB SQL as a golden file, the parts it shares
/// with the native derivation, each dialect's spelling, and the errors of bad settings. That the
/// query gives the native numbers in DuckDB and PostgreSQL is `Tests/consumers/check_sql.py`'s.
@Suite struct WarehouseQueryTests {
    static let recordsFolder = Fixtures.root.appendingPathComponent("Examples/Brightwell/records")

    static func brightwell() throws -> Plan {
        try PlanLoader().load(contentsOf: recordsFolder.appendingPathComponent("plan.yaml"))
    }

    /// Brightwell without its October deal snapshot, so the deals are `sources[1]`.
    static func brightwellCurrent() throws -> Plan {
        var plan = try brightwell()
        plan.records?.sources.removeAll { $0.snapshot != nil }
        return plan
    }

    /// A snapshot feeds no metric: the query reads no table for it, and no key names it.
    @Test func aDealSnapshotHasNoTable() throws {
        let plan = try Self.brightwell()
        let snapshot = try #require(plan.records?.sources.firstIndex { $0.snapshot != nil })
        let query = WarehouseQuery(plan: plan, dialect: .duckdb, asOf: .month(2026, 11))
        #expect(throws: InputError.self) { try query.source(named: "\(snapshot)") }
        let sql = try query.sql()
        #expect(sql.contains("  FROM deals\n"))
        #expect(!sql.contains("deals_2"))
    }

    @Test func brightwellDuckDBQueryMatchesItsGoldenFile() throws {
        let sql = try WarehouseQuery(plan: Self.brightwell(), dialect: .duckdb, asOf: .month(2026, 11)).sql()
        try assertSnapshot(sql, named: "warehouse-brightwell-duckdb.sql")
    }

    /// The query derives the parts the native derivation runs on Brightwell's exports, so every
    /// series the native path emits has its place in the query, in the same order.
    @Test func queryChoosesTheNativePartsForBrightwell() throws {
        let plan = try Self.brightwellCurrent()
        let files = [
            Self.recordsFolder.appendingPathComponent("hubspot-contacts.csv"),
            Self.recordsFolder.appendingPathComponent("salesforce-opportunities.csv"),
        ]
        let records = try RecordsLoader(plan: plan).load(contentsOf: files)
        let derived = try RecordMetrics(plan: plan, records: records).derive(asOf: .month(2026, 11))
        let parts = try WarehouseQuery(plan: plan, dialect: .postgres, asOf: .month(2026, 11)).parts()
        #expect(
            parts == [
                .volume(stage: 0, table: .leads), .volume(stage: 1, table: .leads), .volume(stage: 2, table: .leads),
                .volume(stage: 3, table: .deals), .volume(stage: 4, table: .deals),
                .transition(from: 0, table: .leads, later: [1, 2]), .transition(from: 1, table: .leads, later: [2]),
                .transition(from: 3, table: .deals, later: [4]), .speedToLead, .deals,
            ])
        let funnel = try #require(plan.funnel)
        #expect(derived.summary.series.map(\.id) == parts.flatMap { $0.series(funnel) }.compactMap { $0 })
    }

    @Test func everyDialectWritesOneQueryWithItsOwnSpelling() throws {
        let plan = try Self.brightwellCurrent()
        for dialect in SQLDialect.allCases {
            let sql = try WarehouseQuery(plan: plan, dialect: dialect, asOf: .month(2026, 11)).sql()
            #expect(sql.contains("WITH\nperiods AS ("))
            #expect(sql.contains("SELECT per.label AS period, a.metric, a.value, a.team, a.segment"))
            #expect(!sql.contains(";"))
            // The periods' bounds: July 1, November 1 (EDT) and December 1 (EST), 2026 at midnight in New York.
            #expect(sql.contains("SELECT 0 AS p, '2026-07' AS label, 29714640 AS start_m"))
            #expect(sql.contains("SELECT 4 AS p, '2026-11' AS label, 29891760 AS start_m, 29935020 AS end_m"))
        }
    }

    @Test(arguments: [
        (
            SQLDialect.duckdb,
            "CAST(floor(epoch(timezone('America/New_York', CAST(created AS TIMESTAMP))) / 60) AS BIGINT)"
        ),
        (
            .postgres,
            "CAST(floor(extract(epoch FROM CAST(created AS TIMESTAMP) AT TIME ZONE 'America/New_York') / 60) AS BIGINT)"
        ),
        (
            .bigquery,
            "CAST(FLOOR(UNIX_SECONDS(TIMESTAMP(CAST(created AS DATETIME), 'America/New_York')) / 60) AS INT64)"
        ),
        (
            .snowflake,
            "CAST(FLOOR(DATE_PART(EPOCH_SECOND, CONVERT_TIMEZONE('America/New_York', 'UTC', CAST(created AS TIMESTAMP_NTZ))) / 60) AS BIGINT)"
        ),
    ])
    func timesAreWholeMinutesReadInTheSourceZone(dialect: SQLDialect, expected: String) {
        #expect(dialect.minutes("created", zone: "America/New_York") == expected)
    }

    @Test func namesAndTextsAreQuotedForEachDialect() {
        #expect(SQLDialect.duckdb.identifier("created") == "created")
        #expect(SQLDialect.snowflake.identifier("first_touch") == "first_touch")
        #expect(SQLDialect.postgres.identifier("Record ID") == "\"Record ID\"")
        #expect(SQLDialect.postgres.identifier("order") == "\"order\"")
        #expect(SQLDialect.bigquery.identifier("Close Date") == "`Close Date`")
        #expect(SQLDialect.postgres.string("O'Brien") == "'O''Brien'")
        #expect(SQLDialect.bigquery.string("O'Brien") == "'O\\'Brien'")
    }

    @Test func tablesZonesFieldsAndRowOrderComeFromTheSettings() throws {
        var query = WarehouseQuery(plan: try Self.brightwellCurrent(), dialect: .postgres, asOf: .month(2026, 10))
        query.tables[try query.source(named: "leads")] = "crm.hubspot_contacts"
        query.tables[try query.source(named: "sources[1]")] = "crm.opportunities"
        query.zones[0] = "UTC"
        query.fields[1] = ["id", "created", "close", "amount", "won", "closed", "status"]
        query.rowOrder[1] = "_line"
        let sql = try query.sql()
        #expect(sql.contains("FROM crm.hubspot_contacts\n"))
        #expect(sql.contains("FROM crm.opportunities\n"))
        #expect(sql.contains("AT TIME ZONE 'UTC'"))
        #expect(sql.contains("ROW_NUMBER() OVER (PARTITION BY id ORDER BY _line) AS copy_no"))
        #expect(
            sql.contains(
                "CASE WHEN LOWER(TRIM(CAST(won AS TEXT))) IN ('true', '1', 'yes') THEN 'won' WHEN regexp_replace(LOWER(TRIM(CAST(status AS TEXT))), '[^a-z]', '', 'g') = 'closedwon' THEN 'won'"
            ))
        // The deals table has no owner team now: its records are in no team.
        #expect(sql.contains("CAST(NULL AS TEXT) AS team,\n    NULLIF") == false)
        #expect(query.fields(of: 0) == ["id", "created", "first_touch", "owner_team", "segment", "mqls", "sqls"])
        #expect(sql.contains("'2026-11'") == false)
    }

    @Test func dbtModelReadsEachTableThroughItsSource() throws {
        var query = WarehouseQuery(plan: try Self.brightwellCurrent(), dialect: .bigquery, asOf: .month(2026, 11))
        query.tables[1] = "salesforce.opportunity"
        let (model, properties) = try query.dbtModel()
        #expect(model.hasPrefix("{{ config(materialized='table') }}\n-- Tandem: the records derivation"))
        #expect(model.contains("FROM {{ source('records', 'leads') }}\n"))
        #expect(model.contains("FROM {{ source('salesforce', 'opportunity') }}\n"))
        #expect(
            properties.contains(
                "sources:\n  - name: records\n    tables:\n      - name: leads\n        description: \"records.sources[0]: hubspot leads\"\n  - name: salesforce\n"
            ))
        #expect(properties.contains("models:\n  - name: tandem_actuals\n"))
        #expect(
            properties.contains("      - name: value\n        description: \"The value.\"\n        tests: [not_null]\n")
        )
    }

    @Test func sourcesOfOneKindAreReadTogether() throws {
        var plan = try Self.brightwellCurrent()
        plan.records?.sources.insert(RecordSource(kind: .leads, preset: .salesforce, file: "leads-*.csv"), at: 1)
        var query = WarehouseQuery(plan: plan, dialect: .duckdb, asOf: .month(2026, 11))
        #expect(throws: InputError.self) { try query.source(named: "leads") }
        #expect(try query.source(named: "1") == 1)
        query.fields[1] = ["created", "mqls", "owner_team"]
        let sql = try query.sql()
        #expect(sql.contains("  FROM leads\n"))
        #expect(sql.contains("  FROM leads_2\n"))
        #expect(sql.contains("  FROM deals\n"))
        // The second has no id (every row a record), no SQL time and no first touch.
        #expect(
            sql.contains(
                "  UNION ALL SELECT created_m, COALESCE(s0, created_m) AS s0, s1, s2, touch_m, team, segment FROM source_1\n"
            ))
        #expect(sql.contains("CAST(NULL AS BIGINT) AS s2,\n    CAST(NULL AS BIGINT) AS touch_m"))
    }

    @Test func tableNamesAreQuotedPartByPartSoNoNameRunsAsSQL() throws {
        var query = WarehouseQuery(plan: try Self.brightwellCurrent(), dialect: .postgres, asOf: .month(2026, 11))
        for (given, written) in [
            ("crm.contacts", "crm.contacts"), ("crm.Contacts", "crm.Contacts"), ("my table", "\"my table\""),
            ("select", "\"select\""), ("crm.contacts; DROP TABLE x; --", "crm.\"contacts; DROP TABLE x; --\""),
            ("\"My \"\"Schema\"\".x\".Contacts", "\"My \"\"Schema\"\".x\".Contacts"),
            (" crm . contacts ", "crm.contacts"),
        ] {
            query.tables[0] = given
            #expect(try query.sql().contains("  FROM \(written)\n"), "\(given)")
        }
        for bad in ["a..b", "crm.", "\"open", "\"a\"b", ""] {
            query.tables[0] = bad
            #expect(Self.message(query)?.hasPrefix("records.sources[0]: '\(bad)' is no table name") == true, "\(bad)")
        }
        #expect(SQLDialect.bigquery.table("my-project.crm.my table") == "my-project.crm.`my table`")
        #expect(SQLDialect.bigquery.table("`my-project.crm.contacts`") == "`my-project.crm.contacts`")
        #expect(SQLDialect.snowflake.table("x`y") == "\"x`y\"")
    }

    @Test func dbtNamesAreJinjaAndYAMLStrings() throws {
        var query = WarehouseQuery(plan: try Self.brightwellCurrent(), dialect: .duckdb, asOf: .month(2026, 11))
        query.tables[0] = "o'brien.\"con: #tacts\""
        let (model, properties) = try query.dbtModel()
        #expect(model.contains("FROM {{ source('o\\'brien', 'con: #tacts') }}\n"))
        #expect(properties.contains("  - name: \"o'brien\"\n    tables:\n      - name: \"con: #tacts\"\n"))
        query.tables[0] = "a..b"
        #expect(throws: InputError.self) { try query.dbtModel() }
    }

    @Test func zonesEnginesReadDifferentlyAreRefused() throws {
        var plan = try Self.brightwellCurrent()
        plan.name = "Plan\rDROP TABLE x;\nmore"
        var query = WarehouseQuery(plan: plan, dialect: .postgres, asOf: .month(2026, 11))
        // A line break in the plan's name never ends the comment the query starts with.
        #expect(try query.sql().hasPrefix("-- Tandem: the records derivation of 'Plan DROP TABLE x; more'"))
        query.zones[0] = "GMT+5"
        #expect(Self.message(query)?.contains("'GMT+5' of records.sources[0] is an offset") == true)
        #expect(Self.message(query)?.contains("Etc/GMT-5") == true)
        query.zones[0] = "PST"
        #expect(Self.message(query)?.contains("e.g. America/Los_Angeles") == true)
        for fine in ["UTC", "Etc/GMT+5", "America/New_York"] {
            query.zones[0] = fine
            #expect(Self.message(query) == nil, "\(fine)")
        }
        #expect(SQLDialect.bigquery.string("a\nb") == "'a\\nb'")
        #expect(SQLDialect.bigquery.identifier("a\nb") == "`a\\nb`")
    }

    /// The message of the first error `query` throws, or `nil` when it writes its SQL.
    static func message(_ query: WarehouseQuery) -> String? {
        do {
            _ = try query.sql()
            return nil
        } catch {
            return error.diagnostics.first?.message
        }
    }

    @Test func badSettingsAreErrorsNamingWhatIsWrong() throws {
        let plan = try Self.brightwellCurrent()
        var query = WarehouseQuery(plan: plan, dialect: .duckdb, asOf: .month(2026, 11))
        let unknown = #expect(throws: InputError.self) { try query.source(named: "contacts") }
        #expect(
            unknown?.description.contains("'contacts' names no records source (known: 0 (leads), 1 (deals))") == true)
        query.fields[0] = ["id", "created", "mql"]
        #expect(
            Self.message(query)?.hasPrefix("records.sources[0]: 'mql' is no field (expected one of id, created") == true
        )
        query.fields[0] = nil
        query.zones[1] = "Mars/Olympus"
        #expect(
            Self.message(query)
                == "unknown time zone 'Mars/Olympus' for records.sources[1]; expected a name of the tz database, e.g. America/New_York or UTC"
        )
        query.zones[1] = nil
        query.fields[1] = ["id", "created", "amount"]
        #expect(Self.message(query) == "records.sources[1]: a deals table needs the field 'close'")
        query.fields[1] = nil
        query.asOf = .month(2027, 2)
        #expect(Self.message(query) == "the period 2027-02 is not in the cycle 2026-07…2026-12")
        var bare = plan
        bare.records = nil
        #expect(
            Self.message(WarehouseQuery(plan: bare, dialect: .duckdb, asOf: .month(2026, 11)))
                == "the plan has no 'records:' section or no funnel")
        #expect(Self.message(WarehouseQuery(plan: plan, dialect: .snowflake, asOf: .month(2026, 11))) == nil)
    }
}
