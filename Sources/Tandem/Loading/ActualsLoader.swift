import Foundation

/// How actuals files are read.
public struct ActualsOptions: Sendable, Hashable {
    /// The CSV field delimiter: `,` (default), `;` or a tab. Never sniffed.
    public var delimiter: Character
    /// The decimal mark and thousands separator of numbers.
    public var numberFormat: NumberFormat
    /// Add up observations that appear more than once (same period, metric, team, segment)
    /// instead of rejecting them.
    public var sumDuplicates: Bool
    /// Larger files are refused before they are read.
    public var maxInputBytes: Int
    /// Stop after this many errors.
    public var maxErrors: Int

    /// Options for comma-separated, `.`-decimal files without grouping, duplicates rejected,
    /// files up to 4 GB and up to 50 errors.
    public init(
        delimiter: Character = ",", numberFormat: NumberFormat = .standard, sumDuplicates: Bool = false,
        maxInputBytes: Int = 4 << 30, maxErrors: Int = 50
    ) {
        self.delimiter = delimiter
        self.numberFormat = numberFormat
        self.sumDuplicates = sumDuplicates
        self.maxInputBytes = maxInputBytes
        self.maxErrors = maxErrors
    }
}

/// Actuals read from files, with the warnings found on the way (values outside the cycle).
public struct LoadedActuals: Sendable, Hashable {
    /// The observations of every file, within the cycle.
    public var actuals: Actuals
    /// What was left out without failing: observations of periods outside the cycle.
    public var warnings: [Diagnostic]
    /// Where each metric was first read (file and line), for messages about a metric as a whole
    /// (one given by both the records and the actuals).
    package var origins: [MetricID: SourcePlace] = [:]

    /// A file and a 1-based line.
    package struct SourcePlace: Sendable, Hashable {
        package var file: String
        package var line: Int
    }
}

/// Loads actuals from CSV (long `period,metric,value[,team][,segment]` or wide
/// `period,<metric>,<metric>,…`, told apart by the header) and JSON, checked against a plan.
///
/// ```swift
/// let loaded = try ActualsLoader(plan: plan).load(contentsOf: [crmURL, automationURL])
/// ```
public struct ActualsLoader: Sendable {
    /// The plan the actuals are checked against: its metrics, teams, cycle and currency.
    public var plan: Plan
    /// How the files are read.
    public var options: ActualsOptions

    /// A loader for actuals of `plan`.
    public init(plan: Plan, options: ActualsOptions = ActualsOptions()) {
        self.plan = plan
        self.options = options
    }

    /// Loads every file (CSV, or JSON by its `.json` ending); an observation may appear in only one
    /// of them unless ``ActualsOptions/sumDuplicates`` is set.
    /// - Throws: ``InputError`` with every problem found, each naming file, line, column and field.
    public func load(contentsOf urls: [URL]) throws(InputError) -> LoadedActuals {
        let sink = try ObservationSink(plan: plan, options: options)
        for url in urls {
            // A file that cannot be opened is reported with the others' errors, not alone.
            let input: ChunkedFile
            do {
                input = try ChunkedFile(url, limit: options.maxInputBytes, what: "actuals file")
            } catch {
                for diagnostic in error.diagnostics { sink.error(diagnostic) }
                continue
            }
            let feed = { () throws(InputError) -> [UInt8]? in
                var chunk: [UInt8] = []
                return try input.read(into: &chunk, count: ObservationSink.chunkBytes) ? chunk : nil
            }
            if url.pathExtension.lowercased() == "json" {
                sink.readJSON(file: url.relativePath, size: input.size, feed: feed)
            } else {
                sink.readCSV(file: url.relativePath, size: input.size, feed: feed)
            }
            if sink.stopped { break }
        }
        return try sink.finish()
    }

    /// The actuals files at `paths`: files as given, folders expanded to their `.csv` and `.json`
    /// files, sorted by name. Anything else in a folder (a stray `.xlsx`, a subfolder) is skipped
    /// with a warning; hidden files (`.DS_Store`) are skipped silently.
    /// - Throws: ``InputError`` when a path does not exist or a folder holds no actuals file.
    public static func files(at paths: [String]) throws(InputError) -> (files: [URL], warnings: [Diagnostic]) {
        try expandInputPaths(paths, extensions: ["csv", "json"], what: "actuals")
    }

    /// Loads one CSV given as bytes; `file` names it in messages.
    /// - Throws: ``InputError`` with every problem found.
    public func load(csv bytes: [UInt8], file: String = "actuals.csv") throws(InputError) -> LoadedActuals {
        let sink = try ObservationSink(plan: plan, options: options)
        sink.readCSV(file: file, size: bytes.count, feed: ObservationSink.once(bytes))
        return try sink.finish()
    }

    /// Loads one CSV given as text.
    /// - Throws: ``InputError`` with every problem found.
    public func load(csv text: String, file: String = "actuals.csv") throws(InputError) -> LoadedActuals {
        try load(csv: Array(text.utf8), file: file)
    }

    /// Loads JSON actuals: `{"tandem": 1, "observations": [{"period": "2026-07", "metric": "mqls",
    /// "value": 612, "team": "marketing", "segment": "EMEA"}]}` or just the list.
    /// - Throws: ``InputError`` with every problem found.
    public func load(json text: String, file: String = "actuals.json") throws(InputError) -> LoadedActuals {
        let sink = try ObservationSink(plan: plan, options: options)
        let bytes = Array(text.utf8)
        sink.readJSON(file: file, size: bytes.count, feed: ObservationSink.once(bytes))
        return try sink.finish()
    }
}

/// Checks and collects observations from any number of inputs.
final class ObservationSink {
    let plan: Plan
    let options: ActualsOptions
    let numbers: NumberParser
    /// What each metric's values may carry (currency, `%`, exponent), by metric index.
    let metricRules: [NumberRules]
    let delimiter: UInt8
    /// The plan's metric and team ids by their bytes (or text), to their index in the plan.
    let metricPositions: NamePositions
    let teamPositions: NamePositions
    let metricIDs: [MetricID]
    let teamIDs: [TeamID]
    let metricNames: [String]
    let teamNames: [String]

    typealias Key = ObservationTable.Key
    /// Every observation's identity and where it was first read; entry `i` is `observations[i]`.
    var seen = ObservationTable()
    /// Segment names, interned: an observation's key holds the number.
    var segments = NameTable()
    /// Whether each metric is derived (by a formula) and so not allowed in actuals.
    let derived: [Bool]
    var files: [String] = []
    var observations: [Observation] = []
    var errors: [Diagnostic] = []
    var warnings: [Diagnostic] = []
    var outside: [Period: (file: String, line: Int, count: Int)] = [:]
    var stopped = false
    /// The JSON input in memory, for locating messages.
    var window: [UInt8] = []

    init(plan: Plan, options: ActualsOptions) throws(InputError) {
        self.plan = plan
        self.options = options
        guard let d = options.delimiter.asciiValue, d != 0x22, d != 0x0A, d != 0x0D else {
            throw InputError([
                Diagnostic(
                    code: .invalidValue,
                    message: "the CSV delimiter must be one ASCII character other than a quote or a line break")
            ])
        }
        if options.delimiter == options.numberFormat.decimalSeparator {
            throw InputError([
                Diagnostic(
                    code: .invalidValue,
                    message: "the CSV delimiter '\(options.delimiter)' cannot also be the decimal separator")
            ])
        }
        if options.numberFormat.thousandsSeparator == options.numberFormat.decimalSeparator {
            throw InputError([
                Diagnostic(code: .invalidValue, message: "the thousands separator cannot be the decimal separator")
            ])
        }
        delimiter = d
        numbers = NumberParser(format: options.numberFormat)
        metricRules = plan.metrics.map { NumberRules.unit($0.unit, currency: plan.currency) }
        metricIDs = plan.metrics.map(\.id)
        teamIDs = plan.teams.map(\.id)
        metricNames = metricIDs.map(\.rawValue)
        teamNames = teamIDs.map(\.rawValue)
        metricPositions = NamePositions(metricNames)
        teamPositions = NamePositions(teamNames)
        derived = plan.metrics.map { $0.formula != nil }
    }

    // MARK: Reporting

    func error(
        _ code: Diagnostic.Code, _ message: String, file: String, line: Int?, column: Int?, field: String?,
        source: String?
    ) {
        guard !stopped else { return }
        errors.append(
            Diagnostic(
                code: code, message: message, file: file, line: line, column: column, field: field, sourceLine: source))
        if errors.count >= options.maxErrors {
            errors.append(
                Diagnostic(
                    code: .tooLarge, message: "too many errors (\(options.maxErrors)); stopped reading", file: file))
            stopped = true
        }
    }

    /// A record may not be longer than this (an unterminated quote would otherwise hold the rest
    /// of the file in memory).
    static let maxRecordBytes = 16 << 20
    /// Files are read in chunks of this size.
    static let chunkBytes = 4 << 20

    /// A feed that gives `bytes` once, then the end.
    static func once(_ bytes: [UInt8]) -> () throws(InputError) -> [UInt8]? {
        var given = false
        return { () throws(InputError) -> [UInt8]? in
            defer { given = true }
            return given ? nil : bytes
        }
    }

    /// The next chunk of a file whose reader holds `pending` bytes of an unfinished record or
    /// value: `.some(nil)` at the end of the file, `nil` (with the error recorded) when the record
    /// runs past ``maxRecordBytes`` or the read fails.
    func nextChunk(
        pending: Int, runningPast what: String, leftOpen: String, file: String, line: Int,
        _ location: @autoclosure () -> (source: String?, column: Int),
        feed: () throws(InputError) -> [UInt8]?
    ) -> [UInt8]?? {
        if pending > Self.maxRecordBytes {
            let (source, column) = location()
            error(
                .tooLarge, "\(what) runs past \(Self.maxRecordBytes >> 20) MB; is \(leftOpen) left open here?",
                file: file, line: line, column: column, field: nil, source: source)
            return nil
        }
        do {
            return .some(try feed())
        } catch {
            for diagnostic in error.diagnostics { self.error(diagnostic) }
            return nil
        }
    }

    /// Makes room for `count` observations in all, once the load has not failed (after its first
    /// error nothing more is kept, so nothing more is reserved).
    func reserve(_ count: Int) {
        guard errors.isEmpty, count > observations.capacity else { return }
        observations.reserveCapacity(count)
        seen.reserveCapacity(count)
    }

    /// Records a diagnostic made elsewhere (a read failure).
    func error(_ diagnostic: Diagnostic) {
        error(
            diagnostic.code, diagnostic.message, file: diagnostic.file ?? "", line: diagnostic.line,
            column: diagnostic.column, field: diagnostic.field, source: diagnostic.sourceLine)
    }

    func finish() throws(InputError) -> LoadedActuals {
        checkSubtotals()
        for (period, where_) in outside.sorted(by: { $0.key < $1.key }) {
            warnings.append(
                Diagnostic(
                    .warning, code: .outsideCycle,
                    message:
                        "\(where_.count) value\(where_.count == 1 ? "" : "s") for \(period) \(where_.count == 1 ? "is" : "are") outside the cycle \(plan.cycle.start)…\(plan.cycle.end); left out",
                    file: where_.file, line: where_.line, field: "period"))
        }
        if !errors.isEmpty { throw InputError(errors + warnings) }
        // Where each metric was first read: one pass over the keys, stopping once every metric is found.
        var first = [ObservationTable.Place?](repeating: nil, count: metricIDs.count)
        var missing = metricIDs.count
        for (k, key) in seen.keys.enumerated() where missing > 0 {
            let m = Int(key.metric)
            if m >= 0, m < first.count, first[m] == nil, k < seen.places.count {
                first[m] = seen.places[k]
                missing -= 1
            }
        }
        var origins: [MetricID: LoadedActuals.SourcePlace] = [:]
        for (m, place) in first.enumerated() {
            if let place, Int(place.file) < files.count {
                origins[metricIDs[m]] = LoadedActuals.SourcePlace(file: files[Int(place.file)], line: Int(place.line))
            }
        }
        return LoadedActuals(actuals: Actuals(observations), warnings: warnings, origins: origins)
    }
}
