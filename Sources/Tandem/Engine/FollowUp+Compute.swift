extension FollowUp {
    /// Follows up on `decisions` and compares `current` with the `previous` review: a pure
    /// function of its arguments, linear in the flat data.
    ///
    /// ```swift
    /// review.sinceLastReview = FollowUp(current: review, previous: october, decisions: log)
    /// ```
    /// - Parameters:
    ///   - current: the review being followed up.
    ///   - previous: the review of an earlier period, or `nil` when none is available; `note`
    ///     then says why, once (a default note is used when it is `nil`).
    ///   - log: the decision log.
    ///   - plan: the plan's tactics, for their effect before and after their start.
    ///   - note: why there is no previous review, when `previous` is `nil`.
    public init(
        current: Review, previous: Review?, decisions log: DecisionLog, tactics plan: [Tactic] = [], note: String? = nil
    ) {
        self.init()
        let open = current.openProblems
        let openIDs = Dictionary(open.map { ($0.id, $0.title) }) { a, _ in a }
        let position = Dictionary(current.periods.enumerated().map { ($1, $0) }) { a, _ in a }
        let last = current.periods.count - 1
        let lookup = ReviewLookup(current)

        // Decisions of earlier meetings.
        for d in log.decisions where d.period < current.period {
            let state: DecisionFollowUp.State
            switch d.verdict {
            case .declined: state = .declined
            case .deferred: state = .deferred
            case .accepted:
                if let done = d.done, done.period(as: current.period.kind) <= current.period {
                    state = .done
                } else if let due = d.due?.period(as: current.period.kind) {
                    state = due < current.period ? .overdue : due == current.period ? .due : .open
                } else {
                    state = .open
                }
            }
            var effect: BeforeAfter?
            if d.verdict == .accepted, let at = position[d.period], at < last,
                let measure = current.measure(ofProblem: d.problem, lookup)
            {
                effect = measure.compare(before: at..<at + 1, after: last..<last + 1, periods: current.periods)
            }
            var followed = DecisionFollowUp(decision: d, state: state, problemTitle: openIDs[d.problem], effect: effect)
            if state == .deferred || state == .open, let due = d.due?.period(as: current.period.kind),
                due < current.period
            {
                followed.late = true
            }
            decisions.append(followed)
        }

        // Tactic effects.
        // A tactic is judged from its start, and only once it runs (active or done).
        for tactic in plan where !tactic.keyResults.isEmpty && (tactic.status == .active || tactic.status == .done) {
            guard let first = tactic.start, let start = position[first] else { continue }
            for kr in tactic.keyResults {
                guard let at = lookup.keyResults[kr.rawValue] else { continue }
                let review = current.keyResults[at]
                var measure = current.metricMeasure(review.metric, lookup)
                var problems = [ProblemID.keyResult(kr)]
                if let funnel = current.funnel, let i = funnel.stages.firstIndex(where: { $0.metric == review.metric })
                {
                    problems.append(.stageVolume(funnel.stages[i].id))
                    if i > 0 {
                        let t = funnel.transitions[i - 1]
                        measure = current.rateMeasure(t) ?? measure
                        problems.append(.transition(t.from, t.to))
                    }
                }
                let effect =
                    start > 0
                    ? measure?.compare(
                        before: max(0, start - 3)..<start, after: start..<last + 1, periods: current.periods)
                    : nil
                tactics.append(
                    TacticEffect(
                        tactic: tactic.id, title: tactic.title, start: first, keyResult: kr, effect: effect,
                        problems: problems, onAgenda: problems.contains { openIDs[$0] != nil }))
            }
        }

        guard let previous else {
            self.note =
                note ?? Self.noPreviousNote
            return
        }
        if let why = current.notComparable(with: previous) {
            self.note = why
            return
        }
        guard previous.period < current.period else {
            self.note = Self.notEarlierNote(previous.period)
            return
        }
        previousPeriod = previous.period

        // Problems new, resolved and persisting.
        let before = previous.openProblems
        let beforeIDs = Set(before.map(\.id))
        let streaks = Dictionary(
            (previous.sinceLastReview?.problems ?? []).map { ($0.id, $0.streak) }
        ) { a, _ in a }
        for p in open {
            if beforeIDs.contains(p.id) {
                problems.append(
                    ProblemChange(
                        id: p.id, title: p.title, change: .persisting,
                        // Saturating: a streak read back from a damaged file cannot trap here.
                        streak: min(max(streaks[p.id] ?? 1, 0), Review.maxCount) + 1))
            } else {
                problems.append(ProblemChange(id: p.id, title: p.title, change: .new, streak: 1))
            }
        }
        for p in before where openIDs[p.id] == nil {
            let back = current.withinTolerance(p.id) ?? true
            problems.append(ProblemChange(id: p.id, title: p.title, change: back ? .resolved : .unresolved, streak: 0))
        }

        // Key results that changed status.
        let then = Dictionary(previous.keyResults.map { ($0.id, $0.status) }) { a, _ in a }
        for kr in current.keyResults {
            if let was = then[kr.id], was != kr.status {
                keyResults.append(StatusChange(keyResult: kr.id, title: kr.title, before: was, after: kr.status))
            }
        }

        // The bottleneck then and now.
        let a = previous.funnel?.bottleneck
        let b = current.funnel?.bottleneck
        if a != nil || b != nil {
            bottleneck = BottleneckChange(
                beforeName: a?.name, beforeRevenue: a?.impactRevenue, afterName: b?.name,
                afterRevenue: b?.impactRevenue,
                beforeWindow: a?.window, afterWindow: b?.window)
        }

        restatements = Restatement.diff(previous: previous.data, current: current.data)
    }
}

extension Restatement {
    /// Every actual of the periods both flat data cover whose value changed, appeared or went,
    /// keyed by period, metric, team and segment; in the current data's order, then the rows
    /// that went. Rows without an actual on either side are ignored.
    ///
    /// Both reviews list rows grouped by period in the same order, so rows are compared in step
    /// and a hash table is built only for a period whose rows do not line up.
    static func diff(previous: [DataRow], current: [DataRow]) -> [Restatement] {
        // Plan rows (periods still to come) hold no actuals: only actual rows can be restated.
        // The rows are worked on by index: a million rows are not copied.
        let p = previous.indices.filter { previous[$0].rowKind == .actual }
        let c = current.indices.filter { current[$0].rowKind == .actual }
        /// Each period's run of `idx` (ranges into it), or nothing when a period comes back later.
        func groups(_ rows: [DataRow], _ idx: [Int]) -> [Period: Range<Int>] {
            var out: [Period: Range<Int>] = [:]
            var start = 0
            for k in idx.indices where k == idx.count - 1 || rows[idx[k + 1]].period != rows[idx[k]].period {
                if out[rows[idx[k]].period] == nil { out[rows[idx[k]].period] = start..<k + 1 } else { return [:] }
                start = k + 1
            }
            return out
        }
        func sameKey(_ a: DataRow, _ b: DataRow) -> Bool {
            a.metric == b.metric && a.team == b.team && a.segment == b.segment
        }
        func change(_ old: DataRow?, _ new: DataRow?) -> Restatement? {
            let before = old?.actual
            let after = new?.actual
            guard before != after, let row = new ?? old else { return nil }
            return Restatement(
                period: row.period, metric: row.metric, metricName: row.metricName, team: row.team,
                segment: row.segment, unit: row.unit, before: before, after: after,
                change: zip2(before, after).map { $1 - $0 })
        }
        var old = groups(previous, p)
        var new = groups(current, c)
        if old.isEmpty && !p.isEmpty || new.isEmpty && !c.isEmpty {
            // Not grouped by period: compare by key through one table.
            old = [:]
            new = [:]
        }
        var out: [Restatement] = []
        let periods = Set(old.keys).intersection(new.keys).sorted()
        for period in periods {
            let a = p[old[period]!]
            let b = c[new[period]!]
            if a.count == b.count && zip(a, b).allSatisfy({ sameKey(previous[$0], current[$1]) }) {
                for (x, y) in zip(a, b) where previous[x].actual != current[y].actual {
                    if let r = change(previous[x], current[y]) { out.append(r) }
                }
            } else {
                out += keyed(a.map { previous[$0] }, b.map { current[$0] }, change)
            }
        }
        if old.isEmpty && new.isEmpty && !(p.isEmpty || c.isEmpty) {
            let shared = Set(p.map { previous[$0].period }).intersection(c.map { current[$0].period })
            out = keyed(
                p.filter { shared.contains(previous[$0].period) }.map { previous[$0] },
                c.filter { shared.contains(current[$0].period) }.map { current[$0] }, change)
        }
        return out
    }

    private struct Key: Hashable {
        var period: Period
        var metric: MetricID
        var team: TeamID?
        var segment: String?
        init(_ r: DataRow) {
            period = r.period
            metric = r.metric
            team = r.team
            segment = r.segment
        }
    }

    private static func keyed(
        _ a: [DataRow], _ b: [DataRow], _ change: (DataRow?, DataRow?) -> Restatement?
    ) -> [Restatement] {
        var before = Dictionary(a.map { (Key($0), $0) }) { x, _ in x }
        var out: [Restatement] = []
        for row in b {
            let old = before.removeValue(forKey: Key(row))
            if let r = change(old, row) { out.append(r) }
        }
        for row in a where before[Key(row)] != nil {
            if let r = change(row, nil) { out.append(r) }
        }
        return out
    }
}
