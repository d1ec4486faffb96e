import Foundation

/// Renders a ``Review`` as JSON: pretty-printed, keys sorted, the same bytes for the same review.
///
/// ```swift
/// let data = try JSONExporter().render(review)
/// try JSONExporter().write(review, to: URL(fileURLWithPath: "tandem-2026-11.json"))
/// ```
/// The flat `data` rows are written by hand in the same layout `JSONEncoder` uses, so a review
/// with a million rows streams to disk instead of being encoded in memory.
public struct JSONExporter: Sendable {
    /// An exporter (it has no options).
    public init() {}

    /// The review as UTF-8 JSON, ending with a newline.
    /// - Throws: `EncodingError` only if a number is not finite, which a computed review never has.
    public func render(_ review: Review) throws -> Data {
        var out = Data()
        try produce(review) { out.append(contentsOf: $0) }
        return out
    }

    /// Writes the JSON to `url` atomically: streamed in chunks into a temporary file beside it,
    /// then renamed over it, so a failure (a full disk, `ulimit -f`) leaves the earlier file as it
    /// was. An existing file keeps its permissions; a read-only one is refused.
    /// - Throws: ``OutputError`` naming `url` and the reason.
    public func write(_ review: Review, to url: URL) throws(OutputError) {
        try AtomicFile.write(to: url) { temporary in try writeDirectly(review, to: temporary) }
    }

    /// Writes the JSON at `url` itself, in chunks, without the temporary file (the caller stages).
    /// - Throws: the file system's error.
    package func writeDirectly(_ review: Review, to url: URL) throws {
        var writer = try ChunkedWriter(url: url)
        try produce(review) { try writer.append($0) }
        try writer.close()
    }

    private static let emptyData = Array("\"data\" : [\n\n  ]".utf8)

    private func produce(_ review: Review, _ emit: (ArraySlice<UInt8>) throws -> Void) throws {
        var shell = review
        shell.data = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let encoded = Array(try encoder.encode(shell))
        guard !review.data.isEmpty, let at = JSONExporter.find(JSONExporter.emptyData, in: encoded) else {
            try emit(encoded[...])
            try emit([0x0A][...])
            return
        }
        try emit(encoded[..<at])
        var out: [UInt8] = Array("\"data\" : [\n".utf8)
        out.reserveCapacity(8192)
        for (i, row) in review.data.enumerated() {
            JSONExporter.append(row, to: &out, last: i == review.data.count - 1)
            if out.count >= 8000 {
                try emit(out[...])
                out.removeAll(keepingCapacity: true)
            }
        }
        out.append(contentsOf: "  ]".utf8)
        try emit(out[...])
        try emit(encoded[(at + JSONExporter.emptyData.count)...])
        try emit([0x0A][...])
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var i = 0
        while i <= haystack.count - needle.count {
            if haystack[i] == needle[0] && haystack[i..<i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// Each column's key as `JSONEncoder` prints it at this depth, first in a row and after
    /// another: made once.
    static let keyBytes: [(first: [UInt8], next: [UInt8])] = DataColumn.jsonOrder.map { column in
        (Array("      \"\(column.jsonKey)\" : ".utf8), Array(",\n      \"\(column.jsonKey)\" : ".utf8))
    }

    /// One data row as `JSONEncoder` prints it at this depth: sorted keys, absent when nil.
    static func append(_ row: DataRow, to out: inout [UInt8], last: Bool) {
        out.append(contentsOf: rowStart)
        var first = true
        func key(_ k: Int) {
            out.append(contentsOf: first ? keyBytes[k].first : keyBytes[k].next)
            first = false
        }
        for (k, column) in DataColumn.jsonOrder.enumerated() {
            switch column.field(of: row) {
            case .date(let period):
                key(k)
                appendString(period.description, to: &out)
            case .text(let value):
                guard let value else { continue }
                key(k)
                appendString(value, to: &out)
            case .number(let value):
                guard let value else { continue }
                key(k)
                CSVExporter.appendPlainNumber(value, to: &out)
            }
        }
        out.append(contentsOf: last ? lastRowEnd : rowEnd)
    }

    static let rowStart = Array("    {\n".utf8)
    static let rowEnd = Array("\n    },\n".utf8)
    static let lastRowEnd = Array("\n    }\n".utf8)

    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        // Most text needs no escape: copied at once.
        if withUTF8Bytes(s, { $0.allSatisfy { $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C } }) {
            appendUTF8(s, to: &out)
            out.append(0x22)
            return
        }
        for b in s.utf8 {
            switch b {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: out.append(contentsOf: [0x5C, 0x72])
            case 0x09: out.append(contentsOf: [0x5C, 0x74])
            case 0x08: out.append(contentsOf: [0x5C, 0x62])
            case 0x0C: out.append(contentsOf: [0x5C, 0x66])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            default: out.append(b)
            }
        }
        out.append(0x22)
    }
}
