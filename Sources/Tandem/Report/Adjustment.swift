/// One action of the agenda as a flat row: a rule that fired, who acts, why, and the problem it
/// addresses. It is priced only through its problem (``Review/agenda``).
public struct Adjustment: Sendable, Hashable, Codable {
    /// The rule that fired.
    public var rule: RuleID
    /// The rule's title.
    public var title: String
    /// The teams that act.
    public var teams: [TeamID]
    /// The numbers that made the rule fire.
    public var rationale: String
    /// What to do.
    public var action: String
    /// 1 (highest) … 3.
    public var priority: Int
    /// Whether the rule comes from the plan file rather than the built-in playbook.
    public var fromPlan: Bool
    /// The id of the agenda problem this action addresses.
    public var problem: ProblemID
}
