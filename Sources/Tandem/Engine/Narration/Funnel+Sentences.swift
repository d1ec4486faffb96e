/// The funnel diagnosis in words: a leak's price, the bottleneck, the coverage's definition.
extension ReviewEngine.LeakPrice {
    /// "back to plan = +257 SQLs = +32 won = +$777k".
    func description(_ format: Formatting) -> String {
        "back to plan = +\(Formatting.count(next)) \(toName) = +\(Formatting.whole(won)) won = +\(format.money(revenue))"
    }
}

extension ReviewEngine {
    /// Numbers as the review's sentences show them, in the plan's currency.
    var format: Formatting { Formatting(currency: plan.currency) }

    /// The bottleneck's sentence: "MQLs→SQLs at 32.5 % cycle to date vs 40.0 % planned: back to
    /// plan = +257 SQLs = +32 won = +$777k".
    func leakSentence(_ t: TransitionReview, _ leak: LeakPrice) -> String {
        let span =
            leak.cohort
            ? " " + (t.belowPlan ? t.cumulativeWords : t.recentWords)
            : leak.window == .cycleToDate ? " cycle to date" : " over the last \(recentWindow.count) periods"
        return
            "\(t.name) at \(format.percent(leak.rate))\(span) vs \(format.percent(t.plannedRate)) planned: \(leak.description(format))"
    }

    /// How the coverage is read when the deal records' open deals are the pipeline.
    var openDealsCoverageDefinition: String {
        "open deals (the amount of the deal records open at the end of \(period.label)) ÷ revenue still to book (revenue target − revenue to date)"
    }

    /// How the coverage is read from the plan's pipeline metric.
    func pipelineCoverageDefinition(_ pipe: MetricID) -> String {
        "open pipeline (\(metrics[pipe]?.name ?? pipe.rawValue), latest value up to \(period.label)) ÷ revenue still to book (revenue target − revenue to date)"
    }

    /// "no forecast from the deals yet: 12 closed deals, at least 30 needed".
    func noDealsForecastWords(_ reason: String) -> String { "no forecast from the deals yet: \(reason)" }
}
