/// A strict RFC 4180 reader over bytes.
///
/// Why our own: SwiftCSV (0.10) reads the whole file into a `String` and accepts ragged rows and
/// stray quotes; CSV.swift (2.5) streams but reports neither line nor column for a malformed
/// record. Tandem needs both strictness (field counts match the header, unterminated quotes are
/// errors) and exact locations in every message, at millions of rows a second, so it reads bytes
/// itself: one pass, no `String` per record, fields as ranges into the input.
struct CSVReader {
    /// One field: a byte range of the input (without surrounding quotes).
    struct Field {
        var start: Int
        var end: Int
        /// The field contained `""` escapes and must be unescaped before use.
        var escaped: Bool
        /// 1-based line of the field's first byte.
        var line: Int
    }

    struct Failure: Error {
        var message: String
        var offset: Int
        var line: Int
        var code: Diagnostic.Code
    }

    /// The bytes read so far and not yet dropped: a window of the input that starts at a record.
    private(set) var bytes: [UInt8]
    let delimiter: UInt8
    private(set) var position: Int
    private(set) var line = 1
    /// No more input will come after `bytes`.
    private(set) var final: Bool
    /// Set when ``next(into:)`` returned `false` because the record continues past `bytes`.
    private(set) var needsMore = false
    /// Where reading must stop (invalid input found there by the caller); `bytes.count` otherwise.
    private(set) var end: Int
    private var started: Bool
    /// A reader over part of a whole input: its `end` ends the input (a record ending in a lone
    /// carriage return right there is complete).
    private var partEnds = false

    /// A reader over the whole input (`final`), or over its first chunk, to be fed with
    /// ``append(_:final:)``.
    init(bytes: [UInt8], delimiter: UInt8, final: Bool = true) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.final = final
        started = !bytes.isEmpty
        position = 0
        // The byte-order mark is dropped, not skipped, so columns never count it.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { self.bytes.removeFirst(3) }
        end = self.bytes.count
    }

    /// A reader over `bytes[start..<end]` of a whole input (offsets count from the start of
    /// `bytes`): one part of a chunk that another reader reads the rest of.
    init(bytes: [UInt8], delimiter: UInt8, from start: Int, to end: Int) {
        self.bytes = bytes
        self.delimiter = delimiter
        final = true
        started = true
        position = start
        self.end = end
        partEnds = true
    }

    /// The 1-based line where the next record starts.
    var nextLine: Int { line }

    /// Drops the records read so far and appends more input; offsets of earlier fields become
    /// invalid. `final` when this was the last of it.
    mutating func append(_ more: some Collection<UInt8>, final: Bool) {
        if position > 0 {
            bytes.removeSubrange(0..<position)
            position = 0
        }
        bytes.append(contentsOf: more)
        // A byte-order mark is dropped once its three bytes are in (chunks may be tiny).
        if !started, bytes.count >= 3 || final {
            started = true
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        }
        self.final = final
        end = bytes.count
        needsMore = false
    }

    /// Makes the reader stop at `offset` as if the input ended there (without being final).
    mutating func stop(at offset: Int) {
        end = min(end, offset)
    }

    /// Bytes kept from the current record on, for the memory bound.
    var pending: Int { bytes.count - position }

    /// Reads the next non-blank record into `fields`; `false` at the end of the input, or when the
    /// record goes on past the bytes given so far (then ``needsMore`` is set and nothing is consumed).
    mutating func next(into fields: inout [Field]) throws(Failure) -> Bool {
        let bytes = self.bytes
        return try bytes.withUnsafeBufferPointer { (b) throws(Failure) -> Bool in try next(b, into: &fields) }
    }

    /// ``next(into:)`` over the bytes' storage: `b` must be the storage of ``bytes`` (read
    /// through another reference to the same array, so that no reference is counted per record).
    mutating func next(_ b: UnsafeBufferPointer<UInt8>, into fields: inout [Field]) throws(Failure) -> Bool {
        let n = end
        let quote = UInt8(ascii: "\"")
        let complete = final && (end == bytes.count || partEnds)
        var recordLine = line
        needsMore = false
        func more() -> Bool {
            line = recordLine
            needsMore = true
            return false
        }
        while true {
            fields.removeAll(keepingCapacity: true)
            if position >= n { return complete ? false : more() }
            // Skip blank lines.
            if b[position] == 0x0A || b[position] == 0x0D {
                if b[position] == 0x0D, position + 1 >= n, !complete { return more() }
                if b[position] == 0x0D, position + 1 < n, b[position + 1] == 0x0A { position += 1 }
                position += 1
                line += 1
                recordLine = line
                continue
            }
            var i = position
            while true {
                if i < n && b[i] == quote {
                    let open = i
                    let openLine = line
                    i += 1
                    let start = i
                    var escaped = false
                    while true {
                        guard i < n else {
                            if !complete { return more() }
                            throw Failure(
                                message: "unterminated quoted field (the quote opened here is never closed)",
                                offset: open, line: openLine, code: .unterminatedQuote)
                        }
                        let c = b[i]
                        if c == quote {
                            if i + 1 < n && b[i + 1] == quote {
                                escaped = true
                                i += 2
                                continue
                            }
                            break
                        }
                        if c == 0x0A || (c == 0x0D && !(i + 1 < n && b[i + 1] == 0x0A)) { line += 1 }
                        i += 1
                    }
                    fields.append(Field(start: start, end: i, escaped: escaped, line: openLine))
                    i += 1  // closing quote
                    if i >= n, !complete { return more() }
                    if i < n, b[i] != delimiter, b[i] != 0x0A, b[i] != 0x0D {
                        throw Failure(
                            message:
                                "unexpected text after a closing quote; quote the whole field and double inner quotes",
                            offset: i, line: line, code: .syntax)
                    }
                } else {
                    let start = i
                    while i < n {
                        let c = b[i]
                        if c == delimiter || c == 0x0A || c == 0x0D { break }
                        if c == quote {
                            throw Failure(
                                message:
                                    "a quote inside an unquoted field; quote the whole field and double inner quotes",
                                offset: i, line: line, code: .syntax)
                        }
                        i += 1
                    }
                    fields.append(Field(start: start, end: i, escaped: false, line: line))
                }
                if i >= n {
                    if !complete { return more() }
                    position = n
                    return true
                }
                let c = b[i]
                if c == delimiter {
                    i += 1
                    continue
                }
                // End of record.
                if c == 0x0D, i + 1 >= n, !complete { return more() }
                if c == 0x0D, i + 1 < n, b[i + 1] == 0x0A { i += 1 }
                position = i + 1
                line += 1
                return true
            }
        }
    }

    /// The field's text, unescaped.
    func text(_ field: Field) -> String {
        guard field.escaped else { return String(decoding: bytes[field.start..<field.end], as: UTF8.self) }
        return String(decoding: unescaped(field), as: UTF8.self)
    }

    /// The field's text without surrounding spaces and tabs.
    func trimmedText(_ field: Field) -> String {
        if field.escaped {
            return String(
                text(field).drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
        }
        let (s, e) = trimmed(field)
        return String(decoding: bytes[s..<e], as: UTF8.self)
    }

    /// The byte range of an unescaped field without surrounding spaces and tabs.
    func trimmed(_ field: Field) -> (start: Int, end: Int) {
        var s = field.start
        var e = field.end
        while s < e, bytes[s] == 0x20 || bytes[s] == 0x09 { s += 1 }
        while e > s, bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09 { e -= 1 }
        return (s, e)
    }

    func unescaped(_ field: Field) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(field.end - field.start)
        var i = field.start
        while i < field.end {
            out.append(bytes[i])
            i += bytes[i] == UInt8(ascii: "\"") ? 2 : 1
        }
        return out
    }

    /// The source line containing `offset`, and the 1-based column (in characters) of `offset`.
    func location(of offset: Int) -> (source: String?, column: Int) { sourceLocation(in: bytes, at: offset) }
}

/// The source line containing `offset` (`nil` when the line is too long to show), and the 1-based
/// column (in characters) of `offset`. Counts bytes, never copies a long line.
func sourceLocation(in bytes: [UInt8], at offset: Int) -> (source: String?, column: Int) {
    let offset = min(offset, bytes.count)
    var start = offset
    while start > 0, bytes[start - 1] != 0x0A, bytes[start - 1] != 0x0D { start -= 1 }
    var column = 1
    for i in start..<offset where bytes[i] & 0xC0 != 0x80 { column += 1 }
    var end = offset
    while end < bytes.count, end - start <= 300, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
    guard end - start <= 300 else { return (nil, column) }
    return (String(decoding: bytes[start..<end], as: UTF8.self), column)
}
