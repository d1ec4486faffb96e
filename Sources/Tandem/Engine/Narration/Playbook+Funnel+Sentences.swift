/// The funnel and reasons families' words: rationales from the facts' numbers, and the actions
/// that name a stage or a reason.
extension Playbook {
    /// "MQLs→SQLs converts 27.0 % over the last 3 periods vs 40.0 % planned".
    static func converts(_ t: TransitionReview, _ facts: ReviewFacts) -> String {
        let f = facts.format
        let cumulative = t.method == .cohort ? " " + t.cumulativeWords : ""
        return t.belowPlan
            ? "\(t.name) converts \(f.percent(t.actualRate))\(cumulative) vs \(f.percent(t.plannedRate)) planned"
            : "\(t.name) converts \(f.percent(t.recentRate)) \(facts.recentWords(t)) vs \(f.percent(t.plannedRate)) planned (\(f.percent(t.actualRate)) \(t.cumulativeWords))"
    }

    /// ``converts(_:_:)``, then "; " and the top reason when there is one.
    static func convertsWithReason(_ t: TransitionReview, _ top: TopReason?, _ facts: ReviewFacts) -> String {
        converts(t, facts) + (top.map { "; \(facts.sentence($0))" } ?? "")
    }

    /// The lead-quality rationale: the from stage's volume first when it is on plan (`from`),
    /// then the conversion and the top reason.
    static func leadQualityRationale(
        _ t: TransitionReview, from: StageReview?, top: TopReason?, _ facts: ReviewFacts
    ) -> String {
        let f = facts.format
        var rationale =
            from.map {
                "\($0.name) at \(f.value($0.actual, .count)) vs \(f.value($0.planned, .count)) planned to date, but \(converts(t, facts))"
            } ?? converts(t, facts)
        if let top { rationale += "; \(facts.sentence(top))" }
        return rationale
    }

    static func leadQualityAction(_ from: StageReview) -> String {
        "Revisit lead scoring and the ICP together: agree which \(from.name) sales will accept, tighten the score threshold, and feed back disqualification reasons weekly."
    }

    /// "MQLs→SQLs fell three periods running: 41.0 % → 36.2 % → 30.1 %".
    static func fellWords(_ t: TransitionReview, _ facts: ReviewFacts) -> String {
        "\(t.name) fell \(t.runWords) running: \(t.judgedRates.suffix(3).map { facts.format.percent($0) }.joined(separator: " → "))"
    }

    static func slideAction(_ from: StageReview) -> String {
        "Review a sample of recent \(from.name) together (sales notes plus campaign source) to find what changed before it shows in revenue."
    }

    /// A stage's own shortfall, then how the transition out of it fares: "while SQLs→Won holds at
    /// 24.0 %" or "; SQLs→Won also converts below plan (transition:sqls>won)".
    static func scaleRationale(
        _ problem: Problem, next: TransitionReview?, leaking: Bool, _ facts: ReviewFacts
    ) -> String {
        guard let t = next else { return problem.rationale }
        return problem.rationale
            + (leaking
                ? "; \(t.name) also converts below plan (\(ProblemID.transition(t.from, t.to)))"
                : " while \(t.name) holds at \(facts.format.percent(t.actualRate))")
    }

    static func scaleAction(_ stage: StageReview, next: TransitionReview?) -> String {
        next.map {
            "Scale the best-converting channel: move budget to the sources with the highest \($0.name) rate."
        } ?? "Scale the best-converting channel: move budget to the sources that bring the most \(stage.name)."
    }

    static let revenueProblemTitle = "The revenue still to book needs more volume than the funnel brings"

    /// "revenue still to book: $1.2M".
    static func revenueStillToBookWords(_ remaining: Double, _ facts: ReviewFacts) -> String {
        "revenue still to book: \(facts.format.money(remaining))"
    }

    /// "to book the remaining $1.2M at current conversion, MQLs must reach 1,540 a period vs 980
    /// recently".
    static func revenueGapRationale(
        _ top: StageNeed, need: Double, recent: Double, remaining: Double, _ facts: ReviewFacts
    ) -> String {
        "to book the remaining \(facts.format.money(remaining)) at current conversion, \(top.name) must reach \(Formatting.count(need)) a period vs \(Formatting.count(recent)) recently"
    }

    static func revenueGapAction(_ top: StageNeed, need: Double, recent: Double) -> String {
        "Fix conversion before buying volume: the bottleneck's fix is cheaper than \(Formatting.count(need - recent)) more \(top.name) a period."
    }

    /// The reasons family's action for the top reason's category, naming the reason and the stage.
    static func rejectionAction(_ category: ReasonCategory, reason: String, stage from: String) -> String {
        category == .noResponse
            ? "Fix speed to lead before the score: \(reason) leads the rejections, so route \(from) to a rep within the SLA, add follow-up capacity and a cadence, and re-work the unanswered ones before rejecting them."
            : "Recycle not-now \(from) into nurture instead of rejecting them: \(reason) leads the rejections, so agree a re-engagement date, a nurture track with content for their stage, and a re-score when they come back."
    }
}
