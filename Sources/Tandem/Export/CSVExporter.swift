import Foundation

/// Renders a review's flat data as CSV: the columns of ``CSVExporter/columns``, RFC 4180
/// quoting, CRLF line ends, UTF-8 (optionally with a byte-order mark), ISO dates, plain numbers.
///
/// Text that a spreadsheet would read as a formula (starting with `=`, `+`, `-` or `@`, also
/// after leading white space or line breaks, or starting with a tab, carriage return or line feed)
/// is prefixed with `'`. NUL and the other C0 control characters from the inputs are removed
/// (tab, carriage return and line feed stay, quoted where needed).
public struct CSVExporter: Sendable {
    /// The columns, in order; the same as the workbook's Data table (``DataColumn``).
    public static let columns = DataColumn.allCases.map(\.name)

    /// Start the file with a UTF-8 byte-order mark (for older Excel versions).
    public var byteOrderMark: Bool

    /// An exporter; without a byte-order mark by default.
    public init(byteOrderMark: Bool = false) {
        self.byteOrderMark = byteOrderMark
    }

    /// The whole CSV file's bytes.
    public func render(_ review: Review) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(review.data.count * 80 + 128)
        header(&out)
        for row in review.data { append(row, to: &out) }
        return out
    }

    /// Writes the CSV to `url` atomically: streamed in chunks (for data too large to hold twice in
    /// memory) into a temporary file beside it, then renamed over it, so a failure leaves the
    /// earlier file as it was. An existing file keeps its permissions; a read-only one is refused.
    /// - Throws: ``OutputError`` naming `url` and the reason.
    public func write(_ review: Review, to url: URL) throws(OutputError) {
        try AtomicFile.write(to: url) { temporary in try writeDirectly(review, to: temporary) }
    }

    /// Writes the CSV at `url` itself, in chunks, without the temporary file (the caller stages).
    /// - Throws: the file system's error.
    package func writeDirectly(_ review: Review, to url: URL) throws {
        var writer = try ChunkedWriter(url: url)
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        header(&out)
        for row in review.data {
            append(row, to: &out)
            if out.count >= 4000 {
                try writer.append(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        try writer.append(out)
        try writer.close()
    }

    func header(_ out: inout [UInt8]) {
        if byteOrderMark { out.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
        out.append(contentsOf: CSVExporter.columns.joined(separator: ",").utf8)
        out.append(contentsOf: [0x0D, 0x0A])
    }

    func append(_ row: DataRow, to out: inout [UInt8]) {
        func text(_ s: String) {
            // Most cells are plain: no control, nothing to quote, no formula. One pass over the
            // bytes tells, and they are copied at once.
            let plain = withUTF8Bytes(s) { bytes in
                bytes.allSatisfy { $0 >= 0x20 && $0 != 0x2C && $0 != 0x22 }
                    && !(bytes.first.map { CSVExporter.formulaStarts[Int($0)] } ?? false)
            }
            if plain {
                appendUTF8(s, to: &out)
                return
            }
            var s = CSVExporter.withoutControls(s)
            if CSVExporter.looksLikeFormula(s) { s = "'" + s }
            if s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
                out.append(0x22)
                for b in s.utf8 {
                    if b == 0x22 { out.append(0x22) }
                    out.append(b)
                }
                out.append(0x22)
            } else {
                out.append(contentsOf: s.utf8)
            }
        }
        func number(_ v: Double?) {
            guard let v, v.isFinite else { return }
            CSVExporter.appendPlainNumber(v, to: &out)
        }
        for column in DataColumn.allCases {
            if column.rawValue > 0 { out.append(0x2C) }
            switch column.field(of: row) {
            case .date(let period): out.append(contentsOf: period.firstDay.utf8)
            case .text(let value): text(value ?? "")
            case .number(let value): number(value)
            }
        }
        out.append(contentsOf: [0x0D, 0x0A])
    }

    /// First bytes that may start a formula or white space before one (any non-ASCII byte too);
    /// ``looksLikeFormula(_:)`` decides those.
    static let formulaStarts: [Bool] = (0..<256).map { b in
        b >= 0x80 || [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20].contains(b)
    }

    /// `text` without NUL and the other C0 controls (tab, carriage return and line feed stay; they
    /// are quoted where they need to be).
    static func withoutControls(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(
            contentsOf: text.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        return String(scalars)
    }

    /// Whether a spreadsheet could read `text` as a formula: it starts with `=`, `+`, `-` or `@`,
    /// possibly after white space (spaces, tabs, line breaks, no-break spaces), or starts with a
    /// tab, carriage return or line feed.
    static func looksLikeFormula(_ text: String) -> Bool {
        // Almost every cell starts with a letter or digit: decided by its first byte.
        if let b = text.utf8.first, b < 0x80 {
            switch b {
            case 0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0A, 0x0D: return true  // = + - @, tab, CR, LF
            case 0x0B, 0x0C, 0x20: break  // other white space: look further
            default: return false
            }
        }
        if let first = text.unicodeScalars.first, first == "\t" || first == "\r" || first == "\n" { return true }
        for s in text.unicodeScalars {
            if s == "=" || s == "+" || s == "-" || s == "@" { return true }
            if s == "\t" || s == "\r" || s == "\n" || s.properties.isWhitespace { continue }
            return false
        }
        return false
    }

    /// A number as plain text: whole numbers without a decimal point, others in the shortest form
    /// that reads back to the same value.
    static func plainNumber(_ v: Double) -> String {
        var out: [UInt8] = []
        appendPlainNumber(v, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// ``plainNumber(_:)`` written straight into `out`: a whole number digit by digit, with no
    /// `String` made on the way (a flat export writes millions of them).
    static func appendPlainNumber(_ v: Double, to out: inout [UInt8]) {
        guard v == v.rounded(), abs(v) < 1e15 else {
            out.append(contentsOf: "\(v)".utf8)
            return
        }
        var n = Int64(v)
        if n < 0 {
            out.append(0x2D)
            n = -n
        }
        let start = out.count
        repeat {
            out.append(0x30 + UInt8(n % 10))
            n /= 10
        } while n > 0
        out[start...].reverse()
    }
}

/// Appends the UTF-8 bytes of `s` to `out` in one copy.
func appendUTF8(_ s: String, to out: inout [UInt8]) {
    withUTF8Bytes(s) { out.append(contentsOf: $0) }
}
