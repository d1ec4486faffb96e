/// The words of the agenda's problems: titles, evidence and impacts, from the values the
/// problem builders in `ReviewFacts.swift` compute.
extension ReviewFacts {
    /// Numbers as the problems show them, in the plan's currency.
    var format: Formatting { Formatting(currency: plan.currency) }

    // MARK: Transitions

    /// "MQLs→SQLs converts below plan" for a leak, "MQLs→SQLs conversion" otherwise.
    func transitionTitle(_ t: TransitionReview, leaking: Bool) -> String {
        leaking ? "\(t.name) converts below plan" : "\(t.name) conversion"
    }

    /// The impact of a transition that holds: "MQLs→SQLs holds within the tolerance of its plan".
    func holdsWords(_ t: TransitionReview) -> String {
        "\(t.name) holds within the tolerance of its plan"
    }

    /// "MQLs→SQLs back to plan = +257 SQLs = +32 won = +$777k (cycle to date)".
    func leakImpactWords(_ t: TransitionReview, _ leak: ReviewEngine.LeakPrice) -> String {
        let label =
            t.method == .cohort
            ? (leak.window == .recent ? t.recentWords : t.cumulativeWords) : windowLabel(leak.window)
        return "\(t.name) \(leak.description(format)) (\(label))"
    }

    /// A transition's evidence, "; "-joined: its rates against plan, the run below plan (for a
    /// leak), the cohort method, who and what accounts for the shortfall, the top reason, and the
    /// stage shortfalls it explains.
    /// - Parameters:
    ///   - run: for a leak below plan since a period, where that run ended (`nil` while it goes on).
    ///   - explains: the stages whose shortfall this transition causes.
    func transitionEvidence(
        _ t: TransitionReview, leaking: Bool, run: (since: Period, end: (last: Period, recovered: Period)?)?,
        topReason: TopReason?, explains: [StageReview]
    ) -> String {
        var evidence: [String] = []
        if leaking {
            let cumulative = "\(format.percent(t.actualRate)) \(t.cumulativeWords)"
            let recent = "\(format.percent(t.recentRate)) \(recentWords(t))"
            evidence.append(
                "\(t.name) converts \(t.belowPlan ? cumulative + " (" + recent + ")" : recent + " (" + cumulative + ")") vs \(format.percent(t.plannedRate)) planned"
            )
            if let run { evidence.append(belowPlanWords(since: run.since, end: run.end)) }
        } else {
            evidence.append(
                "\(t.name) at \(format.percent(t.actualRate))\(t.method == .cohort ? " " + t.cumulativeWords : "") vs \(format.percent(t.plannedRate)) planned, within tolerance"
            )
        }
        if let note = t.methodNote(format) { evidence.append(note) }
        if let words = sharesSentence(t.segments.map { ($0.segment, $0.share) }, of: t.name) { evidence.append(words) }
        if let words = sharesSentence(t.teams.map { (teamName($0.team), $0.share) }, of: t.name) {
            evidence.append(words)
        }
        if let words = sharesSentence((t.sources ?? []).map { ($0.source, $0.share) }, of: t.name) {
            evidence.append(words + " (by lead source)")
        }
        if let topReason { evidence.append(sentence(topReason)) }
        let consequences = explains.map { s in
            "\(s.name) \(format.value(s.actual, .count)) vs \(format.value(s.planned, .count)) planned"
        }
        if !consequences.isEmpty {
            evidence.append("it explains the shortfall of \(consequences.joined(separator: ", "))")
        }
        return evidence.joined(separator: "; ")
    }

    /// The recent window as the review judges it: "over the last 3 periods" (the periods
    /// elapsed, at most the plan's recent window), or the cohort method's ``TransitionReview/recentWords``.
    func recentWords(_ t: TransitionReview) -> String {
        t.method == .cohort ? t.recentWords : "over the last \(recentCount) periods"
    }

    /// "below plan since Sep" while the run of periods below plan reaches the review period;
    /// "below plan Aug–Sep, within tolerance since Oct" once it has ended.
    func belowPlanWords(since: Period, end: (last: Period, recovered: Period)?) -> String {
        guard let (last, recovered) = end else { return "below plan since \(since.shortLabel)" }
        let span = last == since ? since.shortLabel : "\(since.shortLabel)–\(last.shortLabel)"
        return "below plan \(span), within tolerance since \(recovered.shortLabel)"
    }

    /// A pricing window in words: "cycle to date", "last 3 periods", "the remaining 2 periods".
    func windowLabel(_ window: ProblemImpact.Window) -> String {
        switch window {
        case .cycleToDate: "cycle to date"
        case .recent: "last \(recentCount) periods"
        case .remaining: "the remaining \(remaining) periods"
        }
    }

    /// "Enterprise is 82 % of the MQLs→SQLs shortfall": the keys that account for most of it.
    func sharesSentence(_ shares: [(String, Double)], of name: String) -> String? {
        guard shares.count >= 2 || (shares.count == 1 && shares[0].1 >= 0.999) else { return nil }
        var named: [(String, Double)] = []
        var total = 0.0
        for s in shares where total < 0.5 {
            named.append(s)
            total += s.1
        }
        guard let first = named.first else { return nil }
        if named.count == 1 { return "\(first.0) is \(format.percent(first.1)) of the \(name) shortfall" }
        return
            "\(named.map(\.0).joined(separator: " and ")) are \(format.percent(total)) of the \(name) shortfall"
    }

    /// "Bad fit from Webinar in Enterprise is 41.0 % of rejected MQLs since Aug".
    func sentence(_ top: TopReason) -> String {
        let row = top.row
        let from = [row.source.map { "from \($0)" }, row.segment.map { "in \($0)" }].compactMap { $0 }
        let pair = ([row.reason ?? ""] + from).joined(separator: " ")
        let group =
            switch top.group {
            case .lost: "lost deals"
            case .rejected(let stage): "rejected \(stage)"
            case .recycled(let stage): "recycled \(stage)"
            }
        return "\(pair) is \(format.percent(top.share)) of \(group) since \(top.since.shortLabel)"
    }

    // MARK: Stage volumes

    /// "SQLs volume below plan".
    func stageVolumeTitle(_ s: StageReview) -> String { "\(s.name) volume below plan" }

    /// "SQLs at 410 vs 520 planned to date", then ": 60 short that no upstream problem explains"
    /// when `unexplained` is given (below the top stage).
    func stageVolumeRationale(_ s: StageReview, planned: Double, unexplained: Double?) -> String {
        var rationale =
            "\(s.name) at \(format.value(s.actual, .count)) vs \(format.value(planned, .count)) planned to date"
        if let own = unexplained { rationale += ": \(Formatting.count(own)) short that no upstream problem explains" }
        return rationale
    }

    /// "closing the 60 SQLs gap = +7 won = +$168k (cycle to date)".
    func stageVolumeImpact(_ s: StageReview, shortfall: Double, won: Double, revenue: Double) -> String {
        "closing the \(Formatting.count(shortfall)) \(s.name) gap = +\(Formatting.whole(won)) won = +\(format.money(revenue)) (cycle to date)"
    }

    // MARK: SLAs

    /// The SLA's title, "…: breached" when it is breached in the review period.
    func slaTitle(_ s: SLAReview) -> String { s.metInPeriod == false ? "\(s.title): breached" : s.title }

    /// "Speed to lead: 5.2 h in October 2025 (4.1 h cycle to date) vs ≤ 4 h committed; breached
    /// in Sep, Oct".
    func slaRationale(_ s: SLAReview, latest: Double?, breaches: [Period]) -> String {
        var rationale =
            "\(s.title): \(format.value(latest, s.unit)) in \(period.label) (\(format.value(s.actual, s.unit)) cycle to date) vs \(s.comparison.symbol) \(format.value(s.committed, s.unit)) committed"
        if !breaches.isEmpty { rationale += "; breached in \(breaches.map(\.shortLabel).joined(separator: ", "))" }
        return rationale
    }

    /// An unpriced SLA's impact: "restores the commitment Marketing made to Sales".
    func slaRestoresWords(_ s: SLAReview) -> String {
        "restores the commitment \(teamName(s.from)) made to \(teamName(s.to))"
    }

    /// "its revenue is counted in stage_volume:sqls": the problem that already prices it.
    func countedInWords(_ problem: ProblemID) -> String { "its revenue is counted in \(problem)" }

    /// "meeting it for the rest of the cycle = +4 won = +$96k".
    func slaMetImpact(won: Double, revenue: Double) -> String {
        "meeting it for the rest of the cycle = +\(Formatting.whole(won)) won = +\(format.money(revenue))"
    }

    // MARK: Key results

    /// "New ARR: off track".
    func keyResultTitle(_ kr: KeyResultReview) -> String { "\(kr.title): \(kr.status.label)" }

    /// The key result's reason, "; explained by <cause>" when a transition explains its stage.
    func keyResultRationale(_ kr: KeyResultReview, explainedBy cause: ProblemID?) -> String {
        var rationale = "\(kr.title): \(kr.reason)"
        if let cause { rationale += "; explained by \(cause)" }
        return rationale
    }

    /// "gap to target: $310k at forecast", or "no forecast yet".
    func keyResultGapWords(_ kr: KeyResultReview) -> String {
        kr.forecast.map { "gap to target: \(format.value(abs(kr.target - $0), kr.unit)) at forecast" }
            ?? "no forecast yet"
    }
}
