/// A strict, streaming JSON reader over bytes for actuals files: RFC 8259 syntax, duplicate keys
/// rejected, every position known, no document tree built, so a million observations read at CSV
/// speed.
struct JSONReader {
    struct Failure: Error {
        var message: String
        var offset: Int
        var line: Int
    }

    /// Where a token starts.
    struct Position {
        var offset: Int
        var line: Int
    }

    /// A value that is not an object or an array.
    enum Scalar {
        case string(String)
        /// The byte range of a number, checked against the JSON grammar.
        case number(Range<Int>)
        case bool(Bool)
        case null

        var kind: String {
            switch self {
            case .string: "text"
            case .number: "a number"
            case .bool: "true or false"
            case .null: "null"
            }
        }
    }

    /// A window of the input: everything from the value being read on.
    private(set) var bytes: [UInt8]
    private(set) var offset = 0
    private(set) var line = 1
    /// No more input comes after `bytes`.
    private(set) var final: Bool
    private var started: Bool
    private let maxDepth = 64

    /// A reader over the whole input (`final`), or over its first chunk, to be fed with
    /// ``append(_:final:)`` while ``hasCompleteValue()`` is false.
    init(bytes: [UInt8], final: Bool = true) {
        self.bytes = bytes
        self.final = final
        started = !bytes.isEmpty
        // The byte-order mark is dropped, not skipped, so columns never count it.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { self.bytes.removeFirst(3) }
    }

    /// Drops what was read and appends more input; earlier offsets become invalid.
    mutating func append(_ more: some Collection<UInt8>, final: Bool) {
        if offset > 0 {
            bytes.removeSubrange(0..<offset)
            offset = 0
        }
        bytes.append(contentsOf: more)
        // A byte-order mark is dropped once its three bytes are in (chunks may be tiny).
        if !started, bytes.count >= 3 || final {
            started = true
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        }
        self.final = final
    }

    /// Bytes kept from the reading position on.
    var pending: Int { bytes.count - offset }

    /// Whether the value at the reading position, and the byte after it, are in `bytes` (or the
    /// input is final): a quick scan of brackets and strings, so that a streamed file is never
    /// read past the end of its window. Malformed input counts as complete: the parser reports it.
    func hasCompleteValue() -> Bool {
        if final { return true }
        let b = bytes
        let n = b.count
        var i = offset
        func skipSpace() { while i < n, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 } }
        skipSpace()
        guard i < n else { return false }
        var depth = 0
        repeat {
            guard i < n else { return false }
            switch b[i] {
            case 0x7B, 0x5B:
                depth += 1
                i += 1
            case 0x7D, 0x5D:
                depth -= 1
                i += 1
                if depth < 0 { return true }
            case 0x22:
                i += 1
                while i < n, b[i] != 0x22 { i += b[i] == 0x5C ? 2 : 1 }
                guard i < n else { return false }
                i += 1
            default:
                let start = i
                while i < n, ![0x2C, 0x7D, 0x5D, 0x7B, 0x5B, 0x22, 0x20, 0x09, 0x0A, 0x0D].contains(b[i]) { i += 1 }
                if i == start { i += 1 }
            }
            if depth > 0 { continue }
        } while depth > 0
        skipSpace()
        return i < n
    }

    var position: Position { Position(offset: offset, line: line) }
    var atEnd: Bool { offset >= bytes.count }
    var peek: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    func fail(_ message: String, at position: Position? = nil) -> Failure {
        let p = position ?? self.position
        return Failure(message: message, offset: p.offset, line: p.line)
    }

    func found() -> String {
        guard let c = peek else { return "the end of the file" }
        if c < 0x80, let s = UnicodeScalar(c).properties.isWhitespace ? nil : String(UnicodeScalar(c)) {
            return "'\(s)'"
        }
        return "byte 0x\(String(c, radix: 16))"
    }

    mutating func skipSpace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0D: offset += 1
            case 0x0A:
                offset += 1
                line += 1
            default: return
            }
        }
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
        skipSpace()
        guard peek == byte else { throw fail("expected \(what), found \(found())") }
        offset += 1
    }

    /// After a member or element: `true` when another follows (a comma), `false` at `close`.
    mutating func next(close: UInt8, what: String) throws(Failure) -> Bool {
        skipSpace()
        if peek == 0x2C {
            offset += 1
            return true
        }
        if peek == close {
            offset += 1
            return false
        }
        throw fail("expected ',' or '\(String(UnicodeScalar(close)))' after \(what), found \(found())")
    }

    /// `true` when the container opened just before is empty (and consumes its closing byte).
    mutating func isEmpty(close: UInt8) -> Bool {
        skipSpace()
        if peek == close {
            offset += 1
            return true
        }
        return false
    }

    mutating func string() throws(Failure) -> String {
        skipSpace()
        guard peek == 0x22 else { throw fail("expected text in double quotes, found \(found())") }
        let start = position
        offset += 1
        var out: [UInt8] = []
        var plainStart = offset
        while true {
            guard offset < bytes.count else { throw fail("unterminated string (opened here)", at: start) }
            let c = bytes[offset]
            if c == 0x22 {
                out.append(contentsOf: bytes[plainStart..<offset])
                offset += 1
                break
            }
            if c < 0x20 { throw fail("control character in a string; escape it (\\n, \\t, \\u00XX)") }
            if c != 0x5C {
                offset += 1
                continue
            }
            out.append(contentsOf: bytes[plainStart..<offset])
            let escape = position
            offset += 1
            guard offset < bytes.count else { throw fail("unterminated string (opened here)", at: start) }
            let e = bytes[offset]
            offset += 1
            switch e {
            case 0x22, 0x5C, 0x2F: out.append(e)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    guard offset + 1 < bytes.count, bytes[offset] == 0x5C, bytes[offset + 1] == 0x75 else {
                        throw fail("a high surrogate \\u escape must be followed by a low one")
                    }
                    offset += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw fail("invalid low surrogate in a \\u escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw fail("a lone low surrogate in a \\u escape")
                }
                out.append(contentsOf: String(UnicodeScalar(scalar)!).utf8)
            default:
                throw fail("invalid escape '\\\(String(UnicodeScalar(e)))' in a string", at: escape)
            }
            plainStart = offset
        }
        guard let text = String(validating: out, as: UTF8.self) else {
            throw fail("invalid UTF-8 in a string", at: start)
        }
        return text
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw fail("expected four hex digits after \\u") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[offset]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw fail("expected four hex digits after \\u")
            }
            v = v << 4 | d
            offset += 1
        }
        return v
    }

    /// A string, number, true, false or null; objects and arrays are an error here.
    mutating func scalar(what: String) throws(Failure) -> Scalar {
        skipSpace()
        guard let c = peek else { throw fail("expected a value for \(what), found the end of the file") }
        switch c {
        case 0x22: return .string(try string())
        case 0x2D, 0x30...0x39: return .number(try number())
        case 0x74: try literal("true"); return .bool(true)
        case 0x66: try literal("false"); return .bool(false)
        case 0x6E: try literal("null"); return .null
        case 0x7B, 0x5B:
            throw fail("expected text or a number for \(what), found \(c == 0x7B ? "an object" : "a list")")
        default: throw fail("expected a value for \(what), found \(found())")
        }
    }

    private mutating func literal(_ word: String) throws(Failure) {
        let w = Array(word.utf8)
        guard offset + w.count <= bytes.count, bytes[offset..<offset + w.count].elementsEqual(w) else {
            throw fail("expected a value, found \(found())")
        }
        offset += w.count
    }

    /// A number by the JSON grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    private mutating func number() throws(Failure) -> Range<Int> {
        let start = offset
        func digits() -> Int {
            let s = offset
            while offset < bytes.count, bytes[offset] >= 0x30 && bytes[offset] <= 0x39 { offset += 1 }
            return offset - s
        }
        if peek == 0x2D { offset += 1 }
        if peek == 0x30 {
            offset += 1
        } else if digits() == 0 {
            throw fail("expected a number, found \(found())")
        }
        if peek == 0x2E {
            offset += 1
            guard digits() > 0 else { throw fail("expected digits after the decimal point") }
        }
        if peek == 0x65 || peek == 0x45 {
            offset += 1
            if peek == 0x2B || peek == 0x2D { offset += 1 }
            guard digits() > 0 else { throw fail("expected digits in the exponent") }
        }
        if let c = peek, (c >= 0x30 && c <= 0x39) || c == 0x2E || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) {
            throw fail(
                "invalid number (JSON numbers have no leading zeros, hex, or words)",
                at: Position(offset: start, line: line))
        }
        return start..<offset
    }

    /// Reads an object: for each member, `body` gets the reader placed at the value (which it must
    /// consume), the key and where the key stands.
    /// `each` runs before every member (a streamed reader reads on there).
    mutating func object(
        each: (inout JSONReader) -> Void = { _ in },
        _ body: (inout JSONReader, String, Position) throws(Failure) -> Void
    ) throws(Failure) {
        try expect(0x7B, "'{'")
        if isEmpty(close: 0x7D) { return }
        repeat {
            each(&self)
            skipSpace()
            let at = position
            let key = try string()
            try expect(0x3A, "':' after the key")
            try body(&self, key, at)
        } while try next(close: 0x7D, what: "a field")
    }

    /// Skips any value (for a field that is reported as unknown).
    mutating func skipValue(depth: Int = 0) throws(Failure) {
        skipSpace()
        guard depth < maxDepth else { throw fail("JSON nested deeper than \(maxDepth) levels") }
        switch peek {
        case 0x7B:
            try object { (reader: inout JSONReader, _, _) throws(Failure) in try reader.skipValue(depth: depth + 1) }
        case 0x5B:
            offset += 1
            if isEmpty(close: 0x5D) { return }
            repeat { try skipValue(depth: depth + 1) } while try next(close: 0x5D, what: "an element")
        default:
            _ = try scalar(what: "the field")
        }
    }
}
