import ArgumentParser
import Foundation
import Tandem

/// CRM record exports, read by the plan's `records:` section.
struct RecordsInput: ParsableArguments {
    @Option(
        name: .long, parsing: .upToNextOption,
        help: ArgumentHelp(
            "CRM record exports (CSV files or folders of them) to derive metrics from; needs a 'records:' section in the plan.",
            valueName: "path"))
    var records: [String] = []

    /// The record files: files as given, folders expanded to their .csv and .txt files, sorted.
    func files() throws -> [URL] {
        try expandInputPaths(records, extensions: ["csv", "txt"], what: "records", warnSkipped: false).files
    }

    /// The records loaded and ready to derive, or `nil` without `--records`.
    func load(plan: Plan, asOf: Period?) throws -> RecordMetrics? {
        guard !records.isEmpty else { return nil }
        let set = try RecordsLoader(plan: plan, asOf: asOf).load(contentsOf: files())
        return try RecordMetrics(plan: plan, records: set)
    }
}

/// Actuals from files and from records, combined per review period.
struct CombinedActuals: Sendable {
    let plan: Plan
    let actuals: Actuals
    let records: RecordMetrics?

    /// The latest period with data from either source, or `nil`.
    var latestPeriod: Period? {
        var latest = Review.latestPeriod(of: actuals, in: plan)
        if let records, let derived = records.derive(asOf: plan.cycle.end).latestEvent {
            latest = max(latest ?? derived, derived)
        }
        return latest
    }

    /// The periods with data up to `period`.
    func periods(through period: Period) -> Set<Period> {
        var periods = Set(actuals.observations.map(\.period))
        if let records { periods.formUnion(records.derive(asOf: period).actuals.observations.map(\.period)) }
        return periods
    }

    /// The review as of `period`: the actuals plus what the records say as of its end, each
    /// transition the records measure judged on its mature cohorts.
    /// - Throws: ``InputError`` when a metric comes from both the actuals and the records.
    func review(asOf period: Period) throws -> Review {
        try Review(ReviewInputs(plan: plan, actuals: actuals, records: records, asOf: period))
    }
}
