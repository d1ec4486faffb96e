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
    /// The kinds the plan loader knows by name.
    public static let builtIn: [TacticKind] = [.content, .campaign, .enablement, .process]
}

/// Where a tactic stands.
public enum TacticStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Not started yet; counts as active from the period before its start.
    case planned
    /// Running now.
    case active
    /// Finished.
    case done
    /// Stopped before it was finished.
    case cancelled
}

/// A campaign, content piece or enablement item that serves key results and a funnel stage.
public struct Tactic: Sendable, Hashable, Codable {
    public var id: TacticID
    /// What the tactic is, in words.
    public var title: String
    /// Content, campaign, enablement, process or a kind of your own.
    public var kind: TacticKind
    /// The teams that run it.
    public var owners: [TeamID]
    /// The key results it serves; an off-track key result with no active tactic is flagged.
    public var keyResults: [KeyResultID]
    /// The funnel stage the tactic serves, if any.
    public var stage: StageID?
    /// Where the tactic stands.
    public var status: TacticStatus
    /// The first period it runs, if known; follow-up measures its effect before and after.
    public var start: Period?
    /// The last period it runs, if known; it is not active after it.
    public var end: Period?

    /// A tactic, planned and serving no key result or stage unless given.
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
