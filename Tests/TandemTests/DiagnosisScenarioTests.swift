import Foundation
import Testing

@testable import Tandem

/// Generated companies with one known fault each (or two, or none): the diagnosis must name the
/// fault first, price it as a hand computation does, advise no consequence and count no impact
/// twice.
@Suite struct DiagnosisScenarioTests {
    /// SplitMix64: seeded, the same numbers on every machine.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
        mutating func uniform(_ range: ClosedRange<Double>) -> Double {
            range.lowerBound + unit() * (range.upperBound - range.lowerBound)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.count))
        }
    }

    enum Fault: Int, CaseIterable {
        case none, leak, recentLeak, segmentLeak, topShortfall, slaBreach, twoFaults
    }

    /// One generated company, its actuals and what was injected.
    struct Scenario: CustomStringConvertible {
        var seed: UInt64
        var fault: Fault
        var plan: Plan
        var observations: [Observation]
        var elapsed: Int
        /// The transitions given a leak, the segment that leaks, whether the top stage is short.
        var leaks: [Int] = []
        var leakSegment: String?
        var leakFrom: Int = 0
        var topShort = false
        /// Stage volumes per stage and period (all segments).
        var volumes: [[Double]]
        var description: String { "seed \(seed) \(fault) leaks \(leaks) top \(topShort)" }

        var funnel: Funnel { plan.funnel! }
        var asOf: Period { plan.cycle.start.advanced(by: elapsed - 1) }
    }

    static let stageNames = [
        "Visitors", "Leads", "MQLs", "MALs", "SALs", "SQLs", "Discovery calls", "Demos", "Opportunities",
        "Proposals", "Won",
    ]
    static let segments = ["Enterprise", "Mid-market", "SMB"]

    static func generate(seed: UInt64) -> Scenario {
        var rng = Random(state: seed &* 0x2545_F491_4F6C_DD1D &+ 7)
        let fault = Fault(rawValue: Int(seed % UInt64(Fault.allCases.count)))!
        let n = rng.int(4...6)
        // Stage names in funnel order, a random subset of the pool ending with a won stage.
        var pool = Array(stageNames.dropLast())
        while pool.count > n - 1 { pool.remove(at: rng.int(0...(pool.count - 1))) }
        let names = pool + ["Won"]
        let ids = names.map { StageID($0.lowercased().replacingOccurrences(of: " ", with: "_")) }
        let rates = (0..<(n - 1)).map { _ in (rng.uniform(0.2...0.6) * 1000).rounded() / 1000 }
        let cycleLength = 6
        let elapsed = fault == .recentLeak ? rng.int(4...5) : rng.int(3...5)
        let weights = [0.3, 0.3, 0.4]
        let topPerPeriod = (rng.uniform(2_000...8_000)).rounded() / rates.reduce(1, *) / 100
        let value = (rng.uniform(10...50)).rounded() * 1000
        let wonPerPeriod = topPerPeriod * rates.reduce(1, *)
        let target = wonPerPeriod * Double(cycleLength) * value

        var scenario = Scenario(
            seed: seed, fault: fault,
            plan: Plan(
                name: "Generated \(seed)", cycle: Cycle(name: "C", start: .month(2026, 1), end: .month(2026, 6))),
            observations: [], elapsed: elapsed, volumes: Array(repeating: Array(repeating: 0, count: elapsed), count: n)
        )
        switch fault {
        case .leak, .recentLeak, .segmentLeak: scenario.leaks = [rng.int(0...(n - 2))]
        case .topShortfall: scenario.topShort = true
        case .twoFaults:
            let first = rng.int(0...(n - 2))
            if rng.int(0...1) == 0 {
                scenario.leaks = [first]
                scenario.topShort = true
            } else {
                var second = rng.int(0...(n - 3))
                if second >= first { second += 1 }
                scenario.leaks = [first, second].sorted()
            }
        case .none, .slaBreach: break
        }
        if fault == .segmentLeak { scenario.leakSegment = segments[rng.int(0...2)] }
        scenario.leakFrom = fault == .recentLeak ? elapsed - 2 : 0
        let leakFactor = [Int: Double](
            uniqueKeysWithValues: scenario.leaks.map { j in
                let f: Double
                switch fault {
                case .segmentLeak: f = rng.uniform(0.2...0.4)
                case .recentLeak: f = rng.uniform(0.6...0.75)
                default: f = rng.uniform(0.5...0.75)
                }
                return (j, f)
            })
        let topFactor = scenario.topShort ? rng.uniform(0.6...0.8) : 1

        // Actuals: every stage per period and segment, noise within ±1.5 %.
        var observations: [Observation] = []
        for p in 0..<elapsed {
            let period = Period.month(2026, 1 + p)
            for (s, segment) in segments.enumerated() {
                var volume = topPerPeriod * weights[s] * topFactor * rng.uniform(0.985...1.015)
                for k in 0..<n {
                    if k > 0 {
                        var rate = rates[k - 1] * rng.uniform(0.985...1.015)
                        if let f = leakFactor[k - 1], p >= scenario.leakFrom,
                            scenario.leakSegment == nil || scenario.leakSegment == segment
                        {
                            rate *= f
                        }
                        volume *= rate
                    }
                    observations.append(
                        Observation(period: period, metric: MetricID(ids[k].rawValue), value: volume, segment: segment))
                    scenario.volumes[k][p] += volume
                }
            }
            let speed = fault == .slaBreach && p == elapsed - 1 ? rng.uniform(5...8) : rng.uniform(2...3.5)
            observations.append(Observation(period: period, metric: "speed", value: speed))
        }
        scenario.observations = observations

        var plan = scenario.plan
        plan.teams = [Team(id: "marketing", name: "Marketing"), Team(id: "sales", name: "Sales")]
        plan.metrics =
            ids.enumerated().map { k, id in
                Metric(id: MetricID(id.rawValue), name: names[k], owner: k < n / 2 ? "marketing" : "sales")
            } + [
                Metric(
                    id: "speed", name: "Speed to lead", unit: .hours, direction: .lowerIsBetter, rollup: .average,
                    owner: "sales")
            ]
        plan.objectives = [
            Objective(
                id: "grow", title: "Grow together", owners: ["marketing", "sales"],
                keyResults: [
                    KeyResult(
                        id: "kr-won", title: "Win \(Int(wonPerPeriod * 6))", metric: MetricID(ids[n - 1].rawValue),
                        kind: .increaseTo, target: wonPerPeriod * Double(cycleLength), owners: ["marketing", "sales"])
                ])
        ]
        plan.funnel = Funnel(
            stages: ids.enumerated().map { FunnelStage(id: $1, name: names[$0], metric: MetricID($1.rawValue)) },
            plannedRates: rates, valuePerWon: value, revenueTarget: target)
        plan.slas = [
            ServiceLevelAgreement(
                id: "sla-speed", title: "First contact within 4 hours", from: "sales", to: "marketing", metric: "speed",
                comparison: .atMost, amount: 4)
        ]
        plan.tactics = ids.map { id in
            Tactic(
                id: TacticID("t-\(id)"), title: "Content for \(id)", kind: .content, owners: ["marketing", "sales"],
                keyResults: ["kr-won"], stage: id, status: .active)
        }
        scenario.plan = plan
        return scenario
    }

    // MARK: Hand computations

    /// Transition j's price as an analyst computes it from the raw volumes: the window that names
    /// it (cycle to date when that rate is below 90 % of plan, else the last three periods), the
    /// next stage's shortfall there, carried down at the cycle's actual rates.
    static func handPrice(_ s: Scenario, transition j: Int) -> Double {
        let rates = s.funnel.plannedRates
        func sum(_ k: Int, _ range: Range<Int>) -> Double { s.volumes[k][range].reduce(0, +) }
        let all = 0..<s.elapsed
        let cumulative = sum(j + 1, all) / sum(j, all)
        let window = cumulative < rates[j] * 0.9 ? all : max(0, s.elapsed - 3)..<s.elapsed
        var won = rates[j] * sum(j, window) - sum(j + 1, window)
        for i in (j + 1)..<rates.count { won *= sum(i + 1, all) / sum(i, all) }
        return won * s.funnel.valuePerWon
    }

    /// The top stage's shortfall to date, carried down at the cycle's actual rates.
    static func handTopPrice(_ s: Scenario) -> Double {
        let rates = s.funnel.plannedRates
        let all = 0..<s.elapsed
        func sum(_ k: Int) -> Double { s.volumes[k][all].reduce(0, +) }
        let plannedTop =
            s.funnel.revenueTarget! / s.funnel.valuePerWon / rates.reduce(1, *) * Double(s.elapsed) / 6
        var won = plannedTop - sum(0)
        for i in rates.indices { won *= sum(i + 1) / sum(i) }
        return won * s.funnel.valuePerWon
    }

    static func close(_ a: Double?, _ b: Double) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= max(1e-6, abs(b) * 1e-9)
    }

    // MARK: The scenarios

    @Test(arguments: 0..<UInt64(210))
    func diagnosisNamesTheFaultFirstAndPricesItOnce(_ seed: UInt64) throws {
        let s = Self.generate(seed: seed)
        let review = try Review(plan: s.plan, actuals: Actuals(s.observations), asOf: s.asOf)
        try checkCountedOnce(s, review)
        switch s.fault {
        case .none: checkHealthy(s, review)
        case .slaBreach: checkSLA(s, review)
        case .topShortfall: try checkTop(s, review)
        case .leak, .recentLeak, .segmentLeak: try checkLeak(s, review)
        case .twoFaults: checkTwo(s, review)
        }
    }

    static func priced(_ review: Review) -> [Problem] { review.agenda.filter { ($0.impact.revenue ?? 0) > 0 } }

    /// Impacts are never counted twice: one item per problem, each action on a known problem, the
    /// priced impacts within the revenue still to book; no volume advice downstream of a leak.
    func checkCountedOnce(_ s: Scenario, _ review: Review) throws {
        let funnel = try #require(review.funnel)
        let ids = Set(review.agenda.map(\.id))
        #expect(ids.count == review.agenda.count, "\(s)")
        #expect(review.adjustments.allSatisfy { ids.contains($0.problem) }, "\(s)")
        #expect(review.adjustments.count == review.agenda.reduce(0) { $0 + $1.actions.count }, "\(s)")
        let gap = max(0, s.funnel.revenueTarget! - funnel.revenueToDate)
        #expect(Self.priced(review).reduce(0) { $0 + ($1.impact.revenue ?? 0) } <= gap + 1e-6, "\(s)")
        if let firstLeak = s.leaks.min() {
            let downstream = Set(s.funnel.stages[(firstLeak + 1)...].map { ProblemID.stageVolume($0.id) })
            let advised = review.agenda.map(\.id).filter { downstream.contains($0) }
            #expect(advised == [], "\(s)")
            let volumeAdvice = review.adjustments.filter { $0.rule == "scale-best-channel" }.map(\.problem)
            #expect(volumeAdvice.allSatisfy { !downstream.contains($0) }, "\(s): \(volumeAdvice)")
        }
    }

    func checkHealthy(_ s: Scenario, _ review: Review) {
        #expect(Self.priced(review).isEmpty, "\(s)")
        #expect(review.agenda.isEmpty, "\(s): \(review.agenda.map(\.id))")
        #expect(review.funnel?.bottleneck == nil, "\(s)")
    }

    func checkSLA(_ s: Scenario, _ review: Review) {
        #expect(review.agenda.first?.id == "sla:sla-speed", "\(s): \(review.agenda.map(\.id))")
        #expect(review.agenda.first?.actions.map(\.rule) == ["speed-to-lead"], "\(s)")
        #expect(Self.priced(review).isEmpty, "\(s)")
        #expect(review.funnel?.bottleneck == nil, "\(s)")
    }

    func checkTop(_ s: Scenario, _ review: Review) throws {
        let top = try #require(review.agenda.first, "\(s)")
        #expect(top.id == .stageVolume(s.funnel.stages[0].id), "\(s): \(review.agenda.map(\.id))")
        #expect(Self.close(top.impact.revenue, Self.handTopPrice(s)), "\(s): \(top.impact)")
        #expect(top.actions.map(\.rule) == ["scale-best-channel"], "\(s)")
        #expect(Self.priced(review).count == 1, "\(s): \(Self.priced(review).map(\.id))")
        #expect(review.funnel?.bottleneck == nil, "\(s)")
    }

    func checkLeak(_ s: Scenario, _ review: Review) throws {
        let stages = s.funnel.stages
        let j = s.leaks[0]
        let first = try #require(review.agenda.first, "\(s)")
        let price = Self.handPrice(s, transition: j)
        #expect(first.id == .transition(stages[j].id, stages[j + 1].id), "\(s): \(review.agenda.map(\.id))")
        #expect(first.kind == .transition)
        #expect(first.subject == Problem.Subject(from: stages[j].id, to: stages[j + 1].id))
        #expect(Self.close(first.impact.revenue, price), "\(s): \(first.impact)")
        #expect(Self.priced(review).count == 1, "\(s): \(Self.priced(review).map(\.id))")
        #expect(review.funnel?.bottleneck?.from == stages[j].id, "\(s)")
        #expect(Self.close(review.funnel?.bottleneck?.impactRevenue, price), "\(s)")
        let isLast = j == stages.count - 2
        #expect(first.actions.first?.rule == (isLast ? "win-rate" : "lead-quality"), "\(s)")
        if s.fault == .recentLeak {
            #expect(first.since == s.plan.cycle.start.advanced(by: s.leakFrom), "\(s)")
            #expect(first.rationale.contains("below plan since \(first.since?.shortLabel ?? "?")"), "\(s)")
        }
        if let segment = s.leakSegment {
            #expect(first.segments.first?.segment == segment, "\(s): \(first.segments)")
            #expect((first.segments.first?.share ?? 0) > 0.5, "\(s)")
            #expect(first.rationale.contains("\(segment) is "), "\(s): \(first.rationale)")
        }
    }

    func checkTwo(_ s: Scenario, _ review: Review) {
        let stages = s.funnel.stages
        var expected: [(ProblemID, Double)] = s.leaks.map { j in
            (.transition(stages[j].id, stages[j + 1].id), Self.handPrice(s, transition: j))
        }
        if s.topShort { expected.append((.stageVolume(stages[0].id), Self.handTopPrice(s))) }
        expected.sort { $0.1 > $1.1 }
        let priced = Self.priced(review)
        #expect(priced.map(\.id) == expected.map(\.0), "\(s): \(review.agenda.map(\.id))")
        for (problem, (_, price)) in zip(priced, expected) {
            #expect(Self.close(problem.impact.revenue, price), "\(s): \(problem.impact)")
        }
    }

    @Test func theGeneratorCoversEveryFaultAndShape() {
        let all = (0..<UInt64(210)).map(Self.generate)
        #expect(Set(all.map(\.fault)) == Set(Fault.allCases))
        #expect(Set(all.map(\.funnel.stages.count)) == [4, 5, 6])
        // Leaks land at every transition position, the last one included.
        #expect(
            Set(all.filter { $0.fault == .leak }.map { $0.leaks[0] == $0.funnel.stages.count - 2 }) == [true, false])
        #expect(Self.generate(seed: 42).observations == Self.generate(seed: 42).observations)
    }
}
