/// One problem found in an input, located like a compiler's message:
/// `plan.yaml:14:9: error: unknown metric 'sqls2'; did you mean 'sqls'?`.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable { case error, warning }

    /// What kind of problem it is. Match on these, not on the message text.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let unreadable = Code(rawValue: "unreadable")
        public static let tooLarge = Code(rawValue: "too_large")
        public static let syntax = Code(rawValue: "syntax")
        public static let duplicateKey = Code(rawValue: "duplicate_key")
        public static let missingField = Code(rawValue: "missing_field")
        public static let unknownField = Code(rawValue: "unknown_field")
        public static let wrongType = Code(rawValue: "wrong_type")
        public static let invalidValue = Code(rawValue: "invalid_value")
        public static let invalidNumber = Code(rawValue: "invalid_number")
        public static let unknownReference = Code(rawValue: "unknown_reference")
        public static let duplicateID = Code(rawValue: "duplicate_id")
        public static let cycle = Code(rawValue: "cycle")
        public static let outsideCycle = Code(rawValue: "outside_cycle")
        public static let fieldCount = Code(rawValue: "field_count")
        public static let unterminatedQuote = Code(rawValue: "unterminated_quote")
        public static let duplicateObservation = Code(rawValue: "duplicate_observation")
        public static let unsupportedVersion = Code(rawValue: "unsupported_version")
    }

    public var severity: Severity
    public var code: Code
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
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
