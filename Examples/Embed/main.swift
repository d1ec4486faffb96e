// The monthly job with the library alone: the plan, this month's exports and the decision log in;
// the follow-up on last month's review; every format out as one all-or-nothing set.
// Run: swift run tandem-embed-example [PLAN] [EXPORTS] [OUT]
import Foundation
import Tandem
import TandemXLSX

let arguments = Array(CommandLine.arguments.dropFirst())
let planURL = URL(fileURLWithPath: arguments.first ?? "Examples/Brightwell/plan.yaml")
let exports = arguments.count > 1 ? arguments[1] : "Examples/Brightwell/actuals"
let out = URL(fileURLWithPath: arguments.count > 2 ? arguments[2] : NSTemporaryDirectory() + "tandem-embed")
do {
    let plan = try PlanLoader().load(contentsOf: planURL)
    let actuals = try ActualsLoader(plan: plan).load(contentsOf: ActualsLoader.files(at: [exports]).files).actuals
    guard let period = Review.latestPeriod(of: actuals, in: plan) else { throw CocoaError(.fileReadNoSuchFile) }
    // Follow up on the decision log beside the plan and on last month's review in OUT.
    let log = planURL.deletingLastPathComponent().appendingPathComponent("decisions.yaml")
    let decisions = try DecisionLogLoader(plan: plan).load(contentsOf: log)
    let lastMonth = out.appendingPathComponent("tandem-\(period.advanced(by: -1)).json")
    let previous = try? Review(json: Data(contentsOf: lastMonth), file: lastMonth.relativePath)
    let followed = try Review(
        ReviewInputs(plan: plan, actuals: actuals, asOf: period, previous: previous, decisions: decisions))
    let writer = ReportWriter(directory: out, formats: [.xlsx, .text, .markdown, .json, .csv])
    let written = try writer.write(followed)
    print(followed.headline.sentence)
    for url in written { print("wrote \(url.path)") }
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
