/// The close-date pushes the deal snapshots show, per deal id: how many, and the end of the
/// snapshot that showed the second one, so a forecast made as of an instant can tell the deals
/// pushed at least twice by then. As small as a counter: no allocation per deal.
struct PushLog: Sendable, Hashable {
    /// One deal's pushes.
    struct Entry: Sendable, Hashable {
        /// Pushes over all the snapshots.
        var count = 0
        /// The end (UTC minutes) of the snapshot that showed the second push; `Int64.max` before.
        var twice = Int64.max
    }

    /// Per deal id, its pushes.
    private(set) var entries: [String: Entry] = [:]

    /// Notes a push of deal `key` seen in the snapshot ending at `end` (snapshots oldest first);
    /// returns its pushes so far.
    mutating func note(_ key: String, at end: Int64) -> Int {
        var e = entries[key, default: Entry()]
        e.count += 1
        if e.count == 2 { e.twice = end }
        entries[key] = e
        return e.count
    }

    /// The deals pushed at least twice in snapshots ending by `instant`.
    func pushedTwice(by instant: Int64) -> Set<String> {
        var keys: Set<String> = []
        for (key, e) in entries where e.twice <= instant { keys.insert(key) }
        return keys
    }
}

extension DealOutlook {
    /// The open deals pushed at least twice (their close date moved later between snapshots
    /// taken by the forecast's date), and the factor their chance to close won is multiplied by:
    /// how the history's deals pushed that often closed.
    ///
    /// Among the deals closed (won or lost) by the forecast's date, those pushed at least twice
    /// won `w` of `n`; all closed deals won at the rate `r`. Their own rate, shrunk toward `r`
    /// by a Beta prior worth ``DealOutlook/PushDiscount/priorDeals`` deals at `r`, is `(w + k·r) / (n + k)`; the factor
    /// is that over `r`, at most 1 (a history where pushed deals win more adds nothing) and
    /// above 0. For example 1 won of 5 pushed twice, against 10 of 20 overall:
    /// `(1 + 10·0.5) / (5 + 10) / 0.5 = 0.8`.
    public struct PushDiscount: Sendable, Hashable, Codable {
        /// Open deals pushed at least twice, with a chance to close (stale deals count at 0
        /// anyway).
        public var deals: Int
        /// Their amount.
        public var amount: Double
        /// Deals closed by the forecast's date that had been pushed at least twice: the evidence.
        public var closedDeals: Int
        /// How many of them were won.
        public var wonDeals: Int
        /// The win rate of all closed deals.
        public var winRate: Double
        /// What the open deals' chances are multiplied by: 1 when there is no evidence or the
        /// pushed deals won at least as often as all.
        public var factor: Double

        /// The weight of the prior, in deals at the overall win rate: the same
        /// ``DealOutlook/minClosedDeals`` the forecast needs before it reads chances from a
        /// history, so ten pushed deals' own record counts half and five a third.
        public static let priorDeals = 10.0

        /// The factor of pushed deals that won `won` of `closed`, against `overallWon` of
        /// `overallClosed` for all closed deals (see ``DealOutlook/PushDiscount``).
        static func factor(won: Int, of closed: Int, overallWon: Int, of overallClosed: Int) -> Double {
            guard closed > 0, overallWon > 0, overallClosed > 0 else { return 1 }
            let rate = Double(overallWon) / Double(overallClosed)
            let shrunk = (Double(won) + priorDeals * rate) / (Double(closed) + priorDeals)
            return max(0, min(1, shrunk / rate))
        }
    }
}
