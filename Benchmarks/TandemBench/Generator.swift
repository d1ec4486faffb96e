import Foundation
import Tandem

/// A deterministic large company: regional marketing and sales pods, their metrics, objectives and
/// key results, 24 monthly periods and segments; the plan as YAML, the actuals as a long CRM CSV
/// and a wide marketing-automation CSV.
struct Generator {
    enum Size: String, CaseIterable {
        case small, medium, large
        /// Regions: 7 base metrics × 24 periods × 12 segments each = 2,016 actual rows a region.
        var regions: Int {
            switch self {
            case .small: 5
            case .medium: 50
            case .large: 500
            }
        }
    }

    let size: Size
    let segments = 12
    let periods = 24
    var state: UInt64 = 0x5EED_7A4D_E5A1_0001

    init(size: Size) { self.size = size }

    mutating func next() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) / Double(1 << 53)
    }

    static let stageMetrics = ["leads", "mqls", "sqls", "opps", "won"]

    func month(_ i: Int) -> String {
        let m = i % 12 + 1
        return "\(2025 + i / 12)-\(m < 10 ? "0" : "")\(m)"
    }

    func planYAML() -> String {
        let r = size.regions
        var y = "tandem: 1\nname: Benchmark company (\(size.rawValue))\ncurrency: USD\n"
        y += "cycle: {name: FY2025-26, start: 2025-01, end: 2026-12}\n"
        y += "teams:\n"
        for i in 1...r { y += "  - {id: mkt-r\(i), name: Marketing R\(i)}\n  - {id: sales-r\(i), name: Sales R\(i)}\n" }
        y += "metrics:\n"
        for i in 1...r {
            y += "  - {id: leads_r\(i), name: Leads R\(i), owner: mkt-r\(i)}\n"
            y += "  - {id: mqls_r\(i), name: MQLs R\(i), owner: mkt-r\(i)}\n"
            y += "  - {id: sqls_r\(i), name: SQLs R\(i), owner: sales-r\(i)}\n"
            y += "  - {id: opps_r\(i), name: Opportunities R\(i), owner: sales-r\(i)}\n"
            y += "  - {id: won_r\(i), name: Won R\(i), owner: sales-r\(i)}\n"
            y += "  - {id: arr_r\(i), name: New ARR R\(i), unit: currency, owner: sales-r\(i)}\n"
            y +=
                "  - {id: speed_r\(i), name: Speed to lead R\(i), unit: hours, direction: lower, rollup: average, owner: sales-r\(i)}\n"
            y +=
                "  - {id: conv_r\(i), name: MQL to SQL R\(i), unit: percent, formula: sqls_r\(i) / mqls_r\(i), owner: mkt-r\(i)}\n"
            y +=
                "  - {id: win_r\(i), name: Win rate R\(i), unit: percent, formula: won_r\(i) / opps_r\(i), owner: sales-r\(i)}\n"
        }
        y += "objectives:\n"
        for i in 1...r {
            let both = "[mkt-r\(i), sales-r\(i)]"
            y += "  - id: pipeline-r\(i)\n    title: Pipeline R\(i)\n    owners: \(both)\n    key_results:\n"
            y +=
                "      - {id: kr-leads-r\(i), title: Leads R\(i), metric: leads_r\(i), kind: increase_to, target: 70000}\n"
            y +=
                "      - {id: kr-mqls-r\(i), title: MQLs R\(i), metric: mqls_r\(i), kind: increase_to, target: 21000}\n"
            y += "      - {id: kr-sqls-r\(i), title: SQLs R\(i), metric: sqls_r\(i), kind: increase_to, target: 8400}\n"
            y +=
                "      - {id: kr-conv-r\(i), title: Conversion R\(i), metric: conv_r\(i), kind: stay_above, target: 38%}\n"
            y += "      - {id: kr-speed-r\(i), title: Speed R\(i), metric: speed_r\(i), kind: stay_below, target: 4}\n"
            y += "  - id: revenue-r\(i)\n    title: Revenue R\(i)\n    owners: \(both)\n    key_results:\n"
            y +=
                "      - {id: kr-opps-r\(i), title: Opportunities R\(i), metric: opps_r\(i), kind: increase_to, target: 4200}\n"
            y += "      - {id: kr-won-r\(i), title: Won R\(i), metric: won_r\(i), kind: increase_to, target: 1050}\n"
            y += "      - {id: kr-arr-r\(i), title: ARR R\(i), metric: arr_r\(i), kind: increase_to, target: $25M}\n"
            y += "      - {id: kr-win-r\(i), title: Win rate R\(i), metric: win_r\(i), kind: stay_above, target: 24%}\n"
            y +=
                "      - {id: kr-speed2-r\(i), title: Faster R\(i), metric: speed_r\(i), kind: decrease_to, baseline: 5, target: 2}\n"
        }
        y += "funnel:\n  value_per_won: $24,000\n  revenue_target: $25M\n  revenue_metric: arr_r1\n  stages:\n"
        let rates = ["", "30%", "40%", "50%", "25%"]
        for (k, s) in Self.stageMetrics.enumerated() {
            y += "    - {id: \(s), name: \(s.capitalized), metric: \(s)_r1\(k == 0 ? "" : ", rate: \(rates[k])")}\n"
        }
        y += "slas:\n"
        for i in 1...r {
            y +=
                "  - {id: sla-mqls-r\(i), title: MQLs R\(i), from: mkt-r\(i), to: sales-r\(i), metric: mqls_r\(i), at_least: 850}\n"
            y +=
                "  - {id: sla-speed-r\(i), title: Speed R\(i), from: sales-r\(i), to: mkt-r\(i), metric: speed_r\(i), at_most: 4}\n"
        }
        y += "tactics:\n"
        for i in 1...r {
            y +=
                "  - {id: t-content-r\(i), title: Guide R\(i), kind: content, owners: [mkt-r\(i)], key_results: [kr-mqls-r\(i)], status: active}\n"
            y +=
                "  - {id: t-enable-r\(i), title: Battlecards R\(i), kind: enablement, owners: [sales-r\(i)], key_results: [kr-win-r\(i)], status: active}\n"
        }
        y +=
            "  - {id: t-stage-leads, title: Leads content, kind: content, owners: [mkt-r1], stage: leads, status: active}\n"
        y += "rules:\n  - id: conv-watch\n    title: Conversion watch\n    when:\n      all:\n"
        y +=
            "        - {metric: conv_r1, below: 35%, periods: 2}\n    action: Review scoring together.\n    teams: [mkt-r1, sales-r1]\n"
        return y
    }

    /// Writes plan.yaml, actuals/crm.csv (long) and actuals/automation.csv (wide); returns the rows.
    mutating func write(to dir: URL) throws -> Int {
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("actuals"), withIntermediateDirectories: true)
        try Data(planYAML().utf8).write(to: dir.appendingPathComponent("plan.yaml"))
        let r = size.regions
        var rows = 0
        // Long CRM export: sqls, opps, won, arr, speed per region, period and segment.
        var long = "period,metric,value,team,segment\n"
        long.reserveCapacity(r * 5 * periods * segments * 40)
        for p in 0..<periods {
            let month = month(p)
            for i in 1...r {
                for s in 1...segments {
                    let base = 70.0 + 20 * next()
                    let sqls = (base * (0.35 + 0.1 * next())).rounded()
                    let opps = (sqls * (0.45 + 0.1 * next())).rounded()
                    let won = (opps * (0.2 + 0.1 * next())).rounded()
                    let arr = (won * (20_000 + 8_000 * next()) * 100).rounded() / 100
                    let speed = ((2 + 4 * next()) * 10).rounded() / 10
                    let seg = "Segment \(s < 10 ? "0" : "")\(s)"
                    long += "\(month),sqls_r\(i),\(Int(sqls)),sales-r\(i),\(seg)\n"
                    long += "\(month),opps_r\(i),\(Int(opps)),sales-r\(i),\(seg)\n"
                    long += "\(month),won_r\(i),\(Int(won)),sales-r\(i),\(seg)\n"
                    long += "\(month),arr_r\(i),\(arr),sales-r\(i),\(seg)\n"
                    long += "\(month),speed_r\(i),\(speed),sales-r\(i),\(seg)\n"
                    rows += 5
                }
            }
        }
        try Data(long.utf8).write(to: dir.appendingPathComponent("actuals/crm.csv"))
        // Wide marketing-automation export: leads and MQLs of every region as columns.
        var wide = "period,segment"
        for i in 1...r { wide += ",leads_r\(i),mqls_r\(i)" }
        wide += "\n"
        for p in 0..<periods {
            for s in 1...segments {
                wide += "\(month(p)),Segment \(s < 10 ? "0" : "")\(s)"
                for _ in 1...r {
                    let leads = (240 + 60 * next()).rounded()
                    wide += ",\(Int(leads)),\(Int((leads * (0.28 + 0.06 * next())).rounded()))"
                    rows += 2
                }
                wide += "\n"
            }
        }
        try Data(wide.utf8).write(to: dir.appendingPathComponent("actuals/automation.csv"))
        return rows
    }
}
