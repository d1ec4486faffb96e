import Foundation
import Testing

@testable import Tandem

@Suite struct PlanLoadingTests {
    @Test func loadsTheExampleCompany() throws {
        let plan = try PlanLoader().load(contentsOf: Fixtures.examplePlan)
        #expect(plan.name == "Brightwell FY2026 H2 shared plan")
        #expect(
            plan.cycle.periods.map(\.description) == ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"])
        #expect(plan.teams.map(\.id) == ["marketing", "sales"])
        #expect(plan.objectives.count == 3)
        #expect(plan.keyResults.count == 11)
        #expect(plan.funnel?.stages.map(\.id) == ["leads", "mqls", "sqls", "opportunities", "won"])
        #expect(plan.funnel?.plannedRates == [0.3, 0.4, 0.5, 0.25])
        #expect(plan.funnel?.valuePerWon == 24_000)
        #expect(plan.funnel?.revenueTarget == 4_200_000)
        #expect(plan.slas.map(\.from) == ["marketing", "sales", "sales"])
        #expect(plan.tactics.count == 7)
        #expect(
            plan.rules.first?.condition.clauses.first
                == Rule.Clause(metric: "mql_to_sql", op: .below, threshold: 0.35, periods: 2))
        let pipeline = try #require(plan.keyResults.first { $0.id == "kr-pipeline" })
        #expect(pipeline.baseline == 1_800_000)
        #expect(pipeline.target == 3_000_000)
        #expect(plan.metric("mql_to_sql")?.formula == .divide(.metric("sqls"), .metric("mqls")))
        #expect(plan.metric("speed_to_lead")?.rollup == .average)
        #expect(plan.metric("speed_to_lead")?.direction == .lowerIsBetter)
        #expect(plan.keyResults.first { $0.id == "kr-mqls" }?.owners == ["marketing"])
    }

    @Test func planBuiltInCodeRoundTripsThroughJSON() throws {
        var plan = Plan(name: "Code", cycle: Cycle(name: "Q", start: .month(2026, 1), end: .month(2026, 3)))
        plan.teams = [Team(id: "marketing", name: "Marketing"), Team(id: "sales", name: "Sales")]
        plan.metrics = [
            Metric(id: "mqls", name: "MQLs", owner: "marketing"),
            Metric(id: "sqls", name: "SQLs", owner: "sales"),
            Metric(id: "rate", name: "Rate", unit: .percent, formula: try Formula(parsing: "(sqls * 100) / mqls")),
        ]
        plan.objectives = [
            Objective(
                id: "o", title: "O", owners: ["marketing", "sales"],
                keyResults: [
                    KeyResult(
                        id: "k", title: "K", metric: "sqls", kind: .increaseTo, target: 90,
                        phasing: [PeriodValue(period: .month(2026, 2), value: 40)], owners: ["sales"])
                ])
        ]
        plan.funnel = Funnel(
            stages: [FunnelStage(id: "m", name: "M", metric: "mqls"), FunnelStage(id: "s", name: "S", metric: "sqls")],
            plannedRates: [0.4], valuePerWon: 1000)
        plan.rules = [
            Rule(
                id: "r", title: "R", condition: .init(.any, [Rule.Clause(metric: "mqls", op: .below, threshold: 10)]),
                action: "Act", teams: ["sales"])
        ]
        try plan.validate()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(plan)
        let decoded = try JSONDecoder().decode(Plan.self, from: data)
        #expect(decoded == plan)
        #expect(try encoder.encode(decoded) == data)
    }

    @Test func jsonPlanLoadsLikeYAML() throws {
        let json = """
            {"tandem": 1, "name": "J", "cycle": {"start": "2026-Q1", "end": "2026-Q4"},
             "teams": [{"id": "marketing"}, {"id": "sales"}],
             "metrics": [{"id": "mqls", "owner": "marketing"}],
             "objectives": [{"id": "o", "title": "O", "owners": ["marketing", "sales"],
               "key_results": [{"id": "k", "title": "K", "metric": "mqls", "kind": "increase_to", "target": 1000}]}]}
            """
        let plan = try PlanLoader().load(text: json, file: "plan.json")
        #expect(plan.cycle.count == 4)
        #expect(plan.cycle.start == .quarter(2026, 1))
        #expect(plan.keyResults.first?.target == 1000)
    }

    @Test func codeBuiltPlanProblemsNameTheKeyPath() {
        var plan = Plan(name: "P", cycle: Cycle(name: "C", start: .month(2026, 1), end: .month(2026, 6)))
        plan.teams = [Team(id: "sales", name: "Sales")]
        plan.metrics = [Metric(id: "mqls", name: "MQLs", owner: "marketng")]
        #expect(
            plan.problems().map(\.description) == [
                "metrics[0].owner: error: unknown team 'marketng' (known: sales)"
            ])
    }

    @Test func formulasParseAndPrint() throws {
        let f = try Formula(parsing: "([won-deals] * 1000) / leads + 2")
        #expect(f == .add(.divide(.multiply(.metric("won-deals"), .constant(1000)), .metric("leads")), .constant(2)))
        #expect(f.description == "[won-deals] * 1000 / leads + 2")
        #expect(
            try Formula(parsing: f.description)
                == .add(.divide(.multiply(.metric("won-deals"), .constant(1000)), .metric("leads")), .constant(2)))
        #expect(f.metrics == ["leads", "won-deals"])
        #expect(f.evaluate { $0 == "leads" ? 10 : 3 } == 302)
        #expect(Formula.divide(.metric("a"), .metric("b")).evaluate { $0 == "a" ? 1 : 0 } == nil)
        #expect(throws: Formula.ParseError.self) { try Formula(parsing: "a / [b") }
        #expect(throws: Formula.ParseError.self) { try Formula(parsing: "a +") }
        #expect(throws: Formula.ParseError.self) { try Formula(parsing: "a $ b") }
    }

    /// Found by `make fuzz`: an id that starts with a digit printed bare read back as a number.
    @Test func formulaIdsThatStartWithADigitStayBracketed() throws {
        let f = try Formula(parsing: "[55555b] + 2.5")
        #expect(f == .add(.metric("55555b"), .constant(2.5)))
        #expect(f.description == "[55555b] + 2.5")
        #expect(try Formula(parsing: f.description) == f)
        let error = try #require(throws: Formula.ParseError.self) { try Formula(parsing: "[ ] + 1") }
        #expect(error == Formula.ParseError(offset: 0, message: "expected a metric id between '[' and ']'"))
    }

    @Test func aliasBombFailsFast() {
        var text = "tandem: 1\nname: bomb\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1..<10 {
            let refs = Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ")
            text += "a\(i): &a\(i) [\(refs)]\n"
        }
        let clock = ContinuousClock()
        var message = ""
        let elapsed = clock.measure {
            do {
                _ = try PlanLoader().load(text: text, file: "bomb.yaml")
            } catch {
                message = "\(error)"
            }
        }
        #expect(
            message
                == "bomb.yaml: error: plan expands to more than 200000 YAML nodes (through aliases?); refusing to expand it"
        )
        #expect(elapsed < .seconds(5))
        #expect(text.utf8.count < 1_024)
    }
}

@Suite struct DocumentationTests {
    /// The playbook article's table lists every built-in rule, so it stays true to the code.
    @Test func playbookArticleListsEveryBuiltInRule() throws {
        let article = try String(
            contentsOf: Fixtures.root.appendingPathComponent("Sources/Tandem/Documentation.docc/Playbook.md"),
            encoding: .utf8)
        #expect(Review.builtInRules.count >= 12)
        // The tolerance both ways, as the engine codes it (Tolerance.isBelowPlan).
        #expect(article.contains("a conversion `rate < planned × (1 − on_track)`; it **holds** otherwise"))
        #expect(article.contains("**at or above plan** when `actual ≥ planned × (1 − on_track)`"))
        for rule in Review.builtInRules {
            #expect(
                article.contains(
                    "| `\(rule.id)` | \(rule.title) | \(rule.condition) | P\(rule.priority) | \(rule.practice) ("),
                "\(rule.id)")
        }
    }

    /// The README links every article of the catalog, and every article is in the catalog's
    /// Topics, so nothing moved out of the README is lost from view.
    @Test func everyArticleIsLinkedFromTheReadmeAndTheCatalog() throws {
        let catalog = Fixtures.root.appendingPathComponent("Sources/Tandem/Documentation.docc")
        let readme = try String(contentsOf: Fixtures.root.appendingPathComponent("README.md"), encoding: .utf8)
        let root = try String(contentsOf: catalog.appendingPathComponent("Tandem.md"), encoding: .utf8)
        let articles = try FileManager.default.contentsOfDirectory(atPath: catalog.path)
            .filter { $0.hasSuffix(".md") && $0 != "Tandem.md" }.sorted()
        #expect(articles.count >= 12)
        for article in articles {
            #expect(readme.contains("(Sources/Tandem/Documentation.docc/\(article))"), "\(article)")
            #expect(root.contains("- <doc:\(article.dropLast(3))>"), "\(article)")
        }
    }
}
