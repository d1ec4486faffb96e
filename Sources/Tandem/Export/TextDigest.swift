/// Renders a ``Review`` as the plain-text digest: the agenda of the monthly sales-marketing
/// meeting, at most ``DigestOptions/width`` columns, no control codes.
///
/// ```swift
/// let text = TextDigest().render(review)
/// ```
public struct TextDigest: Sendable {
    /// Symbols, width and list lengths.
    public var options: DigestOptions

    /// A digest renderer with `options`.
    public init(options: DigestOptions = DigestOptions()) {
        self.options = options
    }

    /// The plain-text digest of `review`, ending in a line feed.
    public func render(_ review: Review) -> String {
        var doc = DigestDocument(review: review, options: options).printable()
        if options.ascii { doc = doc.mapText(asciiFolded) }
        let width = options.width
        var out: [String] = []
        out += wrap(doc.title, width: width)
        out.append(String(repeating: options.ascii ? "=" : "═", count: min(width, DisplayWidth.of(doc.title))))
        out += wrap(doc.subtitle, width: width)
        for section in doc.sections {
            out.append("")
            out.append(section.title.uppercased())
            out.append(String(repeating: options.ascii ? "-" : "─", count: DisplayWidth.of(section.title)))
            for (i, block) in section.blocks.enumerated() {
                if i > 0 { out.append("") }
                switch block {
                case .paragraph(let text):
                    out += wrap(text, width: width)
                case .table(let table):
                    out += render(table, width: width)
                case .list(let items, let numbered):
                    for (n, item) in items.enumerated() {
                        let bullet = numbered ? "\(n + 1). " : (options.ascii ? "* " : "• ")
                        let indent = String(repeating: " ", count: bullet.count)
                        out += wrap(item.title, width: width, first: bullet, rest: indent)
                        for line in item.lines { out += wrap(line, width: width, first: indent, rest: indent + "  ") }
                        if numbered && n < items.count - 1 { out.append("") }
                    }
                }
            }
        }
        return out.map { line in
            var l = line
            while l.hasSuffix(" ") { l.removeLast() }
            return l
        }.joined(separator: "\n") + "\n"
    }

    /// The text with the typographic symbols the digest uses spelled in ASCII.
    func asciiFolded(_ text: String) -> String {
        let map: [Character: String] = [
            "—": "-", "–": "-", "−": "-", "→": "->", "≥": ">=", "≤": "<=", "×": "x", "…": "...", "±": "+/-",
            "·": ".", "’": "'", "‘": "'", "“": "\"", "”": "\"", "•": "*", "◀": "<", "÷": "/", "▲": "!",
        ]
        var out = ""
        for c in text { if let r = map[c] { out += r } else { out.append(c) } }
        return out
    }

    /// Lays out a table within `width`: while it is too wide, the widest left-aligned column
    /// narrows and its cells wrap.
    func render(_ table: DigestDocument.Table, width: Int) -> [String] {
        let columns = table.headers.count
        var widths = (0..<columns).map { c in
            ([table.headers[c]] + table.rows.map { $0[c] }).map { DisplayWidth.of($0) }.max() ?? 0
        }
        let gaps = 2 * (columns - 1)
        while widths.reduce(0, +) + gaps > width {
            let candidates = (0..<columns).filter { table.alignments[$0] == .left && widths[$0] > 10 }
            guard let widest = candidates.max(by: { widths[$0] < widths[$1] }) else { break }
            let excess = widths.reduce(0, +) + gaps - width
            let others = candidates.filter { $0 != widest }.map { widths[$0] }.max() ?? 10
            widths[widest] -= min(excess, max(1, widths[widest] - max(10, others)))
        }
        func line(_ cells: [String]) -> [String] {
            let wrapped = (0..<columns).map { c in
                DisplayWidth.of(cells[c]) > widths[c] ? wrap(cells[c], width: widths[c]) : [cells[c]]
            }
            let height = wrapped.map(\.count).max() ?? 1
            return (0..<height).map { k in
                (0..<columns).map { c in
                    pad(k < wrapped[c].count ? wrapped[c][k] : "", widths[c], table.alignments[c])
                }.joined(separator: "  ")
            }
        }
        var out = line(table.headers)
        out.append(widths.map { String(repeating: options.ascii ? "-" : "─", count: $0) }.joined(separator: "  "))
        for row in table.rows { out += line(row) }
        return out
    }

    func pad(_ text: String, _ width: Int, _ alignment: DigestDocument.Alignment) -> String {
        let fill = String(repeating: " ", count: max(0, width - DisplayWidth.of(text)))
        return alignment == .left ? text + fill : fill + text
    }
}

/// Wraps text at spaces to `width` display columns; words wider than a line are cut. Linear in the
/// length of the text.
func wrap(_ text: String, width: Int, first: String = "", rest: String = "") -> [String] {
    var lines: [String] = []
    var current = first
    var used = DisplayWidth.of(first)
    let restWidth = DisplayWidth.of(rest)
    var empty = true
    for piece in text.split(separator: " ", omittingEmptySubsequences: true) {
        var word = Substring(piece)
        var w = DisplayWidth.of(word)
        if !empty {
            if used + 1 + w <= width {
                current += " " + word
                used += 1 + w
                continue
            }
            lines.append(current)
            current = rest
            used = restWidth
            empty = true
        }
        // A word wider than the line is cut; each cut walks only the piece it takes, so a word of
        // any length costs time in proportion to its length.
        while used + w > width && width > used {
            let (head, headWidth, tail) = DisplayWidth.split(word, columns: width - used)
            lines.append(current + head)
            current = rest
            used = restWidth
            word = tail
            w -= headWidth
        }
        if word.isEmpty { continue }
        current += word
        used += w
        empty = false
    }
    if !empty || lines.isEmpty { lines.append(current) }
    return lines
}
