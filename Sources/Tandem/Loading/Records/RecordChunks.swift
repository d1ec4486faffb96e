import Foundation

/// Reads an export in chunks of whole CSV records, as validated UTF-8, whatever its declared
/// encoding: memory stays bounded by the chunk size however large the file.
struct RecordChunks {
    struct Failure: Error {
        var message: String
        var line: Int
        var column: Int?
        var code: Diagnostic.Code
        /// Decoding failures: where the offending character would be in the decoded output.
        var offset: Int?
    }

    let encoding: RecordEncoding
    var chunkSize = 8 << 20

    /// Calls `body` with each chunk (complete records, UTF-8, BOM removed) and the 1-based line
    /// its first byte is on.
    func read(
        _ url: URL, _ body: (_ chunk: [UInt8], _ firstLine: Int) throws(InputError) -> Int,
        settle: () throws(InputError) -> [Diagnostic] = { [] }
    ) throws(InputError) {
        let path = url.relativePath
        let handle: FileHandle
        do {
            let attributes = try inputAttributes(url)
            let type = attributes[.type] as? FileAttributeType
            if type == .typeDirectory {
                throw InputError([
                    Diagnostic(code: .unreadable, message: "records file is a directory, expected a file", file: path)
                ])
            }
            // A device (/dev/zero), pipe or socket could be endless: refused at once, as actuals are.
            if type != .typeRegular {
                throw InputError([
                    Diagnostic(
                        code: .unreadable,
                        message:
                            "records file is not a regular file (a device, pipe or socket?); only regular files and folders of them are read",
                        file: path)
                ])
            }
            handle = try FileHandle(forReadingFrom: url)
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError([
                Diagnostic(code: .unreadable, message: "cannot read records: \(describeFileError(error))", file: path)
            ])
        }
        defer { try? handle.close() }
        let size = chunkSize
        try read(
            path: path,
            next: { () throws(InputError) -> Data? in
                do {
                    return try handle.read(upToCount: size)
                } catch {
                    throw InputError([
                        Diagnostic(
                            code: .unreadable, message: "cannot read records: \(describeFileError(error))", file: path)
                    ])
                }
            }, body, settle: settle)
    }

    /// Reads bytes held in memory, named `path` in messages.
    func read(
        bytes: [UInt8], path: String, _ body: (_ chunk: [UInt8], _ firstLine: Int) throws(InputError) -> Int,
        settle: () throws(InputError) -> [Diagnostic] = { [] }
    ) throws(InputError) {
        var offset = 0
        let size = chunkSize
        try read(
            path: path,
            next: { () throws(InputError) -> Data? in
                guard offset < bytes.count else { return nil }
                let end = min(bytes.count, offset + size)
                defer { offset = end }
                return Data(bytes[offset..<end])
            }, body, settle: settle)
    }

    /// `settle`, called before a failure of the bytes is thrown: the reader finishes what it was
    /// given and returns the errors found so far, which the failure follows.
    ///
    /// Reading, decoding, validating and cutting the next chunk runs on another thread while
    /// `body` works on this one (a two-stage pipeline): the serial scans of a large export
    /// overlap its parsing instead of leaving a core idle between chunks.
    private func read(
        path: String, next: @escaping () throws(InputError) -> Data?,
        _ body: (_ chunk: [UInt8], _ firstLine: Int) throws(InputError) -> Int,
        settle: () throws(InputError) -> [Diagnostic]
    ) throws(InputError) {
        let producer = ChunkProducer(encoding: encoding, next: next)
        var line = 1
        /// Fails with `f` at `at` in the producer's buffer: the complete records before it
        /// are read first, as smaller chunks would have read them, so that whatever the chunk
        /// size the same problems are found (the header's first). `f.line` counts from the
        /// buffer's start.
        func fail(_ f: Failure, at: Int) throws(InputError) -> Never {
            let diagnostic = Diagnostic(
                code: f.code, message: f.message, file: path, line: line + f.line, column: f.column)
            let pending = producer.pending
            let cut = pending[..<min(at, pending.count)].withUnsafeBufferPointer {
                RecordChunks.recordEnd($0, firstAfter: nil) ?? 0
            }
            if cut > 0 { _ = try body(Array(pending[..<cut]), line) }
            throw InputError(try settle() + [diagnostic])
        }
        var step = producer.step()
        let group = DispatchGroup()
        while true {
            switch step {
            case .error(let error): throw error
            case .failure(let f, let at): try fail(f, at: at)
            case .chunk(let chunk, let atEnd):
                if atEnd {
                    if !chunk.isEmpty { line += try body(chunk, line) }
                    return
                }
                // The next chunk is prepared meanwhile; its failure waits for this chunk.
                DispatchQueue.global().async(group: group) { producer.prepare() }
                defer { group.wait() }
                line += try body(chunk, line)
                group.wait()
                step = producer.prepared!
            }
        }
    }

    /// A record may not be longer than this (the actuals reader's cap).
    static let maxRecordBytes = 16 << 20

    /// Where the unfinished record starting at `from` goes wrong: the quote left open (the last
    /// one that opens a quoted field), else the record's start; and what to call it.
    static func openQuote(_ b: [UInt8], from: Int) -> (Int, String) {
        var inQuotes = false
        var opened: Int?
        for i in from..<b.count where b[i] == 0x22 {
            inQuotes.toggle()
            if inQuotes { opened = i }
        }
        if inQuotes, let opened { return (opened, "a quote") }
        return (from, "a line without a line break")
    }

    /// With `firstAfter` `nil`, the end (after the line break) of the last line break outside
    /// quotes in `b`, or `nil`; else the end of the first such line break at or after `firstAfter`.
    /// A line break is a line feed, or a carriage return not followed by one.
    /// Quotes count from the start of `b`; eight bytes are looked at a time.
    static func recordEnd(_ b: UnsafeBufferPointer<UInt8>, firstAfter: Int?) -> Int? {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        /// 0x80 in each byte of `x` that is zero, exactly.
        @inline(__always) func zeroBytes(_ x: UInt64) -> UInt64 { ~(((x & low7) &+ low7) | x | low7) }
        let quotes: UInt64 = 0x2222_2222_2222_2222
        let feeds: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
        let returns: UInt64 = 0x0D0D_0D0D_0D0D_0D0D
        let after = firstAfter ?? Int.max
        var inQuotes = false
        var last: Int?
        var i = 0
        let n = b.count
        while i < n {
            if i + 8 <= n {
                let word = UInt64(littleEndian: UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self))
                // Words with a quote or a carriage return are read byte by byte.
                if zeroBytes(word ^ quotes) | zeroBytes(word ^ returns) == 0 {
                    if !inQuotes {
                        var lf = zeroBytes(word ^ feeds)
                        if firstAfter == nil {
                            if lf != 0 { last = i + (63 - lf.leadingZeroBitCount) / 8 + 1 }
                        } else {
                            while lf != 0 {
                                let k = i + lf.trailingZeroBitCount / 8
                                if k >= after { return k + 1 }
                                lf &= lf - 1
                            }
                        }
                    }
                    i += 8
                    continue
                }
            }
            let end = min(n, i + 8)
            while i < end {
                let c = b[i]
                if c == 0x22 {
                    inQuotes.toggle()
                } else if c == 0x0A || c == 0x0D, !inQuotes {
                    // A carriage return alone ends a record too (old Mac files); one followed
                    // by a line feed is ended by the line feed, and one at the very end of the
                    // buffer is not known yet.
                    if c == 0x0A || (i + 1 < n && b[i + 1] != 0x0A) {
                        if firstAfter == nil {
                            last = i + 1
                        } else if i >= after {
                            return i + 1
                        }
                    }
                }
                i += 1
            }
        }
        return firstAfter == nil ? last : nil
    }

    /// The offset of the first byte that is not valid UTF-8 at or after `from`, if any; a
    /// sequence cut off at the end counts only when `final`.
    static func invalidUTF8(_ bytes: [UInt8], from: Int, final: Bool) -> Int? {
        bytes.withUnsafeBufferPointer { b in
            var i = from
            // Back up to a sequence start.
            while i > 0, i < b.count, b[i] & 0xC0 == 0x80 { i -= 1 }
            let n = b.count
            while i < n {
                // Eight ASCII bytes at a time.
                if i + 8 <= n {
                    let word = UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 == 0 {
                        i += 8
                        continue
                    }
                }
                let c = b[i]
                if c < 0x80 {
                    i += 1
                    continue
                }
                let length: Int
                let minimum: UInt32
                if c & 0xE0 == 0xC0 {
                    (length, minimum) = (2, 0x80)
                } else if c & 0xF0 == 0xE0 {
                    (length, minimum) = (3, 0x800)
                } else if c & 0xF8 == 0xF0 {
                    (length, minimum) = (4, 0x10000)
                } else {
                    return i
                }
                if i + length > n { return final ? i : nil }
                var scalar = UInt32(c) & (0x7F >> length)
                for k in 1..<length {
                    let d = b[i + k]
                    if d & 0xC0 != 0x80 { return i }
                    scalar = scalar << 6 | UInt32(d & 0x3F)
                }
                if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return i }
                i += length
            }
            return nil
        }
    }
}

/// Turns UTF-16 (with BOM) or Windows-1252 into UTF-8; passes UTF-8 through.
/// The first stage of ``RecordChunks``' pipeline: reads raw bytes, decodes them to UTF-8,
/// validates them and cuts off the complete records, one chunk per step. Its failures carry the
/// line counted from the start of its buffer, which the caller offsets by the lines before.
private final class ChunkProducer: @unchecked Sendable {
    enum Step {
        /// Complete records (all that is left when `atEnd`).
        case chunk([UInt8], atEnd: Bool)
        /// A failure at `at` in ``pending``.
        case failure(RecordChunks.Failure, at: Int)
        /// Reading failed.
        case error(InputError)
    }

    private var decoder: Transcoder
    private let encoding: RecordEncoding
    private let next: () throws(InputError) -> Data?
    private var first = true
    /// The decoded bytes not yet handed out: the unfinished record, or a failure's context.
    private(set) var pending: [UInt8] = []
    /// The step ``prepare()`` made, for the thread that waited for it.
    private(set) var prepared: Step?

    init(encoding: RecordEncoding, next: @escaping () throws(InputError) -> Data?) {
        self.encoding = encoding
        self.next = next
        decoder = Transcoder(encoding: encoding)
    }

    func prepare() { prepared = step() }

    func step() -> Step {
        while true {
            let raw: Data?
            do {
                raw = try next()
            } catch {
                return .error(error)
            }
            let atEnd = raw?.isEmpty ?? true
            let start = pending.count
            do throws(RecordChunks.Failure) {
                if let raw, !raw.isEmpty {
                    try decoder.append(raw, to: &pending, first: first)
                }
                if atEnd { try decoder.finish(at: pending.count) }
            } catch {
                // The failure's offset is where its character would be in the decoded text
                // (the decoder appended everything before it): its line and column there.
                let at = min(error.offset ?? pending.count, pending.count)
                let column = sourceLocation(in: pending, at: at).column
                return .failure(
                    RecordChunks.Failure(
                        message: error.message, line: Self.newlines(pending, 0, at), column: column, code: error.code),
                    at: at)
            }
            if first {
                if encoding == .utf8, pending.starts(with: [0xEF, 0xBB, 0xBF]) { pending.removeFirst(3) }
                first = false
            }
            if encoding == .utf8, let bad = RecordChunks.invalidUTF8(pending, from: max(0, start - 3), final: atEnd) {
                let column = sourceLocation(in: pending, at: bad).column
                return .failure(
                    RecordChunks.Failure(
                        message: "invalid UTF-8 byte 0x\(String(pending[bad], radix: 16, uppercase: true)); "
                            + "declare the source's 'encoding:' (utf-16 or windows-1252) if it is not UTF-8",
                        line: Self.newlines(pending, 0, bad), column: column, code: .unreadable), at: bad)
            }
            let cut =
                atEnd
                ? pending.count
                : pending.withUnsafeBufferPointer {
                    RecordChunks.recordEnd($0, firstAfter: nil) ?? 0
                }
            // One record may not run past the cap (an unterminated quote would otherwise hold the
            // rest of the file in memory), as in the actuals reader.
            if pending.count - cut > RecordChunks.maxRecordBytes {
                let (offset, what) = RecordChunks.openQuote(pending, from: cut)
                let column = sourceLocation(in: pending, at: offset).column
                return .failure(
                    RecordChunks.Failure(
                        message:
                            "a record runs past \(RecordChunks.maxRecordBytes >> 20) MB; is \(what) left open here?",
                        line: Self.newlines(pending, 0, offset), column: column, code: .tooLarge), at: cut)
            }
            if cut > 0 || atEnd {
                // The chunk takes the buffer; the unfinished record after it is copied out.
                var chunk = pending
                pending = Array(chunk[cut...])
                chunk.removeSubrange(cut...)
                return .chunk(chunk, atEnd: atEnd)
            }
        }
    }

    /// The line breaks in `b[from..<to]`, counted as the CSV reader counts lines: a line feed, a
    /// carriage return and line feed, or a carriage return alone are one each.
    static func newlines(_ b: [UInt8], _ from: Int, _ to: Int) -> Int {
        var n = 0
        let end = min(to, b.count)
        var i = from
        while i < end {
            let c = b[i]
            if c == 0x0A || (c == 0x0D && !(i + 1 < b.count && b[i + 1] == 0x0A)) { n += 1 }
            i += 1
        }
        return n
    }
}

private struct Transcoder {
    let encoding: RecordEncoding
    private var carry: [UInt8] = []
    private var bigEndian = false
    private var highSurrogate: UInt32?

    init(encoding: RecordEncoding) { self.encoding = encoding }

    mutating func append(_ input: Data, to out: inout [UInt8], first: Bool) throws(RecordChunks.Failure) {
        switch encoding {
        case .utf8:
            out.append(contentsOf: input)
        case .windows1252:
            out.reserveCapacity(out.count + input.count)
            for c in input {
                if c < 0x80 {
                    out.append(c)
                } else {
                    let scalar = windows1252[Int(c)]
                    guard scalar != 0 else {
                        throw RecordChunks.Failure(
                            message: "byte 0x\(String(c, radix: 16, uppercase: true)) is undefined in Windows-1252",
                            line: 0, code: .unreadable, offset: out.count)
                    }
                    appendUTF8(scalar, &out)
                }
            }
        case .utf16:
            var bytes = carry + [UInt8](input)
            carry = []
            var i = 0
            if first {
                if bytes.starts(with: [0xFF, 0xFE]) {
                    i = 2
                } else if bytes.starts(with: [0xFE, 0xFF]) {
                    bigEndian = true
                    i = 2
                } else {
                    throw RecordChunks.Failure(
                        message: "UTF-16 needs a byte-order mark (FF FE or FE FF) at the start", line: 1,
                        code: .unreadable, offset: out.count)
                }
            }
            out.reserveCapacity(out.count + bytes.count / 2)
            while i + 1 < bytes.count {
                let unit =
                    bigEndian
                    ? UInt32(bytes[i]) << 8 | UInt32(bytes[i + 1]) : UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i])
                i += 2
                if let high = highSurrogate {
                    guard (0xDC00...0xDFFF).contains(unit) else { throw surrogateFailure(at: out.count) }
                    appendUTF8(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00), &out)
                    highSurrogate = nil
                } else if (0xD800...0xDBFF).contains(unit) {
                    highSurrogate = unit
                } else if (0xDC00...0xDFFF).contains(unit) {
                    throw surrogateFailure(at: out.count)
                } else {
                    appendUTF8(unit, &out)
                }
            }
            if i < bytes.count { carry = [bytes[i]] }
            bytes = []
        }
    }

    /// `end`: the decoded length, where a character cut off at the end would be.
    func finish(at end: Int) throws(RecordChunks.Failure) {
        if !carry.isEmpty || highSurrogate != nil {
            throw RecordChunks.Failure(
                message: "the UTF-16 text ends in the middle of a character", line: 0, code: .unreadable, offset: end)
        }
    }

    private func surrogateFailure(at offset: Int) -> RecordChunks.Failure {
        RecordChunks.Failure(
            message: "invalid UTF-16: an unpaired surrogate", line: 0, code: .unreadable, offset: offset)
    }
}

private func appendUTF8(_ scalar: UInt32, _ out: inout [UInt8]) {
    switch scalar {
    case 0..<0x80: out.append(UInt8(scalar))
    case 0x80..<0x800:
        out.append(0xC0 | UInt8(scalar >> 6))
        out.append(0x80 | UInt8(scalar & 0x3F))
    case 0x800..<0x10000:
        out.append(0xE0 | UInt8(scalar >> 12))
        out.append(0x80 | UInt8(scalar >> 6 & 0x3F))
        out.append(0x80 | UInt8(scalar & 0x3F))
    default:
        out.append(0xF0 | UInt8(scalar >> 18))
        out.append(0x80 | UInt8(scalar >> 12 & 0x3F))
        out.append(0x80 | UInt8(scalar >> 6 & 0x3F))
        out.append(0x80 | UInt8(scalar & 0x3F))
    }
}

/// Windows-1252 to Unicode; 0 marks the five undefined bytes.
private let windows1252: [UInt32] = (0..<256).map { b -> UInt32 in
    let high: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E,
        0x0178,
    ]
    return (0x80..<0xA0).contains(b) ? high[b - 0x80] : UInt32(b)
}
