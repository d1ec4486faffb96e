/// A key result's reason: where it stands against its target, its pace and its forecast, in
/// words, from the values `ReviewEngine.review(_:in:)` and `lookAhead` compute.
extension ReviewEngine {
    /// Without a value: "no data for MQLs yet", or, when the metric was observed but its formula
    /// divides by zero, "Win rate is undefined so far: won / sqls divides by zero".
    func noValueReason(_ metric: Metric, observed: Bool) -> String {
        observed
            ? "\(metric.name) is undefined so far: \(metric.formula.map { "\($0)" } ?? "its formula") divides by zero"
            : "no data for \(metric.name) yet"
    }

    /// A threshold kept every period: "3.5 h in October 2025 vs ≤ 4 h; met in 9 of 10 periods"
    /// ("latest" instead of the period when the review period has no value).
    func stayReason(
        _ kind: KeyResultKind, latest: Double, inPeriod: Bool, target: Double, unit: MetricUnit, met: Int, of seen: Int
    ) -> String {
        let where_ = inPeriod ? "in \(period.label)" : "latest"
        return
            "\(format.value(latest, unit)) \(where_) vs \(kind == .stayAbove ? "≥" : "≤") \(format.value(target, unit)); met in \(met) of \(seen) period\(seen == 1 ? "" : "s")"
    }

    /// "$4.3M reached the target $4.2M".
    func achievedReason(_ value: Double, target: Double, unit: MetricUnit) -> String {
        "\(format.value(value, unit)) reached the target \(format.value(target, unit))"
    }

    /// "not reached yet (0 of 1); due by December 2025".
    func milestoneReason(_ value: Double, target: Double, unit: MetricUnit) -> String {
        "not reached yet (\(format.value(value, unit)) of \(format.value(target, unit))); due by \(plan.cycle.end.label)"
    }

    /// "82.0 % of expected ($3.1M cycle to date vs $3.8M expected); forecast …; needs …": the
    /// pace against the expected progress, the forecast and the run-rate still needed.
    /// - Parameters:
    ///   - summed: whether the metric sums over periods (a flow), else a stock or a mean.
    ///   - toDate: the cycle-to-date value (the latest for a stock).
    func paceReason(
        _ result: KeyResultReview, _ metric: Metric, summed: Bool, toDate a: Double, expected: Double
    ) -> String {
        let unit = result.unit
        let periodActual = result.periodActual
        let pace = result.pace.map { format.percent($0) } ?? "–"
        // Which number: the cycle-to-date roll-up (the latest value for a stock), and the
        // review period's value beside a mean when it shows differently.
        let toDate =
            metric.rollup == .last && periodActual == a ? "in \(period.label)" : "cycle to date"
        let month =
            metric.rollup == .average
                && periodActual.map({ format.value($0, unit) != format.value(a, unit) })
                    == true
            ? "; \(format.value(periodActual, unit)) in \(period.label)" : ""
        var text =
            summed
            ? "\(pace) of expected (\(format.value(a, unit)) cycle to date vs \(format.value(expected, unit)) expected)"
            : "\(pace) of expected progress (\(format.value(a, unit)) \(toDate) vs \(format.value(expected, unit)) expected by now\(month))"
        text += "; forecast \(forecastText(result.forecastRange, unit)) of \(format.value(result.target, unit))"
        if let f = result.forecastRange, f.method == .phasedRunRate { text += " \(f.method.phrase)" }
        return text + needsText(result)
    }

    /// On pace to date but the whole range misses: "on pace to date (96.0 % of expected);
    /// forecast $3.9M–$4.1M (80 % range) of $4.2M at the recent run-rate; needs …".
    func onPaceButMissesReason(_ r: KeyResultReview, _ f: Forecast) -> String {
        let pace = r.pace.map { " (\(format.percent($0)) of expected)" } ?? ""
        return
            "on pace to date\(pace); forecast \(rangeWords(f, r.unit)) of \(format.value(r.target, r.unit)) \(f.method.phrase)\(needsText(r))"
    }

    /// "; forecast short: the base misses $4.2M, the high end reaches it".
    func forecastShortWords(_ r: KeyResultReview) -> String {
        "; forecast short: the base misses \(format.value(r.target, r.unit)), the high end reaches it"
    }

    /// "; behind pace to date, but the forecast makes it ($4.2M–$4.4M (80 % range) at …)".
    func forecastMakesItWords(_ r: KeyResultReview, _ f: Forecast) -> String {
        "; behind pace to date, but the forecast makes it (\(rangeWords(f, r.unit)) \(f.method.phrase))"
    }

    /// "$3.9M–$4.1M (80 % range)", or the one value when both ends show the same.
    private func rangeWords(_ f: Forecast, _ unit: MetricUnit) -> String {
        let (low, high) = (format.value(f.low, unit), format.value(f.high, unit))
        return low == high ? low : "\(low)–\(high) (\(f.level.map(Formatting.level) ?? "no") range)"
    }
}
