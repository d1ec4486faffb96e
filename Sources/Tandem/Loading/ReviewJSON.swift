import Foundation

extension Review {
    /// Reads a review back from the JSON file at `url` (only a regular file: a FIFO or a device is
    /// refused at once, never read), e.g. last period's `tandem-2026-10.json`.
    ///
    /// ```swift
    /// let october = try Review(contentsOf: URL(fileURLWithPath: "Reports/tandem-2026-10.json"))
    /// ```
    /// - Throws: ``InputError`` naming the file: unreadable, not a regular file, over 4 GB, or
    ///   not a review (see ``init(json:file:)``).
    public init(contentsOf url: URL) throws(InputError) {
        let bytes = try readInputBytes(url, limit: 4 << 30, what: "previous review")
        try self.init(json: Data(bytes), file: url.relativePath)
    }

    /// Reads a review back from the JSON ``JSONExporter`` wrote, e.g. last period's
    /// `tandem-2026-10.json`, to follow up on it.
    ///
    /// ```swift
    /// let october = try Review(json: Data(contentsOf: url), file: url.relativePath)
    /// ```
    /// - Throws: ``InputError``: ``Diagnostic/Code/unsupportedVersion`` when the file was written
    ///   with another schema version, ``Diagnostic/Code/syntax`` when it is not a review.
    public init(json: Data, file: String) throws(InputError) {
        struct Version: Decodable { var schemaVersion: Int? }
        let decoder = JSONDecoder()
        let version: Int?
        do {
            version = try decoder.decode(Version.self, from: json).schemaVersion
        } catch {
            throw InputError([
                Diagnostic(code: .syntax, message: "not a Tandem review JSON: \(Review.reason(error))", file: file)
            ])
        }
        guard let version, version == Review.schemaVersion else {
            throw InputError([
                Diagnostic(
                    code: .unsupportedVersion,
                    message:
                        "review schema version \(version.map(String.init) ?? "missing") is not the version this Tandem writes (\(Review.schemaVersion))",
                    file: file, field: "schemaVersion")
            ])
        }
        do {
            self = try decoder.decode(Review.self, from: json)
        } catch {
            throw InputError([
                Diagnostic(code: .syntax, message: "not a Tandem review JSON: \(Review.reason(error))", file: file)
            ])
        }
        if let problem = checkRanges() {
            throw InputError([
                Diagnostic(
                    code: .invalidValue,
                    message:
                        "not a review Tandem wrote: '\(problem.field)' is \(problem.value), outside \(problem.range)",
                    file: file, field: problem.field)
            ])
        }
    }

    /// The largest streak, count or period count a review read back may hold: far beyond any real
    /// review (a streak counts reviews), far below where arithmetic on it could overflow.
    static let maxCount = 1_000_000

    /// The first count, streak or number outside what Tandem could have written, or `nil`.
    func checkRanges() -> (field: String, value: String, range: String)? {
        let counts = "0…\(Review.maxCount)"
        func bad(_ value: Int) -> Bool { value < 0 || value > Review.maxCount }
        func badNumber(_ value: Double?) -> Bool {
            guard let value else { return false }
            return !value.isFinite || value.magnitude > NumberFormat.maximumMagnitude * 1000
        }
        let limit = "±1e18"
        if bad(remainingPeriods) { return ("remainingPeriods", "\(remainingPeriods)", counts) }
        for (i, c) in headline.counts.enumerated() where bad(c.count) {
            return ("headline.counts[\(i)].count", "\(c.count)", counts)
        }
        for (i, p) in (sinceLastReview?.problems ?? []).enumerated() where bad(p.streak) {
            return ("sinceLastReview.problems[\(i)].streak", "\(p.streak)", counts)
        }
        for (i, row) in data.enumerated() {
            for (name, value) in [("actual", row.actual), ("target", row.target)] where badNumber(value) {
                return ("data[\(i)].\(name)", "\(value ?? 0)", limit)
            }
        }
        for (i, kr) in keyResults.enumerated() {
            for (name, value) in [
                ("actual", kr.actual), ("target", Optional(kr.target)), ("baseline", Optional(kr.baseline)),
            ]
            where badNumber(value) {
                return ("keyResults[\(i)].\(name)", "\(value ?? 0)", limit)
            }
        }
        if let b = funnel?.bottleneck, badNumber(b.impactRevenue) {
            return ("funnel.bottleneck.impactRevenue", "\(b.impactRevenue)", limit)
        }
        return nil
    }

    /// Why `previous` cannot be compared with this review, or `nil` when it can: it must be a
    /// review of the same plan (name, cycle and currency) in the same schema, else every
    /// difference would read as a restatement.
    ///
    /// ```swift
    /// if let why = review.notComparable(with: october) { print(why) }
    /// ```
    public func notComparable(with previous: Review) -> String? {
        let name = "The previous review (\(previous.period))"
        if previous.schemaVersion != schemaVersion {
            return "\(name) has schema version \(previous.schemaVersion), not \(schemaVersion): nothing compared."
        }
        if previous.plan.name != plan.name {
            return "\(name) is of another plan ('\(previous.plan.name)', not '\(plan.name)'): nothing compared."
        }
        if previous.plan.cycle != plan.cycle || previous.plan.cycleStart != plan.cycleStart
            || previous.plan.cycleEnd != plan.cycleEnd
        {
            return
                "\(name) is of another cycle (\(previous.plan.cycle) \(previous.plan.cycleStart)…\(previous.plan.cycleEnd), not \(plan.cycle) \(plan.cycleStart)…\(plan.cycleEnd)): nothing compared."
        }
        if previous.plan.currency != plan.currency {
            return
                "\(name) is in another currency (\(previous.plan.currency.code), not \(plan.currency.code)): nothing compared."
        }
        return nil
    }

    private static func reason(_ error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
        }
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing '\(path(context.codingPath + [key]))'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "unexpected value at '\(path(context.codingPath))'"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "invalid JSON" : "\(context.debugDescription) at '\(path(context.codingPath))'"
        default:
            return "\(error)"
        }
    }
}
