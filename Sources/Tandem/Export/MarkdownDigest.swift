/// Renders a ``Review`` as the digest in Markdown: the same content as ``TextDigest``, as
/// headings, tables and lists that render in a wiki or chat tool.
public struct MarkdownDigest: Sendable {
    /// Symbols, width and list lengths.
    public var options: DigestOptions

    /// A digest renderer with `options`.
    public init(options: DigestOptions = DigestOptions()) {
        self.options = options
    }

    /// The Markdown digest of `review`, ending in a line feed.
    public func render(_ review: Review) -> String {
        let doc = DigestDocument(review: review, options: options).printable()
        var out: [String] = ["# \(escape(doc.title))", "", escape(doc.subtitle)]
        for section in doc.sections {
            out += ["", "## \(escape(section.title))", ""]
            for (i, block) in section.blocks.enumerated() {
                if i > 0 { out.append("") }
                switch block {
                case .paragraph(let text):
                    out.append(escape(text))
                case .table(let table):
                    out.append("| " + table.headers.map(cell).joined(separator: " | ") + " |")
                    out.append("|" + table.alignments.map { $0 == .right ? " ---: |" : " --- |" }.joined())
                    for row in table.rows { out.append("| " + row.map(cell).joined(separator: " | ") + " |") }
                case .list(let items, let numbered):
                    for (n, item) in items.enumerated() {
                        let marker = numbered ? "\(n + 1)." : "-"
                        let indent = String(repeating: " ", count: marker.count + 1)
                        out.append("\(marker) **\(escape(item.title))**")
                        for line in item.lines { out.append("\(indent)- \(escape(line))") }
                    }
                }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Escapes characters Markdown would read as markup.
    func escape(_ text: String) -> String {
        // The markup characters are ASCII, and ASCII bytes never occur inside a longer UTF-8
        // sequence: escaping byte by byte is exact, and linear.
        func isMarkup(_ b: UInt8) -> Bool {
            switch b {
            case 0x5C, 0x60, 0x2A, 0x5F, 0x5B, 0x5D, 0x3C, 0x3E, 0x23, 0x7C: true
            default: false
            }
        }
        guard text.utf8.contains(where: isMarkup) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for b in text.utf8 {
            if isMarkup(b) { out.append(0x5C) }
            out.append(b)
        }
        return String(decoding: out, as: UTF8.self)
    }

    func cell(_ text: String) -> String { text.isEmpty ? " " : escape(text) }
}
