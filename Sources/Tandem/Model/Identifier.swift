/// A typed identifier: an objective's id cannot be passed where a key result's id is wanted.
///
/// ```swift
/// let sqls: MetricID = "sqls"
/// let team = TeamID("marketing")
/// ```
public struct Identifier<Tag>: RawRepresentable, Hashable, Comparable, Sendable, Codable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    /// The identifier as written in the plan.
    public let rawValue: String

    /// Creates an identifier from its text.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Creates an identifier from its text.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { rawValue }
}

/// Identifies a ``Team``.
public typealias TeamID = Identifier<Team>
/// Identifies a ``Metric``.
public typealias MetricID = Identifier<Metric>
/// Identifies an ``Objective``.
public typealias ObjectiveID = Identifier<Objective>
/// Identifies a ``KeyResult``.
public typealias KeyResultID = Identifier<KeyResult>
/// Identifies a ``FunnelStage``.
public typealias StageID = Identifier<FunnelStage>
/// Identifies a ``ServiceLevelAgreement``.
public typealias SLAID = Identifier<ServiceLevelAgreement>
/// Identifies a ``Tactic``.
public typealias TacticID = Identifier<Tactic>
/// Identifies a ``Rule``.
public typealias RuleID = Identifier<Rule>
