/// A problem on a review's agenda, by its stable id.
struct OpenProblem: Sendable, Hashable {
    var id: ProblemID
    var title: String
}

extension Review {
    /// The problems of this review by the agenda's stable ids (`transition:mqls>sqls`,
    /// `stage_volume:leads`, `sla:sla-speed`, `key_result:kr-won`, `plan:content:opportunities`):
    /// the agenda itself, in its order.
    var openProblems: [OpenProblem] {
        agenda.map { OpenProblem(id: $0.id, title: $0.title) }
    }

    /// Whether a problem's measure is back within the plan's tolerance in this review: the
    /// transition no longer below plan, the stage's volume at plan (within the on-track
    /// tolerance), the SLA met in the period, the key result on track or achieved; `nil` for the
    /// plan's own problems and unknown subjects.
    func withinTolerance(_ id: ProblemID) -> Bool? {
        switch id.kind {
        case .transition:
            return funnel?.transitions.first { ProblemID.transition($0.from, $0.to) == id }.map { !$0.belowPlan }
        case .stageVolume:
            guard let s = funnel?.stages.first(where: { $0.id.rawValue == id.subject }) else { return nil }
            if s.cause != nil { return false }
            return (s.variancePct ?? 0) >= -plan.tolerance.onTrack
        case .sla:
            return sla.first { $0.id.rawValue == id.subject }.map { $0.metInPeriod != false }
        case .keyResult:
            return keyResults.first { $0.id.rawValue == id.subject }.map {
                $0.status == .onTrack || $0.status == .achieved
            }
        default:
            return nil
        }
    }

    /// A problem's measure in each of ``periods``: the transition's rate, the stage's volume, the
    /// SLA's value, the key result's metric; `nil` for plan problems or unknown ids.
    func measure(ofProblem id: ProblemID, _ lookup: ReviewLookup? = nil) -> Measure? {
        let subject = id.subject
        switch id.kind {
        case .transition:
            guard let t = funnel?.transitions.first(where: { ProblemID.transition($0.from, $0.to) == id }) else {
                return nil
            }
            return rateMeasure(t)
        case .stageVolume:
            guard let s = funnel?.stages.first(where: { $0.id.rawValue == subject }) else { return nil }
            return metricMeasure(s.metric, lookup)
        case .sla:
            guard let s = sla.first(where: { $0.id.rawValue == subject }) else { return nil }
            let byPeriod = Dictionary(s.periods.map { ($0.period, $0.actual) }) { a, _ in a }
            return Measure(
                name: s.title, unit: s.unit, higherIsBetter: s.comparison == .atLeast,
                values: periods.map { byPeriod[$0] ?? nil })
        case .keyResult:
            let found = lookup.map { $0.keyResults[subject].map { keyResults[$0] } }
            guard let kr = found ?? keyResults.first(where: { $0.id.rawValue == subject }) else { return nil }
            return metricMeasure(kr.metric, lookup)
        default:
            return nil
        }
    }

    func rateMeasure(_ t: TransitionReview) -> Measure? {
        // Cohorts: mature ones only, a window's rate pooled from their entrants.
        if t.method == .cohort, let cohorts = t.cohorts {
            return Measure(
                name: t.name, unit: .percent, higherIsBetter: true, values: t.periodRates,
                numerators: cohorts.map { $0.mature ? Double($0.converted) : nil },
                denominators: cohorts.map { $0.mature ? Double($0.entered) : nil })
        }
        guard let fromStage = funnel?.stages.first(where: { $0.id == t.from }),
            let toStage = funnel?.stages.first(where: { $0.id == t.to }),
            let from = trends.first(where: { $0.metric == fromStage.metric }),
            let to = trends.first(where: { $0.metric == toStage.metric })
        else { return nil }
        return Measure(
            name: t.name, unit: .percent, higherIsBetter: true, values: t.periodRates, numerators: to.values,
            denominators: from.values)
    }

    func metricMeasure(_ metric: MetricID, _ lookup: ReviewLookup? = nil) -> Measure? {
        let found = lookup.map { $0.trends[metric].map { trends[$0] } }
        guard let trend = found ?? trends.first(where: { $0.metric == metric }) else { return nil }
        return Measure(
            name: trend.name, unit: trend.unit, higherIsBetter: trend.direction == .higherIsBetter,
            values: trend.values)
    }
}

/// Tables over a review's key results (by id) and trends (by metric), built once for the many
/// lookups of a follow-up (a decision log may hold thousands of decisions); the first of
/// duplicates wins, as a linear search would find it.
struct ReviewLookup {
    let keyResults: [String: Int]
    let trends: [MetricID: Int]

    init(_ review: Review) {
        keyResults = Dictionary(review.keyResults.enumerated().map { ($1.id.rawValue, $0) }) { a, _ in a }
        trends = Dictionary(review.trends.enumerated().map { ($1.metric, $0) }) { a, _ in a }
    }
}

/// A measure per period of a review.
struct Measure {
    var name: String
    var unit: MetricUnit
    var higherIsBetter: Bool
    var values: [Double?]
    /// For a rate: its parts per period, so a window's rate is Σ numerator / Σ denominator.
    var numerators: [Double?]? = nil
    var denominators: [Double?]? = nil

    /// The measure over `range` of the review's periods: the pooled rate, or the mean per period.
    func value(over range: Range<Int>) -> Double? {
        guard !range.isEmpty, range.lowerBound >= 0, range.upperBound <= values.count else { return nil }
        if let numerators, let denominators {
            var n = 0.0
            var d = 0.0
            for i in range {
                guard let a = numerators[i], let b = denominators[i] else { continue }
                n += a
                d += b
            }
            return d > 0 ? n / d : nil
        }
        let known = values[range].compactMap { $0 }
        return known.isEmpty ? nil : known.reduce(0, +) / Double(known.count)
    }

    /// Before (`before` periods) against after (`after` periods), or `nil` when either is unknown.
    func compare(before: Range<Int>, after: Range<Int>, periods: [Period]) -> BeforeAfter? {
        guard let b = value(over: before), let a = value(over: after) else { return nil }
        let scale = max(abs(b), 1e-9)
        let verdict: BeforeAfter.Verdict =
            abs(a - b) < 0.02 * scale ? .same : ((a > b) == higherIsBetter ? .better : .worse)
        let windowed = before.count > 1 || after.count > 1
        return BeforeAfter(
            measure: windowed && numerators == nil ? meanName : name, unit: unit,
            beforeFrom: periods[before.lowerBound], beforeTo: periods[before.upperBound - 1], before: b,
            afterFrom: periods[after.lowerBound], afterTo: periods[after.upperBound - 1], after: a,
            verdict: verdict)
    }
}
