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

    /// The same parser with a clock of its own, for another core.
    func withOwnClock() -> RecordParser {
        let ctx = self.ctx
        let own = RecordsReadState.FileContext(
            file: ctx.file, columns: ctx.columns, source: ctx.source, sourceIndex: ctx.sourceIndex,
            parser: RecordTimeParser(format: ctx.parser.format, zone: ZoneClock(ctx.parser.zone.zone)),
            stageCount: stageCount)
        return RecordParser(
            ctx: own, headerCount: headerCount, stageCount: stageCount, isSalesforce: isSalesforce, now: now,
            speedStage: speedStage, dealStage: dealStage, currency: currency, currencyCode: currencyCode,
            amounts: amounts)
    }

    /// Where to split `chunk` (whole records) in two for two cores: the end of the first record
    /// that ends after the middle, outside quotes; `nil` when there is none.
    static func split(_ chunk: [UInt8]) -> Int? {
        let middle = chunk.count / 2
        return chunk.withUnsafeBufferPointer { b -> Int? in
            var inQuotes = false
            for i in 0..<b.count {
                let c = b[i]
                if c == 0x22 {
                    inQuotes.toggle()
                } else if c == 0x0A, !inQuotes, i >= middle {
                    return i + 1 < b.count ? i + 1 : nil
                }
            }
            return nil
        }
    }

    /// One record, parsed.
    struct Record {
        /// The line of its first field, and the offset of that field (for messages).
        var line: Int
        var start: Int
        var id: (Int, Int)
        var team: (Int, Int)
        var segment: (Int, Int)
        var source: (Int, Int)
        var created: Int32
        var firstTouch = RecordTable.missing
        var close = RecordTable.missing
        var amount = 0.0
        var outcome = RecordOutcome.open
        var unknownOutcome: String?
        /// A value could not be read: the errors say why, and the record is not kept.
        var failed = false
        var errors: [Diagnostic] = []
        /// Leads: the first skipped stage and the later one entered without it.
        var skipped: (Int, Int)?
        var outOfOrder = false
        var untouched = false
        var future = false
        /// Where its stage times start in ``Chunk/times`` (`stageCount` of them).
        var times = 0
    }

    /// A chunk's records and problems, in file order.
    struct Chunk: @unchecked Sendable {
        enum Item {
            case record(Record)
            /// A ragged row: an error, unless it is a Salesforce footer line (a single field,
            /// `footerText` when it reads like one, or any single field once the footer began).
            case ragged(Diagnostic, singleField: Bool, footerText: Bool)
            /// Unreadable CSV: reading stops.
            case fatal(Diagnostic)
        }

        /// The bytes the ranges point into.
        var bytes: [UInt8]
        var items: [Item] = []
        var times: [Int32] = []
        /// Lines read (the next chunk starts this many lines further).
        var lines = 0
    }

    /// Parses the records `reader` has left.
    func parse(_ reader: inout CSVReader) -> Chunk {
        var chunk = Chunk(bytes: reader.bytes)
        var fields: [CSVReader.Field] = []
        fields.reserveCapacity(headerCount)
        var scratch = [Int32](repeating: RecordTable.missing, count: stageCount)
        // A second reference to the bytes, so that the reader may advance while they are read.
        let bytes = reader.bytes
        bytes.withUnsafeBufferPointer { b in
            while true {
                let more: Bool
                do throws(CSVReader.Failure) {
                    more = try reader.next(into: &fields)
                } catch {
                    let (source, column) = reader.location(of: error.offset)
                    chunk.items.append(
                        .fatal(
                            Diagnostic(
                                code: error.code, message: error.message, file: ctx.file, line: error.line,
                                column: column, sourceLine: source)))
                    return
                }
                if !more { break }
                if fields.count != headerCount {
                    let last = fields[min(fields.count, headerCount) - 1]
                    let (source, column) = reader.location(of: last.end)
                    let single = isSalesforce && fields.count == 1
                    chunk.items.append(
                        .ragged(
                            Diagnostic(
                                code: .fieldCount,
                                message: "expected \(headerCount) fields as in the header, found \(fields.count)",
                                file: ctx.file, line: fields[0].line, column: column, sourceLine: source),
                            singleField: single,
                            footerText: single && RecordsReadState.isSalesforceFooter(reader.trimmedText(fields[0]))))
                    continue
                }
                var record = parse(b, reader, fields, &scratch)
                if !record.failed {
                    record.times = chunk.times.count
                    chunk.times.append(contentsOf: scratch)
                }
                chunk.items.append(.record(record))
            }
        }
        chunk.lines = reader.nextLine - 1
        return chunk
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
        _ record: inout Record
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
        record.failed = true
        let (text, col) = reader.location(of: f.start)
        record.errors.append(
            Diagnostic(
                code: .invalidValue, message: message, file: ctx.file, line: f.line, column: col, sourceLine: text))
        return RecordTable.missing
    }

    private func parse(
        _ b: UnsafeBufferPointer<UInt8>, _ reader: CSVReader, _ fields: [CSVReader.Field], _ scratch: inout [Int32]
    ) -> Record {
        let line = fields[0].line
        let idField = fields[ctx.id]
        var record = Record(
            line: line, start: fields[0].start, id: trimmed(b, idField), team: range(b, fields, ctx.team),
            segment: range(b, fields, ctx.segment), source: range(b, fields, ctx.leadSource),
            created: RecordTable.missing)
        if record.id.0 == record.id.1 {
            let (text, column) = reader.location(of: idField.start)
            record.failed = true
            record.errors.append(
                Diagnostic(
                    code: .missingField, message: "'\(ctx.columns.headers[ctx.id])' is empty; every record needs an id",
                    file: ctx.file, line: line, column: column, sourceLine: text))
            return record
        }
        let created = time(b, reader, fields, ctx.created, &record)
        record.created = created
        for s in 0..<stageCount { scratch[s] = RecordTable.missing }
        if ctx.isLeads {
            for s in 0..<stageCount {
                for c in ctx.stages[s] {
                    let t = time(b, reader, fields, c, &record)
                    if t != RecordTable.missing {
                        scratch[s] = t
                        break
                    }
                }
            }
            if scratch[0] == RecordTable.missing { scratch[0] = created }
            record.firstTouch = time(b, reader, fields, ctx.firstTouch, &record)
        } else {
            record.close = time(b, reader, fields, ctx.close, &record)
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
                case .missing: record.amount = 0
                case .invalid(let why):
                    record.failed = true
                    let (text, column) = reader.location(of: fields[c].start)
                    record.errors.append(
                        Diagnostic(
                            code: .invalidNumber,
                            message:
                                "'\(ctx.columns.headers[c])': \(why), found '\(reader.trimmedText(fields[c]).prefix(40))'",
                            file: ctx.file, line: line, column: column, sourceLine: text))
                }
            }
            (record.outcome, record.unknownOutcome) = RecordsReadState.dealOutcome(reader, fields, ctx.columns)
        }
        if record.failed { return record }
        if ctx.isLeads {
            let (skipped, outOfOrder) = RecordsReadState.checkStages(scratch, ctx.measured)
            record.skipped = skipped
            record.outOfOrder = outOfOrder
            if ctx.firstTouch >= 0, record.firstTouch == RecordTable.missing, let s = speedStage,
                scratch[s] != RecordTable.missing
            {
                record.untouched = true
            }
            var latest = max(record.firstTouch, created)
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
