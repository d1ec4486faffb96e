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

            With --records, the plan also gets a commented 'records:' section for the CRM's \
            exports (HubSpot contacts and deals, a Salesforce leads report and opportunities \
            report, or HubSpot contacts with Salesforce opportunities when both are given), and \
            the metrics come from the records instead of an actuals file.

            Examples:
              tandem init my-company
              tandem validate my-company/plan.yaml --actuals my-company/actuals
              tandem init my-company --records hubspot --records salesforce
              tandem review my-company/plan.yaml --records exports/
            """
    )

    @Argument(help: "The folder to create the files in.")
    var directory: String = "."

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Add a records section for this CRM's exports: hubspot or salesforce (give both for HubSpot contacts with Salesforce opportunities).",
            valueName: "crm"))
    var records: [StarterFiles.CRM] = []

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
            let crms = Set(records)
            try files.stage("plan.yaml", bytes: Array(StarterFiles.plan(records: crms).utf8))
            try files.stage("decisions.yaml", bytes: Array(StarterFiles.decisions.utf8))
            guard crms.isEmpty else {
                // The records feed every metric of the starter plan: no actuals file.
                for url in try files.commit() { StandardOutput.write("wrote \(url.relativePath)") }
                StandardOutput.write(
                    "Next: check the records section against your exports, then run: tandem review \(plan.relativePath) --records EXPORTS"
                )
                return
            }
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
    /// A CRM whose exports the starter plan's records section reads.
    enum CRM: String, ExpressibleByArgument, CaseIterable {
        case hubspot, salesforce
    }

    /// The starter plan, with a records section for `crms` when any.
    static func plan(records crms: Set<CRM>) -> String {
        guard !crms.isEmpty else { return plan }
        // The records measure speed to lead; the formula metric stays a throughput ratio.
        return plan + recordsSection(crms)
    }

    /// The `records:` section for the starter funnel (leads, MQLs, SQLs, won).
    static func recordsSection(_ crms: Set<CRM>) -> String {
        let hubspotLeads = """
                # HubSpot contacts export (Contacts › Export, all properties or a view with the
                # lifecycle "Date entered" columns and First outreach date). Record ID is required.
                - kind: leads
                  preset: hubspot
                  file: "*contacts*.csv"        # matched by name; without 'file:' by the header
                  timezone: America/New_York    # your portal's zone (times without Z are in it)

            """
        let hubspotDeals = """
                # HubSpot deals export (Deals › Export): Create Date, Close Date, Amount, Deal Stage.
                - kind: deals
                  preset: hubspot
                  file: "*deals*.csv"
                  timezone: America/New_York

            """
        let salesforceLeads = """
                # Salesforce leads report (Reports › Leads, exported as CSV, "Details only"):
                # Created Date, Converted Date (the SQL stage), First Response Date if you have it.
                - kind: leads
                  preset: salesforce
                  file: "*leads*.csv"
                  date_format: MM/DD/YYYY       # the exporting user's locale (DD/MM/YYYY in the UK)
                  timezone: America/New_York    # the exporting user's zone

            """
        let salesforceDeals = """
                # Salesforce opportunities report (Reports › Opportunities, exported as CSV):
                # Created Date, Stage, Close Date, Amount. The standard report has no
                # Opportunity ID column: each row is then one deal, and duplicates cannot be
                # found; add the column to the report to have them found. The footer's
                # "Grand Totals (N records)" is checked against the rows read.
                - kind: deals
                  preset: salesforce
                  file: "*opportunit*.csv"
                  date_format: MM/DD/YYYY
                  timezone: America/New_York

            """
        let sources: String =
            switch (crms.contains(.hubspot), crms.contains(.salesforce)) {
            case (true, true): hubspotLeads + salesforceDeals
            case (true, false): hubspotLeads + hubspotDeals
            default: salesforceLeads + salesforceDeals
            }
        return """

            # Records: the CRM's exports, read record by record (tandem review plan.yaml --records
            # EXPORTS, a folder or files). Stage volumes, cohort conversion, velocity, speed to
            # lead, won deals and revenue come from them; see "From records to metrics" in the docs.
            records:
              timezone: America/New_York        # the zone that decides which month a time is in
              horizon_days: {mqls: 30}          # days an MQL has to become an SQL (default: p90 of lags)
              speed_to_lead: {stage: mqls, hours: 4}   # the clock starts at MQL; the SLA's hours
              metrics:                          # derived series → this plan's metrics
                speed_to_lead_hours: speed_to_lead
              sources:
            \(sources)
            """
    }

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
