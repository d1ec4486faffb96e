import ArgumentParser
import Foundation
import Tandem

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the reverse funnel: what each stage needs to make the revenue target.",
        discussion: """
            Uses the planned conversion rates, or with --actuals the actual rates so far. Flags key \
            results whose targets cannot make the revenue target through the funnel.

            Examples:
              tandem plan plan.yaml
              tandem plan plan.yaml --actuals exports/
            """
    )

    @Argument(help: "The plan file (YAML or JSON).", completion: .file(extensions: ["yaml", "yml", "json"]))
    var plan: String

    @OptionGroup var input: ActualsInput

    func run() throws {
        do {
            let plan = try PlanLoader().load(contentsOf: URL(fileURLWithPath: self.plan))
            let actuals = input.actuals.isEmpty ? nil : try input.load(plan: plan).actuals
            let funnelPlan = try plan.funnelPlan(actuals: actuals)
            let f = Formatting(currency: plan.currency)
            StandardOutput.write(
                "Reverse funnel for \(plan.name): \(f.money(funnelPlan.revenueTarget)) at \(f.money(funnelPlan.valuePerWon)) a won deal"
            )
            StandardOutput.write("over \(funnelPlan.periods) periods (\(plan.cycle.start)…\(plan.cycle.end)).")
            StandardOutput.write("")
            let rows = funnelPlan.stages.map { s in
                [
                    s.name, Formatting.count(s.total), Formatting.count(s.perPeriod),
                    s.rate.map { "\(f.percent($0)) \(s.rateIsActual ? "actual" : "planned")" } ?? "",
                ]
            }
            let headers = ["Stage", "Cycle total", "Per period", "Converts to next"]
            let widths = (0..<4).map { c in ([headers[c]] + rows.map { $0[c] }).map(\.count).max()! }
            func line(_ cells: [String]) -> String {
                cells.enumerated().map { c, text in
                    let fill = String(repeating: " ", count: widths[c] - text.count)
                    return c == 0 || c == 3 ? text + fill : fill + text
                }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
            }
            StandardOutput.write(line(headers))
            StandardOutput.write(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
            rows.forEach { StandardOutput.write(line($0)) }
            if !funnelPlan.findings.isEmpty {
                StandardOutput.write("")
                StandardOutput.write("The plan does not add up:")
                for finding in funnelPlan.findings {
                    StandardOutput.write("  - \(finding.subject): \(finding.message)")
                }
            }
        } catch let error as InputError {
            throw reportInvalidInput(error)
        }
    }
}
