/// The plan checks' messages: a key result that cannot make the revenue target, and a key
/// result whose total disagrees with the funnel's plan.
extension Plan {
    /// "1,200 MQLs × 40.0 % × 25.0 % × $24,000 = $2.88M, below the $4.2M revenue target".
    func arithmeticMessage(
        volume: Double, stage: String, rates: [Double], valuePerWon: Double, revenue: Double, revenueTarget: Double
    ) -> String {
        let format = Formatting(currency: currency)
        let chain = rates.map { format.percent($0) }.joined(separator: " × ")
        return
            "\(Formatting.count(volume)) \(stage)\(chain.isEmpty ? "" : " × \(chain)") × \(format.money(valuePerWon)) = \(format.money(revenue)), below the \(format.money(revenueTarget)) revenue target"
    }

    /// "SQLs: key result 'sqls' targets 1,000 for the cycle, the funnel plans 1,250 ($4.2M ÷
    /// $24,000 through the planned rates); the review uses 1,000 from the key result".
    /// - Parameters:
    ///   - fromRevenueTarget: the funnel's total is the revenue target itself, not a stage volume.
    ///   - revenue: the revenue target, and `valuePerWon` the deal value, a stage volume comes from.
    func targetConflictMessage(
        _ metric: Metric?, _ id: MetricID, keyResult: KeyResultID, keyResultTotal: Double, funnelTotal: Double,
        fromRevenueTarget: Bool, revenue: Double, valuePerWon: Double
    ) -> String {
        let format = Formatting(currency: currency)
        let unit = metric?.unit ?? .count
        let derivation =
            fromRevenueTarget
            ? "the revenue target"
            : "\(format.money(revenue)) ÷ \(format.money(valuePerWon)) through the planned rates"
        return
            "\(metric?.name ?? id.rawValue): key result '\(keyResult)' targets \(format.value(keyResultTotal, unit)) for the cycle, the funnel plans \(format.value(funnelTotal, unit)) (\(derivation)); the review uses \(format.value(keyResultTotal, unit)) from the key result"
    }
}
