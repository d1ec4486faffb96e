import Foundation

/// Actuals from JSON.
extension ObservationSink {
    /// Reads `{"tandem": 1, "observations": [...]}` or a bare list of observations, streaming:
    /// `feed` gives the input a chunk at a time (`nil` at the end), and only the observation being
    /// read (and the rest of its chunk) is held in memory.
    func readJSON(file: String, size: Int, feed: () throws(InputError) -> [UInt8]?) {
        var reader = JSONReader(bytes: [], final: false)
        // The first chunk's share only: a large file that fails early reserves nothing more.
        reserve(observations.count + min(size, ObservationSink.chunkBytes) / 60)
        var ended = false
        var columnBase = 0
        func characters(_ bytes: ArraySlice<UInt8>) -> Int { bytes.reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) } }
        /// Appends the next chunk; `false` at the end, on a read error or past the record limit.
        func fill(_ reader: inout JSONReader) -> Bool {
            guard !reader.final, !ended else { return false }
            guard
                let chunk = nextChunk(
                    pending: reader.pending, runningPast: "a value", leftOpen: "a quote or bracket", file: file,
                    line: reader.line, sourceLocation(in: window, at: reader.offset), feed: feed)
            else {
                ended = true
                return false
            }
            // Columns count from the line's start, which may be in a dropped part.
            let dropped = reader.offset
            if let newline = reader.bytes[..<dropped].lastIndex(of: 0x0A) {
                columnBase = characters(reader.bytes[(newline + 1)..<dropped])
            } else {
                columnBase += characters(reader.bytes[..<dropped])
            }
            window = []  // one owner, so dropping the consumed bytes does not copy
            reader.append(chunk ?? [], final: chunk == nil)
            window = reader.bytes
            return true
        }
        /// Reads on until the value at the reading position is whole; `false` when it cannot be.
        func whole(_ reader: inout JSONReader) -> Bool {
            while !reader.hasCompleteValue() {
                guard fill(&reader) else { return !ended }
            }
            return true
        }
        /// Skips space, then reads on until 64 KB (or the rest of the file) are in memory.
        func topUp(_ reader: inout JSONReader) {
            reader.skipSpace()
            while reader.pending < 1 << 16, fill(&reader) { reader.skipSpace() }
        }
        func origin(_ p: JSONReader.Position) -> Origin {
            var (source, column) = sourceLocation(in: window, at: p.offset)
            if columnBase > 0, !window[..<min(p.offset, window.count)].contains(0x0A) {
                // The line started before the window: count what was dropped, show no excerpt.
                column += columnBase
                source = nil
            }
            return Origin(file: file, line: p.line, column: column, source: source)
        }
        func report(_ code: Diagnostic.Code, _ message: String, at p: JSONReader.Position, field: String?) {
            let o = origin(p)
            error(code, message, file: file, line: o.line, column: o.column, field: field, source: o.source)
        }
        defer { window = [] }
        do throws(JSONReader.Failure) {
            topUp(&reader)
            switch reader.peek {
            case UInt8(ascii: "["):
                try readObservations(&reader, file: file, whole: whole, report: report, origin: origin)
            case UInt8(ascii: "{"):
                let start = origin(reader.position)  // now: the window moves on
                var keys = Set<String>()
                var sawObservations = false
                try reader.object(each: topUp) { (reader: inout JSONReader, key, at) throws(JSONReader.Failure) in
                    // The value whole in memory (the list of observations streams by itself).
                    if key != "observations" {
                        guard whole(&reader) else { return }
                    }
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
                        if case .number(let r) = version,
                            reader.bytes[r].elementsEqual(Array(String(Plan.schemaVersion).utf8))
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
                        try readObservations(&reader, file: file, whole: whole, report: report, origin: origin)
                        topUp(&reader)
                    default:
                        report(
                            .unknownField,
                            "unknown field '\(key)'\(suggestion(key, among: ["observations", "tandem"]))",
                            at: at, field: key)
                        try reader.skipValue()
                    }
                }
                if !sawObservations {
                    error(
                        .missingField, "missing required field 'observations'", file: file, line: start.line,
                        column: start.column, field: "observations", source: start.source)
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
            if ended { return }
            reader.skipSpace()
            while reader.atEnd, fill(&reader) { reader.skipSpace() }
            if !reader.atEnd { throw reader.fail("unexpected \(reader.found()) after the end of the JSON value") }
        } catch {
            // A read error or an overlong value is reported already; what follows from it is not news.
            guard !ended else { return }
            report(
                .syntax, "invalid JSON: \(error.message)",
                at: JSONReader.Position(offset: error.offset, line: error.line), field: nil)
        }
    }

    static let observationFields = ["period", "metric", "value", "team", "segment"]

    func readObservations(
        _ reader: inout JSONReader, file: String, whole: (inout JSONReader) -> Bool,
        report: (Diagnostic.Code, String, JSONReader.Position, String?) -> Void, origin: (JSONReader.Position) -> Origin
    ) throws(JSONReader.Failure) {
        try reader.expect(UInt8(ascii: "["), "'['")
        if reader.isEmpty(close: UInt8(ascii: "]")) { return }
        repeat {
            if stopped { return }
            guard whole(&reader) else { return }
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
            let parsed: ParsedNumber
            switch vv {
            case .null: parsed = .missing
            case .number(let range):
                var rules = metricRules[metric]
                rules.currency = nil
                rules.percent = false
                parsed = numbers.parse(reader.bytes, range.lowerBound, range.upperBound, rules)
            case .string(let s):
                parsed = numbers.parse(s, metricRules[metric])
            case .bool: parsed = .invalid("expected a number")
            }
            switch parsed {
            case .missing: continue
            case .value(let v):
                add(
                    period: period, metric: metric, team: team, segment: segmentNumber(segment), value: v, file: file,
                    line: vp.line,
                    origin(vp))
            case .invalid(let why):
                report(
                    .invalidNumber, "\(why) in 'value' (metric '\(metricNames[metric])'), found \(describe(vv))", vp,
                    "value")
            }
        } while try reader.next(close: UInt8(ascii: "]"), what: "an observation")
    }

    func isNull(_ scalar: JSONReader.Scalar) -> Bool {
        if case .null = scalar { return true }
        return false
    }

    func describe(_ scalar: JSONReader.Scalar) -> String {
        if case .string(let s) = scalar { return "'\(s.prefix(40))'" }
        return scalar.kind
    }
}
