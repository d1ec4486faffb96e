/// The plan resolved to one target per metric per period for the whole cycle, past and future.
///
/// Where a target comes from, in order of precedence: the first key result on the metric (its
/// phasing; the rest spread evenly for summed metrics, a straight line for levels; a milestone is
/// its baseline until due and its target from the due period on), the funnel (each stage's volume
/// from the revenue target through the planned rates, and the revenue target on the revenue metric,
/// spread evenly), then an SLA's commitment (every period). When two sources set the same metric
/// differently, the earlier one is used and ``conflicts`` says so.
///
/// ```swift
/// let targets = plan.periodTargets()
/// targets.target(for: "won", period: 5)   // 30 (180 from kr-won, spread over 6 months)
/// ```
public struct PlanTargets: Sendable, Hashable {
    /// Where a metric's targets come from.
    public enum Source: String, Sendable, Hashable, Codable {
        /// A key result on the metric (its phasing).
        case keyResult = "key_result"
        /// The funnel: stage volumes from the revenue target through the planned rates.
        case funnel
        /// An SLA's commitment, every period.
        case sla
    }

    /// `targets[metric]`: one target per period of the cycle.
    public var targets: [MetricID: [Double]]
    /// `sources[metric]`: where the metric's targets come from.
    public var sources: [MetricID: Source]
    /// Metrics set differently by two sources (as plan warnings).
    public var conflicts: [PlanProblem]

    /// The target of `metric` in the cycle's period at index `period` (0 = the first).
    public func target(for metric: MetricID, period: Int) -> Double? {
        guard let values = targets[metric], period >= 0, period < values.count else { return nil }
        return values[period]
    }
}

extension Plan {
    /// The plan's target for every metric it targets, in every period of the cycle.
    public func periodTargets() -> PlanTargets {
        var targets: [MetricID: [Double]] = [:]
        var sources: [MetricID: PlanTargets.Source] = [:]
        var keyResultTotal: [MetricID: (total: Double, path: String, id: KeyResultID)] = [:]
        let metricByID = Dictionary(metrics.map { ($0.id, $0) }) { a, _ in a }
        for (o, objective) in objectives.enumerated() {
            for (k, kr) in objective.keyResults.enumerated() where targets[kr.metric] == nil {
                guard let metric = metricByID[kr.metric] else { continue }
                targets[kr.metric] =
                    isSummed(metric) && (kr.kind == .increaseTo || kr.kind == .decreaseTo)
                    ? increments(kr)  // what periodTarget gives for each period, worked out once
                    : (0..<cycle.count).map { periodTarget(kr, metric: metric, index: $0) }
                sources[kr.metric] = .keyResult
                if isSummed(metric) && (kr.kind == .increaseTo || kr.kind == .decreaseTo) {
                    keyResultTotal[kr.metric] = (
                        kr.target - kr.baseline, "objectives[\(o)].key_results[\(k)].target", kr.id
                    )
                }
            }
        }
        var conflicts: [PlanProblem] = []
        let n = Double(max(1, cycle.count))
        if let funnel, let revenue = funnel.revenueTarget, funnel.valuePerWon > 0,
            funnel.plannedRates.allSatisfy({ $0 > 0 })
        {
            var planned = zip(
                funnel.stages.map(\.metric),
                Funnel.volumesReaching(
                    won: revenue / funnel.valuePerWon, through: funnel.plannedRates)
            ).map { ($0, $1, "volume") }
            if let r = funnel.revenueMetric { planned.append((r, revenue, "revenue")) }
            for (metric, total, what) in planned {
                if let kr = keyResultTotal[metric], abs(kr.total - total) > 0.005 * max(abs(kr.total), abs(total)) {
                    conflicts.append(
                        PlanProblem(
                            path: kr.path, code: .invalidValue,
                            message: targetConflictMessage(
                                metricByID[metric], metric, keyResult: kr.id, keyResultTotal: kr.total,
                                funnelTotal: total, fromRevenueTarget: what == "revenue", revenue: revenue,
                                valuePerWon: funnel.valuePerWon),
                            severity: .warning))
                }
                if targets[metric] == nil, metricByID[metric].map(isSummed) == true {
                    targets[metric] = Array(repeating: total / n, count: cycle.count)
                    sources[metric] = .funnel
                }
            }
        }
        for sla in slas where targets[sla.metric] == nil && metricByID[sla.metric] != nil {
            targets[sla.metric] = Array(repeating: sla.amount, count: cycle.count)
            sources[sla.metric] = .sla
        }
        return PlanTargets(targets: targets, sources: sources, conflicts: conflicts)
    }

    /// A measured metric summed over periods (not derived, not a level).
    func isSummed(_ metric: Metric) -> Bool { metric.formula == nil && metric.rollup == .sum }

    /// Per-period increments of a summed key result (phasing, the rest spread evenly).
    func increments(_ kr: KeyResult) -> [Double] {
        let periods = cycle.periods
        var phased = [Double?](repeating: nil, count: periods.count)
        for p in kr.phasing { if let i = cycle.position(of: p.period) { phased[i] = p.value } }
        let fixed = phased.compactMap { $0 }.reduce(0, +)
        let open = phased.filter { $0 == nil }.count
        let share = open > 0 ? (kr.target - kr.baseline - fixed) / Double(open) : 0
        return phased.map { $0 ?? share }
    }

    /// The planned level after `x` of the cycle's periods (0 = start), for level key results.
    func levelPath(_ kr: KeyResult, at x: Int) -> Double {
        let count = cycle.count
        var points: [(Double, Double)] = [(0, kr.baseline)]
        for p in kr.phasing { if let i = cycle.position(of: p.period) { points.append((Double(i + 1), p.value)) } }
        if points.last.map({ $0.0 < Double(count) }) ?? true { points.append((Double(count), kr.target)) }
        let xd = Double(x)
        for k in 1..<points.count where xd <= points[k].0 {
            let (x0, y0) = points[k - 1]
            let (x1, y1) = points[k]
            return x1 == x0 ? y1 : y0 + (y1 - y0) * (xd - x0) / (x1 - x0)
        }
        return points.last!.1
    }

    /// The target of one period: the increment (summed), the planned level (levels), the bound
    /// (stay kinds), or for a milestone its baseline until due (its first phased period, else the
    /// cycle's last) and its target from then on: never a fraction of a milestone.
    func periodTarget(_ kr: KeyResult, metric: Metric, index i: Int) -> Double {
        switch kr.kind {
        case .stayAbove, .stayBelow: return kr.target
        case .milestone:
            let due = kr.phasing.compactMap { cycle.position(of: $0.period) }.min() ?? cycle.count - 1
            return i >= due ? kr.target : kr.baseline
        case .increaseTo, .decreaseTo:
            if isSummed(metric) { return increments(kr)[i] }
            return levelPath(kr, at: i + 1)
        }
    }
}
