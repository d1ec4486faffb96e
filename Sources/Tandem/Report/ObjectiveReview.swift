/// One objective's review.
public struct ObjectiveReview: Sendable, Hashable, Codable {
    public var id: ObjectiveID
    /// The objective's title.
    public var title: String
    /// The teams that own it.
    public var owners: [TeamID]
    /// The parent objective, if it cascades from one.
    public var parent: ObjectiveID?
    /// Weighted mean of its key results' scores (those with data).
    public var score: Double?
    /// Its key results' statuses rolled up (``Status/rollUp(_:)``).
    public var status: Status
    /// Its key results, in plan order.
    public var keyResults: [KeyResultID]
}
