/// The SQL dialect a ``WarehouseQuery`` is written in.
///
/// ```swift
/// let sql = try WarehouseQuery(plan: plan, dialect: .postgres, asOf: .month(2026, 11)).sql()
/// ```
public enum SQLDialect: String, Sendable, Hashable, Codable, CaseIterable {
    /// DuckDB (1.0 or later, with its ICU extension for time zones other than UTC).
    case duckdb
    /// PostgreSQL (12 or later).
    case postgres
    /// Google BigQuery (GoogleSQL).
    case bigquery
    /// Snowflake.
    case snowflake
}

extension SQLDialect {
    var double: String {
        switch self {
        case .duckdb, .snowflake: "DOUBLE"
        case .postgres: "DOUBLE PRECISION"
        case .bigquery: "FLOAT64"
        }
    }

    var bigint: String { self == .bigquery ? "INT64" : "BIGINT" }

    var text: String {
        switch self {
        case .duckdb, .snowflake: "VARCHAR"
        case .postgres: "TEXT"
        case .bigquery: "STRING"
        }
    }

    /// Words that are never left unquoted as a column name.
    private static let reserved: Set<String> = [
        "all", "and", "as", "asc", "between", "by", "case", "cast", "create", "cross", "current", "default", "desc",
        "distinct", "else", "end", "exists", "false", "fetch", "for", "from", "full", "group", "having", "in", "inner",
        "interval", "into", "is", "join", "left", "like", "limit", "natural", "not", "null", "of", "on", "or",
        "order", "outer", "over", "partition", "range", "right", "rows", "select", "table", "then", "to", "true",
        "union", "using", "when", "where", "window", "with",
    ]

    /// A column name: as is when it is a plain lower-case name (which every warehouse resolves,
    /// Snowflake's upper-case columns included), else quoted (and then case-sensitive).
    func identifier(_ name: String) -> String {
        let plain =
            !name.isEmpty
            && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
            && !("0"..."9").contains(name.unicodeScalars.first!) && !SQLDialect.reserved.contains(name)
        if plain { return name }
        if self == .bigquery {
            return "`" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "`", with: "\\`")
                + "`"
        }
        return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A string literal.
    func string(_ value: String) -> String {
        if self == .bigquery || self == .snowflake {
            return "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
                + "'"
        }
        return "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// A floating-point literal that every dialect reads as a double.
    func number(_ value: Double) -> String {
        "CAST(\(value) AS \(double))"
    }

    /// Whole minutes since 1970 UTC of a timestamp (or date) column holding wall-clock times in
    /// `zone`, rounded down as the native reader keeps times to the minute.
    func minutes(_ column: String, zone: String) -> String {
        let utc = ["UTC", "Etc/UTC", "GMT", "Etc/GMT"].contains(zone)
        switch self {
        case .duckdb:
            let instant =
                utc ? "CAST(\(column) AS TIMESTAMP)" : "timezone(\(string(zone)), CAST(\(column) AS TIMESTAMP))"
            return "CAST(floor(epoch(\(instant)) / 60) AS BIGINT)"
        case .postgres:
            return
                "CAST(floor(extract(epoch FROM CAST(\(column) AS TIMESTAMP) AT TIME ZONE \(string(zone))) / 60) AS BIGINT)"
        case .bigquery:
            return "CAST(FLOOR(UNIX_SECONDS(TIMESTAMP(CAST(\(column) AS DATETIME), \(string(zone)))) / 60) AS INT64)"
        case .snowflake:
            let instant =
                utc
                ? "CAST(\(column) AS TIMESTAMP_NTZ)"
                : "CONVERT_TIMEZONE(\(string(zone)), 'UTC', CAST(\(column) AS TIMESTAMP_NTZ))"
            return "CAST(FLOOR(DATE_PART(EPOCH_SECOND, \(instant)) / 60) AS BIGINT)"
        }
    }

    /// `value` lower-cased with everything but the letters a–z removed.
    func lettersOnly(_ value: String) -> String {
        switch self {
        case .duckdb, .postgres: "regexp_replace(\(value), '[^a-z]', '', 'g')"
        case .bigquery, .snowflake: "REGEXP_REPLACE(\(value), '[^a-z]', '')"
        }
    }
}
