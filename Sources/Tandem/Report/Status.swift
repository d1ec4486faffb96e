/// Where a key result, objective or team stands, from worst to best.
public enum Status: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Behind the expected progress by more than the at-risk tolerance, or past due.
    case offTrack = "off_track"
    /// Behind by more than the on-track tolerance but within the at-risk one, or on pace with a
    /// forecast whose whole range misses the target.
    case atRisk = "at_risk"
    /// Within the on-track tolerance of the expected progress.
    case onTrack = "on_track"
    /// The target is reached.
    case achieved
    /// No observation to judge by; left out of roll-ups and scores.
    case noData = "no_data"

    private var rank: Int {
        switch self {
        case .offTrack: 0
        case .atRisk: 1
        case .onTrack: 2
        case .achieved: 3
        case .noData: 4
        }
    }

    public static func < (lhs: Status, rhs: Status) -> Bool { lhs.rank < rhs.rank }

    /// `off track`, `at risk`, `on track`, `achieved`, `no data`.
    public var label: String { rawValue.replacingOccurrences(of: "_", with: " ") }

    /// The one roll-up rule of key-result statuses, the same for an objective, a team and the
    /// whole review: of the key results with data, **off track** when a third or more are off
    /// track; **at risk** when any is off track or a third or more are at risk; **achieved** when
    /// all are achieved; **on track** otherwise; **no data** when none has data.
    ///
    /// ```swift
    /// Status.rollUp([.offTrack, .onTrack, .onTrack])            // .offTrack (1 of 3)
    /// Status.rollUp([.offTrack, .onTrack, .onTrack, .achieved]) // .atRisk (1 of 4)
    /// ```
    public static func rollUp(_ statuses: some Sequence<Status>) -> Status {
        var (withData, off, risk, achieved) = (0, 0, 0, 0)
        for s in statuses where s != .noData {
            withData += 1
            if s == .offTrack { off += 1 }
            if s == .atRisk { risk += 1 }
            if s == .achieved { achieved += 1 }
        }
        if withData == 0 { return .noData }
        if off * 3 >= withData { return .offTrack }
        if off > 0 || risk * 3 >= withData { return .atRisk }
        return achieved == withData ? .achieved : .onTrack
    }
}
