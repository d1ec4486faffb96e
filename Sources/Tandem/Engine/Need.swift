/// What is still needed per period: the one rule behind a key result's "needs 329 a period" and
/// the reverse funnel's "each remaining period needs SQLs 275".
extension ReviewEngine {
    /// `toGo` spread over the `remaining` periods; `nil` when no period remains. Counts are whole:
    /// a period cannot need 32.4 won deals, so the need rounds up (with a hair of slack, so that
    /// 275.0000000001 from floating-point arithmetic stays 275). Money, hours and rates are not
    /// rounded here: their display rounds them once.
    static func need(_ toGo: Double, over remaining: Int, unit: MetricUnit) -> Double? {
        guard remaining > 0 else { return nil }
        let perPeriod = toGo / Double(remaining)
        return unit == .count ? (perPeriod - 1e-9).rounded(.up) : perPeriod
    }
}
