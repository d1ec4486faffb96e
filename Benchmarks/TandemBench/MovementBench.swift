import Foundation
import Tandem

/// The pipeline-movement benchmark: two exports of the same deals (October 31 and the review
/// date), loaded and compared, in one process.
///
///   tandem-bench movement [--deals 1M] [--data DIR] [--rounds N]
///
/// The exports are generated once per size (deterministic): 5 % of October's deals are gone
/// from the later export and 5 % are new; of the rest, some closed, some moved their close date
/// or amount. Prints the load and derive times per round and checks that the waterfall balances.
enum MovementBench {
    static func run(_ arguments: [String]) throws {
        let options = parseOptions(
            arguments, usage: "usage: tandem-bench movement [--deals 1M] [--data DIR] [--rounds N]")
        let text = options["deals"] ?? "1M"
        let scale = text.hasSuffix("M") ? 1_000_000 : text.hasSuffix("k") ? 1000 : 1
        guard let n = Int(text.trimmingCharacters(in: .letters)), n > 0 else { fail("unknown size \(text)") }
        let deals = n * scale
        let dir = URL(fileURLWithPath: options["data"] ?? ".build/bench-data")
            .appendingPathComponent("movement-\(text)")
        let marker = dir.appendingPathComponent(".generated-v1")
        if !FileManager.default.fileExists(atPath: marker.path) {
            try write(deals: deals, to: dir)
            try Data().write(to: marker)
        }
        let plan = try PlanLoader().load(contentsOf: dir.appendingPathComponent("plan.yaml"))
        let files = ["deals-2026-10-31.csv", "deals.csv"].map { dir.appendingPathComponent($0) }
        let clock = ContinuousClock()
        for round in 0..<(Int(options["rounds"] ?? "3") ?? 3) {
            let start = clock.now
            let set = try RecordsLoader(plan: plan).load(contentsOf: files)
            let loaded = clock.now
            let derived = try RecordMetrics(plan: plan, records: set).derive(asOf: .month(2026, 11))
            let end = clock.now
            guard let step = derived.summary.pipelineMovement?.periods.last else { fail("no movement") }
            func c(_ x: Double) -> Int64 { Int64((x * 100).rounded()) }
            let inflow = c(step.start) + c(step.created) + c(step.pulledIn) + c(step.increased) - c(step.decreased)
            let outflow = c(step.pushedOut) + c(step.lost) + c(step.won) + c(step.end)
            guard inflow == outflow else { fail("the waterfall does not balance: \(inflow) vs \(outflow) cents") }
            print(
                String(
                    format: "movement-%@ round %d: %d + %d deals, load %.2f s, derive %.2f s, total %.2f s", text,
                    round + 1, set.snapshots.first?.table.count ?? 0, set.deals.count, seconds(loaded - start),
                    seconds(end - loaded), seconds(end - start)))
        }
    }

    /// The plan and the two exports of `deals` deals each (give or take the 5 % gone and new).
    static func write(deals: Int, to dir: URL) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let plan = """
            tandem: 1
            name: Movement benchmark
            cycle: {start: 2026-07, end: 2026-12}
            teams:
              - {id: sales, name: Sales}
            metrics:
              - {id: opps, owner: sales}
              - {id: won, owner: sales}
            objectives:
              - id: grow
                title: Grow
                owners: [sales]
                key_results:
                  - {id: kr-won, title: Won, metric: won, kind: increase_to, target: 1000}
            funnel:
              value_per_won: 24000
              stages:
                - {id: opps, metric: opps}
                - {id: won, metric: won, rate: 25%}
            records:
              sources:
                - {kind: deals, preset: generic, file: deals-2026-10-31.csv, snapshot: 2026-10-31}
                - {kind: deals, preset: generic, file: deals.csv}

            """
        try Data(plan.utf8).write(to: dir.appendingPathComponent("plan.yaml"))
        var state: UInt64 = 20_261_031
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        let stages = ["Prospecting", "Qualification", "Needs Analysis", "Proposal/Price Quote", "Negotiation/Review"]
        let header = "id,created,close,amount,outcome,status\n"
        var october = Array(header.utf8)
        var current = Array(header.utf8)
        october.reserveCapacity(deals * 60)
        current.reserveCapacity(deals * 60)
        func day(_ d: Int) -> String {
            // Days after 2026-07-01, in July to February.
            let months = [(2026, 7, 31), (2026, 8, 31), (2026, 9, 30), (2026, 10, 31), (2026, 11, 30), (2026, 12, 31)]
            var left = d
            for (y, m, n) in months {
                if left < n { return String(format: "%d-%02d-%02d", y, m, left + 1) }
                left -= n
            }
            return String(format: "2027-%02d-%02d", 1 + min(left / 28, 11), 1 + left % 28)
        }
        func row(_ id: Int, _ created: Int, _ close: Int, _ cents: Int, _ outcome: String, _ stage: String)
            -> String
        {
            "\(id),\(day(created)),\(day(close)),\(cents / 100).\(String(format: "%02d", cents % 100)),\(outcome),\(stage)\n"
        }
        let gone = deals / 20
        for i in 0..<(deals + gone) {
            let created = below(120)
            let close = created + 10 + below(90)
            let cents = 500_000 + below(4_000_000)
            let stage = below(stages.count)
            // October 31 is day 122; deals created after it are new in the later export.
            let isNew = i >= deals
            let wasClosed = !isNew && close < 122 && below(2) == 0
            if !isNew {
                october += Array(
                    row(i + 1, created, close, cents, wasClosed ? "won" : "open", stages[stage]).utf8)
            }
            if i < gone { continue }
            var (outcome, newClose, newCents, newStage) = (wasClosed ? "won" : "open", close, cents, stage)
            if !wasClosed {
                switch below(10) {
                case 0, 1: outcome = "won"
                case 2: outcome = "lost"
                case 3, 4: newClose = close + 5 + below(60)
                case 5: newCents = cents + below(200_000) - 100_000
                case 6: newStage = max(0, stage - 1)
                default: break
                }
            }
            current += Array(
                row(i + 1, isNew ? 122 + below(28) : created, newClose, max(0, newCents), outcome, stages[newStage])
                    .utf8)
        }
        try Data(october).write(to: dir.appendingPathComponent("deals-2026-10-31.csv"))
        try Data(current).write(to: dir.appendingPathComponent("deals.csv"))
    }
}
