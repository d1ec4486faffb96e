import ArgumentParser
import Foundation
import Tandem

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented starter plan, an actuals template and an empty decision log.",
        discussion: """
            Creates DIR/plan.yaml, DIR/decisions.yaml and DIR/actuals/actuals.csv; all validate as \
            written. Existing files are never overwritten.

            Examples:
              tandem init my-company
              tandem validate my-company/plan.yaml --actuals my-company/actuals
            """
    )

    @Argument(help: "The folder to create the files in.")
    var directory: String = "."

    func run() throws {
        let dir = URL(fileURLWithPath: directory)
        let plan = dir.appendingPathComponent("plan.yaml")
        let actuals = dir.appendingPathComponent("actuals/actuals.csv")
        let decisions = dir.appendingPathComponent("decisions.yaml")
        for url in [plan, decisions, actuals] where FileManager.default.fileExists(atPath: url.path) {
            StandardError().write("\(url.relativePath): error: already exists; tandem init never overwrites a file")
            throw ExitCode(1)
        }
        do {
            var files = OutputFiles(directory: dir)
            try files.stage("plan.yaml", bytes: Array(StarterFiles.plan.utf8))
            try files.stage("decisions.yaml", bytes: Array(StarterFiles.decisions.utf8))
            var actualFiles = OutputFiles(directory: dir.appendingPathComponent("actuals"))
            try actualFiles.stage("actuals.csv", bytes: Array(StarterFiles.actuals.utf8))
            for url in try files.commit() + actualFiles.commit() { StandardOutput.write("wrote \(url.relativePath)") }
            StandardOutput.write(
                "Next: edit the plan, then run: tandem review \(plan.relativePath) --actuals \(actuals.deletingLastPathComponent().relativePath)"
            )
        } catch {
            StandardError().write("\(error)")
            throw ExitCode(74)
        }
    }
}

/// The files `tandem init` writes.
enum StarterFiles {
    static let decisions = """
        # The decision log: what each sales-marketing meeting decided about the review's agenda.
        # The next `tandem review` follows up on it ("Since last review"). Append with
        #   tandem decide 2026-11 'transition:mqls>sqls' --accept --owner marketing --due 2026-12-15 --note "…"
        # or by hand, one entry per problem:
        #   - period: 2026-11                   # the period of the review discussed
        #     problem: transition:mqls>sqls      # the problem's id on that review's agenda
        #     decision: accepted                 # accepted, declined or deferred
        #     action: lead-quality               # optional: the playbook rule whose action was chosen
        #     owner: marketing                   # the team that answers for it
        #     due: 2026-12-15                    # optional: a period (2026-12) or a day
        #     done: 2026-12-10                   # optional: when it was completed
        #     note: raise the score threshold to 65
        #     tactics: [t-case-studies]          # optional: tactics of the plan it started
        tandem: 1                                # decision log schema version
        decisions:

        """

    static let plan = """
        # A shared sales & marketing plan for Tandem. Edit the numbers, keep the shape.
        # The README's "Plan file" section lists every field.
        tandem: 1                      # plan schema version
        name: Our shared plan
        currency: USD
        cycle:
          name: FY2026 H2
          start: 2026-07               # months (2026-07) or quarters (2026-Q3)
          end: 2026-12
        tolerance:
          on_track: 10%                # within 10 % of the expected-to-date value
          at_risk: 20%

        teams:
          - {id: marketing, name: Marketing}
          - {id: sales, name: Sales}

        # Metrics are what the exports measure. Derived metrics are formulas of others.
        metrics:
          - {id: leads, name: Leads, unit: count, owner: marketing}
          - {id: mqls, name: MQLs, unit: count, owner: marketing}
          - {id: sqls, name: SQLs, unit: count, owner: sales}
          - {id: won, name: Won deals, unit: count, owner: sales}
          - {id: new_arr, name: New ARR, unit: currency, owner: sales}
          - {id: speed_to_lead, name: Speed to lead, unit: hours, direction: lower, rollup: average, owner: sales}
          - {id: mql_to_sql, name: MQL→SQL conversion, unit: percent, formula: sqls / mqls, owner: marketing}

        objectives:
          - id: pipeline
            title: Build the pipeline together
            owners: [marketing, sales]
            key_results:
              - {id: kr-mqls, title: "Deliver 3,000 MQLs", metric: mqls, kind: increase_to, target: 3000, owners: [marketing]}
              - {id: kr-conversion, title: Keep MQL→SQL at 35 % or more, metric: mql_to_sql, kind: stay_above, target: 35%}
          - id: revenue
            title: Win the right deals
            owners: [sales, marketing]
            key_results:
              - {id: kr-arr, title: Book $2.4M new ARR, metric: new_arr, kind: increase_to, target: $2.4M, owners: [sales]}
              - {id: kr-speed, title: First contact within 2 hours, metric: speed_to_lead, kind: stay_below, target: 2, owners: [sales]}

        # Stages in order; each rate is the planned conversion from the stage before.
        funnel:
          value_per_won: $20,000
          revenue_target: $2.4M
          revenue_metric: new_arr
          stages:
            - {id: leads, name: Leads, metric: leads}
            - {id: mqls, name: MQLs, metric: mqls, rate: 25%}
            - {id: sqls, name: SQLs, metric: sqls, rate: 40%}
            - {id: won, name: Won, metric: won, rate: 10%}

        # Commitments between the teams, checked every period, in both directions.
        slas:
          - {id: sla-mqls, title: Marketing delivers 500 MQLs a month, from: marketing, to: sales, metric: mqls, at_least: 500}
          - {id: sla-speed, title: Sales calls back within 4 hours, from: sales, to: marketing, metric: speed_to_lead, at_most: 4}

        # Campaigns, content and enablement, tied to key results and funnel stages.
        tactics:
          - {id: t-guide, title: Buyer's guide, kind: content, owners: [marketing], key_results: [kr-mqls], stage: leads, status: active}
          - {id: t-case, title: Case studies, kind: content, owners: [marketing, sales], key_results: [kr-conversion], stage: sqls, status: planned}

        # Your own playbook rules: structured conditions, never code.
        rules:
          - id: quality-check
            title: MQL quality check
            when:
              all:
                - {metric: mql_to_sql, below: 30%, periods: 2}
            action: Review lead scoring together.
            teams: [marketing, sales]
            priority: 1

        """

    static let actuals = """
        period,metric,value,team,segment
        2026-07,leads,2000,marketing,
        2026-07,mqls,520,marketing,
        2026-07,sqls,190,sales,
        2026-07,won,19,sales,
        2026-07,new_arr,$380000,sales,
        2026-07,speed_to_lead,2.5,sales,

        """
}
