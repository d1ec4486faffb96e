/// One problem found in an input, located like a compiler's message:
/// `plan.yaml:14:9: error: unknown metric 'sqls2'; did you mean 'sqls'?`.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable {
        /// The input is invalid: loading throws.
        case error
        /// Worth knowing, but the input is still used (a period outside the cycle, an unknown
        /// column).
        case warning
    }

    /// What kind of problem it is. Match on these, not on the message text.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The input cannot be read: missing, a directory or device where a file is expected, not valid
        /// UTF-8, or an I/O error.
        public static let unreadable = Code(rawValue: "unreadable")
        /// The input is over a limit: a file over its byte limit, a record over the longest allowed,
        /// more errors than the loader reports.
        public static let tooLarge = Code(rawValue: "too_large")
        /// Malformed text: YAML, JSON or CSV that does not parse (a stray quote, a trailing comma…).
        public static let syntax = Code(rawValue: "syntax")
        /// The same key twice in one YAML or JSON mapping.
        public static let duplicateKey = Code(rawValue: "duplicate_key")
        /// A required field, column or section is absent.
        public static let missingField = Code(rawValue: "missing_field")
        /// A field or column the schema does not know; a warning for a file in an actuals folder that
        /// is neither `.csv` nor `.json` (it is skipped).
        public static let unknownField = Code(rawValue: "unknown_field")
        /// A value of the wrong kind: a list where text is expected, text where a number is expected.
        public static let wrongType = Code(rawValue: "wrong_type")
        /// A value of the right kind that is not allowed: an empty name, an unknown unit, a negative weight,
        /// a malformed formula.
        public static let invalidValue = Code(rawValue: "invalid_value")
        /// Text that should be a number and is not one Tandem accepts: bad digit groups, a unit the metric
        /// does not allow, over the magnitude ceiling, `inf` or `nan`.
        public static let invalidNumber = Code(rawValue: "invalid_number")
        /// An id that names nothing in the plan: a metric, team, key result, stage or tactic.
        public static let unknownReference = Code(rawValue: "unknown_reference")
        /// Two plan entries of one kind (metrics, teams, objectives…) with the same id.
        public static let duplicateID = Code(rawValue: "duplicate_id")
        /// A circular reference: a formula that reads itself, or an objective that is its own ancestor.
        public static let cycle = Code(rawValue: "cycle")
        /// A period outside the plan's cycle (a warning for actuals, which are left out; an error for the
        /// review period).
        public static let outsideCycle = Code(rawValue: "outside_cycle")
        /// A CSV row with more or fewer fields than its header.
        public static let fieldCount = Code(rawValue: "field_count")
        /// A quoted CSV field that is never closed.
        public static let unterminatedQuote = Code(rawValue: "unterminated_quote")
        /// The same observation twice (without `--sum-duplicates`), or a total row beside the rows it
        /// sums.
        public static let duplicateObservation = Code(rawValue: "duplicate_observation")
        /// A file written for another schema version (`tandem:` in a plan, a decision log or an
        /// actuals JSON file; the review JSON's `schemaVersion`).
        public static let unsupportedVersion = Code(rawValue: "unsupported_version")
    }

    /// Whether the problem is an error or a warning.
    public var severity: Severity
    /// What kind of problem it is; match on it rather than on ``message``.
    public var code: Code
    /// The human-readable description, without the location, e.g. `unknown metric 'sqls2'`.
    public var message: String
    /// The file's name as given to the loader, if the input came from a file.
    public var file: String?
    /// 1-based line, if known.
    public var line: Int?
    /// 1-based column, if known.
    public var column: Int?
    /// The field, key path or CSV header concerned, if any.
    public var field: String?
    /// The source line, for a caret display.
    public var sourceLine: String?

    /// A diagnostic; `column` is shown only when `line` is known.
    public init(
        _ severity: Severity = .error, code: Code, message: String, file: String? = nil, line: Int? = nil,
        column: Int? = nil, field: String? = nil, sourceLine: String? = nil
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.sourceLine = sourceLine
    }

    /// `file:line:column: error: message`, leaving out what is not known.
    public var description: String {
        var location = ""
        if let file { location = file }
        if let line { location += ":\(line)" }
        if let column, line != nil { location += ":\(column)" }
        if !location.isEmpty { location += ": " }
        return "\(location)\(severity.rawValue): \(message)"
    }

    /// The most characters of a source line a caret display shows; longer lines are cut around
    /// the column, with `…` where text is left out.
    public static let maxExcerpt = 200

    /// The description plus, when the source line is known, the line (at most ``maxExcerpt``
    /// characters around the column, control characters shown as `?`) and a caret under the column.
    public var descriptionWithCaret: String {
        guard let sourceLine, let column else { return description }
        let scalars = Array(sourceLine.unicodeScalars)
        let at = min(max(0, column - 1), scalars.count)
        var start = 0
        var end = scalars.count
        if scalars.count > Self.maxExcerpt {
            start = max(0, min(at - Self.maxExcerpt / 2, scalars.count - Self.maxExcerpt))
            end = min(scalars.count, start + Self.maxExcerpt)
        }
        let shown = scalars[start..<end].map { $0 == "\t" || ($0.value >= 0x20 && $0.value != 0x7F) ? $0 : "?" }
        var excerpt = String(String.UnicodeScalarView(shown))
        var pad = String(scalars[start..<at].map { $0 == "\t" ? "\t" : " " })
        if start > 0 {
            excerpt = "…" + excerpt
            pad = " " + pad
        }
        if end < scalars.count { excerpt += "…" }
        return "\(description)\n\(excerpt)\n\(pad)^"
    }
}

/// Invalid input: every problem found, not only the first.
///
/// ```swift
/// do { _ = try PlanLoader().load(contentsOf: url) }
/// catch let error as InputError { error.diagnostics.forEach { print($0) } }
/// ```
public struct InputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Every problem found, errors and warnings, in input order.
    public var diagnostics: [Diagnostic]

    /// An error carrying `diagnostics`.
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
