/// Transitions that CRM records measure are judged on pooled mature cohorts, not on period
/// ratios; stage volumes stay by period. An immature cohort is reported "to date" and never
/// judged: not against plan, not as missing data.
extension ReviewEngine {
    /// One transition's cohorts over the elapsed periods, as the records measured them.
    struct CohortMeasure {
        var conversion: CohortConversion
        /// The cohort of each elapsed period (`entered` 0 where none entered).
        var periods: [CohortPeriod]
        /// The mature cohorts: a prefix of the elapsed periods (maturity only ends).
        var mature: Range<Int>
        /// The last `recent_periods` mature cohorts.
        var recent: Range<Int>

        /// Σ entered and Σ converted over `range`.
        func pooled(_ range: Range<Int>) -> (entered: Double, converted: Double) {
            var entered = 0.0
            var converted = 0.0
            for p in range {
                entered += Double(periods[p].entered)
                converted += Double(periods[p].converted)
            }
            return (entered, converted)
        }

        /// Σ converted ÷ Σ entered over `range`, `nil` when nobody entered.
        func rate(_ range: Range<Int>) -> Double? {
            let (entered, converted) = pooled(range)
            return entered > 0 ? converted / entered : nil
        }

        /// Each mature cohort's rate; `nil` for immature ones and where nobody entered.
        var periodRates: [Double?] {
            periods.indices.map { p in
                mature.contains(p) && periods[p].entered > 0
                    ? Double(periods[p].converted) / Double(periods[p].entered) : nil
            }
        }
    }

    /// The cohorts of the transition `from`→`to`, when the records measure it.
    func cohortMeasure(_ from: StageID, _ to: StageID) -> CohortMeasure? {
        guard let c = cohorts.first(where: { $0.from == from && $0.to == to }) else { return nil }
        let byPeriod = Dictionary(c.periods.map { ($0.period, $0) }) { a, _ in a }
        let periods = (0..<elapsed).map { p -> CohortPeriod in
            let period = plan.cycle.start.advanced(by: p)
            return byPeriod[period] ?? CohortPeriod(period: period, entered: 0, converted: 0, mature: false)
        }
        let matureCount = periods.prefix(while: \.mature).count
        return CohortMeasure(
            conversion: c, periods: periods, mature: 0..<matureCount,
            recent: max(0, matureCount - plan.recentPeriods)..<matureCount)
    }

    /// How the shortfall of the cohorts in `window` splits by segment, owner team and lead source:
    /// each value's `Σ entered × planned − Σ converted`, as shares of the positive ones, largest
    /// first (none for a dimension with fewer than two values).
    func cohortShares(_ c: CohortMeasure, plannedRate: Double, _ window: Range<Int>)
        -> (segments: [SegmentShare], teams: [TeamShare], sources: [SourceShare])
    {
        let position = Dictionary(c.conversion.periods.enumerated().map { ($1.period, $0) }) { a, _ in a }
        let columns = window.compactMap { position[plan.cycle.start.advanced(by: $0)] }
        func split(_ dimension: CohortSlice.Dimension) -> [(String, Double)] {
            let slices = c.conversion.slices.filter { $0.dimension == dimension }
            guard slices.count >= 2 else { return [] }
            var gaps: [(String, Double)] = []
            for slice in slices {
                let entered = columns.reduce(0) { $0 + slice.entered[$1] }
                let converted = columns.reduce(0) { $0 + slice.converted[$1] }
                let gap = Double(entered) * plannedRate - Double(converted)
                if entered > 0, gap > 0 { gaps.append((slice.key, gap)) }
            }
            let total = gaps.reduce(0) { $0 + $1.1 }
            guard total > 0 else { return [] }
            return gaps.map { ($0.0, $0.1 / total) }.sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
        }
        return (
            split(.segment).map { SegmentShare(segment: $0.0, share: $0.1) },
            split(.team).map { TeamShare(team: TeamID($0.0), share: $0.1) },
            split(.source).map { SourceShare(source: $0.0, share: $0.1) }
        )
    }

    /// Whether `metric` (or a metric its formula reads) is a cohort conversion whose cohort of
    /// the review period is not mature yet: no value then is not missing data.
    func awaitsCohort(_ metric: MetricID, depth: Int = 0) -> Bool {
        if let mature = cohortMetrics[metric], mature < elapsed { return true }
        guard depth < 32, let formula = metrics[metric]?.formula else { return false }
        return formula.metrics.contains { awaitsCohort($0, depth: depth + 1) }
    }
}

extension TransitionReview {
    /// The periods of the mature cohorts, with the cohort method (empty otherwise).
    public var maturePeriods: [Period] { (cohorts ?? []).filter(\.mature).map(\.period) }

    /// The rates a trend may be read from: every period's, or with the cohort method the mature
    /// cohorts' only.
    var judgedRates: [Double?] {
        method == .cohort ? Array(periodRates.prefix(maturePeriods.count)) : periodRates
    }
}
