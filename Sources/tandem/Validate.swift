import ArgumentParser
import Foundation
import Tandem

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a plan (and actuals) and list every problem, compiler-style.",
        discussion: """
            Examples:
              tandem validate plan.yaml
              tandem validate plan.yaml --actuals exports/
            """
    )

    @Argument(help: "The plan file (YAML or JSON).")
    var plan: String

    @OptionGroup var input: ActualsInput

    func run() throws {
        let stderr = StandardError()
        do {
            let plan = try PlanLoader().load(contentsOf: URL(fileURLWithPath: self.plan))
            var summary =
                "\(self.plan): ok: \(plan.objectives.count) objectives, \(plan.keyResults.count) key results, \(plan.metrics.count) metrics"
            if !input.actuals.isEmpty {
                let loaded = try input.load(plan: plan)
                for warning in loaded.warnings { stderr.write(warning.descriptionWithCaret) }
                let (n, p) = (loaded.actuals.observations.count, loaded.actuals.periods.count)
                summary += "; \(n) observation\(n == 1 ? "" : "s") in \(p) period\(p == 1 ? "" : "s")"
            }
            print(summary)
        } catch let error as InputError {
            throw reportInvalidInput(error)
        }
    }
}
