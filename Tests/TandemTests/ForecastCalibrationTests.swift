import Foundation
import Testing

@testable import Tandem

/// Calibration: companies generated from known processes, each with its whole cycle drawn, are
/// reviewed part-way through; the review's 80 % ranges must hold the cycle-end truth about 80 % of
/// the time, method by method, with a base no worse than the naive run-rate and never outside what
/// is possible.
@Suite struct ForecastCalibrationTests {
    /// The scenario tests' seeded SplitMix64, with the draws the processes need.
    typealias Generator = DiagnosisScenarioTests.Random

    enum Process: String, CaseIterable {
        case stationary, growth, phased, regime, levelTrend, pooledRate, pipeline
    }

    /// One generated company: its plan, its whole cycle of actuals, the review period.
    struct Company {
        var process: Process
        var plan: String
        var observations: [Observation]
        var elapsed: Int
    }

    static let periods = 12
    static func month(_ i: Int) -> Period { .month(2026, i + 1) }

    static func header(_ metrics: String, _ krs: String, funnel: String = "") -> String {
        """
        tandem: 1
        name: Generated
        cycle: {start: 2026-01, end: 2026-12}
        teams:
          - {id: marketing, name: Marketing}
          - {id: sales, name: Sales}
        metrics:
        \(metrics)
        objectives:
          - id: grow
            title: Grow
            owners: [marketing, sales]
            key_results:
        \(krs)
        \(funnel)
        """
    }

    static func company(_ process: Process, _ g: inout Generator) -> Company {
        let n = periods
        var obs: [Observation] = []
        func add(_ metric: String, _ values: [Double]) {
            for (i, v) in values.enumerated() {
                obs.append(Observation(period: month(i), metric: MetricID(metric), value: v))
            }
        }
        switch process {
        case .stationary, .growth, .regime:
            let mu = g.uniform(80...400)
            let cv = g.uniform(0.05...0.25)
            let growth = process == .growth ? g.uniform(0.02...0.06) : 0
            let change = g.int(2...8)
            let shift = (g.unit() < 0.5 ? -1.0 : 1.0) * g.uniform(0.2...0.4)
            let values = (0..<n).map { t -> Double in
                var level = mu * (1 + growth * Double(t))
                if process == .regime && t >= change { level *= 1 + shift }
                return g.count(level * (1 + cv * g.normal()))
            }
            add("leads", values)
            let elapsed = process == .regime ? g.int((change + 2)...10) : g.int(2...10)
            return Company(
                process: process,
                plan: header(
                    "  - {id: leads, name: Leads, owner: marketing}",
                    "      - {id: kr, title: Leads, metric: leads, kind: increase_to, target: \(Int(mu * 12))}"),
                observations: obs, elapsed: elapsed)
        case .phased:
            let base = g.uniform(50...200).rounded()
            let planned = (0..<n).map { $0 >= 9 ? 2 * base : base }
            let q = g.uniform(0.8...1.1)
            let cv = g.uniform(0.05...0.2)
            add("leads", planned.map { g.count(q * $0 * (1 + cv * g.normal())) })
            let phasing = planned.enumerated().map { "2026-\(String(format: "%02d", $0 + 1)): \(Int($1))" }
                .joined(separator: ", ")
            return Company(
                process: process,
                plan: header(
                    "  - {id: leads, name: Leads, owner: marketing}",
                    "      - {id: kr, title: Leads, metric: leads, kind: increase_to, target: \(Int(planned.reduce(0, +))), phasing: {\(phasing)}}"
                ),
                observations: obs, elapsed: g.int(3...9))
        case .levelTrend:
            let a = g.uniform(4...8)
            let b = g.uniform((-0.3)...(-0.1))
            let sigma = g.uniform(0.1...0.4)
            add("speed", (0..<n).map { max(0.1, a + b * Double($0) + sigma * g.normal()) })
            return Company(
                process: process,
                plan: header(
                    "  - {id: speed, name: Speed, unit: hours, direction: lower, rollup: average, owner: sales}",
                    "      - {id: kr, title: Speed, metric: speed, kind: decrease_to, baseline: \(a), target: \(a + 11 * b)}"
                ),
                observations: obs, elapsed: g.int(2...10))
        case .pooledRate:
            let volume = g.uniform(200...800)
            let p = g.uniform(0.15...0.4)
            let mqls = (0..<n).map { _ in max(1, (volume * (1 + 0.1 * g.normal())).rounded()) }
            add("mqls", mqls)
            add("sqls", mqls.map { g.binomial(Int($0), p) })
            return Company(
                process: process,
                plan: header(
                    """
                      - {id: mqls, name: MQLs, owner: marketing}
                      - {id: sqls, name: SQLs, owner: sales}
                      - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}
                    """,
                    "      - {id: kr, title: Rate, metric: rate, kind: increase_to, baseline: 0.1, target: \(p + 0.05)}"
                ),
                observations: obs, elapsed: g.int(2...10))
        case .pipeline:
            let p0 = g.uniform(1e6...3e6)
            let growth = g.uniform(0...0.05)
            let c = g.uniform(0.15...0.3)
            let cv = g.uniform(0.05...0.15)
            let pipeline = (0..<n).map { t in p0 * pow(1 + growth, Double(t)) * (1 + 0.05 * g.normal()) }
            let revenue = (0..<n).map { t in max(0, c * (t == 0 ? p0 : pipeline[t - 1]) * (1 + cv * g.normal())) }
            add("pipeline", pipeline.map { $0.rounded() })
            add("arr", revenue.map { $0.rounded() })
            add("leads", (0..<n).map { _ in 1000 })
            add("won", revenue.map { ($0 / 20_000).rounded() })
            return Company(
                process: process,
                plan: header(
                    """
                      - {id: leads, name: Leads, owner: marketing}
                      - {id: won, name: Won, owner: sales}
                      - {id: arr, name: ARR, unit: currency, owner: sales}
                      - {id: pipeline, name: Pipeline, unit: currency, rollup: last, owner: sales}
                    """,
                    "      - {id: kr, title: ARR, metric: arr, kind: increase_to, target: \(Int(p0 * c * 12))}",
                    funnel: """
                        funnel:
                          value_per_won: 20000
                          revenue_metric: arr
                          pipeline_metric: pipeline
                          stages:
                            - {id: leads, name: Leads, metric: leads}
                            - {id: won, name: Won, metric: won, rate: 2%}
                        """),
                observations: obs, elapsed: g.int(4...10))
        }
    }

    struct Tally {
        var held = 0
        var total = 0
        mutating func add(_ inside: Bool) {
            total += 1
            if inside { held += 1 }
        }
        var share: Double { total > 0 ? Double(held) / Double(total) : 0 }
    }

    @Test func eightyPercentRangesHoldTheCycleEndAboutEightyPercentOfTheTime() throws {
        var g = Generator(state: 20_261_206)
        var byMethod: [String: Tally] = [:]
        var byProcess: [String: Tally] = [:]
        var overall = Tally()
        var byPair: [String: Tally] = [:]
        var baseErrors: [Double] = []
        var naiveErrors: [Double] = []
        var companies = 0
        for round in 0..<50 {
            for process in Process.allCases {
                let c = Self.company(process, &g)
                let plan = try PlanLoader().load(text: c.plan, file: "generated-\(round)-\(process).yaml")
                let asOf = Self.month(c.elapsed - 1)
                let now = try Review(
                    plan: plan, actuals: Actuals(c.observations.filter { $0.period <= asOf }), asOf: asOf)
                let end = try Review(plan: plan, actuals: Actuals(c.observations), asOf: Self.month(Self.periods - 1))
                companies += 1
                let kr = try #require(now.keyResults.first)
                let truth = try #require(end.keyResults.first?.actual)
                var forecasts = [try #require(kr.forecastRange, "\(process) company \(round) has no forecast")]
                if let pipe = now.funnel?.revenuePipelineForecast { forecasts.append(pipe) }
                for f in forecasts {
                    #expect(f.level == 0.8, "\(process) \(round): \(f.method) has no range")
                    let slack = 1e-9 * max(1, abs(truth))
                    let inside = truth >= f.low - slack && truth <= f.high + slack
                    byMethod[f.method.rawValue, default: Tally()].add(inside)
                    byProcess[process.rawValue, default: Tally()].add(inside)
                    byPair["\(process.rawValue)/\(f.method.rawValue)", default: Tally()].add(inside)
                    overall.add(inside)
                    // Never outside what is possible.
                    #expect(f.low >= 0, "\(process) \(round): \(f.low) below zero")
                    if plan.metrics.first(where: { $0.id == kr.metric })?.unit == .percent {
                        #expect(f.high <= 1, "\(process) \(round): a rate forecast above 100 %")
                    }
                    if process != .levelTrend && process != .pooledRate {
                        #expect(f.low >= (kr.actual ?? 0) - 1e-6, "\(process) \(round): the low end unbooks")
                    }
                }
                // The base against the naive run-rate (the cycle's average period so far, the
                // latest value for levels), on the key result's own forecast.
                let seen = (0..<c.elapsed).compactMap { i in now.trends.first { $0.metric == kr.metric }?.values[i] }
                let naive: Double
                switch process {
                case .levelTrend:
                    let last = seen.last!
                    let r = Double(Self.periods - c.elapsed)
                    naive = (seen.reduce(0, +) + r * last) / Double(Self.periods)
                case .pooledRate: naive = kr.actual!
                default:
                    let toDate = kr.actual!
                    naive = toDate + toDate / Double(seen.count) * Double(Self.periods - c.elapsed)
                }
                baseErrors.append(abs(forecasts[0].base - truth) / abs(truth))
                naiveErrors.append(abs(naive - truth) / abs(truth))
            }
        }
        func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
        var table = "coverage of the 80 % ranges over \(companies) companies\n"
        for (name, t) in byMethod.sorted(by: { $0.key < $1.key }) {
            table += "  method \(name): \(t.held) of \(t.total) (\(String(format: "%.1f", t.share * 100)) %)\n"
        }
        for (name, t) in byPair.sorted(by: { $0.key < $1.key }) {
            table += "  \(name): \(t.held) of \(t.total)\n"
        }
        for (name, t) in byProcess.sorted(by: { $0.key < $1.key }) {
            table += "  process \(name): \(t.held) of \(t.total) (\(String(format: "%.1f", t.share * 100)) %)\n"
        }
        table +=
            "  overall: \(overall.held) of \(overall.total) (\(String(format: "%.1f", overall.share * 100)) %); median abs error base \(String(format: "%.1f", median(baseErrors) * 100)) % vs naive \(String(format: "%.1f", median(naiveErrors) * 100)) %"
        print(table)
        #expect(companies >= 300)
        #expect(byProcess.count >= 5)
        #expect(overall.share >= 0.73 && overall.share <= 0.87, "\(table)")
        for (name, t) in byMethod where t.total >= 20 {
            #expect(t.share >= 0.70, "method \(name) holds \(t.share)\n\(table)")
        }
        #expect(median(baseErrors) <= median(naiveErrors), "\(table)")
    }
}

extension DiagnosisScenarioTests.Random {
    /// A standard normal draw (Box–Muller).
    mutating func normal() -> Double {
        let u = max(unit(), 1e-300)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * unit())
    }
    /// A count around `mean`: at least Poisson noise (normal approximation).
    mutating func count(_ mean: Double) -> Double {
        max(0, (mean + max(0, mean).squareRoot() * normal()).rounded())
    }
    /// A binomial draw: `n` trials of chance `p`.
    mutating func binomial(_ n: Int, _ p: Double) -> Double {
        (0..<n).reduce(0) { acc, _ in acc + (unit() < p ? 1 : 0) }
    }
}
