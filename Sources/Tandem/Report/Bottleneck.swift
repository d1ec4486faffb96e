/// The transition whose return to plan is worth the most revenue at the bottom of the funnel.
public struct Bottleneck: Sendable, Hashable, Codable {
    /// The stage converted from.
    public var from: StageID
    /// The stage converted to.
    public var to: StageID
    /// `MQLs→SQLs`.
    public var name: String
    /// What bringing it back to plan is worth over ``window``, in the plan's currency.
    public var impactRevenue: Double
    /// The window the price is computed over.
    public var window: ProblemImpact.Window
    /// The price in words: "MQLs→SQLs at 32.5 % vs 40.0 % planned: back to plan = +257 SQLs = …".
    public var sentence: String
}
