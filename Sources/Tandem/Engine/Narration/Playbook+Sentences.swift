/// The other families' words (pipeline, key results, SLAs, health) and the agenda's cap, from
/// the values each rule reads.
extension Playbook {
    // MARK: Pipeline

    static let pushedTitle = "Deals slip out of their period"

    /// "push rate 31.0 % in Oct vs 22.0 % in Sep; $410k pushed out vs $260k; 3 pushed more than
    /// once ($120k)", or with no period before, "push rate 31.0 % in Oct; $410k pushed out".
    static func pushedRationale(
        _ last: PipelineMovement.Step, before: PipelineMovement.Step?, repeated: [PipelineMovement.Slip],
        _ facts: ReviewFacts
    ) -> String {
        let f = facts.format
        var rationale = "push rate \(f.percent(last.pushRate ?? 0)) in \(last.period.shortLabel)"
        if let before {
            rationale +=
                " vs \(f.percent(before.pushRate ?? 0)) in \(before.period.shortLabel); \(f.money(last.pushedOut)) pushed out vs \(f.money(before.pushedOut))"
        } else {
            rationale += "; \(f.money(last.pushedOut)) pushed out"
        }
        if !repeated.isEmpty {
            rationale +=
                "; \(repeated.count) pushed more than once (\(f.money(repeated.reduce(0) { $0 + $1.amount })))"
        }
        return rationale
    }

    /// "$410k slipped past the end of Oct".
    static func pushedImpact(_ last: PipelineMovement.Step, _ facts: ReviewFacts) -> String {
        "\(facts.format.money(last.pushedOut)) slipped past the end of \(last.period.shortLabel)"
    }

    // MARK: Key results

    /// The key result's reason, then "; no active tactic serves it".
    static func withoutTacticRationale(_ kr: KeyResultReview) -> String {
        "\(kr.title): \(kr.reason); no active tactic serves it"
    }

    /// "New ARR: needs $420k a period for the remaining 2 vs $310k recently".
    static func runRateGapRationale(_ kr: KeyResultReview, need: Double, recent: Double, _ facts: ReviewFacts)
        -> String
    {
        "\(kr.title): needs \(facts.format.value(need, kr.unit)) a period for the remaining \(facts.remaining) vs \(facts.format.value(recent, kr.unit)) recently"
    }

    static func runRateGapAction(_ kr: KeyResultReview, need: Double, recent: Double, _ facts: ReviewFacts) -> String {
        "Name the budget or capacity that lifts \(kr.metricName) from \(facts.format.value(recent, kr.unit)) to \(facts.format.value(need, kr.unit)) a period, or re-plan the target openly to the forecast \(facts.format.value(kr.forecast, kr.unit))"
    }

    // MARK: SLAs and health

    /// The SLA's two teams and what each brings to the fix.
    static func slaBreachAction(_ s: SLAReview, _ facts: ReviewFacts) -> String {
        "\(facts.teamName(s.from)) brings the cause of the breach (capacity, routing or the commitment itself) and a fix with a date; \(facts.teamName(s.to)) agrees it, and the next review checks the SLA."
    }

    /// "covers the sqls stage of the buyer's journey".
    static func contentGapImpact(_ h: HealthFinding) -> String {
        "covers the \(h.subject) stage of the buyer's journey"
    }

    // MARK: The agenda

    /// "; capped at $120k so the agenda adds up to the $1.2M still to book".
    static func cappedWords(_ left: Double, gap: Double, _ facts: ReviewFacts) -> String {
        "; capped at \(facts.format.money(left)) so the agenda adds up to the \(facts.format.money(gap)) still to book"
    }
}
