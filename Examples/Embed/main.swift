// Embedding Tandem: a plan built in code, actuals added from your own systems, the review,
// the digest on standard output and a workbook on disk. Run: swift run tandem-embed-example [OUT.xlsx]
import Foundation
import Tandem
import TandemXLSX

let cycle = Cycle(name: "FY2027 H1", start: .month(2027, 1), end: .month(2027, 6))
var plan = Plan(name: "Embedded example", cycle: cycle)
plan.teams = [Team(id: "marketing", name: "Marketing"), Team(id: "sales", name: "Sales")]
plan.metrics = [
    Metric(id: "mqls", name: "MQLs", owner: "marketing"),
    Metric(id: "sqls", name: "SQLs", owner: "sales"),
    Metric(id: "won", name: "Won deals", owner: "sales"),
    Metric(
        id: "mql_to_sql", name: "MQL→SQL", unit: .percent, owner: "marketing",
        formula: .divide(.metric("sqls"), .metric("mqls"))),
]
plan.objectives = [
    Objective(
        id: "pipeline", title: "Pipeline we both trust", owners: ["marketing", "sales"],
        keyResults: [
            KeyResult(
                id: "kr-sqls", title: "600 SQLs", metric: "sqls", kind: .increaseTo, target: 600,
                owners: ["marketing", "sales"]),
            KeyResult(
                id: "kr-rate", title: "MQL→SQL at 35 % or more", metric: "mql_to_sql", kind: .stayAbove, target: 0.35,
                owners: ["marketing", "sales"]),
        ])
]
plan.funnel = Funnel(
    stages: [
        FunnelStage(id: "mqls", name: "MQLs", metric: "mqls"), FunnelStage(id: "sqls", name: "SQLs", metric: "sqls"),
        FunnelStage(id: "won", name: "Won", metric: "won"),
    ],
    plannedRates: [0.35, 0.2], valuePerWon: 30_000, revenueTarget: 3_600_000)
plan.slas = [
    ServiceLevelAgreement(
        id: "sla-mqls", title: "300 MQLs a month", from: "marketing", to: "sales", metric: "mqls", comparison: .atLeast,
        amount: 300)
]

// Actuals would come from your CRM's API; here, two months of them.
var actuals = Actuals()
for (month, mqls, sqls, won) in [(1, 310.0, 112.0, 22.0), (2, 330.0, 96.0, 18.0)] {
    actuals.append(Observation(period: .month(2027, month), metric: "mqls", value: mqls))
    actuals.append(Observation(period: .month(2027, month), metric: "sqls", value: sqls))
    actuals.append(Observation(period: .month(2027, month), metric: "won", value: won))
}

do {
    let review = try Review(plan: plan, actuals: actuals, asOf: .month(2027, 2))
    print(TextDigest().render(review), terminator: "")
    let path =
        CommandLine.arguments.dropFirst().first
        ?? FileManager.default.temporaryDirectory.appendingPathComponent("embedded-2027-02.xlsx").path
    try WorkbookExporter().write(review, to: URL(fileURLWithPath: path))
    print("wrote \(path)")
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
