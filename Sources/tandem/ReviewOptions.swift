import ArgumentParser
import Crypto
import Foundation
import Tandem

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The plan, its actuals and the period: what every reviewing command reads.
struct ReviewInput: ParsableArguments {
    @Argument(help: "The plan file (YAML or JSON).", completion: .file(extensions: ["yaml", "yml", "json"]))
    var plan: String

    @OptionGroup var actuals: ActualsInput

    @OptionGroup var records: RecordsInput

    @Option(
        help:
            "The period to review as of, e.g. 2026-11 (default: the last complete period with data; a period not over yet is reviewed only when given, and labelled partial)."
    )
    var period: String?

    @Option(
        help: ArgumentHelp(
            "The decision log to follow up on (default: decisions.yaml beside the plan, when present).",
            valueName: "file"),
        completion: .file(extensions: ["yaml", "yml"]))
    var decisions: String?

    @Option(
        help: ArgumentHelp(
            "The previous review's JSON to compare with (default for review: OUT/tandem-PREVIOUS.json, when present).",
            valueName: "file"),
        completion: .file(extensions: ["json"]))
    var previous: String?

    /// The decision log's file: `--decisions`, or `decisions.yaml` beside the plan when it exists.
    var decisionsURL: URL? { decisionLogURL(decisions, plan: plan) }

    func validate() throws {
        if let period, Period(parsing: period) == nil {
            throw ValidationError("--period must look like 2026-11 or 2026-Q4, not '\(period)'")
        }
        if actuals.actuals.isEmpty && records.records.isEmpty {
            throw ValidationError("give at least one --actuals or --records file or folder")
        }
    }

    /// Everything loaded and reviewed, or the input errors printed and exit status 1. With
    /// `fingerprint` (a workbook is written: its About sheet records it) the inputs are
    /// fingerprinted (SHA-256) on the other core meanwhile; without, both cores load. The actuals
    /// are kept only when `keepActuals` is set, so large runs free them before exporting.
    func load(keepActuals: Bool = false, fingerprint wanted: Bool = false) throws -> LoadedReview {
        let stderr = StandardError()
        do {
            let planURL = URL(fileURLWithPath: plan)
            let (files, skipped) = try actuals.files()
            let recordFiles = try records.files()
            let decisionsURL = self.decisionsURL
            let inputs = [planURL] + files + recordFiles + (decisionsURL.map { [$0] } ?? [])
            let fingerprint = Fingerprint()
            let outcome = Box<Result<(Review, Plan, CombinedActuals, [Diagnostic], DecisionLog), any Error>>()
            let progress = Progress()
            let loader = { @Sendable () throws -> (Review, Plan, CombinedActuals, [Diagnostic], DecisionLog) in
                progress.show("Reading the plan \(planURL.relativePath)…")
                let loadedPlan = try PlanLoader().load(contentsOf: planURL)
                let log =
                    try decisionsURL.map { url throws(InputError) in
                        try DecisionLogLoader(plan: loadedPlan).load(contentsOf: url)
                    } ?? DecisionLog()
                let size = files.compactMap {
                    try? FileManager.default.attributesOfItem(atPath: $0.path)[.size] as? Int
                }.reduce(0, +)
                progress.show(
                    "Reading \(files.count) actuals file\(files.count == 1 ? "" : "s") (\(size < 1_000_000 ? "\(max(1, size / 1000)) KB" : "\(Formatting.count(Double(size) / 1e6)) MB"))…"
                )
                let loaded = try ActualsLoader(plan: loadedPlan, options: actuals.options()).load(contentsOf: files)
                if !recordFiles.isEmpty {
                    progress.show("Reading \(recordFiles.count) record file\(recordFiles.count == 1 ? "" : "s")…")
                }
                let given = period.flatMap { Period(parsing: $0) }
                let combined = CombinedActuals(
                    plan: loadedPlan, actuals: loaded.actuals, records: try records.load(plan: loadedPlan, asOf: given))
                progress.show("Reviewing \(Formatting.count(Double(loaded.actuals.observations.count))) observations…")
                // The default is the last complete period: a period not over yet needs --period.
                let today = Clock.today()
                var notes: [Diagnostic] = []
                // Only without --period: finding the latest period derives the records once more.
                var latest = given == nil ? combined.latestPeriod : nil
                if given == nil, let last = latest, !Clock.isOver(last, today: today) {
                    let withData = combined.periods(through: last)
                    let complete = loadedPlan.cycle.periods.filter {
                        $0 < last && withData.contains($0) && Clock.isOver($0, today: today)
                    }.last
                    guard let complete else {
                        throw InputError([
                            Diagnostic(
                                code: .invalidValue,
                                message:
                                    "\(last.label), the only period with data, is not over yet (today is \(today)); give --period \(last) to review it as a partial period",
                                file: planURL.relativePath, field: "period")
                        ])
                    }
                    notes.append(
                        Diagnostic(
                            .warning, code: .invalidValue,
                            message:
                                "\(last.label) is not over yet (today is \(today)): reviewing \(complete.label), the last complete period; give --period \(last) for a partial review",
                            field: "period"))
                    latest = complete
                }
                guard let asOf = given ?? latest else {
                    throw InputError([
                        Diagnostic(
                            code: .missingField,
                            message:
                                "no actuals or records fall inside the cycle \(loadedPlan.cycle.start)…\(loadedPlan.cycle.end); nothing to review",
                            file: planURL.relativePath)
                    ])
                }
                let review: Review
                do {
                    review = try combined.review(asOf: asOf)
                } catch let error as InputError {
                    // A metric given twice is reported at the actuals' line that gives it; a period
                    // outside the plan's cycle at the plan, where the cycle is written.
                    throw InputError(
                        loaded.locating(error).diagnostics.map {
                            var diagnostic = $0
                            diagnostic.file = diagnostic.file ?? planURL.relativePath
                            return diagnostic
                        })
                }
                var reviewed = review
                if !Clock.isOver(asOf, today: today) {
                    // A partial period says so wherever the review is read.
                    reviewed.headline.sentence =
                        "Partial period: \(asOf.label) is not over yet. " + review.headline.sentence
                    notes.append(
                        Diagnostic(
                            .warning, code: .invalidValue,
                            message: "\(asOf.label) is not over yet (today is \(today)): a partial review",
                            field: "period"))
                }
                let kept = keepActuals ? combined : CombinedActuals(plan: loadedPlan, actuals: Actuals(), records: nil)
                let recordWarnings = combined.records?.records.warnings ?? []
                return (reviewed, loadedPlan, kept, skipped + loaded.warnings + recordWarnings + notes, log)
            }
            if wanted {
                DispatchQueue.concurrentPerform(iterations: 2) { lane in
                    if lane == 0 {
                        fingerprint.compute(inputs)
                    } else {
                        outcome.value = Result { try loader() }
                    }
                }
            } else {
                outcome.value = Result { try loader() }
            }
            let result = outcome.value!
            progress.clear()
            let (review, loadedPlan, kept, warnings, log) = try result.get()
            for warning in warnings { stderr.write(warning.descriptionWithCaret) }
            return LoadedReview(
                review: review, plan: loadedPlan, actuals: kept, inputs: inputs.map(\.relativePath),
                inputsSHA256: wanted ? try fingerprint.result() : nil, decisions: log)
        } catch let error as InputError {
            throw reportInvalidInput(error)
        }
    }
}

extension Diagnostic {
    /// The error for a metric that both the records and the actuals give (as the review reports it).
    static func givenTwice(_ metric: MetricID) -> Diagnostic {
        Diagnostic(
            code: .duplicateObservation,
            message: "metric '\(metric)' comes from both the records and the actuals; drop it from one of them",
            field: metric.rawValue)
    }
}

extension LoadedActuals {
    /// `error` with each "comes from both" diagnostic placed at the file and line where the
    /// actuals first give that metric.
    func locating(_ error: InputError) -> InputError {
        InputError(
            error.diagnostics.map { d in
                guard d.code == .duplicateObservation, d.file == nil, let field = d.field,
                    let origin = origins[MetricID(field)]
                else { return d }
                var located = d
                located.file = origin.file
                located.line = origin.line
                return located
            })
    }
}

/// Today's date, which decides whether a period is over: the CLI's clock (the library takes the
/// period as given).
enum Clock {
    /// Today in the local time zone, `2026-12-06`. In test builds `TANDEM_TODAY` overrides it.
    static func today() -> String {
        #if TANDEM_TEST_HOOKS
            if let given = ProcessInfo.processInfo.environment["TANDEM_TODAY"], given.count == 10 { return given }
        #endif
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }

    /// Whether `period` has ended by `today` (its next period has begun).
    static func isOver(_ period: Period, today: String) -> Bool {
        period.advanced(by: 1).firstDay <= today
    }
}

/// A value written by one concurrent lane and read after they all finish.
final class Box<T>: @unchecked Sendable {
    var value: T?
}

/// SHA-256 over input files, read in chunks, with swift-crypto (BoringSSL, which uses the CPU's
/// SHA instructions where it has them: about four times the hand-written one's speed).
final class Fingerprint: @unchecked Sendable {
    private var digest: Result<String, any Error> = .success("")

    func compute(_ urls: [URL]) {
        digest = Result {
            var hash = Crypto.SHA256()
            for url in urls {
                // Only regular files, and no further than their size: a FIFO or a device given as
                // an input (which the loaders refuse) must not hold this lane for ever.
                var st = stat()
                guard stat(url.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
                    throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: url.path])
                }
                let handle = try FileHandle(forReadingFrom: url)
                defer { try? handle.close() }
                var left = Int(st.st_size)
                while left > 0, let chunk = try handle.read(upToCount: min(left, 4 << 20)), !chunk.isEmpty {
                    hash.update(data: chunk)
                    left -= chunk.count
                }
            }
            return hash.finalize().map { String(format: "%02x", $0) }.joined()
        }
    }

    func result() throws -> String { try digest.get() }
}

struct LoadedReview {
    var review: Review
    var plan: Plan
    var actuals: CombinedActuals
    var inputs: [String]
    /// `nil` when no workbook is written (nothing records it).
    var inputsSHA256: String?
    var decisions: DecisionLog
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

/// The decision log's file: the option's, or `decisions.yaml` beside the plan when it exists.
func decisionLogURL(_ option: String?, plan: String) -> URL? {
    if let option { return URL(fileURLWithPath: option) }
    let dir = URL(fileURLWithPath: plan).deletingLastPathComponent().relativePath
    let beside = URL(fileURLWithPath: dir == "." ? "decisions.yaml" : "\(dir)/decisions.yaml")
    return FileManager.default.fileExists(atPath: beside.path) ? beside : nil
}
