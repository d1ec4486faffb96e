/// Every metric's value in every period of the cycle, and its cycle-to-date roll-up, built in one
/// pass over the observations.
struct MetricSeries: Sendable {
    let plan: Plan
    let periods: [Period]
    /// Number of periods up to and including the review period.
    let elapsed: Int
    let metricIndex: [MetricID: Int]
    /// `values[m][i]`: metric m in period i (nil without data).
    private(set) var values: [[Double?]]
    /// `toDate[m]`: the cycle-to-date value as of the review period.
    private(set) var toDate: [Double?]
    /// The funnel stages' volumes by segment and by team, from the observations that carry one.
    private(set) var segments = Breakdown<String>()
    private(set) var teams = Breakdown<TeamID>()

    /// Volumes of each funnel stage per key (a segment or a team) and period.
    struct Breakdown<Key: Hashable & Sendable>: Sendable {
        /// The keys in order of first appearance.
        private(set) var keys: [Key] = []
        private var index: [Key: Int] = [:]
        /// `volumes[stage][key][period]`.
        private(set) var volumes: [[[Double]]] = []

        mutating func add(_ value: Double, key: Key, stage: Int, period: Int, stages: Int, periods: Int) {
            if volumes.isEmpty { volumes = Array(repeating: [], count: stages) }
            var k = index[key] ?? -1
            if k < 0 {
                k = keys.count
                keys.append(key)
                index[key] = k
                for s in 0..<stages { volumes[s].append(Array(repeating: 0, count: periods)) }
            }
            volumes[stage][k][period] += value
        }

        /// Stage `stage`'s volume for key `k` over the periods `range`.
        func total(stage: Int, key k: Int, _ range: Range<Int>) -> Double {
            volumes.isEmpty ? 0 : volumes[stage][k][range].reduce(0, +)
        }

        /// Whether stage `stage` has any volume for key `k` in `range`.
        func seen(stage: Int, key k: Int, _ range: Range<Int>) -> Bool {
            !volumes.isEmpty && volumes[stage][k][range].contains { $0 != 0 }
        }
    }

    /// Each observation's place: `period * metrics + metric` for one of the cycle's periods and
    /// a measured metric, -1 otherwise. Worked out once here, for the data rows too.
    let cells: [Int32]

    /// `pooled`: cycle-to-date values pooled from records (``DerivedRecords/pooled``), which
    /// replace the mean of the periods for metrics that roll up by `average`.
    init(plan: Plan, actuals: Actuals, elapsed: Int, pooled: [MetricID: Double] = [:]) {
        self.plan = plan
        self.periods = plan.cycle.periods
        self.elapsed = elapsed
        let metrics = plan.metrics
        let metricIndex = Dictionary(metrics.enumerated().map { ($1.id, $0) }) { a, _ in a }
        self.metricIndex = metricIndex
        // Metric ids by their bytes: a million observations make a million lookups.
        let positions = NamePositions(metrics.map(\.id.rawValue))
        func index(_ id: MetricID) -> Int? { positions.position(of: id.rawValue) }
        var cells = [Int32](repeating: -1, count: actuals.observations.count)
        let n = periods.count
        var sums = [[CompensatedSum]](
            repeating: [CompensatedSum](repeating: CompensatedSum(), count: n), count: metrics.count)
        var counts = [[Int]](repeating: [Int](repeating: 0, count: n), count: metrics.count)
        let start = plan.cycle.start
        // Which funnel stages each metric measures, so the breakdown costs an array lookup.
        let stages = plan.funnel?.stages ?? []
        var stagesOf = [[Int]](repeating: [], count: metrics.count)
        for (s, stage) in stages.enumerated() { if let m = metricIndex[stage.metric] { stagesOf[m].append(s) } }
        var segments = Breakdown<String>()
        var teams = Breakdown<TeamID>()
        for (k, o) in actuals.observations.enumerated() {
            guard let m = index(o.metric), o.period.kind == start.kind else { continue }
            let i = start.distance(to: o.period)
            guard i >= 0 && i < n else { continue }
            cells[k] = Int32(i * metrics.count + m)
            sums[m][i].add(o.value)
            counts[m][i] += 1
            for s in stagesOf[m] {
                if let segment = o.segment {
                    segments.add(o.value, key: segment, stage: s, period: i, stages: stages.count, periods: n)
                }
                if let team = o.team {
                    teams.add(o.value, key: team, stage: s, period: i, stages: stages.count, periods: n)
                }
            }
        }
        self.segments = segments
        self.teams = teams
        self.cells = cells
        values = Array(repeating: Array(repeating: nil, count: n), count: metrics.count)
        toDate = Array(repeating: nil, count: metrics.count)
        for (m, metric) in metrics.enumerated() where metric.formula == nil {
            for i in 0..<n where counts[m][i] > 0 {
                values[m][i] = metric.rollup == .average ? sums[m][i].value / Double(counts[m][i]) : sums[m][i].value
            }
            let seen = (0..<min(elapsed, n)).compactMap { values[m][$0] }
            if !seen.isEmpty {
                switch metric.rollup {
                case .sum: toDate[m] = CompensatedSum(seen).value
                case .average: toDate[m] = CompensatedSum(seen).value / Double(seen.count)
                case .last: toDate[m] = seen.last
                }
            }
        }
        for (id, value) in pooled {
            if let m = metricIndex[id], metrics[m].formula == nil, metrics[m].rollup == .average, toDate[m] != nil {
                toDate[m] = value
            }
        }
        // Derived metrics: formulas over the components, per period and over the rolled-up parts.
        var state = [Int: Bool]()  // metric → done
        for m in metrics.indices where metrics[m].formula != nil { resolve(m, &state) }
    }

    private mutating func resolve(_ m: Int, _ state: inout [Int: Bool]) {
        if state[m] != nil { return }
        state[m] = false
        guard let formula = plan.metrics[m].formula else { return }
        for ref in formula.metrics { if let r = metricIndex[ref] { resolve(r, &state) } }
        for i in periods.indices {
            values[m][i] = formula.evaluate { id in metricIndex[id].flatMap { values[$0][i] } }
        }
        toDate[m] = formula.evaluate { id in metricIndex[id].flatMap { toDate[$0] } }
        state[m] = true
    }

    func value(_ id: MetricID, _ i: Int) -> Double? {
        guard let m = metricIndex[id], i >= 0, i < periods.count else { return nil }
        return values[m][i]
    }

    func cycleToDate(_ id: MetricID) -> Double? {
        metricIndex[id].flatMap { toDate[$0] }
    }

    /// The values of the elapsed periods.
    func series(_ id: MetricID) -> [Double?] {
        guard let m = metricIndex[id] else { return Array(repeating: nil, count: elapsed) }
        return Array(values[m][0..<elapsed])
    }

    /// Mean of the last `count` elapsed periods that have data.
    func recentMean(_ id: MetricID, count: Int = 3) -> Double? {
        let recent = series(id).suffix(count).compactMap { $0 }
        return recent.isEmpty ? nil : recent.reduce(0, +) / Double(recent.count)
    }

    /// Least-squares line through the elapsed values, evaluated at period index `x`.
    func trend(_ id: MetricID, at x: Int) -> Double? {
        let points = series(id).enumerated().compactMap { i, v in v.map { (Double(i), $0) } }
        guard let last = points.last else { return nil }
        guard points.count >= 2 else { return last.1 }
        let n = Double(points.count)
        let mx = points.map(\.0).reduce(0, +) / n
        let my = points.map(\.1).reduce(0, +) / n
        let sxx = points.map { ($0.0 - mx) * ($0.0 - mx) }.reduce(0, +)
        let sxy = points.map { ($0.0 - mx) * ($0.1 - my) }.reduce(0, +)
        guard sxx > 0 else { return my }
        let slope = sxy / sxx
        return my + slope * (Double(x) - mx)
    }
}
