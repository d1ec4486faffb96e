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
        return state.finish(checkPatterns: true)
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
    /// What is worth a word but reads fine: a source's zone assumed.
    var warnings: [Diagnostic] = []
    /// The sources some file was matched to.
    var matchedSources: Set<Int> = []
    /// The ids seen, per source.
    private var ids: [IDSet]
    private var teamIndex: [String: Int16] = [:]
    private let amounts = NumberParser(format: NumberFormat(thousandsSeparator: ","))
    private lazy var currencyCode = Array(plan.currency.code.utf8)

    init(plan: Plan, records: RecordsPlan, funnel: Funnel, asOf: Period?, maxErrors: Int) {
        self.plan = plan
        self.records = records
        self.funnel = funnel
        self.maxErrors = maxErrors
        let zone = ZoneClock(TimeZone(identifier: records.timezone) ?? TimeZone(identifier: "UTC")!)
        now = zone.start(of: (asOf ?? plan.cycle.end).advanced(by: 1))
        ids = Array(repeating: IDSet(), count: records.sources.count)
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

    func finish(checkPatterns: Bool = false) -> RecordSet {
        if checkPatterns {
            for (i, source) in records.sources.enumerated() where !matchedSources.contains(i) {
                guard let pattern = source.file else { continue }
                warnings.append(
                    Diagnostic(
                        .warning, code: .missingField,
                        message:
                            "records.sources[\(i)] (\(source.preset.rawValue) \(source.kind.rawValue)): its file pattern '\(pattern)' matches none of the records files given; its metrics have no records",
                        field: "records.sources[\(i)].file"))
            }
        }
        set.warnings = warnings
        set.segments = segments.names
        set.leadSources = leadSources.names
        set.statuses = statusNames.names
        set.reasons = reasonNames.names
        set.leads.padTexts()
        set.deals.padTexts()
        for i in set.snapshots.indices { set.snapshots[i].table.padTexts() }
        set.dealHistory.padTexts()
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

    /// The fields a source's export must have. The id only for HubSpot (whose exports always
    /// carry the record id) unless the plan says `id: null`: a Salesforce report or a generic
    /// export without one is read one record per row.
    /// Why a file fits no source: its name matches no `file:` pattern while its header fits a
    /// source that has one, or its header fits no source matched by header.
    private func unmatched(file: String, headers: [String]) -> String {
        let base = URL(fileURLWithPath: file).lastPathComponent
        func describe(_ i: Int) -> String {
            "records.sources[\(i)] (\(records.sources[i].preset.rawValue) \(records.sources[i].kind.rawValue))"
        }
        let patterned = records.sources.indices.filter { records.sources[$0].file != nil }
        for i in patterned {
            let columns = RecordColumns(headers: headers, source: records.sources[i], funnel: funnel)
            if required(records.sources[i]).allSatisfy({ columns.fields[$0] != nil }) {
                return
                    "'\(base)' does not match the file pattern '\(records.sources[i].file!)' of \(describe(i)), whose columns its header has; rename the file or change 'file:'"
            }
        }
        let byHeader = records.sources.indices.filter { records.sources[$0].file == nil }
        let expected = byHeader.map { i in
            "\(describe(i)): "
                + required(records.sources[i]).map { "'\(RecordColumns.expectedName($0, records.sources[i]))'" }
                .joined(separator: ", ")
        }
        let patterns = patterned.map { "'\(records.sources[$0].file!)'" }
        if byHeader.isEmpty {
            return
                "'\(base)' matches no source's file pattern (\(patterns.joined(separator: ", "))), and no source is matched by its header"
        }
        var message =
            "the header matches no records source; expected the columns of " + expected.joined(separator: " or ")
        if !patterns.isEmpty { message += " (the name matches no file pattern: \(patterns.joined(separator: ", ")))" }
        return message
    }

    private func required(_ source: RecordSource) -> [RecordField] {
        var fields: [RecordField] = source.kind == .leads ? [.created] : [.created, .close, .amount]
        // Deals are matched across snapshots by id.
        let matched = source.kind == .deals && records.tracksDeals
        if source.preset == .hubspot || matched, source.columns[.id] != "" { fields.insert(.id, at: 0) }
        return fields
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
        var tally = FileTally()
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
        // Two parsers, each with its own clock: one per half of a chunk.
        var parsers: [RecordParser] = []
        // The chunk parsed while the one before is committed (second phase, file order).
        var pending: [(chunk: RecordParser.Chunk, firstLine: Int)] = []
        let group = DispatchGroup()
        let body = { [self] (chunk: [UInt8], firstLine: Int) throws(InputError) -> Int in
            var reader = CSVReader(bytes: chunk, delimiter: 0x2C)
            // What is left to parse once the header is read, and the lines the header took.
            var work = chunk
            var workStart = 0
            var headerLines = 0
            func locate(_ offset: Int, _ line: Int) -> (Int, Int, String?) {
                let (source, column) = reader.location(of: offset)
                return (firstLine + line - 1, column, source)
            }
            if columns == nil {
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
                if !more { return reader.nextLine - 1 }
                // The header.
                let headers = fields.map { reader.trimmedText($0) }
                headerCount = fields.count
                let found: (Int, RecordColumns)? =
                    forcedSource.map {
                        ($0, RecordColumns(headers: headers, source: records.sources[$0], funnel: funnel))
                    } ?? source(for: file, headers: headers, file: file)
                guard let (i, c) = found else {
                    try fail(
                        Diagnostic(
                            code: .missingField, message: unmatched(file: file, headers: headers), file: file,
                            line: firstLine + fields[0].line - 1, column: 1))
                    throw InputError(errors)
                }
                sourceIndex = i
                let source = records.sources[i]
                matchedSources.insert(i)
                if !set.quality.sources.contains(where: { $0.index == i }) {
                    set.quality.sources.append(
                        DataQuality.Source(
                            index: i, kind: source.kind, preset: source.preset,
                            timezone: source.timezone ?? records.timezone))
                    set.quality.sources.sort { $0.index < $1.index }
                }
                let q = set.quality.sources.firstIndex { $0.index == i }!
                set.quality.sources[q].files.append(file)
                if c.fields[.id] == nil { set.quality.sources[q].duplicatesChecked = false }
                // About 60 bytes a record: room for the ids up front instead of growing.
                if case .file(let url) = input,
                    let size = try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int
                {
                    let estimate = min(size / 60, 50_000_000)
                    ids[i].reserve(estimate)
                }
                context = FileContext(
                    file: file, columns: c, source: source, sourceIndex: i,
                    parser: RecordTimeParser(
                        format: source.dateFormat, zone: clock(source.timezone ?? records.timezone)),
                    stageCount: funnel.stages.count, tracksDeals: records.tracksDeals)
                for field in required(source) where c.fields[field] == nil {
                    try fail(
                        Diagnostic(
                            code: .missingField,
                            message:
                                "missing column '\(RecordColumns.expectedName(field, source))' for field '\(field.rawValue)' of this \(source.preset.rawValue) \(source.kind.rawValue) export (records.sources[\(i)])",
                            file: file, line: firstLine, column: 1, field: field.rawValue))
                }
                for (what, header, first, second) in c.repeated(funnel: funnel) {
                    try fail(
                        Diagnostic(
                            code: .invalidValue,
                            message:
                                "column '\(header)' appears twice in the header (columns \(first) and \(second)); which one holds '\(what)' cannot be told: remove or rename one",
                            file: file, line: firstLine, column: 1, field: what))
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
                let parser = RecordParser(
                    ctx: context!, headerCount: headerCount, stageCount: funnel.stages.count,
                    isSalesforce: records.sources[sourceIndex].preset == .salesforce, now: now,
                    speedStage: speedStage, dealStage: dealStage, currency: plan.currency,
                    currencyCode: currencyCode, amounts: amounts, teamIndex: teamIndex)
                parsers = [parser, parser.withOwnClock()]
                // The rest of the header's chunk goes the way of any chunk.
                headerLines = reader.nextLine - 1
                work = reader.bytes
                workStart = reader.position
                if workStart == work.count { return headerLines }
            }
            // Parse this chunk's two halves on other threads while the chunk before is committed
            // here; all three share the two cores.
            let bounds = [workStart] + (RecordParser.split(work, from: workStart).map { [$0] } ?? []) + [work.count]
            let jobs = (0..<bounds.count - 1).map { i in
                ParseJob(
                    parser: parsers[i],
                    reader: CSVReader(bytes: work, delimiter: 0x2C, from: bounds[i], to: bounds[i + 1]))
            }
            for job in jobs { DispatchQueue.global().async(group: group) { job.run() } }
            defer { group.wait() }
            let before = pending
            pending = []
            for (chunk, line) in before { try commit(chunk, firstLine: line, context!, &tally) }
            group.wait()
            var line = firstLine + headerLines
            for job in jobs {
                let parsed = job.result!
                pending.append((parsed, line))
                line += parsed.lines
            }
            return line - firstLine
        }
        /// Before a failure of the bytes: the records read so far committed, their errors kept.
        func settle() throws(InputError) -> [Diagnostic] {
            let parsed = pending
            pending = []
            for (last, line) in parsed { try commit(last, firstLine: line, context!, &tally) }
            return errors
        }
        switch input {
        case .file(let url):
            try chunks.read(url, body, settle: settle)
        case .bytes(let bytes, _): try chunks.read(bytes: bytes, path: file, body, settle: settle)
        }
        for (last, line) in pending { try commit(last, firstLine: line, context!, &tally) }
        // A report's footer states its record count: a truncated or edited export is found.
        if let (stated, line) = tally.footerCount, stated != tally.rows {
            try fail(
                Diagnostic(
                    code: .invalidValue,
                    message:
                        "the report's footer says \(stated) record\(stated == 1 ? "" : "s"), but \(tally.rows) row\(tally.rows == 1 ? " was" : "s were") read; the export is truncated or was edited",
                    file: file, line: line, column: 1))
        }
        if errors.count > errorsBefore { throw InputError(errors) }
        if tally.naive, let context, context.source.timezone == nil,
            !["UTC", "GMT", "Etc/UTC", "Etc/GMT"].contains(records.timezone)
        {
            let zone = records.timezone
            warnings.append(
                Diagnostic(
                    .warning, code: .invalidValue,
                    message:
                        "records.sources[\(context.sourceIndex)] has no 'timezone:', so its times without an offset are read in the review's zone \(zone), not UTC; set 'timezone:' on the source to the zone the export was written in (HubSpot: the portal's, Salesforce: the exporting user's)",
                    file: file))
        }
        if columns == nil {
            try fail(Diagnostic(code: .missingField, message: "the records file is empty (no header)", file: file))
            throw InputError(errors)
        }
    }

    /// The record count of a Salesforce footer line such as `Grand Totals (515 records)` or
    /// `Total (1,204 records)`, or `nil`.
    static func footerRecordCount(_ text: String) -> Int? {
        guard text.hasPrefix("Grand Totals") || text.hasPrefix("Total"), let open = text.lastIndex(of: "("),
            text.hasSuffix(" records)") || text.hasSuffix(" record)")
        else { return nil }
        let inner = text[text.index(after: open)...].prefix { $0 != " " }
        return Int(inner.filter { $0 != "," && $0 != "." && $0 != "\u{A0}" && $0 != "'" })
    }

    static func isSalesforceFooter(_ text: String) -> Bool {
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
        let leadSource: Int
        let amount: Int
        let close: Int
        /// Leads: the recycle date's column, −1 when absent.
        let recycled: Int
        /// The status (deal stage, lead status) and reason columns, −1 when absent.
        let status: Int
        let reason: Int
        /// Deals of a plan with snapshots: ids and stages are kept, to match them across snapshots.
        let keepsKey: Bool
        /// Whether the status and the reason text are kept.
        let keepsStatus: Bool
        let keepsReason: Bool
        /// Whether the plan keeps deal snapshots (passed on to the parser's copy).
        let tracksDeals: Bool
        /// Per funnel stage, the columns holding its entry time, best first.
        let stages: [[Int]]
        /// The same, flat: stage `s`'s columns are `stageColumns[stageColumnStarts[s]..<stageColumnStarts[s + 1]]`.
        let stageColumns: [Int]
        let stageColumnStarts: [Int]
        /// The stages this file measures (index 0 always: it falls back to the created time).
        let measured: [Bool]

        init(
            file: String, columns: RecordColumns, source: RecordSource, sourceIndex: Int, parser: RecordTimeParser,
            stageCount: Int, tracksDeals: Bool
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
            leadSource = column(.source)
            amount = column(.amount)
            close = column(.close)
            status = column(.status)
            reason = column(.reason)
            recycled = isLeads ? column(.recycled) : -1
            self.tracksDeals = tracksDeals
            keepsKey = !isLeads && tracksDeals && id >= 0
            keepsReason = reason >= 0
            keepsStatus = status >= 0 && ((!isLeads && tracksDeals) || reason >= 0)
            let stages = (0..<stageCount).map { columns.stages[$0] ?? [] }
            self.stages = stages
            stageColumns = stages.flatMap { $0 }
            stageColumnStarts = [0] + stages.indices.map { s in stages[...s].reduce(0) { $0 + $1.count } }
            measured = (0..<stageCount).map { $0 == 0 || columns.stages[$0] != nil }
        }
    }

    private var segments = DimensionIndex()
    private var leadSources = DimensionIndex()
    private var statusNames = DimensionIndex()
    private var reasonNames = DimensionIndex()

    /// The table a file's records go to, taken out of the set while a chunk is committed.
    private func takeTable(_ ctx: FileContext) -> RecordTable {
        if ctx.isLeads {
            defer { set.leads = RecordTable() }
            return set.leads
        }
        if ctx.source.history {
            defer { set.dealHistory = RecordTable() }
            return set.dealHistory.count == 0 ? RecordTable(stages: funnel.stages.count) : set.dealHistory
        }
        guard ctx.source.snapshot != nil else {
            defer { set.deals = RecordTable() }
            return set.deals
        }
        guard let i = set.snapshots.firstIndex(where: { $0.source == ctx.sourceIndex }) else {
            return RecordTable(stages: funnel.stages.count)
        }
        defer { set.snapshots[i].table = RecordTable() }
        return set.snapshots[i].table
    }

    /// Puts a table taken by ``takeTable(_:)`` back.
    private func putTable(_ table: RecordTable, _ ctx: FileContext) {
        if ctx.isLeads {
            set.leads = table
        } else if ctx.source.history {
            set.dealHistory = table
        } else if let day = ctx.source.snapshot {
            if let i = set.snapshots.firstIndex(where: { $0.source == ctx.sourceIndex }) {
                set.snapshots[i].table = table
            } else {
                set.snapshots.append(DealSnapshot(source: ctx.sourceIndex, day: day, table: table))
                set.snapshots.sort { $0.source < $1.source }
            }
        } else {
            set.deals = table
        }
    }

    /// The second phase of reading a chunk, in file order: its problems into `errors` (lines
    /// shifted to the file's), and each record that could be read checked for a duplicate id,
    /// its dimensions looked up, its oddities counted and it kept.
    /// - Throws: ``InputError`` at the error limit or on unreadable CSV.
    /// What one file's commits found so far.
    struct FileTally {
        /// The report's footer lines began.
        var footer = false
        /// Data rows read (records, duplicates and rows with errors alike).
        var rows = 0
        /// The count a "Grand Totals (N records)" footer states, and its line.
        var footerCount: (Int, Int)?
        /// Some time had no offset (read in the source's zone).
        var naive = false
    }

    private func commit(_ chunk: RecordParser.Chunk, firstLine: Int, _ ctx: FileContext, _ tally: inout FileTally)
        throws(InputError)
    {
        let shift = firstLine - 1
        func shifted(_ d: Diagnostic) -> Diagnostic {
            var d = d
            d.line = d.line.map { $0 + shift }
            return d
        }
        var stop = false
        var inFooter = tally.footer
        if chunk.naive { tally.naive = true }
        var rows = 0
        var footerCount = tally.footerCount
        // The work of the loop in locals (no exclusive access to this object's properties per record).
        var ids = self.ids[ctx.sourceIndex]
        self.ids[ctx.sourceIndex] = IDSet()
        var table = takeTable(ctx)
        let kept = table.count
        var quality = set.quality
        set.quality = DataQuality()
        defer {
            self.ids[ctx.sourceIndex] = ids
            putTable(table, ctx)
            set.quality = quality
        }
        table.reserve(table.count + chunk.records.count)
        // The chunk's dimension values to the load's, looked up once each (−3: not yet).
        var segmentMap = [Int16](repeating: -3, count: chunk.segments.ranges.count)
        var sourceMap = [Int16](repeating: -3, count: chunk.sources.ranges.count)
        let stageCount = funnel.stages.count
        var other = 0
        var discard = DataQuality()
        /// A row that is no record: its error unless it is a footer line; `false` when reading stops.
        func nonRecord(_ item: RecordParser.Chunk.Item) -> Bool {
            switch item {
            case .fatal(let d):
                errors.append(shifted(d))
                return false
            case .ragged(let d, let single, let footerText, let count):
                if single, inFooter || footerText {
                    inFooter = true
                    if let count, footerCount == nil { footerCount = (count, d.line.map { $0 + shift } ?? 0) }
                    return true
                }
                errors.append(shifted(d))
                return errors.count < maxErrors
            }
        }
        chunk.bytes.withUnsafeBufferPointer { b in
            chunk.times.withUnsafeBufferPointer { times in
                for (n, r) in chunk.records.enumerated() {
                    while other < chunk.others.count, chunk.others[other].before == n {
                        other += 1
                        guard nonRecord(chunk.others[other - 1].item) else {
                            stop = true
                            return
                        }
                    }
                    if inFooter {
                        let (text, _) = sourceLocation(in: chunk.bytes, at: r.start)
                        errors.append(
                            Diagnostic(
                                code: .syntax, message: "a record after the report's footer lines", file: ctx.file,
                                line: r.line + shift, column: 1, sourceLine: text))
                    } else {
                        rows += 1
                        for e in Int(r.errorStart)..<Int(r.errorEnd) { report(shifted(chunk.errors[e])) }
                        if !r.failed {
                            let line = r.line + shift
                            let id = r.id
                            // Duplicates, by the id's exact bytes within its source: the first row of an id
                            // wins. Without an id column every row is a record of its own.
                            // A history has a row per change: its ids repeat, and its rows are no
                            // records whose oddities count.
                            if ctx.source.history {
                                keep(
                                    r, b, times, line, ctx, &table, &discard, &segmentMap, &sourceMap, chunk, stageCount
                                )
                                continue
                            }
                            guard ctx.id < 0 || (r.idKey != 0 ? ids.insert(key: r.idKey) : ids.insert(b, id.0, id.1))
                            else {
                                quality.note(
                                    source: ctx.sourceIndex, .duplicateIDs, example(ctx, line, b, id, "appears again"))
                                continue
                            }
                            keep(r, b, times, line, ctx, &table, &quality, &segmentMap, &sourceMap, chunk, stageCount)
                        }
                    }
                    if errors.count >= maxErrors {
                        stop = true
                        return
                    }
                }
                // Rows after the last record.
                while other < chunk.others.count {
                    other += 1
                    guard nonRecord(chunk.others[other - 1].item) else {
                        stop = true
                        return
                    }
                }
            }
        }
        tally.footer = inFooter
        tally.rows += rows
        tally.footerCount = footerCount
        if let q = quality.sources.firstIndex(where: { $0.index == ctx.sourceIndex }) {
            quality.sources[q].records += table.count - kept
        }
        if stop { throw InputError(errors) }
    }

    private func example(
        _ ctx: FileContext, _ line: Int, _ b: UnsafeBufferPointer<UInt8>, _ id: (Int, Int), _ what: String
    ) -> String {
        let name = ctx.file.split(separator: "/").last.map(String.init) ?? ctx.file
        guard ctx.id >= 0 else { return "\(name):\(line): the \(ctx.isLeads ? "lead" : "deal") \(what)" }
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[id.0..<id.1]), as: UTF8.self)
        return "\(name):\(line): \(ctx.isLeads ? "lead" : "deal") '\(text)' \(what)"
    }

    /// Keeps a parsed record whose id is new in its source: its dimensions looked up, its
    /// oddities counted.
    @inline(__always) private func keep(
        _ r: RecordParser.Record, _ b: UnsafeBufferPointer<UInt8>, _ times: UnsafeBufferPointer<Int32>, _ line: Int,
        _ ctx: FileContext, _ table: inout RecordTable, _ quality: inout DataQuality, _ segmentMap: inout [Int16],
        _ sourceMap: inout [Int16], _ chunk: RecordParser.Chunk, _ stageCount: Int
    ) {
        let id = r.id
        if r.unknownOutcome >= 0 {
            quality.note(
                source: ctx.sourceIndex, .unknownStages, example(ctx, line, b, id, chunk.notes[Int(r.unknownOutcome)]))
        }
        var team = r.teamValue
        if team == -2 {
            team = -1
            let text = String(decoding: UnsafeBufferPointer(rebasing: b[r.team.0..<r.team.1]), as: UTF8.self)
            quality.note(source: ctx.sourceIndex, .unknownOwners, example(ctx, line, b, id, "has owner team '\(text)'"))
        }
        /// The load's index of the chunk's value `local` (−1 for none), looked up once per chunk.
        func mapped(
            _ local: Int32, _ map: inout [Int16], _ values: ChunkValues, _ index: inout DimensionIndex
        ) -> Int16 {
            guard local >= 0 else { return local == -1 ? -1 : index.index(b, chunk.escaped[Int(-2 - local)]) }
            if map[Int(local)] == -3 { map[Int(local)] = index.index(b, values.ranges[Int(local)]) }
            return map[Int(local)]
        }
        let segment = mapped(r.segment, &segmentMap, chunk.segments, &segments)
        let leadSource = mapped(r.source, &sourceMap, chunk.sources, &leadSources)
        let stageTimes = UnsafeBufferPointer(rebasing: times[r.times..<(r.times + stageCount)])
        if ctx.isLeads {
            if let (k, s) = r.skipped {
                quality.note(
                    source: ctx.sourceIndex, .skippedStages,
                    example(ctx, line, b, id, "entered \(funnel.stages[s].id) without \(funnel.stages[k].id)"))
            }
            if r.outOfOrder {
                quality.note(
                    source: ctx.sourceIndex, .outOfOrder, example(ctx, line, b, id, "has stage times out of order"))
            }
            if r.untouched {
                quality.note(
                    source: ctx.sourceIndex, .untouchedLeads,
                    example(ctx, line, b, id, "has no first touch by the review date"))
            }
            if r.earlyTouch {
                quality.note(
                    source: ctx.sourceIndex, .earlyTouches,
                    example(ctx, line, b, id, "was touched before entering \(funnel.stages[speedStage ?? 0].id)"))
            }
            if r.future {
                quality.note(
                    source: ctx.sourceIndex, .futureTimes, example(ctx, line, b, id, "has a time after the review date")
                )
            }
            table.append(
                stageTimes: stageTimes, created: r.created, firstTouch: r.firstTouch, team: team, segment: segment,
                leadSource: leadSource, hasFirstTouch: ctx.firstTouch >= 0)
            if ctx.recycled >= 0 { table.appendRecycled(r.recycled) }
            keepTexts(r, b, line, ctx, &table, &quality)
        } else {
            if r.outOfOrder {
                quality.note(
                    source: ctx.sourceIndex, .outOfOrder, example(ctx, line, b, id, "closes before it was created"))
            }
            if r.close == RecordTable.missing, r.outcome == .won {
                quality.note(
                    source: ctx.sourceIndex, .wonWithoutClose,
                    example(ctx, line, b, id, "is won without a close date: in no period's won deals or revenue"))
            } else if r.close == RecordTable.missing, r.outcome == .lost {
                quality.note(
                    source: ctx.sourceIndex, .lostWithoutClose,
                    example(ctx, line, b, id, "is lost without a close date: in no period's lost deals"))
            }
            if r.amountMissing {
                if r.outcome == .won {
                    quality.note(
                        source: ctx.sourceIndex, .wonWithoutAmount,
                        example(ctx, line, b, id, "is won without an amount: its revenue is missing"))
                } else {
                    quality.note(
                        source: ctx.sourceIndex, .dealsWithoutAmount,
                        example(ctx, line, b, id, "has no amount: $0 in open pipeline"))
                }
            } else if r.amount < 0 {
                quality.note(
                    source: ctx.sourceIndex, .negativeAmounts,
                    example(ctx, line, b, id, "has a negative amount, counted as written"))
            }
            if r.future {
                quality.note(
                    source: ctx.sourceIndex, .futureTimes, example(ctx, line, b, id, "has a time after the review date")
                )
            }
            table.append(
                stageTimes: stageTimes, created: r.created, team: team, segment: segment, leadSource: leadSource,
                amount: r.amount, close: r.close, outcome: r.outcome)
            keepTexts(r, b, line, ctx, &table, &quality)
        }
    }

    /// The id, status and reason of the record just appended, when its file keeps them.
    @inline(__always) private func keepTexts(
        _ r: RecordParser.Record, _ b: UnsafeBufferPointer<UInt8>, _ line: Int, _ ctx: FileContext,
        _ table: inout RecordTable, _ quality: inout DataQuality
    ) {
        guard ctx.keepsKey || ctx.keepsStatus || ctx.keepsReason else { return }
        let status = ctx.keepsStatus ? statusNames.index(b, r.status) : nil
        let reason = ctx.keepsReason ? reasonNames.index(b, r.reason) : nil
        table.appendTexts(
            key: ctx.keepsKey
                ? String(decoding: UnsafeBufferPointer(rebasing: b[r.id.0..<r.id.1]), as: UTF8.self) : nil,
            status: status, reason: reason)
        // A rejected or recycled lead, or a lost deal, without a reason (current exports only).
        guard ctx.source.snapshot == nil, let reason,
            reason < 0 || ReasonShares.isUnknown(reasonNames.names[Int(reason)])
        else { return }
        if ctx.isLeads {
            let said = status.flatMap { $0 >= 0 ? ReasonShares.disposition(statusNames.names[Int($0)]) : nil }
            guard let d = r.recycled != RecordTable.missing ? .recycled : said else { return }
            quality.note(
                source: ctx.sourceIndex, .unknownReasons,
                example(ctx, line, b, r.id, "is \(d == .rejected ? "rejected" : "recycled") without a reason"))
        } else if r.outcome == .lost || r.outcome == .disqualified {
            quality.note(
                source: ctx.sourceIndex, .unknownReasons, example(ctx, line, b, r.id, "is lost without a reason"))
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
    static func checkStages(_ times: [Int32], _ measured: [Bool]) -> (skipped: (Int, Int)?, outOfOrder: Bool) {
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
    static func dealOutcome(_ reader: CSVReader, _ fields: [CSVReader.Field], _ columns: RecordColumns)
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
    /// Makes room for `n` records in the columns that every record fills.
    mutating func reserve(_ n: Int) {
        guard created.capacity < n else { return }
        // Grow geometrically, as appending would.
        let capacity = max(n, created.capacity * 2)
        for s in stageTimes.indices where !stageTimes[s].isEmpty { stageTimes[s].reserveCapacity(capacity) }
        created.reserveCapacity(capacity)
        if !firstTouch.isEmpty { firstTouch.reserveCapacity(capacity) }
        team.reserveCapacity(capacity)
        segment.reserveCapacity(capacity)
        leadSource.reserveCapacity(capacity)
    }

    mutating func append(
        stageTimes times: UnsafeBufferPointer<Int32>, created: Int32, firstTouch: Int32 = RecordTable.missing,
        team: Int16, segment: Int16,
        leadSource: Int16 = -1, hasFirstTouch: Bool = false, amount: Double? = nil, close: Int32 = RecordTable.missing,
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
        self.leadSource.append(leadSource)
        if let amount {
            self.amount.append(amount)
            self.close.append(close)
            self.outcome.append(outcome)
        }
        count += 1
    }
}

extension RecordTable {
    /// Keeps the texts of the record just appended; a column starts at its first value, padded
    /// for the records before (−1, or an empty id).
    mutating func appendTexts(key: String?, status: Int16?, reason: Int16?) {
        if let key {
            if self.key.count < count - 1 { self.key += Array(repeating: "", count: count - 1 - self.key.count) }
            self.key.append(key)
        }
        if let status {
            if self.status.count < count - 1 {
                self.status += Array(repeating: -1, count: count - 1 - self.status.count)
            }
            self.status.append(status)
        }
        if let reason {
            if self.reason.count < count - 1 {
                self.reason += Array(repeating: -1, count: count - 1 - self.reason.count)
            }
            self.reason.append(reason)
        }
    }

    /// Keeps the recycle date of the lead just appended; the column starts at its first file
    /// with the column, padded with missing times for the records before.
    mutating func appendRecycled(_ time: Int32) {
        if recycled.count < count - 1 {
            recycled += Array(repeating: RecordTable.missing, count: count - 1 - recycled.count)
        }
        recycled.append(time)
    }

    /// Pads the text columns (and the recycle dates) that were started to one entry per record.
    mutating func padTexts() {
        if !recycled.isEmpty, recycled.count < count {
            recycled += Array(repeating: RecordTable.missing, count: count - recycled.count)
        }
        if !key.isEmpty, key.count < count { key += Array(repeating: "", count: count - key.count) }
        if !status.isEmpty, status.count < count { status += Array(repeating: -1, count: count - status.count) }
        if !reason.isEmpty, reason.count < count { reason += Array(repeating: -1, count: count - reason.count) }
    }
}

/// The distinct values of a dimension (segment, lead source) in order of first appearance, each
/// looked up by its bytes' hash and confirmed by the bytes.
struct DimensionIndex {
    private(set) var names: [String] = []
    private var byName: [String: Int16] = [:]
    private var cache: [UInt64: (bytes: [UInt8], value: Int16)] = [:]

    /// The index of the value `b[range]`; −1 for an empty value (or past 32,767 distinct ones).
    mutating func index(_ b: UnsafeBufferPointer<UInt8>, _ range: (Int, Int)) -> Int16 {
        let (s, e) = range
        guard s < e else { return -1 }
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for i in s..<e { h = (h ^ UInt64(b[i])) &* 0x100_0000_01B3 }
        if let known = cache[h], known.bytes.elementsEqual(b[s..<e]) { return known.value }
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self)
        var value: Int16 = -1
        if let known = byName[text] {
            value = known
        } else if names.count < Int(Int16.max) {
            value = Int16(names.count)
            byName[text] = value
            names.append(text)
        }
        if cache[h] == nil { cache[h] = (Array(b[s..<e]), value) }
        return value
    }
}

/// The record ids seen so far, exactly: a decimal id of up to 18 digits without a leading zero
/// (HubSpot's record ids, most CRM keys) is kept as its value; any other id's bytes are kept in an
/// arena and compared byte for byte whenever hashes meet, so two ids are duplicates only when
/// they are the same bytes.
struct IDSet {
    private var numbers = KeySet()
    private var texts: TextSet

    /// `hashMask` 0 makes every text id's hash collide (tests of the byte comparison).
    init(hashMask: UInt64 = .max) { texts = TextSet(hashMask: hashMask) }

    /// `false` when the id `b[s..<e]` was already present.
    mutating func insert(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        let key = IDSet.key(b, s, e)
        return key != 0 ? numbers.insert(key) : texts.insert(b, s, e)
    }

    /// `false` when the decimal id whose ``key(_:_:_:)`` is `key` (not 0) was already present.
    @inline(__always) mutating func insert(key: UInt64) -> Bool { numbers.insert(key) }

    /// The key of a decimal id (its value + 1), or 0 for any other id.
    @inline(__always) static func key(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> UInt64 {
        guard e > s, e - s <= 18, b[s] != 0x30 || e - s == 1 else { return 0 }
        var value: UInt64 = 0
        var i = s
        while i < e {
            let d = b[i] &- 0x30
            guard d < 10 else { return 0 }
            value = value &* 10 &+ UInt64(d)
            i += 1
        }
        // Values stay below 10¹⁸ < 2⁶⁰, so value + 1 is never the empty marker 0.
        return value &+ 1
    }

    /// Makes room for `n` ids (numeric, the common case) without growing.
    mutating func reserve(_ n: Int) { numbers.reserve(n) }
}

/// A set of non-zero 64-bit keys: a bitmap over a window of values (placed around the first key,
/// sized from ``reserve(_:)``: ids that are counted up, as CRMs do, stay in it, one bit each and in
/// cache), and an open-addressing table for the keys outside it. The window never moves, so every
/// key has one home.
struct KeySet {
    private var slots = [UInt64](repeating: 0, count: 1024)
    private var count = 0
    private var bits: [UInt64] = []
    private var windowStart: UInt64 = 0
    /// The keys expected, for the window (and the table once keys fall outside it).
    private var expected = 0

    /// `false` when `key` (never 0) was already present.
    @inline(__always) mutating func insert(_ key: UInt64) -> Bool {
        if bits.isEmpty { placeWindow(key) }
        let offset = key &- windowStart
        if offset < UInt64(bits.count) &* 64 {
            let word = Int(offset >> 6)
            let bit: UInt64 = 1 << (offset & 63)
            let old = bits[word]
            bits[word] = old | bit
            return old & bit == 0
        }
        return insertInTable(key)
    }

    /// The window: at least 2¹⁶ values, eight per expected key, a quarter of it below `first`.
    private mutating func placeWindow(_ first: UInt64) {
        var size = 1 << 16
        while size < expected * 8, size < 1 << 36 { size <<= 1 }
        let below = UInt64(size / 4)
        windowStart = first > below ? first - below : 0
        bits = [UInt64](repeating: 0, count: size / 64)
    }

    private mutating func insertInTable(_ key: UInt64) -> Bool {
        if count == 0, expected > 0 {
            // The first key outside the window: room for the rest without growing.
            reserveTable(expected)
            expected = 0
        }
        if count * 10 >= slots.count * 7 { grow() }
        let mask = slots.count - 1
        var i = KeySet.slot(key) & mask
        while true {
            let s = slots[i]
            if s == 0 {
                slots[i] = key
                count += 1
                return true
            }
            if s == key { return false }
            i = (i + 1) & mask
        }
    }

    @inline(__always) static func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20)
    }

    /// Expects about `n` keys: sizes the window (before the first key) and, when keys fall
    /// outside it, the table.
    mutating func reserve(_ n: Int) { expected = max(expected, n) }

    private mutating func reserveTable(_ n: Int) {
        var capacity = slots.count
        while capacity * 7 < n * 10 { capacity *= 2 }
        while slots.count < capacity { grow() }
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        let mask = slots.count - 1
        for k in old where k != 0 {
            var i = KeySet.slot(k) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = k
        }
    }
}

/// An open-addressing set of byte strings: a 64-bit hash per slot, the bytes in one arena.
struct TextSet {
    /// The hash of each slot's id (0: empty) and the id's index into `starts`.
    private var hashes = [UInt64](repeating: 0, count: 64)
    private var entries = [UInt32](repeating: 0, count: 64)
    private var arena: [UInt8] = []
    /// Where each id starts in `arena`; the next one's start is its end.
    private var starts: [Int] = [0]
    private let hashMask: UInt64

    init(hashMask: UInt64 = .max) { self.hashMask = hashMask }

    /// `false` when the bytes `b[s..<e]` were already present.
    mutating func insert(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for i in s..<e { h = (h ^ UInt64(b[i])) &* 0x100_0000_01B3 }
        h = h & hashMask | 1
        let count = starts.count - 1
        if count * 10 >= hashes.count * 7 { grow() }
        let mask = hashes.count - 1
        var i = KeySet.slot(h) & mask
        while true {
            let slot = hashes[i]
            if slot == 0 {
                hashes[i] = h
                entries[i] = UInt32(truncatingIfNeeded: count)
                arena.append(contentsOf: UnsafeBufferPointer(rebasing: b[s..<e]))
                starts.append(arena.count)
                return true
            }
            if slot == h {
                let entry = Int(entries[i])
                let (from, to) = (starts[entry], starts[entry + 1])
                if to - from == e - s, (0..<(e - s)).allSatisfy({ arena[from + $0] == b[s + $0] }) { return false }
            }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let (oldHashes, oldEntries) = (hashes, entries)
        hashes = [UInt64](repeating: 0, count: oldHashes.count * 2)
        entries = [UInt32](repeating: 0, count: oldHashes.count * 2)
        let mask = hashes.count - 1
        for (h, entry) in zip(oldHashes, oldEntries) where h != 0 {
            var i = KeySet.slot(h) & mask
            while hashes[i] != 0 { i = (i + 1) & mask }
            hashes[i] = h
            entries[i] = entry
        }
    }
}

/// One chunk's first phase, run on another core.
private final class ParseJob: @unchecked Sendable {
    // Unchecked: the loader starts `run` and reads `result` only after waiting for it.
    let parser: RecordParser
    var reader: CSVReader
    var result: RecordParser.Chunk?

    init(parser: RecordParser, reader: CSVReader) {
        self.parser = parser
        self.reader = reader
    }

    func run() { result = parser.parse(&reader) }
}
