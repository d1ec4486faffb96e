import Foundation

/// Loads the CRM exports a plan's `records:` section declares: streaming, strict RFC 4180, every
/// structural problem an error with file, line and column; per-record oddities counted in
/// ``RecordSet/quality``.
///
/// ```swift
/// let records = try RecordsLoader(plan: plan).load(contentsOf: [URL(fileURLWithPath: "contacts.csv")])
/// let derived = try RecordMetrics(plan: plan, records: records).derive(asOf: .month(2026, 11))
/// ```
public struct RecordsLoader: Sendable {
    /// The plan whose `records:` section, funnel and teams the files are read against.
    public var plan: Plan
    /// Times after the end of this period count as future (default: the cycle's last period).
    public var asOf: Period?
    /// Reading stops after this many errors.
    public var maxErrors = 50
    /// Bytes read at a time.
    public var chunkSize = 8 << 20

    /// A loader for `plan`'s sources; times after `asOf` (the cycle's last period when `nil`)
    /// count as future.
    public init(plan: Plan, asOf: Period? = nil) {
        self.plan = plan
        self.asOf = asOf
    }

    /// Reads every file; each is matched to a source by its `file:` pattern or its headers.
    /// - Throws: ``InputError`` with every structural problem (up to ``maxErrors``).
    public func load(contentsOf urls: [URL]) throws(InputError) -> RecordSet {
        guard let records = plan.records, let funnel = plan.funnel else {
            throw InputError([
                Diagnostic(
                    code: .missingField,
                    message:
                        "records were given but the plan has no 'records:' section (or no funnel) to read them with",
                    field: "records")
            ])
        }
        let state = RecordsReadState(plan: plan, records: records, funnel: funnel, asOf: asOf, maxErrors: maxErrors)
        for url in urls {
            try state.read(.file(url), chunkSize: chunkSize)
        }
        return state.finish()
    }

    /// Reads one export held in memory (tests, embedding) as the plan's source `source`; `file`
    /// names it in messages.
    /// - Throws: ``InputError`` with every structural problem.
    public func load(bytes: [UInt8], file: String, source index: Int) throws(InputError) -> RecordSet {
        guard let records = plan.records, let funnel = plan.funnel, records.sources.indices.contains(index) else {
            throw InputError([
                Diagnostic(code: .missingField, message: "the plan has no records source \(index)", file: file)
            ])
        }
        let state = RecordsReadState(plan: plan, records: records, funnel: funnel, asOf: asOf, maxErrors: maxErrors)
        try state.read(.bytes(bytes, file), chunkSize: chunkSize, forcedSource: index)
        return state.finish()
    }
}

/// The mutable work of one load: tables, id sets, errors.
final class RecordsReadState {
    let plan: Plan
    let records: RecordsPlan
    let funnel: Funnel
    let maxErrors: Int
    let now: Int64
    var set = RecordSet()
    var errors: [Diagnostic] = []
    private var leadIDs = IDSet()
    private var dealIDs = IDSet()
    private var segmentIndex: [String: Int16] = [:]
    private var teamIndex: [String: Int16] = [:]
    private let amounts = NumberParser(format: NumberFormat(thousandsSeparator: ","))

    init(plan: Plan, records: RecordsPlan, funnel: Funnel, asOf: Period?, maxErrors: Int) {
        self.plan = plan
        self.records = records
        self.funnel = funnel
        self.maxErrors = maxErrors
        let zone = ZoneClock(TimeZone(identifier: records.timezone) ?? TimeZone(identifier: "UTC")!)
        now = zone.start(of: (asOf ?? plan.cycle.end).advanced(by: 1))
        set.leads = RecordTable(stages: funnel.stages.count)
        set.deals = RecordTable(stages: funnel.stages.count)
        for (i, team) in plan.teams.enumerated() {
            teamIndex[team.id.rawValue.lowercased()] = Int16(i)
            teamIndex[team.name.lowercased()] = Int16(i)
        }
    }

    private var clocks: [String: ZoneClock] = [:]

    /// One clock per zone name and load (each caches its offsets).
    private func clock(_ name: String) -> ZoneClock {
        if let clock = clocks[name] { return clock }
        let clock = ZoneClock(TimeZone(identifier: name) ?? TimeZone(identifier: "UTC")!)
        clocks[name] = clock
        return clock
    }

    func finish() -> RecordSet {
        set.quality.leads = set.leads.count
        set.quality.deals = set.deals.count
        return set
    }

    private func report(_ d: Diagnostic) {
        if errors.count < maxErrors { errors.append(d) }
    }

    private func fail(_ d: Diagnostic) throws(InputError) {
        errors.append(d)
        if errors.count >= maxErrors { throw InputError(errors) }
    }

    /// The source a file belongs to: by `file:` pattern, else the first whose required columns
    /// its header has.
    private func source(for name: String, headers: [String], file: String) -> (Int, RecordColumns)? {
        let base = URL(fileURLWithPath: name).lastPathComponent
        for (i, source) in records.sources.enumerated() {
            if let pattern = source.file, fnmatch(pattern, base, 0) == 0 {
                return (i, RecordColumns(headers: headers, source: source, funnel: funnel))
            }
        }
        for (i, source) in records.sources.enumerated() where source.file == nil {
            let columns = RecordColumns(headers: headers, source: source, funnel: funnel)
            if required(source).allSatisfy({ columns.fields[$0] != nil }) { return (i, columns) }
        }
        return nil
    }

    private func required(_ source: RecordSource) -> [RecordField] {
        source.kind == .leads ? [.id, .created] : [.id, .created, .close, .amount]
    }

    enum Input {
        case file(URL)
        case bytes([UInt8], String)
    }

    func read(_ input: Input, chunkSize: Int, forcedSource: Int? = nil) throws(InputError) {
        let file: String
        switch input {
        case .file(let url): file = url.relativePath
        case .bytes(_, let name): file = name
        }
        set.files.append(file)
        var columns: RecordColumns?
        var sourceIndex = 0
        var headerCount = 0
        var footer = false
        var context: FileContext?
        var fields: [CSVReader.Field] = []
        var chunks = RecordChunks(encoding: .utf8)
        chunks.chunkSize = chunkSize
        // The encoding is the source's; a file is matched to its source by name first, so the
        // encoding of a name-matched source applies from the first byte.
        let base = URL(fileURLWithPath: file).lastPathComponent
        if let forcedSource {
            chunks = RecordChunks(encoding: records.sources[forcedSource].encoding, chunkSize: chunkSize)
        } else if let i = records.sources.firstIndex(where: { $0.file.map { fnmatch($0, base, 0) == 0 } ?? false }) {
            chunks = RecordChunks(encoding: records.sources[i].encoding, chunkSize: chunkSize)
        }
        let errorsBefore = errors.count
        let body = { [self] (chunk: [UInt8], firstLine: Int) throws(InputError) -> Int in
            var reader = CSVReader(bytes: chunk, delimiter: 0x2C)
            func locate(_ offset: Int, _ line: Int) -> (Int, Int, String?) {
                let (source, column) = reader.location(of: offset)
                return (firstLine + line - 1, column, source)
            }
            while true {
                let more: Bool
                do throws(CSVReader.Failure) {
                    more = try reader.next(into: &fields)
                } catch {
                    let (line, column, source) = locate(error.offset, error.line)
                    try fail(
                        Diagnostic(
                            code: error.code, message: error.message, file: file, line: line, column: column,
                            sourceLine: source))
                    throw InputError(errors)
                }
                if !more { break }
                guard columns != nil else {
                    // The header.
                    let headers = fields.map { reader.trimmedText($0) }
                    headerCount = fields.count
                    let found: (Int, RecordColumns)? =
                        forcedSource.map {
                            ($0, RecordColumns(headers: headers, source: records.sources[$0], funnel: funnel))
                        } ?? source(for: file, headers: headers, file: file)
                    guard let (i, c) = found else {
                        let kinds = records.sources.enumerated().map { i, s in
                            "records.sources[\(i)] (\(s.preset.rawValue) \(s.kind.rawValue): "
                                + required(s).map { "'\(RecordColumns.expectedName($0, s))'" }.joined(separator: ", ")
                                + ")"
                        }
                        try fail(
                            Diagnostic(
                                code: .missingField,
                                message: "the header matches no records source; expected the columns of "
                                    + kinds.joined(separator: " or "),
                                file: file, line: firstLine + fields[0].line - 1, column: 1))
                        throw InputError(errors)
                    }
                    sourceIndex = i
                    let source = records.sources[i]
                    // About 60 bytes a record: room for the ids up front instead of growing.
                    if case .file(let url) = input,
                        let size = try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int
                    {
                        let estimate = min(size / 60, 50_000_000)
                        if source.kind == .leads { leadIDs.reserve(estimate) } else { dealIDs.reserve(estimate) }
                    }
                    context = FileContext(
                        file: file, columns: c, source: source, sourceIndex: i,
                        parser: RecordTimeParser(
                            format: source.dateFormat, zone: clock(source.timezone ?? records.timezone)),
                        stageCount: funnel.stages.count)
                    for field in required(source) where c.fields[field] == nil {
                        try fail(
                            Diagnostic(
                                code: .missingField,
                                message:
                                    "missing column '\(RecordColumns.expectedName(field, source))' for field '\(field.rawValue)' of this \(source.preset.rawValue) \(source.kind.rawValue) export (records.sources[\(i)])",
                                file: file, line: firstLine, column: 1, field: field.rawValue))
                    }
                    for (stage, header) in source.stageColumns.sorted(by: { $0.key < $1.key }) {
                        if let s = funnel.stages.firstIndex(where: { $0.id == stage }), c.stages[s] == nil {
                            try fail(
                                Diagnostic(
                                    code: .missingField,
                                    message: "missing column '\(header)' for the entry time of stage '\(stage)'",
                                    file: file, line: firstLine, column: 1, field: stage.rawValue))
                        }
                    }
                    if source.kind == .leads, !(1..<funnel.stages.count).contains(where: { c.stages[$0] != nil }) {
                        try fail(
                            Diagnostic(
                                code: .missingField,
                                message:
                                    "no column holds a stage entry time after '\(funnel.stages[0].id)'; map them under columns: stages:",
                                file: file, line: firstLine, column: 1))
                    }
                    if errors.count > errorsBefore { throw InputError(errors) }
                    columns = c
                    continue
                }
                let source = records.sources[sourceIndex]
                if fields.count != headerCount {
                    if source.preset == .salesforce, fields.count == 1,
                        footer || isSalesforceFooter(reader.trimmedText(fields[0]))
                    {
                        footer = true
                        continue
                    }
                    let (line, column, text) = locate(fields[min(fields.count, headerCount) - 1].end, fields[0].line)
                    try fail(
                        Diagnostic(
                            code: .fieldCount,
                            message: "expected \(headerCount) fields as in the header, found \(fields.count)",
                            file: file,
                            line: line, column: column, sourceLine: text))
                    continue
                }
                if footer {
                    let (line, _, text) = locate(fields[0].start, fields[0].line)
                    try fail(
                        Diagnostic(
                            code: .syntax, message: "a record after the report's footer lines", file: file, line: line,
                            column: 1, sourceLine: text))
                    continue
                }
                record(reader, fields, context!, firstLine: firstLine)
                if errors.count >= maxErrors { throw InputError(errors) }
            }
            return reader.nextLine - 1
        }
        switch input {
        case .file(let url):
            try chunks.read(url, body)
        case .bytes(let bytes, _): try chunks.read(bytes: bytes, path: file, body)
        }
        if errors.count > errorsBefore { throw InputError(errors) }
        if columns == nil {
            try fail(Diagnostic(code: .missingField, message: "the records file is empty (no header)", file: file))
            throw InputError(errors)
        }
    }

    private func isSalesforceFooter(_ text: String) -> Bool {
        text.hasPrefix("Grand Totals") || text.hasPrefix("Confidential Information") || text.hasPrefix("Copyright")
            || text.hasPrefix("Generated By") || text.hasPrefix("Total")
    }

    // MARK: One record

    /// What one file's records are read with: its source, parser and column indices (−1 absent).
    struct FileContext {
        let file: String
        let columns: RecordColumns
        let source: RecordSource
        let sourceIndex: Int
        let parser: RecordTimeParser
        let isLeads: Bool
        let id: Int
        let created: Int
        let firstTouch: Int
        let team: Int
        let segment: Int
        let amount: Int
        let close: Int
        /// Per funnel stage, the columns holding its entry time, best first.
        let stages: [[Int]]
        /// The stages this file measures (index 0 always: it falls back to the created time).
        let measured: [Bool]

        init(
            file: String, columns: RecordColumns, source: RecordSource, sourceIndex: Int, parser: RecordTimeParser,
            stageCount: Int
        ) {
            self.file = file
            self.columns = columns
            self.source = source
            self.sourceIndex = sourceIndex
            self.parser = parser
            isLeads = source.kind == .leads
            func column(_ f: RecordField) -> Int { columns.fields[f] ?? -1 }
            id = column(.id)
            created = column(.created)
            firstTouch = column(.firstTouch)
            team = column(.ownerTeam)
            segment = column(.segment)
            amount = column(.amount)
            close = column(.close)
            stages = (0..<stageCount).map { columns.stages[$0] ?? [] }
            measured = (0..<stageCount).map { $0 == 0 || columns.stages[$0] != nil }
        }
    }

    private var scratch: [Int32] = []
    private var recordFailed = false
    private var teamCache: [UInt64: Int16] = [:]
    private var segmentCache: [UInt64: Int16] = [:]

    /// Reads one record; problems are collected in `errors` (the caller stops at the limit).
    private func record(_ reader: CSVReader, _ fields: [CSVReader.Field], _ ctx: FileContext, firstLine: Int) {
        reader.bytes.withUnsafeBufferPointer { b in record(b, reader, fields, ctx, firstLine: firstLine) }
    }

    @inline(__always) private func trimmed(_ b: UnsafeBufferPointer<UInt8>, _ f: CSVReader.Field) -> (Int, Int) {
        var s = f.start
        var e = f.end
        while s < e, b[s] == 0x20 || b[s] == 0x09 { s += 1 }
        while e > s, b[e - 1] == 0x20 || b[e - 1] == 0x09 { e -= 1 }
        return (s, e)
    }

    /// FNV-1a over bytes, optionally folding ASCII letters to lower case.
    @inline(__always) private func hash(
        _ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, seed: UInt64, fold: Bool = false
    ) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ seed
        for i in s..<e {
            var c = b[i]
            if fold, c >= 0x41, c <= 0x5A { c |= 0x20 }
            h = (h ^ UInt64(c)) &* 0x100_0000_01B3
        }
        return h
    }

    private func time(
        _ b: UnsafeBufferPointer<UInt8>, _ reader: CSVReader, _ fields: [CSVReader.Field], _ column: Int,
        _ ctx: FileContext, firstLine: Int
    ) -> Int32 {
        guard column >= 0 else { return RecordTable.missing }
        let f = fields[column]
        let (s, e) = trimmed(b, f)
        let message: String
        let header = ctx.columns.headers[column]
        switch ctx.parser.parse(b, s, e) {
        case .empty: return RecordTable.missing
        case .minutes(let m):
            if m > Int64(Int32.min), m <= Int64(Int32.max) { return Int32(m) }
            message = "'\(header)': the date is out of range, found '\(reader.trimmedText(f).prefix(40))'"
        case .ambiguous:
            message =
                "'\(header)' holds the locale date '\(reader.trimmedText(f).prefix(40))', which could be month/day or day/month; set date_format: MM/DD/YYYY or DD/MM/YYYY on records.sources[\(ctx.sourceIndex)]"
        case .invalid(let why):
            message = "'\(header)': \(why), found '\(reader.trimmedText(f).prefix(40))'"
        }
        recordFailed = true
        let (text, col) = reader.location(of: f.start)
        report(
            Diagnostic(
                code: .invalidValue, message: message, file: ctx.file, line: firstLine + f.line - 1, column: col,
                sourceLine: text))
        return RecordTable.missing
    }

    private func example(
        _ ctx: FileContext, _ line: Int, _ b: UnsafeBufferPointer<UInt8>, _ id: (Int, Int), _ what: String
    ) -> String {
        let name = ctx.file.split(separator: "/").last.map(String.init) ?? ctx.file
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[id.0..<id.1]), as: UTF8.self)
        return "\(name):\(line): \(ctx.isLeads ? "lead" : "deal") '\(text)' \(what)"
    }

    private func record(
        _ b: UnsafeBufferPointer<UInt8>, _ reader: CSVReader, _ fields: [CSVReader.Field], _ ctx: FileContext,
        firstLine: Int
    ) {
        let line = firstLine + fields[0].line - 1
        recordFailed = false
        let idField = fields[ctx.id]
        let id = trimmed(b, idField)
        if id.0 == id.1 {
            let (text, column) = reader.location(of: idField.start)
            report(
                Diagnostic(
                    code: .missingField, message: "'\(ctx.columns.headers[ctx.id])' is empty; every record needs an id",
                    file: ctx.file, line: line, column: column, sourceLine: text))
            return
        }
        let created = time(b, reader, fields, ctx.created, ctx, firstLine: firstLine)
        let stageCount = funnel.stages.count
        if scratch.count != stageCount { scratch = [Int32](repeating: RecordTable.missing, count: stageCount) }
        for s in 0..<stageCount { scratch[s] = RecordTable.missing }
        var firstTouch = RecordTable.missing
        var amount = 0.0
        var close = RecordTable.missing
        var outcome = RecordOutcome.open
        var unknownOutcome: String?
        if ctx.isLeads {
            for s in 0..<stageCount {
                for c in ctx.stages[s] {
                    let t = time(b, reader, fields, c, ctx, firstLine: firstLine)
                    if t != RecordTable.missing {
                        scratch[s] = t
                        break
                    }
                }
            }
            if scratch[0] == RecordTable.missing { scratch[0] = created }
            firstTouch = time(b, reader, fields, ctx.firstTouch, ctx, firstLine: firstLine)
        } else {
            close = time(b, reader, fields, ctx.close, ctx, firstLine: firstLine)
            if ctx.amount >= 0 {
                let c = ctx.amount
                let (s, e) = trimmed(b, fields[c])
                var start = s
                // "USD 24,000.00": the plan's currency code before the amount.
                let code = Array(plan.currency.code.utf8)
                if code.count == 3, e - s > 4, (0..<3).allSatisfy({ b[s + $0] == code[$0] }), b[s + 3] == 0x20 {
                    start = s + 4
                }
                switch amounts.parse(
                    reader.bytes, start, e, NumberRules(currency: plan.currency, percent: false, exponent: true))
                {
                case .value(let v): amount = v
                case .missing: amount = 0
                case .invalid(let why):
                    recordFailed = true
                    let (text, column) = reader.location(of: fields[c].start)
                    report(
                        Diagnostic(
                            code: .invalidNumber,
                            message:
                                "'\(ctx.columns.headers[c])': \(why), found '\(reader.trimmedText(fields[c]).prefix(40))'",
                            file: ctx.file, line: line, column: column, sourceLine: text))
                }
            }
            (outcome, unknownOutcome) = dealOutcome(reader, fields, ctx.columns)
        }
        if recordFailed { return }
        // Duplicates: the first row of an id wins.
        let key = hash(b, id.0, id.1, seed: UInt64(ctx.sourceIndex))
        let fresh = ctx.isLeads ? leadIDs.insert(key) : dealIDs.insert(key)
        if !fresh {
            set.quality.note(.duplicateIDs, example(ctx, line, b, id, "appears again"))
            return
        }
        if let unknownOutcome { set.quality.note(.unknownStages, example(ctx, line, b, id, unknownOutcome)) }
        // Dimensions, looked up by the bytes' hash.
        var team: Int16 = -1
        if ctx.team >= 0 {
            let (s, e) = trimmed(b, fields[ctx.team])
            if s < e {
                let h = hash(b, s, e, seed: 0, fold: true)
                if let t = teamCache[h] {
                    team = t
                } else {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self)
                    team = teamIndex[text.lowercased()] ?? -2
                    teamCache[h] = team
                }
                if team == -2 {
                    team = -1
                    let text = String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self)
                    set.quality.note(.unknownOwners, example(ctx, line, b, id, "has owner team '\(text)'"))
                }
            }
        }
        var segment: Int16 = -1
        if ctx.segment >= 0 {
            let (s, e) = trimmed(b, fields[ctx.segment])
            if s < e {
                let h = hash(b, s, e, seed: 1)
                if let known = segmentCache[h] {
                    segment = known
                } else {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self)
                    if let known = segmentIndex[text] {
                        segment = known
                    } else if set.segments.count < Int(Int16.max) {
                        segment = Int16(set.segments.count)
                        segmentIndex[text] = segment
                        set.segments.append(text)
                    }
                    segmentCache[h] = segment
                }
            }
        }
        if ctx.isLeads {
            let (skipped, outOfOrder) = checkStages(scratch, ctx.measured)
            if let (k, s) = skipped {
                set.quality.note(
                    .skippedStages,
                    example(ctx, line, b, id, "entered \(funnel.stages[s].id) without \(funnel.stages[k].id)"))
            }
            if outOfOrder { set.quality.note(.outOfOrder, example(ctx, line, b, id, "has stage times out of order")) }
            if ctx.firstTouch >= 0, firstTouch == RecordTable.missing, let s = speedStage,
                scratch[s] != RecordTable.missing
            {
                set.quality.note(.untouchedLeads, example(ctx, line, b, id, "has no first touch"))
            }
            var latest = max(firstTouch, created)
            for t in scratch where t > latest { latest = t }
            if Int64(latest) >= now {
                set.quality.note(.futureTimes, example(ctx, line, b, id, "has a time after the review date"))
            }
            set.leads.append(
                stageTimes: scratch, created: created, firstTouch: firstTouch, team: team, segment: segment,
                hasFirstTouch: ctx.firstTouch >= 0)
        } else {
            scratch[dealStage] = created
            if outcome == .won { scratch[stageCount - 1] = close }
            if outcome != .open, close != RecordTable.missing, created != RecordTable.missing, close < created {
                set.quality.note(.outOfOrder, example(ctx, line, b, id, "closes before it was created"))
            }
            if Int64(created) >= now || (outcome != .open && Int64(close) >= now) {
                set.quality.note(.futureTimes, example(ctx, line, b, id, "has a time after the review date"))
            }
            set.deals.append(
                stageTimes: scratch, created: created, team: team, segment: segment, amount: amount, close: close,
                outcome: outcome)
        }
    }

    /// The stage whose entry starts the speed-to-lead clock.
    lazy var speedStage: Int? = {
        if let id = records.speedToLeadStage { return funnel.stages.firstIndex { $0.id == id } }
        return funnel.stages.count > 1 ? 1 : nil
    }()

    /// The stage a deal enters when created.
    lazy var dealStage: Int = {
        for source in records.sources where source.kind == .deals {
            if let id = source.dealStage, let i = funnel.stages.firstIndex(where: { $0.id == id }) { return i }
        }
        return max(0, funnel.stages.count - 2)
    }()

    /// The first skipped stage (and the later stage entered without it), and whether entry times
    /// go backwards, over the stages the file measures.
    private func checkStages(_ times: [Int32], _ measured: [Bool]) -> (skipped: (Int, Int)?, outOfOrder: Bool) {
        var latest = RecordTable.missing
        var firstGap: Int?
        var skipped: (Int, Int)?
        var outOfOrder = false
        var seen = false
        for s in times.indices where measured[s] {
            let t = times[s]
            if t == RecordTable.missing {
                if firstGap == nil { firstGap = s }
                continue
            }
            if skipped == nil, let k = firstGap, seen || k > 0 { skipped = (k, s) }
            if t < latest { outOfOrder = true }
            latest = max(latest, t)
            seen = true
        }
        return (skipped, outOfOrder)
    }

    /// The outcome of a deal, and what was not understood about it.
    private func dealOutcome(_ reader: CSVReader, _ fields: [CSVReader.Field], _ columns: RecordColumns)
        -> (RecordOutcome, String?)
    {
        func text(_ field: RecordField) -> String? {
            columns.fields[field].map { reader.trimmedText(fields[$0]).lowercased() }
        }
        func truthy(_ t: String) -> Bool { t == "true" || t == "1" || t == "yes" }
        if let t = text(.outcome) {
            switch t {
            case "open", "": return (.open, nil)
            case "won": return (.won, nil)
            case "lost": return (.lost, nil)
            case "disqualified": return (.disqualified, nil)
            default: return (.open, "has outcome '\(t)'")
            }
        }
        let status = text(.status)
        if let w = text(.won), truthy(w) { return (.won, nil) }
        if let status {
            let compact = status.filter { $0.isLetter }
            if compact == "closedwon" { return (.won, nil) }
            if compact.hasPrefix("closedlost") || compact == "lost" { return (.lost, nil) }
        }
        if let c = text(.closed), truthy(c) { return (.lost, nil) }
        if text(.won) != nil || text(.closed) != nil { return (.open, nil) }
        if let status, !RecordsReadState.openDealStages.contains(status.filter { $0.isLetter }) {
            return (.open, "has deal stage '\(status)'")
        }
        return (.open, nil)
    }

    /// HubSpot's default pipeline and Salesforce's standard opportunity stages, letters only.
    static let openDealStages: Set<String> = [
        "appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "decisionmakerboughtin", "contractsent",
        "prospecting", "qualification", "needsanalysis", "valueproposition", "iddecisionmakers", "perceptionanalysis",
        "proposalpricequote", "negotiationreview",
    ]
}

extension RecordTable {
    mutating func append(
        stageTimes times: [Int32], created: Int32, firstTouch: Int32 = RecordTable.missing, team: Int16, segment: Int16,
        hasFirstTouch: Bool = false, amount: Double? = nil, close: Int32 = RecordTable.missing,
        outcome: RecordOutcome = .open
    ) {
        // A column starts when its first value arrives, padded for the records before.
        for s in times.indices {
            if !stageTimes[s].isEmpty {
                stageTimes[s].append(times[s])
            } else if times[s] != RecordTable.missing {
                stageTimes[s] = [Int32](repeating: RecordTable.missing, count: count) + [times[s]]
            }
        }
        self.created.append(created)
        if !self.firstTouch.isEmpty {
            self.firstTouch.append(firstTouch)
        } else if hasFirstTouch {
            self.firstTouch = [Int32](repeating: RecordTable.missing, count: count) + [firstTouch]
        }
        self.team.append(team)
        self.segment.append(segment)
        if let amount {
            self.amount.append(amount)
            self.close.append(close)
            self.outcome.append(outcome)
        }
        count += 1
    }
}

/// An open-addressing set of 64-bit id hashes.
struct IDSet {
    private var slots = [UInt64](repeating: 0, count: 1024)
    private var count = 0

    /// `false` when `key` was already present.
    mutating func insert(_ key: UInt64) -> Bool {
        let k = key == 0 ? 1 : key
        if count * 10 >= slots.count * 7 { grow() }
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
        while true {
            let s = slots[i]
            if s == 0 {
                slots[i] = k
                count += 1
                return true
            }
            if s == k { return false }
            i = (i + 1) & mask
        }
    }

    /// Makes room for `n` ids without growing.
    mutating func reserve(_ n: Int) {
        var capacity = slots.count
        while capacity * 7 < n * 10 { capacity *= 2 }
        while slots.count < capacity { grow() }
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        let mask = slots.count - 1
        for k in old where k != 0 {
            var i = Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = k
        }
    }
}
