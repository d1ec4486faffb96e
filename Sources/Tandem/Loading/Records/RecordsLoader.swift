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
    public var plan: Plan
    /// Times after the end of this period count as future (default: the cycle's last period).
    public var asOf: Period?
    /// Reading stops after this many errors.
    public var maxErrors = 50
    /// Bytes read at a time.
    public var chunkSize = 8 << 20

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
        var parser: RecordTimeParser?
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
                guard let resolved = columns else {
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
                    parser = RecordTimeParser(
                        format: source.dateFormat, zone: clock(source.timezone ?? records.timezone))
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
                try record(reader, fields, resolved, source, sourceIndex, parser!, file: file, firstLine: firstLine)
            }
            return reader.nextLine - 1
        }
        switch input {
        case .file(let url): try chunks.read(url, body)
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

    private func record(
        _ reader: CSVReader, _ fields: [CSVReader.Field], _ columns: RecordColumns, _ source: RecordSource,
        _ sourceIndex: Int, _ parser: RecordTimeParser, file: String, firstLine: Int
    ) throws(InputError) {
        let bytes = reader.bytes
        let parser = parser
        let line = firstLine + fields[0].line - 1
        func trimmed(_ f: CSVReader.Field) -> (Int, Int) {
            var s = f.start
            var e = f.end
            while s < e, bytes[s] == 0x20 || bytes[s] == 0x09 { s += 1 }
            while e > s, bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09 { e -= 1 }
            return (s, e)
        }
        var failed = false
        func time(_ column: Int?) throws(InputError) -> Int32 {
            guard let column else { return RecordTable.missing }
            func name() -> String { columns.headers[column] }
            let f = fields[column]
            let (s, e) = trimmed(f)
            let result = bytes.withUnsafeBufferPointer { parser.parse($0, s, e) }
            switch result {
            case .empty: return RecordTable.missing
            case .minutes(let m):
                guard m > Int64(Int32.min), m <= Int64(Int32.max) else {
                    try timeError(f, "'\(name())': the date is out of range, found '\(reader.text(f).prefix(40))'")
                    return RecordTable.missing
                }
                return Int32(m)
            case .ambiguous:
                try timeError(
                    f,
                    "'\(name())' holds the locale date '\(reader.trimmedText(f).prefix(40))', which could be month/day or day/month; set date_format: MM/DD/YYYY or DD/MM/YYYY on records.sources[\(sourceIndex)]"
                )
                return RecordTable.missing
            case .invalid(let why):
                try timeError(f, "'\(name())': \(why), found '\(reader.trimmedText(f).prefix(40))'")
                return RecordTable.missing
            }
        }
        func timeError(_ f: CSVReader.Field, _ message: String) throws(InputError) {
            failed = true
            let (text, column) = reader.location(of: f.start)
            try fail(
                Diagnostic(
                    code: .invalidValue, message: message, file: file, line: firstLine + f.line - 1, column: column,
                    sourceLine: text))
        }
        let idField = fields[columns.fields[.id]!]
        let (idStart, idEnd) = trimmed(idField)
        let id = String(decoding: bytes[idStart..<idEnd], as: UTF8.self)
        let example = { (what: String) in
            let name = file.split(separator: "/").last.map(String.init) ?? file
            return "\(name):\(line): \(source.kind == .leads ? "lead" : "deal") '\(id)' \(what)"
        }
        if idStart == idEnd {
            let (text, column) = reader.location(of: idField.start)
            try fail(
                Diagnostic(
                    code: .missingField,
                    message: "'\(columns.headers[columns.fields[.id]!])' is empty; every record needs an id",
                    file: file,
                    line: line, column: column, sourceLine: text))
            return
        }
        let created = try time(columns.fields[.created])
        let isLeads = source.kind == .leads
        var stageTimes = [Int32](repeating: RecordTable.missing, count: funnel.stages.count)
        var firstTouch = RecordTable.missing
        var amount = 0.0
        var close = RecordTable.missing
        var outcome = RecordOutcome.open
        if isLeads {
            for (s, candidates) in columns.stages {
                for c in candidates {
                    let t = try time(c)
                    if t != RecordTable.missing {
                        stageTimes[s] = t
                        break
                    }
                }
            }
            if stageTimes[0] == RecordTable.missing { stageTimes[0] = created }
            firstTouch = try time(columns.fields[.firstTouch])
        } else {
            close = try time(columns.fields[.close])
            if let c = columns.fields[.amount] {
                let (s, e) = trimmed(fields[c])
                var start = s
                // "USD 24,000.00": the plan's currency code before the amount.
                let code = Array(plan.currency.code.utf8)
                if code.count == 3, e - s > 4, (0..<3).allSatisfy({ bytes[s + $0] == code[$0] }), bytes[s + 3] == 0x20 {
                    start = s + 4
                }
                switch amounts.parse(
                    bytes, start, e, NumberRules(currency: plan.currency, percent: false, exponent: true))
                {
                case .value(let v): amount = v
                case .missing: amount = 0
                case .invalid(let why):
                    failed = true
                    let (text, column) = reader.location(of: fields[c].start)
                    try fail(
                        Diagnostic(
                            code: .invalidNumber,
                            message:
                                "'\(columns.headers[c])': \(why), found '\(reader.trimmedText(fields[c]).prefix(40))'",
                            file: file, line: line, column: column, sourceLine: text))
                }
            }
            outcome = dealOutcome(reader, fields, columns, example)
        }
        if failed { return }
        // Duplicates: the first row of an id wins.
        var hasher = Hasher()
        hasher.combine(sourceIndex)
        for i in idStart..<idEnd { hasher.combine(bytes[i]) }
        let key = UInt64(bitPattern: Int64(hasher.finalize()))
        let fresh = isLeads ? leadIDs.insert(key) : dealIDs.insert(key)
        if !fresh {
            set.quality.note(.duplicateIDs, example("appears again"))
            return
        }
        // Dimensions.
        var team: Int16 = -1
        if let c = columns.fields[.ownerTeam] {
            let text = reader.trimmedText(fields[c])
            if !text.isEmpty {
                if let t = teamIndex[text.lowercased()] {
                    team = t
                } else {
                    set.quality.note(.unknownOwners, example("has owner team '\(text)'"))
                }
            }
        }
        var segment: Int16 = -1
        if let c = columns.fields[.segment] {
            let text = reader.trimmedText(fields[c])
            if !text.isEmpty {
                if let s = segmentIndex[text] {
                    segment = s
                } else if set.segments.count < Int(Int16.max) {
                    segment = Int16(set.segments.count)
                    segmentIndex[text] = segment
                    set.segments.append(text)
                }
            }
        }
        if isLeads {
            checkStages(stageTimes, columns, example)
            if columns.fields[.firstTouch] != nil, firstTouch == RecordTable.missing,
                let s = speedStage, stageTimes[s] != RecordTable.missing
            {
                set.quality.note(.untouchedLeads, example("has no first touch"))
            }
            let latest = max(stageTimes.max() ?? RecordTable.missing, firstTouch, created)
            if Int64(latest) >= now { set.quality.note(.futureTimes, example("has a time after the review date")) }
            set.leads.append(
                stageTimes: stageTimes, created: created, firstTouch: firstTouch, team: team, segment: segment,
                hasFirstTouch: columns.fields[.firstTouch] != nil)
        } else {
            let opening = dealStage
            stageTimes[opening] = created
            if outcome == .won { stageTimes[funnel.stages.count - 1] = close }
            if outcome != .open, close != RecordTable.missing, created != RecordTable.missing, close < created {
                set.quality.note(.outOfOrder, example("closes before it was created"))
            }
            if outcome != .open, Int64(close) >= now || Int64(created) >= now {
                set.quality.note(.futureTimes, example("has a time after the review date"))
            } else if outcome == .open, Int64(created) >= now {
                set.quality.note(.futureTimes, example("has a time after the review date"))
            }
            set.deals.append(
                stageTimes: stageTimes, created: created, team: team, segment: segment, amount: amount, close: close,
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

    private func checkStages(_ times: [Int32], _ columns: RecordColumns, _ example: (String) -> String) {
        var latest = RecordTable.missing
        var latestStage = -1
        var skipped: Int?
        var outOfOrder = false
        for s in times.indices where columns.stages[s] != nil || s == 0 {
            let t = times[s]
            if t == RecordTable.missing {
                if skipped == nil { skipped = s }
                continue
            }
            if let k = skipped, k < s, latestStage >= 0 || k > 0 {
                set.quality.note(
                    .skippedStages, example("entered \(funnel.stages[s].id) without \(funnel.stages[k].id)"))
                skipped = s + times.count  // once per record
            }
            if t < latest { outOfOrder = true }
            latest = max(latest, t)
            latestStage = s
        }
        if outOfOrder { set.quality.note(.outOfOrder, example("has stage times out of order")) }
    }

    private func dealOutcome(
        _ reader: CSVReader, _ fields: [CSVReader.Field], _ columns: RecordColumns, _ example: (String) -> String
    ) -> RecordOutcome {
        func text(_ field: RecordField) -> String? {
            columns.fields[field].map { reader.trimmedText(fields[$0]).lowercased() }
        }
        func truthy(_ t: String) -> Bool { t == "true" || t == "1" || t == "yes" }
        if let t = text(.outcome) {
            switch t {
            case "open", "": return .open
            case "won": return .won
            case "lost": return .lost
            case "disqualified": return .disqualified
            default:
                set.quality.note(.unknownStages, example("has outcome '\(t)'"))
                return .open
            }
        }
        let status = text(.status)
        if let w = text(.won), truthy(w) { return .won }
        if let status {
            let compact = status.filter { $0.isLetter }
            if compact == "closedwon" { return .won }
            if compact.hasPrefix("closedlost") || compact == "lost" { return .lost }
        }
        if let c = text(.closed), truthy(c) { return .lost }
        if text(.won) != nil || text(.closed) != nil { return .open }
        if let status {
            let compact = status.filter { $0.isLetter }
            if !RecordsReadState.openDealStages.contains(compact) {
                set.quality.note(.unknownStages, example("has deal stage '\(status)'"))
            }
        }
        return .open
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
