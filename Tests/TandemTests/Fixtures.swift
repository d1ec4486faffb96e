import Foundation
import Tandem
import TandemTestSupport
import Testing

/// Test inputs shared by the suites.
enum Fixtures {
    /// The repository root, found from this file's path.
    /// The repository root.
    static let root = Repository.root

    static let examplePlan = root.appendingPathComponent("Examples/Brightwell/plan.yaml")
    static let exampleActuals = [
        root.appendingPathComponent("Examples/Brightwell/actuals/crm-export.csv"),
        root.appendingPathComponent("Examples/Brightwell/actuals/marketing-automation.csv"),
    ]

    static func loadExample() throws -> (Plan, Actuals) {
        let plan = try PlanLoader().load(contentsOf: examplePlan)
        let actuals = try ActualsLoader(plan: plan).load(contentsOf: exampleActuals).actuals
        return (plan, actuals)
    }

    /// A small valid plan; tests replace parts of it to make it invalid.
    static let smallPlan = """
        tandem: 1
        name: Small
        cycle: {start: 2026-07, end: 2026-12}
        teams:
          - {id: marketing, name: Marketing}
          - {id: sales, name: Sales}
        metrics:
          - {id: mqls, name: MQLs, owner: marketing}
          - {id: sqls, name: SQLs, owner: sales}
          - {id: arr, name: ARR, unit: currency, owner: sales}
          - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}
        objectives:
          - id: grow
            title: Grow
            owners: [marketing, sales]
            key_results:
              - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600}
        """

    static func smallPlanLoaded() throws -> Plan {
        try PlanLoader().load(text: smallPlan, file: "plan.yaml")
    }

    /// A fresh temporary folder, removed by the caller.
    static func temporaryDirectory() throws -> URL { try Repository.temporaryDirectory("tandem-tests") }
}

/// Problem ids written as text in tests (`"transition:mqls>sqls"`); a malformed literal fails the
/// test that uses it.
extension ProblemID: ExpressibleByStringLiteral {
    public init(stringLiteral text: String) {
        guard let id = ProblemID(parsing: text) else {
            Issue.record("not a problem id: '\(text)'")
            self = .plan("invalid")
            return
        }
        self = id
    }
}
