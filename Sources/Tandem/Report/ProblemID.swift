/// The stable id of a problem on the agenda: its kind and its subject, printed and parsed in one
/// place as `kind:subject` (`transition:mqls>sqls`, `stage_volume:leads`, `sla:sla-speed`,
/// `key_result:kr-won`, `plan:content:opportunities`). In JSON and the decision log it is that
/// text.
///
/// ```swift
/// let id = ProblemID.transition("mqls", "sqls")
/// print(id)                                            // transition:mqls>sqls
/// ProblemID(parsing: "transition:mqls->sqls")          // nil: a transition is `from>to`
/// ```
public struct ProblemID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// What kind of thing the problem is about.
    public let kind: Problem.Kind
    /// The subject: `from>to` for a transition, the stage, SLA or key result id, or the plan
    /// aspect (with its own subject after a colon, `content:opportunities`).
    public let subject: String

    private init(kind: Problem.Kind, subject: String) {
        self.kind = kind
        self.subject = subject
    }

    /// The kinds an id may have, in the order the docs list them.
    public static let kinds: [Problem.Kind] = [.transition, .stageVolume, .sla, .keyResult, .plan, .forecastRisk]

    /// A transition between two funnel stages: `transition:from>to`.
    public static func transition(_ from: StageID, _ to: StageID) -> ProblemID {
        ProblemID(kind: .transition, subject: "\(from)>\(to)")
    }
    /// A funnel stage's own volume: `stage_volume:stage`.
    public static func stageVolume(_ stage: StageID) -> ProblemID {
        ProblemID(kind: .stageVolume, subject: stage.rawValue)
    }
    /// An SLA: `sla:id`.
    public static func sla(_ id: SLAID) -> ProblemID { ProblemID(kind: .sla, subject: id.rawValue) }
    /// A key result: `key_result:id`.
    public static func keyResult(_ id: KeyResultID) -> ProblemID { ProblemID(kind: .keyResult, subject: id.rawValue) }
    /// The plan itself: `plan:what` or `plan:what:subject`.
    public static func plan(_ what: String, _ subject: String? = nil) -> ProblemID {
        ProblemID(kind: .plan, subject: subject.map { "\(what):\($0)" } ?? what)
    }

    /// A risk to the forecast: `forecast_risk:what` (`forecast_risk:pushed_deals`).
    public static func forecastRisk(_ what: String) -> ProblemID { ProblemID(kind: .forecastRisk, subject: what) }

    /// Parses `kind:subject`; `nil` when the kind is unknown, the subject empty, or a
    /// transition is not `from>to` with both stages named.
    public init?(parsing text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let kind = Problem.Kind(rawValue: String(text[..<colon]))
        let subject = String(text[text.index(after: colon)...])
        guard ProblemID.kinds.contains(kind), !subject.isEmpty, !subject.contains(where: \.isWhitespace) else {
            return nil
        }
        if kind == .transition {
            let stages = subject.split(separator: ">", omittingEmptySubsequences: false)
            guard stages.count == 2, !stages[0].isEmpty, !stages[1].isEmpty,
                !stages[0].hasSuffix("-")
            else { return nil }
        }
        self.init(kind: kind, subject: subject)
    }

    /// The two stages of a transition; `nil` for other kinds.
    public var stages: (from: StageID, to: StageID)? {
        guard kind == .transition else { return nil }
        let parts = subject.split(separator: ">", maxSplits: 1)
        return parts.count == 2 ? (StageID(String(parts[0])), StageID(String(parts[1]))) : nil
    }

    public var description: String { "\(kind.rawValue):\(subject)" }

    public static func < (a: ProblemID, b: ProblemID) -> Bool { a.description < b.description }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = ProblemID(parsing: text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription:
                        "expected a problem id like 'transition:mqls>sqls' (kinds: \(ProblemID.kinds.map(\.rawValue).joined(separator: ", "))), found '\(text.prefix(60))'"
                ))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
