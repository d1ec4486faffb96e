/// Why the pipeline forecast reads the lag it does, in words (``Forecasting/chooseLag``).
/// `passed` is the records' lag that had too few pairs, and how many it had.
extension Forecasting {
    /// "lag 2 from the records (the won deals' median age at close), rate from 7 (pipeline,
    /// revenue) period pairs".
    static func recordsLagReason(_ lag: Int, pairs n: Int) -> String {
        "lag \(lag) from the records (the won deals' median age at close), rate from \(pairs(n))"
    }

    /// "none yet: 2 (pipeline, revenue) period pairs at lag 1, at least 3 needed; the run-rate
    /// forecast stands alone".
    static func noLagReason(pairs n: Int, passed: (lag: Int, pairs: Int)?) -> String {
        "none yet: \(pairs(n)) at lag 1, at least \(minPairs) needed\(note(passed)); the run-rate forecast stands alone"
    }

    /// "lag 2: its 6 (pipeline, revenue) period pairs vary clearly less than lag 1's
    /// (coefficient of variation 0.12 vs 0.31)".
    static func steadierLagReason(
        _ c: PipelineConversion, variation cv: Double, lagOne base: Double, passed: (lag: Int, pairs: Int)?
    ) -> String {
        "lag \(c.lag): its \(pairs(c.ratios.count)) vary clearly less than lag 1's (coefficient of variation \(Formatting.fixed(cv, 2)) vs \(Formatting.fixed(base, 2)))\(note(passed))"
    }

    /// "lag 1, the pipeline open at the start of the period (…), rate from 8 (pipeline, revenue)
    /// period pairs".
    static func standardLagReason(pairs n: Int, passed: (lag: Int, pairs: Int)?) -> String {
        "lag 1, the pipeline open at the start of the period (no longer lag with at least \(minPairs) pairs is clearly steadier), rate from \(pairs(n))\(note(passed))"
    }

    private static func pairs(_ n: Int) -> String { "\(n) (pipeline, revenue) period pair\(n == 1 ? "" : "s")" }

    /// "; the records' lag 3 has only 2 (pipeline, revenue) period pairs", or nothing.
    private static func note(_ passed: (lag: Int, pairs: Int)?) -> String {
        passed.map { "; the records' lag \($0.lag) has only \(pairs($0.pairs))" } ?? ""
    }
}

/// How the open deals were read, in words (``DealOutlook/reason``).
extension DealOutlook {
    /// "each open deal's chance to close won within 90 days, … read from 412 closed deals; new
    /// deals at the recent rate", and when the history is shorter than the window, how far it
    /// follows deals (`followedDays`).
    /// `discount` is named when it lowers a chance (a factor below 1).
    static func methodReason(window: Int, closed: Int, followedDays: Int?, discount: PushDiscount? = nil) -> String {
        var reason =
            "each open deal's chance to close won within \(window) days, from its stage and the days since it entered it, read from \(closed) closed deals; new deals at the recent rate"
        if let followed = followedDays {
            reason += "; the history follows deals up to \(followed) days, so wins later than that count at 0"
        }
        if let discount, discount.factor < 1 { reason += "; " + discount.sentence }
        return reason
    }

    /// "12 closed deals, at least 30 needed".
    static func tooFewReason(closed: Int) -> String {
        "\(closed) closed deal\(closed == 1 ? "" : "s"), at least \(minClosedDeals) needed"
    }
}
