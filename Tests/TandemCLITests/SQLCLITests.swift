import Foundation
import Testing

/// `tandem sql`: the query on standard output, the native derivation in the same columns with
/// `--records`, which `tandem review --actuals` reads, and settings that name no source refused.
@Suite struct SQLCLITests {
    static let plan = "Examples/Brightwell/records/plan.yaml"

    @Test func printsTheQueryInTheDialectAsked() throws {
        let duck = try CLI.run(["sql", Self.plan, "--period", "2026-11"])
        #expect(duck.status == 0, "\(duck.stderr)")
        let golden = try String(
            contentsOf: CLI.root.appendingPathComponent("Tests/TandemTests/Snapshots/warehouse-brightwell-duckdb.sql"),
            encoding: .utf8)
        #expect(duck.stdout == golden)
        let snowflake = try CLI.run([
            "sql", Self.plan, "--period", "2026-11", "--dialect", "snowflake", "--table", "deals=CRM.OPPORTUNITIES",
            "--zone", "0=UTC",
        ])
        #expect(snowflake.status == 0, "\(snowflake.stderr)")
        #expect(snowflake.stdout.contains("FROM CRM.OPPORTUNITIES\n"))
        #expect(snowflake.stdout.contains("DATE_PART(EPOCH_SECOND, CAST(created AS TIMESTAMP_NTZ))"))
    }

    @Test func nativeRowsAreActualsTheReviewReads() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let native = try CLI.run(["sql", Self.plan, "--period", "2026-11", "--records", "Examples/Brightwell/records"])
        #expect(native.status == 0, "\(native.stderr)")
        let lines = native.stdout.split(separator: "\n")
        #expect(lines.first == "period,metric,value,team,segment")
        #expect(lines.contains("2026-07,mql_to_sql,0.32295081967213113,,"))
        let cells = try CLI.run([
            "sql", Self.plan, "--period", "2026-11", "--cells", "--records", "Examples/Brightwell/records",
        ])
        #expect(cells.stdout.split(separator: "\n").count > lines.count)
        let file = dir.appendingPathComponent("derived.csv")
        try Data(native.stdout.utf8).write(to: file)
        let review = try CLI.run([
            "review", Self.plan, "--actuals", file.path, "--actuals", "Examples/Brightwell/records/actuals", "--period",
            "2026-11", "--format", "json", "--out", dir.appendingPathComponent("out").path,
        ])
        #expect(review.status == 0, "\(review.stderr)")
    }

    @Test func settingsThatNameNoSourceAreRefused() throws {
        let unknown = try CLI.run(["sql", Self.plan, "--table", "contacts=crm.contacts"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("'contacts' names no records source (known: 0 (leads), 2 (deals))"))
        let malformed = try CLI.run(["sql", Self.plan, "--zone", "leads"])
        #expect(malformed.status != 0)
        #expect(malformed.stderr.contains("--zone takes source=value"))
        let field = try CLI.run(["sql", Self.plan, "--fields", "leads=id,created,mql"])
        #expect(field.status != 0)
        #expect(field.stderr.contains("records.sources[0]: 'mql' is no field"))
        // Options of the query beside --records (which prints the native rows) are refused.
        let both = try CLI.run(["sql", Self.plan, "--records", "Examples/Brightwell/records", "--emit", "dbt"])
        #expect(both.status == 64)
        #expect(both.stderr.contains("--emit dbt writes the query; with --records"))
        let dialect = try CLI.run([
            "sql", Self.plan, "--records", "Examples/Brightwell/records", "--dialect", "postgres",
        ])
        #expect(dialect.status == 64)
        #expect(dialect.stderr.contains("--dialect shapes the query; with --records"))
    }

    /// `--emit dbt` writes its two files or neither; a failure is exit 74 naming the file.
    @Test func dbtModelIsWrittenWhole() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("models")
        try FileManager.default.createDirectory(
            at: out.appendingPathComponent("tandem_actuals.yml"), withIntermediateDirectories: true)
        let blocked = try CLI.run(["sql", Self.plan, "--emit", "dbt", "--out", out.path])
        #expect(blocked.status == 74)
        #expect(blocked.stderr.contains("tandem_actuals.yml: error: cannot write: Is a directory"))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("tandem_actuals.sql").path))
        try FileManager.default.removeItem(at: out.appendingPathComponent("tandem_actuals.yml"))
        let written = try CLI.run(["sql", Self.plan, "--emit", "dbt", "--out", out.path])
        #expect(written.status == 0, "\(written.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(names == ["tandem_actuals.sql", "tandem_actuals.yml"])
    }
}
