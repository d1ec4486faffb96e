/// The review's sentences about key results, forecasts and the headline: the words, apart from
/// the computation that gives them their numbers.
extension ReviewEngine {
    /// `$4.02M (80 % range $3.98M–$4.06M)`, the base alone when the range is a point (the
    /// cycle is over), or the base with "no range yet" when the history is too short for one.
    func forecastText(_ f: Forecast?, _ unit: MetricUnit) -> String {
        guard let f else { return "–" }
        let base = format.value(f.base, unit)
        guard let level = f.level else { return "\(base) (no range yet)" }
        let low = format.value(f.low, unit)
        let high = format.value(f.high, unit)
        return low == high ? base : "\(base) (\(Formatting.level(level)) range \(low)–\(high))"
    }

    /// "; needs 329 a period vs 210 recently" when the run-rate still needed is over 105 % of the
    /// recent one; empty otherwise.
    func needsText(_ r: KeyResultReview) -> String {
        guard let need = r.requiredRunRate, let recent = r.recentRunRate, need > recent * 1.05 else { return "" }
        return "; needs \(format.value(need, r.unit)) a period vs \(format.value(recent, r.unit)) recently"
    }

    /// "October 2025: 5 of 8 key results on track or achieved, 2 at risk, 1 off track." and the
    /// bottleneck's worth when there is one.
    func headlineSentence(
        onTrack: Int, of count: Int, atRisk: Int, offTrack: Int, noData: Int, bottleneck b: Bottleneck?
    ) -> String {
        var sentence =
            "\(period.label): \(onTrack) of \(count) key results on track or achieved, \(atRisk) at risk, \(offTrack) off track"
        if noData > 0 { sentence += ", \(noData) without data" }
        sentence += "."
        if let b {
            sentence +=
                " The bottleneck is \(b.name): back to plan is worth +\(format.money(b.impactRevenue)) (\(b.window == .cycleToDate ? "cycle to date" : "over the last \(recentWindow.count) periods"))."
        }
        return sentence
    }

    /// The first problem on the agenda and its owners; for a priced one, what fixing it now can
    /// still bring against the forecast gap.
    func leadSentence(_ agenda: [Problem], _ funnel: FunnelReview?) -> String? {
        guard let first = agenda.first else { return nil }
        let owners = (first.owners ?? []).map { plan.team($0)?.name ?? $0.rawValue }.joined(separator: " + ")
        var text = "First on the agenda: \(first.title)\(owners.isEmpty ? "" : " (\(owners))")"
        if let worth = first.impact.remaining, let lag = first.impact.lagPeriods {
            text += "; fixing it now can still bring \(format.money(worth))"
            if let target = funnel?.revenueTarget, let f = funnel?.revenueForecast, f.base < target {
                text += " of the \(format.money(target - f.base)) forecast gap"
            }
            text += " this cycle"
            if lag > 0 {
                text += " (a fix reaches revenue after the \(lag)-\(period.kind.noun) sales cycle)"
            }
        }
        return text + "."
    }

    /// "Forecast: New ARR $4.02M ($3.98M–$4.06M) of $4.2M at the recent run-rate, $181k short;
    /// $4.09M from the open pipeline. Pipeline coverage 2.9× ($2.34M open for $817k to go)."
    func forecastSentence(_ funnel: FunnelReview) -> String? {
        guard let target = funnel.revenueTarget, let f = funnel.revenueForecast else { return nil }
        let name = plan.funnel?.revenueMetric.flatMap { metrics[$0]?.name } ?? "Revenue"
        var text =
            "Forecast at cycle end: \(name) \(forecastText(f, .currency)) of \(format.money(target)) \(f.method.phrase)"
        let gap = f.base - target
        text += gap < 0 ? ", \(format.money(-gap)) short" : ", \(format.money(gap)) over"
        if let p = funnel.revenuePipelineForecast {
            text += "; \(forecastText(p, .currency)) \(p.method.phrase)"
        }
        text += "."
        if let c = funnel.coverage {
            if let ratio = c.ratio {
                text +=
                    " Pipeline coverage \(Formatting.multiple(ratio)) (\(format.money(c.openPipeline)) open at the end of \(period.shortLabel) for \(format.money(c.revenueToGo)) to go)."
            } else {
                text += " Nothing left to book; \(format.money(c.openPipeline)) open."
            }
        }
        return text
    }
}
