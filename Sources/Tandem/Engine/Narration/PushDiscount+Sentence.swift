extension DealOutlook.PushDiscount {
    /// "2 open deals pushed at least twice count at 0.80 of their chance: closed deals pushed that
    /// often won 1 of 5, against 50.0 % of all closed deals": what the forecast's reason and the
    /// digest say when the factor is below 1.
    var sentence: String {
        "\(deals) open deal\(deals == 1 ? "" : "s") pushed at least twice count\(deals == 1 ? "s" : "") at \(Formatting.fixed(factor, 2)) of \(deals == 1 ? "its" : "their") chance: closed deals pushed that often won \(wonDeals) of \(closedDeals), against \(Formatting().percent(winRate)) of all closed deals"
    }
}
