import Foundation

/// The first phase of reading a chunk of records: everything about each record that needs no
/// shared state (fields, times, amounts, outcomes, stage checks), so that it can run on another
/// core while the loader commits the chunk before (duplicate ids, dimensions, data quality,
/// tables: the second phase, in file order). Lines in what it returns count from the chunk's
/// first line as 1; the commit shifts them.
struct RecordParser: @unchecked Sendable {
    // Unchecked: the context's clock caches offsets; one chunk is parsed at a time, and only here.
    let ctx: RecordsReadState.FileContext
    let headerCount: Int
    let stageCount: Int
    let isSalesforce: Bool
    let now: Int64
    let speedStage: Int?
    let dealStage: Int
    let currency: Currency
    let currencyCode: [UInt8]
    let amounts: NumberParser
    /// The plan's team ids and names, lowercased, to their index.
    let teamIndex: [String: Int16]

    /// The same parser with a clock of its own, for another core.
    func withOwnClock() -> RecordParser {
        let ctx = self.ctx
        let own = RecordsReadState.FileContext(
            file: ctx.file, columns: ctx.columns, source: ctx.source, sourceIndex: ctx.sourceIndex,
            parser: RecordTimeParser(format: ctx.parser.format, zone: ZoneClock(ctx.parser.zone.zone)),
            stageCount: stageCount, tracksDeals: ctx.tracksDeals)
        return RecordParser(
            ctx: own, headerCount: headerCount, stageCount: stageCount, isSalesforce: isSalesforce, now: now,
            speedStage: speedStage, dealStage: dealStage, currency: currency, currencyCode: currencyCode,
            amounts: amounts, teamIndex: teamIndex)
    }

    /// Where to split `chunk[start...]` (whole records) in two for two cores: the end of the
    /// first record that ends after the middle, outside quotes; `nil` when there is none.
    static func split(_ chunk: [UInt8], from start: Int) -> Int? {
        chunk.withUnsafeBufferPointer { whole -> Int? in
            let b = UnsafeBufferPointer(rebasing: whole[start...])
            guard let end = RecordChunks.recordEnd(b, firstAfter: b.count / 2), end < b.count else { return nil }
            return start + end
        }
    }

    /// One record, parsed: plain values only (no references), so that a chunk's records are
    /// copied and dropped without reference counting.
    struct Record {
        /// The line of its first field, and the offset of that field (for messages).
        var line: Int
        var start: Int
        var id: (Int, Int)
        /// The id as ``IDSet`` keeps a decimal one (its value + 1), or 0 for any other id.
        var idKey: UInt64 = 0
        var team: (Int, Int)
        /// The plan team's index; −1 without a value, −2 for a value that names no team.
        var teamValue: Int16 = -1
        /// Indices into ``Chunk/segments`` and ``Chunk/sources``; −1 without a value; −2 − k
        /// for the unescaped value ``Chunk/escaped``[k].
        var segment: Int32 = -1
        var source: Int32 = -1
        /// The status and reason texts, when the file keeps them (``RecordsReadState/FileContext``).
        var status = (0, 0)
        var reason = (0, 0)
        var created: Int32
        var firstTouch = RecordTable.missing
        /// Leads: the recycle date.
        var recycled = RecordTable.missing
        var close = RecordTable.missing
        var amount = 0.0
        var outcome = RecordOutcome.open
        /// Index into ``Chunk/notes``: what was not understood about a deal's outcome; −1 none.
        var unknownOutcome: Int32 = -1
        /// A value could not be read: the errors say why, and the record is not kept.
        var failed = false
        /// Its errors: ``Chunk/errors``[errorStart..<errorEnd].
        var errorStart: Int32 = 0
        var errorEnd: Int32 = 0
        /// Leads: the first skipped stage and the later one entered without it.
        var skipped: (Int, Int)?
        var outOfOrder = false
        var untouched = false
        /// Leads: the first touch came before the speed-to-lead clock started.
        var earlyTouch = false
        /// Deals: the amount was empty, `-` or `#N/A` (kept as 0, counted).
        var amountMissing = false
        var future = false
        /// Where its stage times start in ``Chunk/times`` (`stageCount` of them).
        var times = 0
    }

    /// A chunk's records and problems, in file order.
    struct Chunk: @unchecked Sendable {
        enum Item {
            /// A ragged row: an error, unless it is a Salesforce footer line (a single field,
            /// `footerText` when it reads like one, or any single field once the footer began).
            /// `records`: the count a "Grand Totals (N records)" line states.
            case ragged(Diagnostic, singleField: Bool, footerText: Bool, records: Int?)
            /// Unreadable CSV: reading stops.
            case fatal(Diagnostic)
        }

        /// The bytes the ranges point into.
        var bytes: [UInt8]
        var records: [Record] = []
        /// Rows that are no record, each after the first `before` records.
        var others: [(before: Int, item: Item)] = []
        /// The records' errors (see ``Record/errorStart``) and notes.
        var errors: [Diagnostic] = []
        var notes: [String] = []
        var times: [Int32] = []
        /// The distinct segment and lead-source values of the chunk, by their first range.
        var segments = ChunkValues()
        var sources = ChunkValues()
        /// The distinct owner-team values and the plan team each names (−2: none).
        var teams = ChunkValues()
        var teamValues: [Int16] = []
        /// Dimension values with doubled quotes, unescaped: ranges past the read bytes.
        var escaped: [(Int, Int)] = []
        /// Lines read (the next chunk starts this many lines further).
        var lines = 0
        /// Some time had no offset (read in the source's zone).
        var naive = false
    }

    /// Parses the records `reader` has left.
    func parse(_ reader: inout CSVReader) -> Chunk {
        var chunk = Chunk(bytes: reader.bytes)
        // About 60 bytes a record.
        let estimate = (reader.end - reader.position) / 48 + 16
        chunk.records.reserveCapacity(estimate)
        chunk.times.reserveCapacity(estimate * stageCount)
        // A second reference to the bytes, so that the reader may advance while they are read,
        // and a reader that stays put for the records' own reading (messages, texts): passing
        // the one that advances would copy it (and count references to the bytes, which the
        // other core's reader shares) for every record.
        let bytes = reader.bytes
        let view = reader
        let base = bytes.count
        var extra: [UInt8] = []
        bytes.withUnsafeBufferPointer { b in
            var fields: [CSVReader.Field] = []
            fields.reserveCapacity(headerCount)
            var scratch = [Int32](repeating: RecordTable.missing, count: stageCount)
            while true {
                let more: Bool
                do throws(CSVReader.Failure) {
                    more = try reader.next(b, into: &fields)
                } catch {
                    let (source, column) = reader.location(of: error.offset)
                    chunk.others.append(
                        (
                            chunk.records.count,
                            .fatal(
                                Diagnostic(
                                    code: error.code, message: error.message, file: ctx.file, line: error.line,
                                    column: column, sourceLine: source))
                        ))
                    return
                }
                if !more { break }
                if fields.count != headerCount {
                    let last = fields[min(fields.count, headerCount) - 1]
                    let (source, column) = reader.location(of: last.end)
                    let single = isSalesforce && fields.count == 1
                    let text = single ? reader.trimmedText(fields[0]) : ""
                    chunk.others.append(
                        (
                            chunk.records.count,
                            .ragged(
                                Diagnostic(
                                    code: .fieldCount,
                                    message:
                                        "expected \(headerCount) fields as in the header, found \(fields.count)",
                                    file: ctx.file, line: fields[0].line, column: column, sourceLine: source),
                                singleField: single,
                                footerText: single && RecordsReadState.isSalesforceFooter(text),
                                records: single ? RecordsReadState.footerRecordCount(text) : nil)
                        ))
                    continue
                }
                var record = parse(b, view, fields, &scratch, &chunk)
                record.errorEnd = Int32(chunk.errors.count)
                if !record.failed {
                    record.times = chunk.times.count
                    chunk.times.append(contentsOf: scratch)
                    if ctx.id >= 0, fields[ctx.id].escaped {
                        record.id = unescaped(view, fields[ctx.id], base, &extra)
                    } else {
                        record.idKey = IDSet.key(b, record.id.0, record.id.1)
                    }
                    if ctx.team >= 0, fields[ctx.team].escaped {
                        record.team = unescaped(view, fields[ctx.team], base, &extra)
                        let text = String(
                            decoding: extra[(record.team.0 - base)..<(record.team.1 - base)], as: UTF8.self)
                        record.teamValue = text.isEmpty ? -1 : teamIndex[text.lowercased()] ?? -2
                    } else if record.team.0 < record.team.1 {
                        let local = Int(chunk.teams.index(b, record.team))
                        if local == chunk.teamValues.count {
                            let (s, e) = record.team
                            let text = String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self)
                            chunk.teamValues.append(teamIndex[text.lowercased()] ?? -2)
                        }
                        record.teamValue = chunk.teamValues[local]
                    }
                    /// A dimension value's chunk index; an escaped one (rare) is unescaped past the
                    /// bytes and looked up when committed (−2 − its index in ``Chunk/escaped``).
                    func dimension(_ column: Int, segment: Bool) -> Int32 {
                        let f = fields[column]
                        guard f.escaped else {
                            let range = trimmed(b, f)
                            return segment ? chunk.segments.index(b, range) : chunk.sources.index(b, range)
                        }
                        let range = unescaped(view, f, base, &extra)
                        guard range.0 < range.1 else { return -1 }
                        chunk.escaped.append(range)
                        return -1 - Int32(chunk.escaped.count)
                    }
                    /// A kept text's range; an escaped one unescaped past the bytes.
                    func text(_ column: Int) -> (Int, Int) {
                        let f = fields[column]
                        return f.escaped ? unescaped(view, f, base, &extra) : trimmed(b, f)
                    }
                    if ctx.keepsStatus { record.status = text(ctx.status) }
                    if ctx.keepsReason { record.reason = text(ctx.reason) }
                    if ctx.segment >= 0 { record.segment = dimension(ctx.segment, segment: true) }
                    if ctx.leadSource >= 0 { record.source = dimension(ctx.leadSource, segment: false) }
                }
                chunk.records.append(record)
            }
        }
        // Unescaped values go after the bytes (a copy of the chunk, only when it has any).
        if !extra.isEmpty { chunk.bytes += extra }
        chunk.lines = reader.nextLine - 1
        return chunk
    }

    /// The value of a field with doubled quotes, unescaped and trimmed, appended to `extra`: its
    /// range as offsets past the chunk's `base` bytes.
    private func unescaped(_ reader: CSVReader, _ f: CSVReader.Field, _ base: Int, _ extra: inout [UInt8]) -> (
        Int, Int
    ) {
        var value = reader.unescaped(f)[...]
        while let c = value.first, c == 0x20 || c == 0x09 { value.removeFirst() }
        while let c = value.last, c == 0x20 || c == 0x09 { value.removeLast() }
        let start = base + extra.count
        extra += value
        return (start, base + extra.count)
    }

    @inline(__always) func trimmed(_ b: UnsafeBufferPointer<UInt8>, _ f: CSVReader.Field) -> (Int, Int) {
        var s = f.start
        var e = f.end
        while s < e, b[s] == 0x20 || b[s] == 0x09 { s += 1 }
        while e > s, b[e - 1] == 0x20 || b[e - 1] == 0x09 { e -= 1 }
        return (s, e)
    }

    /// The trimmed range of column `c`, or an empty range when the file has no such column.
    @inline(__always) func range(_ b: UnsafeBufferPointer<UInt8>, _ fields: [CSVReader.Field], _ c: Int) -> (Int, Int) {
        c >= 0 ? trimmed(b, fields[c]) : (0, 0)
    }

    private func time(
        _ b: UnsafeBufferPointer<UInt8>, _ reader: CSVReader, _ fields: [CSVReader.Field], _ column: Int,
        _ record: inout Record, _ chunk: inout Chunk
    ) -> Int32 {
        guard column >= 0 else { return RecordTable.missing }
        let f = fields[column]
        let (s, e) = trimmed(b, f)
        let message: String
        var header: String { ctx.columns.headers[column] }
        switch ctx.parser.parse(b, s, e) {
        case .empty: return RecordTable.missing
        case .minutes(let m):
            if !chunk.naive, !RecordTimeParser.hasOffset(b, s, e) { chunk.naive = true }
            if m > Int64(Int32.min), m <= Int64(Int32.max) { return Int32(m) }
            message = "'\(header)': the date is out of range, found '\(reader.trimmedText(f).prefix(40))'"
        case .ambiguous:
            message =
                "'\(header)' holds the locale date '\(reader.trimmedText(f).prefix(40))', which could be month/day or day/month; set date_format: MM/DD/YYYY or DD/MM/YYYY on records.sources[\(ctx.sourceIndex)]"
        case .invalid(let why):
            message = "'\(header)': \(why), found '\(reader.trimmedText(f).prefix(40))'"
        }
        record.failed = true
        let (text, col) = reader.location(of: f.start)
        chunk.errors.append(
            Diagnostic(
                code: .invalidValue, message: message, file: ctx.file, line: f.line, column: col, sourceLine: text))
        return RecordTable.missing
    }

    private func parse(
        _ b: UnsafeBufferPointer<UInt8>, _ reader: CSVReader, _ fields: [CSVReader.Field], _ scratch: inout [Int32],
        _ chunk: inout Chunk
    ) -> Record {
        let line = fields[0].line
        var record = Record(
            line: line, start: fields[0].start, id: range(b, fields, ctx.id), team: range(b, fields, ctx.team),
            created: RecordTable.missing)
        record.errorStart = Int32(chunk.errors.count)
        // Without an id column each row is one record.
        if ctx.id >= 0, record.id.0 == record.id.1 {
            let (text, column) = reader.location(of: fields[ctx.id].start)
            record.failed = true
            chunk.errors.append(
                Diagnostic(
                    code: .missingField, message: "'\(ctx.columns.headers[ctx.id])' is empty; every record needs an id",
                    file: ctx.file, line: line, column: column, sourceLine: text))
            return record
        }
        let created = time(b, reader, fields, ctx.created, &record, &chunk)
        record.created = created
        for s in 0..<stageCount { scratch[s] = RecordTable.missing }
        if ctx.isLeads {
            for s in 0..<stageCount {
                for k in ctx.stageColumnStarts[s]..<ctx.stageColumnStarts[s + 1] {
                    let t = time(b, reader, fields, ctx.stageColumns[k], &record, &chunk)
                    if t != RecordTable.missing {
                        scratch[s] = t
                        break
                    }
                }
            }
            if scratch[0] == RecordTable.missing { scratch[0] = created }
            record.firstTouch = time(b, reader, fields, ctx.firstTouch, &record, &chunk)
            record.recycled = time(b, reader, fields, ctx.recycled, &record, &chunk)
        } else {
            record.close = time(b, reader, fields, ctx.close, &record, &chunk)
            if ctx.amount >= 0 {
                let c = ctx.amount
                let (s, e) = trimmed(b, fields[c])
                var start = s
                // "USD 24,000.00": the plan's currency code before the amount.
                let code = currencyCode
                if code.count == 3, e - s > 4, (0..<3).allSatisfy({ b[s + $0] == code[$0] }), b[s + 3] == 0x20 {
                    start = s + 4
                }
                switch amounts.parse(
                    reader.bytes, start, e, NumberRules(currency: currency, percent: false, exponent: true))
                {
                case .value(let v): record.amount = v
                case .missing:
                    record.amount = 0
                    record.amountMissing = true
                case .invalid(let why):
                    record.failed = true
                    let (text, column) = reader.location(of: fields[c].start)
                    chunk.errors.append(
                        Diagnostic(
                            code: .invalidNumber,
                            message:
                                "'\(ctx.columns.headers[c])': \(why), found '\(reader.trimmedText(fields[c]).prefix(40))'",
                            file: ctx.file, line: line, column: column, sourceLine: text))
                }
            }
            let unknown: String?
            (record.outcome, unknown) = RecordsReadState.dealOutcome(reader, fields, ctx.columns)
            if let unknown {
                record.unknownOutcome = Int32(chunk.notes.count)
                chunk.notes.append(unknown)
            }
        }
        if record.failed { return record }
        if ctx.isLeads {
            let (skipped, outOfOrder) = RecordsReadState.checkStages(scratch, ctx.measured)
            record.skipped = skipped
            record.outOfOrder = outOfOrder
            // Untouched: in the speed-to-lead stage by the review date with no touch by then (a
            // touch dated later counts as none, as in speed to lead); a touch before the clock
            // started is counted too.
            if ctx.firstTouch >= 0, let s = speedStage, scratch[s] != RecordTable.missing {
                let start = max(scratch[s], created)
                let touch = record.firstTouch
                if Int64(start) < now {
                    if touch == RecordTable.missing || Int64(touch) >= now {
                        record.untouched = true
                    } else if touch < start {
                        record.earlyTouch = true
                    }
                }
            }
            // A recycle date counts too: one after the review date is in no period's reasons.
            var latest = max(record.firstTouch, created, record.recycled)
            for t in scratch where t > latest { latest = t }
            record.future = Int64(latest) >= now
        } else {
            scratch[dealStage] = created
            if record.outcome == .won { scratch[stageCount - 1] = record.close }
            record.outOfOrder =
                record.outcome != .open && record.close != RecordTable.missing && created != RecordTable.missing
                && record.close < created
            record.future = Int64(created) >= now || (record.outcome != .open && Int64(record.close) >= now)
        }
        return record
    }
}

/// The distinct values of one column in a chunk, each by the range of its first occurrence:
/// looked up by the bytes' hash and confirmed by the bytes, without making a `String`.
struct ChunkValues {
    private(set) var ranges: [(Int, Int)] = []
    private var hashes = [UInt64](repeating: 0, count: 64)
    private var entries = [Int32](repeating: -1, count: 64)

    /// The index of `b[range]` (the next one when new); −1 for an empty value.
    @inline(__always) mutating func index(_ b: UnsafeBufferPointer<UInt8>, _ range: (Int, Int)) -> Int32 {
        let (s, e) = range
        guard s < e else { return -1 }
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for i in s..<e { h = (h ^ UInt64(b[i])) &* 0x100_0000_01B3 }
        let mask = hashes.count - 1
        var i = KeySet.slot(h) & mask
        while true {
            let entry = entries[i]
            if entry < 0 { break }
            if hashes[i] == h {
                let (from, to) = ranges[Int(entry)]
                if to - from == e - s, memcmp(b.baseAddress! + from, b.baseAddress! + s, e - s) == 0 { return entry }
            }
            i = (i + 1) & mask
        }
        let entry = Int32(ranges.count)
        hashes[i] = h
        entries[i] = entry
        ranges.append(range)
        if ranges.count * 2 > hashes.count { grow() }
        return entry
    }

    private mutating func grow() {
        let (oldHashes, oldEntries) = (hashes, entries)
        hashes = [UInt64](repeating: 0, count: oldHashes.count * 2)
        entries = [Int32](repeating: -1, count: oldHashes.count * 2)
        let mask = hashes.count - 1
        for (h, entry) in zip(oldHashes, oldEntries) where entry >= 0 {
            var i = KeySet.slot(h) & mask
            while entries[i] >= 0 { i = (i + 1) & mask }
            hashes[i] = h
            entries[i] = entry
        }
    }
}
