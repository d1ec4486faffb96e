/// Renders a ``Review`` as the digest in Markdown: the same content as ``TextDigest``, as
/// headings, tables and lists that render in a wiki or chat tool.
public struct MarkdownDigest: Sendable {
    public var options: DigestOptions

    public init(options: DigestOptions = DigestOptions()) {
        self.options = options
    }

    public func render(_ review: Review) -> String {
        let doc = DigestDocument(review: review, options: options)
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
        var out = ""
        for c in text {
            if "\\`*_[]<>#|".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    func cell(_ text: String) -> String { text.isEmpty ? " " : escape(text) }
}
