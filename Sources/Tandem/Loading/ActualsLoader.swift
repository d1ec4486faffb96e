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
    public var actuals: Actuals
    public var warnings: [Diagnostic]
}

/// Loads actuals from CSV (long `period,metric,value[,team][,segment]` or wide
/// `period,<metric>,<metric>,…`, told apart by the header) and JSON, checked against a plan.
///
/// ```swift
/// let loaded = try ActualsLoader(plan: plan).load(contentsOf: [crmURL, automationURL])
/// ```
public struct ActualsLoader: Sendable {
    public var plan: Plan
    public var options: ActualsOptions

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
            if url.pathExtension.lowercased() == "json" {
                sink.readJSON(
                    try readInputBytes(url, limit: options.maxInputBytes, what: "actuals file"), file: url.relativePath)
            } else {
                sink.readCSV(
                    try readInputBytes(url, limit: options.maxInputBytes, what: "actuals file"), file: url.relativePath)
            }
            if sink.stopped { break }
        }
        return try sink.finish()
    }

    /// Loads one CSV given as bytes; `file` names it in messages.
    /// - Throws: ``InputError`` with every problem found.
    public func load(csv bytes: [UInt8], file: String = "actuals.csv") throws(InputError) -> LoadedActuals {
        let sink = try ObservationSink(plan: plan, options: options)
        sink.readCSV(bytes, file: file)
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
        sink.readJSON(Array(text.utf8), file: file)
        return try sink.finish()
    }
}

/// Checks and collects observations from any number of inputs.
final class ObservationSink {
    private let plan: Plan
    private let options: ActualsOptions
    private let numbers: NumberParser
    private let delimiter: UInt8
    private let metricIndex: [String: Int]
    private let teamIndex: [String: Int]
    private let metricIDs: [MetricID]
    private let teamIDs: [TeamID]
    private let metricNames: [String]
    private let teamNames: [String]

    /// An observation's identity, compact: the segment is interned as a number.
    private struct Key: Hashable {
        var period: Int32
        var metric: Int32
        var team: Int32
        var segment: Int32
    }
    /// Where an observation was first seen: its index, file (by number) and line.
    private struct Seen {
        var index: Int32
        var line: Int32
        var file: Int32
    }
    private var seen: [Key: Seen] = [:]
    private var segments: [String: Int32] = [:]
    private var files: [String] = []
    private(set) var observations: [Observation] = []
    private var errors: [Diagnostic] = []
    private var warnings: [Diagnostic] = []
    private var outside: [Period: (file: String, line: Int, count: Int)] = [:]
    private(set) var stopped = false

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
        metricIDs = plan.metrics.map(\.id)
        teamIDs = plan.teams.map(\.id)
        metricNames = metricIDs.map(\.rawValue)
        teamNames = teamIDs.map(\.rawValue)
        metricIndex = Dictionary(metricNames.enumerated().map { ($1, $0) }) { a, _ in a }
        teamIndex = Dictionary(teamNames.enumerated().map { ($1, $0) }) { a, _ in a }
    }

    // MARK: Reporting

    private func error(
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

    func finish() throws(InputError) -> LoadedActuals {
        for (period, where_) in outside.sorted(by: { $0.key < $1.key }) {
            warnings.append(
                Diagnostic(
                    .warning, code: .outsideCycle,
                    message:
                        "\(where_.count) value\(where_.count == 1 ? "" : "s") for \(period) \(where_.count == 1 ? "is" : "are") outside the cycle \(plan.cycle.start)…\(plan.cycle.end); left out",
                    file: where_.file, line: where_.line, field: "period"))
        }
        if !errors.isEmpty { throw InputError(errors + warnings) }
        return LoadedActuals(actuals: Actuals(observations), warnings: warnings)
    }

    // MARK: One observation

    /// Where a value came from, for messages.
    struct Origin {
        var file: String
        var line: Int
        var column: Int?
        var source: String?
    }

    private enum Check<T> {
        case ok(T)
        case skip
    }

    private func checkPeriod(_ period: Period?, text: () -> String, _ origin: @autoclosure () -> Origin, field: String)
        -> Check<Period>
    {
        guard let period else {
            let origin = origin()
            error(
                .invalidValue, "expected a period like 2026-07 or 2026-Q3 in '\(field)', found '\(text().prefix(40))'",
                file: origin.file, line: origin.line, column: origin.column, field: field, source: origin.source)
            return .skip
        }
        if period.kind != plan.cycle.start.kind {
            let origin = origin()
            error(
                .invalidValue,
                "period \(period) is a \(period.kind.rawValue) but the plan's cycle is in \(plan.cycle.start.kind.rawValue)s",
                file: origin.file, line: origin.line, column: origin.column, field: field, source: origin.source)
            return .skip
        }
        if !plan.cycle.contains(period) {
            // Only the first value of a period outside the cycle is located; the rest are counted.
            if let existing = outside[period] {
                outside[period] = (existing.file, existing.line, existing.count + 1)
            } else {
                let origin = origin()
                outside[period] = (origin.file, origin.line, 1)
            }
            return .skip
        }
        return .ok(period)
    }

    private func checkMetric(_ name: String, _ origin: @autoclosure () -> Origin, field: String) -> Int? {
        guard let index = metricIndex[name] else {
            let o = origin()
            error(
                .unknownReference, "unknown metric '\(name.prefix(60))'\(suggestion(name, among: metricNames))",
                file: o.file, line: o.line, column: o.column, field: field, source: o.source)
            return nil
        }
        if let formula = plan.metrics[index].formula {
            let o = origin()
            error(
                .invalidValue,
                "metric '\(name)' is derived (\(formula)) and computed by Tandem; leave it out of the actuals",
                file: o.file, line: o.line, column: o.column, field: field, source: o.source)
            return nil
        }
        return index
    }

    private func checkTeam(_ name: String, _ origin: @autoclosure () -> Origin, field: String) -> Check<Int32> {
        if name.isEmpty { return .ok(-1) }
        guard let index = teamIndex[name] else {
            let o = origin()
            error(
                .unknownReference, "unknown team '\(name.prefix(60))'\(suggestion(name, among: teamNames))",
                file: o.file, line: o.line, column: o.column, field: field, source: o.source)
            return .skip
        }
        return .ok(Int32(index))
    }

    private func add(
        period: Period, metric: Int, team: Int32, segment: String?, value: Double, file: String, line: Int,
        _ origin: @autoclosure () -> Origin
    ) {
        var segmentID: Int32 = -1
        if let segment {
            if let id = segments[segment] {
                segmentID = id
            } else {
                segmentID = Int32(segments.count)
                segments[segment] = segmentID
            }
        }
        let key = Key(
            period: Int32(truncatingIfNeeded: period.ordinal), metric: Int32(metric), team: team, segment: segmentID)
        if let first = seen[key] {
            if options.sumDuplicates {
                observations[Int(first.index)].value += value
                return
            }
            var what = "\(period) \(metricNames[metric])"
            if team >= 0 { what += " team \(teamNames[Int(team)])" }
            if let segment { what += " segment '\(segment)'" }
            let origin = origin()
            let firstFile = files[Int(first.file)]
            let firstAt = firstFile == origin.file ? "line \(first.line)" : "\(firstFile):\(first.line)"
            error(
                .duplicateObservation,
                "duplicate observation for \(what) (first at \(firstAt)); use --sum-duplicates to add them up",
                file: origin.file, line: origin.line, column: origin.column, field: nil, source: origin.source)
            return
        }
        if files.last != file { files.append(file) }
        seen[key] = Seen(index: Int32(observations.count), line: Int32(clamping: line), file: Int32(files.count - 1))
        observations.append(
            Observation(
                period: period, metric: metricIDs[metric], value: value, team: team >= 0 ? teamIDs[Int(team)] : nil,
                segment: segment))
    }

    // MARK: CSV

    func readCSV(_ bytes: [UInt8], file: String) {
        // About one observation per 30 bytes: grow the tables once, not a dozen times.
        let expected = observations.count + bytes.count / 30
        observations.reserveCapacity(expected)
        seen.reserveCapacity(expected)
        var reader = CSVReader(bytes: bytes, delimiter: delimiter)
        var fields: [CSVReader.Field] = []
        func failure(_ f: CSVReader.Failure) {
            let (source, column) = reader.location(of: f.offset)
            error(f.code, f.message, file: file, line: f.line, column: column, field: nil, source: source)
        }
        func origin(_ field: CSVReader.Field) -> Origin {
            let (source, column) = reader.location(of: field.start)
            return Origin(file: file, line: field.line, column: column, source: source)
        }
        // Header.
        do {
            guard try reader.next(into: &fields) else {
                error(
                    .missingField, "the file is empty; expected a header such as period,metric,value", file: file,
                    line: nil, column: nil, field: nil, source: nil)
                return
            }
        } catch {
            failure(error)
            return
        }
        let header = fields.map { reader.text($0).trimmingCharacters(in: .whitespaces) }
        let headerFields = fields
        let lower = header.map { $0.lowercased() }
        func column(_ name: String) -> Int? { lower.firstIndex(of: name) }
        var seenHeader = Set<String>()
        for (i, name) in lower.enumerated() where !seenHeader.insert(name).inserted {
            error(
                .duplicateKey, "column '\(header[i])' appears twice in the header", file: file,
                line: headerFields[i].line,
                column: origin(headerFields[i]).column, field: header[i], source: origin(headerFields[i]).source)
            return
        }
        guard let periodColumn = column("period") else {
            error(
                .missingField, "the header has no 'period' column (found: \(header.joined(separator: ", ")))",
                file: file,
                line: headerFields.first?.line ?? 1, column: 1, field: "period", source: reader.location(of: 0).source)
            return
        }
        let teamColumn = column("team")
        let segmentColumn = column("segment")
        let isLong = column("metric") != nil || column("value") != nil
        // For wide files, each remaining column is a metric.
        var metricColumns: [(column: Int, metric: Int)] = []
        var metricColumn = -1
        var valueColumn = -1
        if isLong {
            guard let m = column("metric"), let v = column("value") else {
                error(
                    .missingField,
                    "a long-format header needs both 'metric' and 'value' columns (found: \(header.joined(separator: ", ")))",
                    file: file, line: 1, column: 1, field: nil, source: reader.location(of: 0).source)
                return
            }
            metricColumn = m
            valueColumn = v
            for (i, name) in lower.enumerated() where ![periodColumn, m, v, teamColumn, segmentColumn].contains(i) {
                let o = origin(headerFields[i])
                error(
                    .unknownField,
                    "unknown column '\(header[i])' in a long-format file (expected period, metric, value, team, segment)",
                    file: file, line: o.line, column: o.column, field: name, source: o.source)
            }
        } else {
            for (i, name) in header.enumerated() where ![periodColumn, teamColumn, segmentColumn].contains(i) {
                let o = origin(headerFields[i])
                if let metric = checkMetric(name, o, field: name) { metricColumns.append((i, metric)) }
            }
            if metricColumns.isEmpty && errors.isEmpty {
                error(
                    .missingField, "the header names no metric columns", file: file, line: 1, column: 1, field: nil,
                    source: reader.location(of: 0).source)
            }
        }
        guard errors.isEmpty else { return }
        let count = header.count

        while !stopped {
            do {
                guard try reader.next(into: &fields) else { break }
            } catch {
                failure(error)
                break
            }
            let line = fields[0].line
            if fields.count != count {
                let o = origin(fields[min(fields.count, count) - 1])
                error(
                    .fieldCount,
                    "row has \(fields.count) field\(fields.count == 1 ? "" : "s") but the header has \(count)",
                    file: file, line: line, column: o.column, field: nil, source: o.source)
                continue
            }
            let pf = fields[periodColumn]
            let periodCheck = checkPeriod(
                pf.escaped ? Period(parsing: reader.text(pf)) : Period(bytes: reader.bytes, pf.start, pf.end),
                text: { reader.text(pf) }, origin(pf), field: "period")
            guard case .ok(let period) = periodCheck else { continue }
            var team: Int32 = -1
            if let tc = teamColumn {
                guard
                    case .ok(let t) = checkTeam(
                        reader.trimmedText(fields[tc]), origin(fields[tc]), field: "team")
                else { continue }
                team = t
            }
            var segment: String?
            if let sc = segmentColumn {
                let text = reader.trimmedText(fields[sc])
                segment = text.isEmpty ? nil : text
            }
            if isLong {
                let mf = fields[metricColumn]
                let name = reader.trimmedText(mf)
                guard let metric = checkMetric(name, origin(mf), field: "metric") else { continue }
                readValue(
                    fields[valueColumn], reader, metric: metric, period: period, team: team, segment: segment,
                    file: file, column: "value")
            } else {
                for (c, metric) in metricColumns {
                    readValue(
                        fields[c], reader, metric: metric, period: period, team: team, segment: segment, file: file,
                        column: header[c])
                }
            }
        }
    }

    private func readValue(
        _ field: CSVReader.Field, _ reader: CSVReader, metric: Int, period: Period, team: Int32, segment: String?,
        file: String,
        column: String
    ) {
        let unit = plan.metrics[metric].unit
        let currency = unit == .currency
        let percent = unit == .percent || unit == .ratio
        let parsed: ParsedNumber
        if field.escaped {
            let bytes = reader.unescaped(field)
            parsed = numbers.parse(bytes, 0, bytes.count, currency: currency, percent: percent)
        } else {
            parsed = numbers.parse(reader.bytes, field.start, field.end, currency: currency, percent: percent)
        }
        switch parsed {
        case .missing: return
        case .value(let v):
            add(
                period: period, metric: metric, team: team, segment: segment, value: v, file: file, line: field.line,
                {
                    let (source, column) = reader.location(of: field.start)
                    return Origin(file: file, line: field.line, column: column, source: source)
                }())
        case .invalid(let why):
            let o = reader.location(of: field.start)
            error(
                .invalidNumber,
                "\(why) in '\(column)' (metric '\(metricNames[metric])', unit \(unit)), found '\(reader.text(field).prefix(40))'",
                file: file, line: field.line, column: o.column, field: column, source: o.source)
        }
    }

    // MARK: JSON

    /// Reads `{"tandem": 1, "observations": [...]}` or a bare list of observations, streaming.
    func readJSON(_ bytes: [UInt8], file: String) {
        var reader = JSONReader(bytes: bytes)
        let expected = observations.count + bytes.count / 60
        observations.reserveCapacity(expected)
        seen.reserveCapacity(expected)
        func origin(_ p: JSONReader.Position) -> Origin {
            let (source, column) = sourceLocation(in: bytes, at: p.offset)
            return Origin(file: file, line: p.line, column: column, source: source)
        }
        func report(_ code: Diagnostic.Code, _ message: String, at p: JSONReader.Position, field: String?) {
            let o = origin(p)
            error(code, message, file: file, line: o.line, column: o.column, field: field, source: o.source)
        }
        do throws(JSONReader.Failure) {
            reader.skipSpace()
            switch reader.peek {
            case UInt8(ascii: "["):
                try readObservations(&reader, file: file, report: report, origin: origin)
            case UInt8(ascii: "{"):
                let start = reader.position
                var keys = Set<String>()
                var sawObservations = false
                try reader.object { (reader: inout JSONReader, key, at) throws(JSONReader.Failure) in
                    if !keys.insert(key).inserted {
                        report(.duplicateKey, "duplicate key '\(key)'", at: at, field: key)
                        try reader.skipValue()
                        return
                    }
                    switch key {
                    case "tandem":
                        reader.skipSpace()
                        let vp = reader.position
                        let version = try reader.scalar(what: "'tandem'")
                        if case .number(let r) = version, bytes[r].elementsEqual(Array(String(Plan.schemaVersion).utf8))
                        {
                        } else {
                            report(
                                .unsupportedVersion,
                                "actuals schema version must be \(Plan.schemaVersion), found \(version.kind)", at: vp,
                                field: "tandem")
                        }
                    case "observations":
                        sawObservations = true
                        reader.skipSpace()
                        guard reader.peek == UInt8(ascii: "[") else {
                            report(.wrongType, "expected 'observations' to be a list", at: reader.position, field: key)
                            try reader.skipValue()
                            return
                        }
                        try readObservations(&reader, file: file, report: report, origin: origin)
                    default:
                        report(
                            .unknownField,
                            "unknown field '\(key)'\(suggestion(key, among: ["observations", "tandem"]))",
                            at: at, field: key)
                        try reader.skipValue()
                    }
                }
                if !sawObservations {
                    report(.missingField, "missing required field 'observations'", at: start, field: "observations")
                }
            case nil:
                error(
                    .missingField, "actuals file is empty", file: file, line: nil, column: nil, field: nil, source: nil)
                return
            default:
                report(
                    .wrongType,
                    "expected a list of observations or an object with 'observations', found \(reader.found())",
                    at: reader.position, field: nil)
                return
            }
            reader.skipSpace()
            if !reader.atEnd { throw reader.fail("unexpected \(reader.found()) after the end of the JSON value") }
        } catch {
            report(
                .syntax, "invalid JSON: \(error.message)",
                at: JSONReader.Position(offset: error.offset, line: error.line), field: nil)
        }
    }

    private static let observationFields = ["period", "metric", "value", "team", "segment"]

    private func readObservations(
        _ reader: inout JSONReader, file: String,
        report: (Diagnostic.Code, String, JSONReader.Position, String?) -> Void, origin: (JSONReader.Position) -> Origin
    ) throws(JSONReader.Failure) {
        try reader.expect(UInt8(ascii: "["), "'['")
        if reader.isEmpty(close: UInt8(ascii: "]")) { return }
        repeat {
            if stopped { return }
            reader.skipSpace()
            let start = reader.position
            guard reader.peek == UInt8(ascii: "{") else {
                report(.wrongType, "expected an observation object, found \(reader.found())", start, nil)
                try reader.skipValue()
                continue
            }
            var values: [String: (JSONReader.Scalar, JSONReader.Position)] = [:]
            var ok = true
            try reader.object { (reader: inout JSONReader, key, at) throws(JSONReader.Failure) in
                guard Self.observationFields.contains(key) else {
                    report(
                        .unknownField,
                        "unknown field '\(key)' in an observation\(suggestion(key, among: Self.observationFields))", at,
                        key)
                    try reader.skipValue()
                    ok = false
                    return
                }
                reader.skipSpace()
                let vp = reader.position
                let value = try reader.scalar(what: "'\(key)'")
                if values[key] != nil {
                    report(.duplicateKey, "duplicate key '\(key)' in an observation", at, key)
                    ok = false
                }
                values[key] = (value, vp)
            }
            for key in ["period", "metric", "value"] where values[key] == nil {
                report(.missingField, "missing required field '\(key)' in an observation", start, key)
                ok = false
            }
            guard ok, let (pv, pp) = values["period"], let (mv, mp) = values["metric"], let (vv, vp) = values["value"]
            else {
                continue
            }
            func text(_ scalar: JSONReader.Scalar, _ p: JSONReader.Position, _ key: String) -> String? {
                if case .string(let s) = scalar { return s }
                report(.wrongType, "expected text for '\(key)', found \(scalar.kind)", p, key)
                return nil
            }
            guard let periodText = text(pv, pp, "period"), let metricText = text(mv, mp, "metric") else { continue }
            guard
                case .ok(let period) = checkPeriod(
                    Period(parsing: periodText), text: { periodText }, origin(pp), field: "period"),
                let metric = checkMetric(metricText, origin(mp), field: "metric")
            else { continue }
            var team: Int32 = -1
            if let (tv, tp) = values["team"], !isNull(tv) {
                guard let name = text(tv, tp, "team"), case .ok(let t) = checkTeam(name, origin(tp), field: "team")
                else { continue }
                team = t
            }
            var segment: String?
            if let (sv, sp) = values["segment"], !isNull(sv) {
                guard let name = text(sv, sp, "segment") else { continue }
                segment = name.isEmpty ? nil : name
            }
            let unit = plan.metrics[metric].unit
            let parsed: ParsedNumber
            switch vv {
            case .null: parsed = .missing
            case .number(let range):
                parsed = numbers.parse(
                    reader.bytes, range.lowerBound, range.upperBound, currency: false, percent: false)
            case .string(let s):
                parsed = numbers.parse(s, currency: unit == .currency, percent: unit == .percent || unit == .ratio)
            case .bool: parsed = .invalid("expected a number")
            }
            switch parsed {
            case .missing: continue
            case .value(let v):
                add(
                    period: period, metric: metric, team: team, segment: segment, value: v, file: file, line: vp.line,
                    origin(vp))
            case .invalid(let why):
                report(
                    .invalidNumber, "\(why) in 'value' (metric '\(metricNames[metric])'), found \(describe(vv))", vp,
                    "value")
            }
        } while try reader.next(close: UInt8(ascii: "]"), what: "an observation")
    }

    private func isNull(_ scalar: JSONReader.Scalar) -> Bool {
        if case .null = scalar { return true }
        return false
    }

    private func describe(_ scalar: JSONReader.Scalar) -> String {
        if case .string(let s) = scalar { return "'\(s.prefix(40))'" }
        return scalar.kind
    }
}

extension Period {
    /// Parses `YYYY-MM`, `YYYY-MM-01` or `YYYY-Qn` from bytes without making a `String`.
    init?(bytes: [UInt8], _ start: Int, _ end: Int) {
        var s = start
        var e = end
        while s < e, bytes[s] == 0x20 { s += 1 }
        while e > s, bytes[e - 1] == 0x20 { e -= 1 }
        let n = e - s
        guard n == 7 || n == 10, bytes[s + 4] == 0x2D else { return nil }
        func digit(_ i: Int) -> Int? {
            let b = bytes[s + i]
            return b >= 0x30 && b <= 0x39 ? Int(b - 0x30) : nil
        }
        guard let y0 = digit(0), let y1 = digit(1), let y2 = digit(2), let y3 = digit(3) else { return nil }
        let year = y0 * 1000 + y1 * 100 + y2 * 10 + y3
        guard year >= 1900 else { return nil }
        if bytes[s + 5] == 0x51 || bytes[s + 5] == 0x71 {
            guard n == 7, let q = digit(6), (1...4).contains(q) else { return nil }
            self = .quarter(year, q)
            return
        }
        guard let m0 = digit(5), let m1 = digit(6), (1...12).contains(m0 * 10 + m1) else { return nil }
        if n == 10 {
            guard bytes[s + 7] == 0x2D, digit(8) == 0, digit(9) == 1 else { return nil }
        }
        self = .month(year, m0 * 10 + m1)
    }
}
