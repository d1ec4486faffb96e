import ArgumentParser
import Foundation
import Tandem

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a plan (and actuals and the decision log) and list every problem, compiler-style.",
        discussion: """
            The decision log is checked too: --decisions, or decisions.yaml beside the plan when present. \
            A metric given by both the records and the actuals is an error, as in review, at the \
            actuals' line that gives it first.

            Examples:
              tandem validate plan.yaml
              tandem validate plan.yaml --actuals exports/
              tandem validate plan.yaml --records contacts.csv opportunities.csv
            """
    )

    @Argument(help: "The plan file (YAML or JSON).", completion: .file(extensions: ["yaml", "yml", "json"]))
    var plan: String

    @OptionGroup var input: ActualsInput

    @OptionGroup var records: RecordsInput

    @Option(
        help: ArgumentHelp(
            "The decision log to check (default: decisions.yaml beside the plan, when present).", valueName: "file"),
        completion: .file(extensions: ["yaml", "yml"]))
    var decisions: String?

    func run() throws {
        let stderr = StandardError()
        do {
            let (plan, planWarnings) = try PlanLoader().loadWithWarnings(contentsOf: URL(fileURLWithPath: self.plan))
            for warning in planWarnings { stderr.write(warning.descriptionWithCaret) }
            var summary =
                "\(self.plan): ok: \(plan.objectives.count) objectives, \(plan.keyResults.count) key results, \(plan.metrics.count) metrics"
            var actuals: LoadedActuals?
            if !input.actuals.isEmpty {
                let loaded = try input.load(plan: plan)
                for warning in loaded.warnings { stderr.write(warning.descriptionWithCaret) }
                let (n, p) = (loaded.actuals.observations.count, loaded.actuals.periods.count)
                summary += "; \(n) observation\(n == 1 ? "" : "s") in \(p) period\(p == 1 ? "" : "s")"
                actuals = loaded
            }
            if let derived = try records.load(plan: plan, asOf: nil) {
                // A metric given by both is refused here as `review` refuses it, at the actuals' line.
                if let actuals {
                    let fromRecords = Set(derived.derive(asOf: plan.cycle.end).actuals.observations.map(\.metric))
                    let both = Set(actuals.actuals.observations.map(\.metric)).intersection(fromRecords).sorted()
                    if !both.isEmpty { throw actuals.locating(InputError(both.map(Diagnostic.givenTwice))) }
                }
                for warning in derived.records.warnings { stderr.write(warning.descriptionWithCaret) }
                let q = derived.records.quality
                for source in q.sources where !source.duplicatesChecked {
                    stderr.write(
                        "note: records.sources[\(source.index)] (\(source.preset.rawValue) \(source.kind.rawValue)) has no id column: each row is one record, and duplicates cannot be detected"
                    )
                }
                // Per source, so that one export's findings are not read as another's.
                for source in q.sources {
                    for finding in source.findings {
                        stderr.write(
                            "warning: records.sources[\(source.index)] (\(source.preset.rawValue) \(source.kind.rawValue)): \(finding.count) × \(finding.kind.label.lowercased()), e.g. "
                                + finding.examples.joined(separator: "; "))
                    }
                }
                summary += "; \(q.leads) lead\(q.leads == 1 ? "" : "s") and \(q.deals) deal\(q.deals == 1 ? "" : "s")"
            }
            if let url = decisionLogURL(decisions, plan: self.plan) {
                let n = try DecisionLogLoader(plan: plan).load(contentsOf: url).decisions.count
                summary += "; \(n) decision\(n == 1 ? "" : "s") in \(url.relativePath)"
            }
            StandardOutput.write(summary)
        } catch let error as InputError {
            throw reportInvalidInput(error)
        }
    }
}
