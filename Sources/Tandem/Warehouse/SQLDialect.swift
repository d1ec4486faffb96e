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
    static let reserved: Set<String> = [
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
        return plain ? name : quoted(name)
    }

    /// A name quoted as an identifier, whatever it holds.
    func quoted(_ name: String) -> String {
        if self == .bigquery {
            return "`"
                + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "`", with: "\\`")
                .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r") + "`"
        }
        return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A string literal (BigQuery's and Snowflake's with backslash escapes, a line break
    /// included: a BigQuery quoted string cannot hold one).
    func string(_ value: String) -> String {
        if self == .bigquery || self == .snowflake {
            return "'"
                + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
                .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r") + "'"
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

extension SQLDialect {
    /// The parts of a table name as `--table` gives it (`table`, `schema.table`,
    /// `project.dataset.table`), separated by dots: each a name as written, or quoted (`"…"`, with
    /// `""` for a quote; in BigQuery `` `…` ``, with backslash escapes), its text unquoted.
    /// `nil` for an empty part or a quote left open.
    func tableParts(_ name: String) -> [(text: String, quoted: Bool)]? {
        let chars = Array(name)
        var parts: [(text: String, quoted: Bool)] = []
        var i = 0
        while true {
            while i < chars.count, chars[i] == " " { i += 1 }
            guard i < chars.count else { return nil }
            let open = chars[i]
            if open == "\"" && self != .bigquery || open == "`" && self == .bigquery {
                var text = ""
                var closed = false
                i += 1
                while i < chars.count {
                    let c = chars[i]
                    if open == "`", c == "\\", i + 1 < chars.count {
                        text.append(chars[i + 1])
                        i += 2
                    } else if c == open, open == "\"", i + 1 < chars.count, chars[i + 1] == "\"" {
                        text.append("\"")
                        i += 2
                    } else if c == open {
                        closed = true
                        i += 1
                        break
                    } else {
                        text.append(c)
                        i += 1
                    }
                }
                guard closed, !text.isEmpty else { return nil }
                parts.append((text, true))
                while i < chars.count, chars[i] == " " { i += 1 }
            } else {
                var text = ""
                while i < chars.count, chars[i] != "." {
                    text.append(chars[i])
                    i += 1
                }
                while text.last == " " { text.removeLast() }
                guard !text.isEmpty else { return nil }
                parts.append((text, false))
            }
            if i == chars.count { return parts }
            guard chars[i] == "." else { return nil }
            i += 1
        }
    }

    /// A table name as `--table` gives it, safe in a `FROM`: each part of ``tableParts(_:)`` as
    /// written when it is a plain name (letters, digits, `_` and `$`, not starting with a digit;
    /// in BigQuery `-` too, as in project ids), so the warehouse resolves its case as usual;
    /// quoted otherwise. `nil` as ``tableParts(_:)``.
    func table(_ name: String) -> String? {
        guard let parts = tableParts(name) else { return nil }
        return parts.map { part in
            let plain =
                !part.quoted
                && part.text.unicodeScalars.allSatisfy {
                    ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
                        || $0 == "$" || (self == .bigquery && $0 == "-")
                } && !("0"..."9").contains(part.text.unicodeScalars.first!) && part.text.first != "$"
                && part.text.first != "-" && !SQLDialect.reserved.contains(part.text.lowercased())
            return plain ? part.text : quoted(part.text)
        }.joined(separator: ".")
    }
}
