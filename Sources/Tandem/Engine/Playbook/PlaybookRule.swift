/// A rule of the built-in playbook, for documentation and listings.
public struct BuiltInRule: Sendable, Hashable {
    public var id: RuleID
    /// The adjustment it suggests, e.g. `Revisit lead scoring and the ICP together`.
    public var title: String
    /// The practice of sales-marketing alignment it serves (1 goals, 2 talk, 3 technology,
    /// 4 content, 5 review and adjust).
    public var practice: Int
    /// 1 (highest) … 3: the priority of its action unless the rule says otherwise.
    public var priority: Int
    /// When it fires, in words (the README's playbook table).
    public var condition: String
}

extension Review {
    /// The built-in playbook: each rule's id, title, practice, priority and condition, in the
    /// order the engine runs them.
    public static var builtInRules: [BuiltInRule] {
        Playbook.builtIn.map {
            BuiltInRule(
                id: $0.id, title: $0.title, practice: $0.practice, priority: $0.priority, condition: $0.condition)
        }
    }
}

/// A playbook rule as a value: what it is, and a pure function from the computed facts to the
/// actions it proposes, each for one problem.
struct PlaybookRule: Sendable {
    let id: RuleID
    let title: String
    let practice: Int
    let priority: Int
    let condition: String
    /// Whether the rule comes from the plan file.
    let fromPlan: Bool
    let evaluate: @Sendable (ReviewFacts) -> [Proposal]

    init(
        id: RuleID, title: String, practice: Int, priority: Int, condition: String, fromPlan: Bool = false,
        evaluate: @escaping @Sendable (ReviewFacts) -> [Proposal]
    ) {
        self.id = id
        self.title = title
        self.practice = practice
        self.priority = priority
        self.condition = condition
        self.fromPlan = fromPlan
        self.evaluate = evaluate
    }
}

/// One action a rule proposes for one problem.
struct Proposal {
    /// The problem the action addresses (its actions are filled in by the playbook).
    var problem: Problem
    var teams: [TeamID]
    /// The numbers that made the rule fire.
    var rationale: String
    var action: String
    /// Overrides the rule's priority when set.
    var priority: Int?
}
