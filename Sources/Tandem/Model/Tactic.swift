/// What a tactic is. Extend it with your own kinds like ``MetricUnit``.
public struct TacticKind: StringBacked {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    /// A content piece: a guide, a case study, a battlecard.
    public static let content = TacticKind(rawValue: "content")
    /// A campaign: paid, email, events.
    public static let campaign = TacticKind(rawValue: "campaign")
    /// Sales enablement: training, playbooks, tooling.
    public static let enablement = TacticKind(rawValue: "enablement")
    /// A process change: routing, scoring, handoff.
    public static let process = TacticKind(rawValue: "process")
    public static let builtIn: [TacticKind] = [.content, .campaign, .enablement, .process]
}

/// Where a tactic stands.
public enum TacticStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case planned, active, done, cancelled
}

/// A campaign, content piece or enablement item that serves key results and a funnel stage.
public struct Tactic: Sendable, Hashable, Codable {
    public var id: TacticID
    public var title: String
    public var kind: TacticKind
    public var owners: [TeamID]
    public var keyResults: [KeyResultID]
    /// The funnel stage the tactic serves, if any.
    public var stage: StageID?
    public var status: TacticStatus
    public var start: Period?
    public var end: Period?

    public init(
        id: TacticID, title: String, kind: TacticKind, owners: [TeamID], keyResults: [KeyResultID] = [],
        stage: StageID? = nil, status: TacticStatus = .planned, start: Period? = nil, end: Period? = nil
    ) {
        self.id = id
        self.title = title
        self.kind = kind
        self.owners = owners
        self.keyResults = keyResults
        self.stage = stage
        self.status = status
        self.start = start
        self.end = end
    }

    /// Whether the tactic counts as active in `period`: running, or planned to start by the next
    /// period, and not ended before it. Done and cancelled tactics never are.
    public func isActive(in period: Period) -> Bool {
        if let end, end < period { return false }
        switch status {
        case .active: return true
        case .planned: return start.map { $0 <= period.advanced(by: 1) } ?? true
        case .done, .cancelled: return false
        }
    }
}
