/// A team that shares the plan: usually `marketing` and `sales`; any number is allowed.
public struct Team: Sendable, Hashable, Codable {
    /// The team's identifier, used everywhere the plan names an owner.
    public var id: TeamID
    /// The team's display name.
    public var name: String

    /// Creates a team.
    public init(id: TeamID, name: String) {
        self.id = id
        self.name = name
    }
}
