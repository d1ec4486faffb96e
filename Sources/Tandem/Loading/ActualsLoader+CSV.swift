import Foundation

/// Actuals from CSV, long or wide format.
extension ObservationSink {
    /// Reads CSV from `feed`, one chunk at a time (`nil` at the end), so memory stays bounded by
    /// the chunk size and the longest record; `size` (when known) sizes the tables up front.
    func readCSV(file: String, size: Int, feed: () throws(InputError) -> [UInt8]?) {
        // About one observation per 30 bytes, for the first chunk only: the whole file's share is
        // reserved once its density is known and its first chunk had no error (a 2 GB file that
        // fails on its first rows must not reserve gigabytes first).
        let before = observations.count
        reserve(before + min(size, ObservationSink.chunkBytes) / 30)
        var fed = 0
        let errorsBefore = errors.count
        var reader = CSVReader(bytes: [], delimiter: delimiter, final: false)
        var fields: [CSVReader.Field] = []
        // UTF-8 is checked ahead of the reader, chunk by chunk; the reader stops at a bad byte.
        var validated = 0
        var invalidAt: Int?
        var ended = false
        func refill() -> Bool {
            guard !reader.final, invalidAt == nil, !ended else { return false }
            guard
                let chunk = nextChunk(
                    pending: reader.pending, runningPast: "a record", leftOpen: "a quote", file: file,
                    line: reader.nextLine, reader.location(of: reader.position), feed: feed)
            else {
                ended = true
                return false
            }
            validated -= reader.position
            // The first chunks tell how many observations the file makes per byte (a wide file
            // makes many more than a long one): grow the tables once for the whole file.
            if fed > 0, size > fed {
                reserve(before + Int(Double(observations.count - before) * Double(size) / Double(fed) * 1.05))
            }
            fed += chunk?.count ?? 0
            reader.append(chunk ?? [], final: chunk == nil)
            let check = firstInvalidUTF8(reader.bytes, from: validated, to: reader.bytes.count, final: reader.final)
            validated = check.validEnd
            if let bad = check.invalid {
                invalidAt = bad
                reader.stop(at: bad)
            } else if check.validEnd < reader.bytes.count {
                // A sequence the next chunk completes (or proves invalid): the reader waits for it,
                // so a chunk edge never lets it read a byte the whole file would reject.
                reader.stop(at: check.validEnd)
            }
            return true
        }
        func nextRecord() throws(CSVReader.Failure) -> Bool {
            while true {
                if try reader.next(into: &fields) { return true }
                if !reader.needsMore { return false }
                if refill() { continue }
                if let bad = invalidAt, !ended {
                    ended = true
                    let start = reader.position
                    let line = reader.nextLine + reader.bytes[start..<bad].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                    let (source, column) = reader.location(of: bad)
                    error(
                        .unreadable, invalidUTF8Message(reader.bytes[bad]), file: file, line: line, column: column,
                        field: nil, source: source)
                }
                return false
            }
        }
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
            guard try nextRecord() else {
                guard !ended else { return }
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
            if metricColumns.isEmpty && errors.count == errorsBefore {
                error(
                    .missingField, "the header names no metric columns", file: file, line: 1, column: 1, field: nil,
                    source: reader.location(of: 0).source)
            }
        }
        guard errors.count == errorsBefore else { return }
        let count = header.count

        while !stopped {
            do {
                guard try nextRecord() else { break }
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
                let tf = fields[tc]
                if let known = knownName(tf, reader, in: teamPositions) {
                    team = Int32(known)
                } else {
                    guard case .ok(let t) = checkTeam(reader.trimmedText(tf), origin(tf), field: "team") else {
                        continue
                    }
                    team = t
                }
            }
            var segment: Int32 = -1
            if let sc = segmentColumn, errors.isEmpty {
                let sf = fields[sc]
                if sf.escaped {
                    segment = segmentNumber(reader.trimmedText(sf))
                } else {
                    let (s, e) = reader.trimmed(sf)
                    if s < e {
                        segment = reader.bytes.withUnsafeBufferPointer {
                            segments.intern(UnsafeBufferPointer(rebasing: $0[s..<e]))
                        }
                    }
                }
            }
            if isLong {
                let mf = fields[metricColumn]
                let metric: Int
                if let known = knownName(mf, reader, in: metricPositions), !derived[known] {
                    metric = known
                } else {
                    guard let m = checkMetric(reader.trimmedText(mf), origin(mf), field: "metric") else { continue }
                    metric = m
                }
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

    /// The position of a plain (unescaped) field's trimmed text among `names`, without making a
    /// `String`.
    func knownName(_ field: CSVReader.Field, _ reader: CSVReader, in names: NamePositions) -> Int? {
        guard !field.escaped else { return nil }
        let (s, e) = reader.trimmed(field)
        return reader.bytes.withUnsafeBufferPointer { names.position(of: UnsafeBufferPointer(rebasing: $0[s..<e])) }
    }

    func readValue(
        _ field: CSVReader.Field, _ reader: CSVReader, metric: Int, period: Period, team: Int32, segment: Int32,
        file: String,
        column: String
    ) {
        let unit = plan.metrics[metric].unit
        let rules = metricRules[metric]
        let parsed: ParsedNumber
        if field.escaped {
            let bytes = reader.unescaped(field)
            parsed = numbers.parse(bytes, 0, bytes.count, rules)
        } else {
            parsed = numbers.parse(reader.bytes, field.start, field.end, rules)
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
