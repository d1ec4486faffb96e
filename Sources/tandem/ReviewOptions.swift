import ArgumentParser
import Foundation
import Tandem

/// The plan, its actuals and the period: what every reviewing command reads.
struct ReviewInput: ParsableArguments {
    @Argument(help: "The plan file (YAML or JSON).")
    var plan: String

    @OptionGroup var actuals: ActualsInput

    @Option(help: "The period to review as of, e.g. 2026-11 (default: the latest period with actuals).")
    var period: String?

    func validate() throws {
        if let period, Period(parsing: period) == nil {
            throw ValidationError("--period must look like 2026-11 or 2026-Q4, not '\(period)'")
        }
        if actuals.actuals.isEmpty { throw ValidationError("give at least one --actuals file or folder") }
    }

    /// Everything loaded and reviewed, or the input errors printed and exit status 1.
    func load() throws -> LoadedReview {
        let stderr = StandardError()
        do {
            let planURL = URL(fileURLWithPath: plan)
            let loadedPlan = try PlanLoader().load(contentsOf: planURL)
            let files = try actuals.files()
            let loaded = try ActualsLoader(plan: loadedPlan, options: actuals.options()).load(contentsOf: files)
            for warning in loaded.warnings { stderr.write(warning.descriptionWithCaret) }
            guard
                let asOf = period.flatMap({ Period(parsing: $0) })
                    ?? Review.latestPeriod(of: loaded.actuals, in: loadedPlan)
            else {
                throw InputError([
                    Diagnostic(
                        code: .missingField,
                        message:
                            "no actuals fall inside the cycle \(loadedPlan.cycle.start)…\(loadedPlan.cycle.end); nothing to review"
                    )
                ])
            }
            let review = try Review(plan: loadedPlan, actuals: loaded.actuals, asOf: asOf)
            var hash = SHA256()
            var inputs: [String] = []
            for url in [planURL] + files {
                hash.update(try Data(contentsOf: url))
                inputs.append(url.relativePath)
            }
            return LoadedReview(
                review: review, plan: loadedPlan, actuals: loaded.actuals, inputs: inputs, inputsSHA256: hash.finalize()
            )
        } catch let error as InputError {
            for diagnostic in error.diagnostics { stderr.write(diagnostic.descriptionWithCaret) }
            let count = error.diagnostics.filter { $0.severity == .error }.count
            stderr.write("\(count) error\(count == 1 ? "" : "s")")
            throw ExitCode(1)
        }
    }
}

struct LoadedReview {
    var review: Review
    var plan: Plan
    var actuals: Actuals
    var inputs: [String]
    var inputsSHA256: String
}

/// Colour on a terminal, plain otherwise or with NO_COLOR.
struct Terminal {
    let color: Bool

    init(fileDescriptor: Int32 = 1) {
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        color = !noColor && isatty(fileDescriptor) == 1
    }

    func paint(_ text: String, _ status: Status) -> String {
        guard color else { return text }
        let code =
            switch status {
            case .offTrack: "31"
            case .atRisk: "33"
            case .onTrack: "32"
            case .achieved: "34"
            case .noData: "2"
            }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    func bold(_ text: String) -> String { color ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
}
