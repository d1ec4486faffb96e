extension DealOutlook.PushDiscount {
    /// "; 2 open deals pushed at least twice count at 0.80 of their chance: closed deals pushed
    /// that often won 1 of 5, against 50.0 % of all closed deals", the clause the forecast's reason gains when
    /// the factor is below 1; empty otherwise.
    var clause: String {
        guard factor < 1 else { return "" }
        return
            "; \(deals) open deal\(deals == 1 ? "" : "s") pushed at least twice count at \(Formatting.fixed(factor, 2)) of \(deals == 1 ? "its" : "their") chance: closed deals pushed that often won \(wonDeals) of \(closedDeals), against \(Formatting().percent(winRate)) of all closed deals"
    }
}
