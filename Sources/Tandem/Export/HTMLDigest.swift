/// Renders a ``Review`` as a self-contained HTML page for mail: the digest's content in the
/// digest's order (built from the same document as ``TextDigest`` and ``MarkdownDigest``), laid out
/// the way mail clients render reliably.
///
/// - Tables for layout, every style inline (Outlook renders with Word's engine: no flexbox, no
///   `<style>` rules it can be trusted with), system fonts, at most 600 px wide and fluid below, so
///   it reads on a 320 px phone.
/// - No scripts, no external resources, no images: the trend sparklines are drawn as small bar
///   charts of table cells and blocks, which every client shows, where images would be blocked
///   (remote ones by default, `data:` URIs by Gmail and Outlook).
/// - Status is shown by its words and by colour together (a coloured badge holding the word),
///   never by colour alone.
/// - Byte-reproducible: the same review gives the same bytes.
///
/// ``DigestOptions/maxItems`` caps lists as in the text digest; ``DigestOptions/width`` and
/// ``DigestOptions/ascii`` do not apply (HTML wraps itself and is UTF-8).
///
/// ```swift
/// let html = HTMLDigest().render(review)
/// ```
public struct HTMLDigest: Sendable {
    /// List lengths (width and ASCII do not apply to HTML).
    public var options: DigestOptions

    /// An HTML renderer with `options`.
    public init(options: DigestOptions = DigestOptions()) {
        self.options = options
    }

    /// The HTML page of `review`, ending in a line feed.
    public func render(_ review: Review) -> String {
        var unicode = options
        unicode.ascii = false
        let doc = DigestDocument(review: review, options: unicode).printable(cut: true)
        var out = HTMLWriter()
        out.line("<!DOCTYPE html>")
        out.line("<html lang=\"en\">")
        out.line("<head>")
        out.line("<meta charset=\"utf-8\">")
        out.line("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        out.line("<meta name=\"color-scheme\" content=\"light\">")
        out.line("<meta name=\"format-detection\" content=\"telephone=no, date=no, address=no\">")
        out.line("<title>\(escape(doc.title))</title>")
        out.line("</head>")
        out.line("<body style=\"margin:0;padding:0;background:\(Palette.page);\">")
        // The inbox preview: the headline, hidden in the message itself.
        if let preview = doc.sections.first(where: { $0.title == "Headline" })?.blocks.first,
            case .paragraph(let text) = preview
        {
            out.line(
                "<div style=\"display:none;max-height:0;overflow:hidden;mso-hide:all;\">\(escape(text))</div>")
        }
        out.line(
            "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"background:\(Palette.page);\"><tr><td align=\"center\" style=\"padding:12px 4px;\">"
        )
        // Outlook for Windows ignores max-width: a fixed 600 px table for it alone.
        out.line(
            "<!--[if mso]><table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr><td><![endif]-->"
        )
        out.line(
            "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"max-width:600px;background:#fff;border:1px solid \(Palette.rule);font-family:\(Self.fonts);font-size:14px;line-height:1.45;color:\(Palette.text);\"><tr><td style=\"padding:16px 14px;word-break:break-word;overflow-wrap:anywhere;\">"
        )
        out.line(
            "<h1 style=\"margin:0 0 6px;font-size:20px;line-height:1.3;color:\(Palette.heading);\">\(escape(doc.title))</h1>"
        )
        out.line("<p style=\"margin:0 0 4px;color:\(Palette.muted);\">\(subtitle(doc.subtitle))</p>")
        for section in doc.sections {
            out.line(
                "<h2 style=\"margin:22px 0 8px;padding:0 0 4px;border-bottom:2px solid \(Palette.rule);font-size:16px;line-height:1.3;color:\(Palette.heading);\">\(escape(section.title))</h2>"
            )
            let callout = section.title == "Headline"
            if callout {
                out.line(
                    "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr><td style=\"padding:10px 12px;background:\(Palette.callout);border-left:4px solid \(Palette.accent);\">"
                )
            }
            for (i, block) in section.blocks.enumerated() {
                let last = i == section.blocks.count - 1
                switch block {
                case .paragraph(let text):
                    let margin = last ? "0" : "0 0 10px"
                    out.line(
                        "<p style=\"margin:\(margin);\(callout && i == 0 ? "font-weight:bold;" : "")\">\(escape(text))</p>"
                    )
                case .table(let table):
                    render(table, into: &out, last: last)
                case .list(let items, let numbered):
                    render(items, numbered: numbered, into: &out, last: last)
                }
            }
            if callout { out.line("</td></tr></table>") }
        }
        out.line("</td></tr></table>")
        out.line("<!--[if mso]></td></tr></table><![endif]-->")
        out.line("</td></tr></table>")
        out.line("</body>")
        out.line("</html>")
        return out.text
    }

    // MARK: Blocks

    /// A table: rows striped rather than ruled (one attribute a row, not a border a cell, keeps the
    /// worst case under Gmail's clipping size), numbers right-aligned and kept on one line.
    func render(_ table: DigestDocument.Table, into out: inout HTMLWriter, last: Bool) {
        out.line(
            "<table width=\"100%\" cellpadding=\"3\" cellspacing=\"0\" border=\"0\" style=\"border-collapse:collapse;margin:\(last ? "0" : "0 0 12px");font-size:13px;line-height:1.35\">"
        )
        // A column without a header holds marks (`◀ bottleneck`): shown as a badge in the row's first
        // cell, so a phone's narrow table keeps its room for the numbers.
        let marks = Set(table.headers.indices.filter { $0 > 0 && table.headers[$0].isEmpty })
        var header = "<tr valign=\"bottom\">"
        for (c, title) in table.headers.enumerated() where !marks.contains(c) {
            let align = table.alignments[c] == .right ? "right" : "left"
            header +=
                "<th align=\"\(align)\" style=\"border-bottom:2px solid \(Palette.ruleStrong);font-size:12px;color:\(Palette.muted);word-break:normal;overflow-wrap:normal\">\(cellText(title))</th>"
        }
        out.line(header + "</tr>")
        for (r, row) in table.rows.enumerated() {
            // Text hangs from the top; beside a sparkline it stands on the bars' baseline.
            let valign = row.contains { sparkline($0) != nil } ? "bottom" : "top"
            var line = "<tr valign=\"\(valign)\"\(r % 2 == 0 ? " bgcolor=\"\(Palette.stripe)\"" : "")>"
            for (c, cell) in row.enumerated() where !marks.contains(c) {
                line += table.alignments[c] == .right ? "<td align=\"right\" nowrap>" : "<td>"
                if let bars = sparkline(cell) {
                    line += bars
                } else if let tone = Tone(status: cell) {
                    line += badge(cell, tone)
                } else {
                    line += cellText(cell)
                }
                if c == 0 {
                    for m in marks.sorted() where m < row.count && !row[m].isEmpty {
                        line += "<br>" + badge(row[m], row[m].contains("bottleneck") ? .bad : .neutral, small: true)
                    }
                }
                line += "</td>"
            }
            out.line(line + "</tr>")
        }
        out.line("</table>")
    }

    /// A list: one table, an item a row with its status colour as a side bar, a spacer row between.
    func render(_ items: [DigestDocument.Item], numbered: Bool, into out: inout HTMLWriter, last: Bool) {
        out.line(
            "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"margin:\(last ? "0" : "0 0 10px")\">"
        )
        for (n, item) in items.enumerated() {
            let (label, rest, tone) = Tone.split(item.title)
            if n > 0 { out.line("<tr><td height=\"8\"></td></tr>") }
            let side = tone ?? Tone(within: item.title) ?? Tone(priorityIn: item.lines) ?? .neutral
            out.line("<tr><td style=\"padding:2px 0 2px 10px;border-left:4px solid \(side.bar)\">")
            var title = numbered ? "\(n + 1). " : ""
            if let label, let tone {
                title = escape(title) + badge(label, tone) + " " + escape(rest)
            } else {
                title = escape(title + item.title)
            }
            out.line("<div style=\"font-weight:bold\">\(title)</div>")
            for line in item.lines {
                out.line("<div style=\"margin-top:2px\">\(labelled(line))</div>")
            }
            out.line("</td></tr>")
        }
        out.line("</table>")
    }

    // MARK: Pieces

    /// The subtitle with the overall status as a badge.
    func subtitle(_ text: String) -> String {
        guard let range = text.range(of: "Overall: ", options: .backwards) else { return escape(text) }
        var status = String(text[range.upperBound...])
        var tail = ""
        if status.hasSuffix(".") {
            status.removeLast()
            tail = "."
        }
        guard let tone = Tone(status: status) else { return escape(text) }
        return escape(String(text[..<range.upperBound])) + badge(status, tone) + escape(tail)
    }

    /// A line whose short lead-in (`Why:`, `Note:`) is set in bold.
    func labelled(_ line: String) -> String {
        guard let colon = line.range(of: ": "), line.distance(from: line.startIndex, to: colon.lowerBound) <= 12,
            !line[..<colon.lowerBound].contains(where: \.isNumber)
        else { return escape(line) }
        return "<b>\(escape(String(line[..<colon.upperBound])))</b>" + escape(String(line[colon.upperBound...]))
    }

    /// A status word on its colour: the word carries the meaning, the colour repeats it.
    /// A `small` one (a mark in a narrow table cell) may wrap at its spaces; others keep to one line.
    func badge(_ text: String, _ tone: Tone, small: Bool = false) -> String {
        let size = small ? "font-size:12px;" : ""
        let words = small ? escape(text) : escape(text).replacingOccurrences(of: " ", with: "&nbsp;")
        return "<b style=\"\(size)padding:0 4px;background:\(tone.background);color:\(tone.foreground)\">\(words)</b>"
    }

    /// A table cell's text: a number's unit kept on its line, a break allowed after an arrow.
    func cellText(_ text: String) -> String {
        var out = ""
        var previous: Character?
        let characters = Array(escape(text))
        for (i, c) in characters.enumerated() {
            let next = i + 1 < characters.count ? characters[i + 1] : nil
            let after = i + 2 < characters.count ? characters[i + 2] : nil
            if c == " ", previous?.isNumber == true, next == "%" || next == "h",
                !(after?.isLetter ?? false)
            {
                out += "&nbsp;"
            } else {
                out.append(c)
                if c == "→" { out += "<wbr>" }
            }
            previous = c
        }
        return out
    }

    /// A sparkline cell (`▃▅▇█ plan ▆`) drawn as bars, the plan as a blue bar labelled `plan`; `nil`
    /// for any other text.
    func sparkline(_ cell: String) -> String? {
        let parts = cell.components(separatedBy: " plan ")
        guard !cell.isEmpty, parts.count <= 2,
            parts[0].allSatisfy({ $0 == " " || Sparkline.blocks.contains($0) }),
            parts[0].contains(where: { Sparkline.blocks.contains($0) }),
            parts.count == 1 || (parts[1].count == 1 && Sparkline.blocks.contains(parts[1].first!))
        else { return nil }
        func level(_ c: Character) -> Int? { Sparkline.blocks.firstIndex(of: c).map { $0 + 1 } }
        var html =
            "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"1\" border=\"0\" height=\"26\"><tr valign=\"bottom\">"
        let glyphs = Array(parts[0])
        for (i, glyph) in glyphs.enumerated() {
            let color = i == glyphs.count - 1 ? Palette.barLast : Palette.bar
            let height = level(glyph).map { $0 * 3 } ?? 1
            let fill = level(glyph) == nil ? Palette.rule : color
            html +=
                "<td><div style=\"width:7px;height:\(height)px;background:\(fill)\"></div></td>"
        }
        if parts.count == 2, let plan = level(parts[1].first!) {
            html +=
                "<td nowrap style=\"padding:0 1px 0 4px;font-size:12px;line-height:12px;color:\(Palette.plan)\">plan</td><td><div style=\"width:7px;height:\(plan * 3)px;background:\(Palette.plan)\"></div></td>"
        }
        return html + "</tr></table>"
    }

    /// Text as HTML: `&`, `<`, `>` and `"` escaped.
    func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static let fonts = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif"
    /// The colours; text colours meet WCAG AA contrast on their backgrounds.
    enum Palette {
        static let page = "#f1f3f5"
        static let text = "#1f2933"
        static let heading = "#111827"
        static let muted = "#4b5563"
        static let rule = "#e5e7eb"
        static let ruleStrong = "#9ca3af"
        static let callout = "#eef2ff"
        static let accent = "#4338ca"
        static let bar = "#94a3b8"
        static let barLast = "#334155"
        static let plan = "#1d4ed8"
        static let stripe = "#f4f5f7"
    }

    /// What a status means for the reader: bad, needs care, good, or neither.
    enum Tone {
        case bad, warn, good, neutral

        var foreground: String {
            switch self {
            case .bad: "#fff"
            case .warn: "#713f12"
            case .good: "#fff"
            case .neutral: "#1f2933"
            }
        }

        var background: String {
            switch self {
            case .bad: "#b91c1c"
            case .warn: "#fcd34d"
            case .good: "#15803d"
            case .neutral: "#e5e7eb"
            }
        }

        /// The item's side bar.
        var bar: String {
            switch self {
            case .bad: "#b91c1c"
            case .warn: "#d97706"
            case .good: "#15803d"
            case .neutral: "#9ca3af"
            }
        }

        /// The tone of a status as the digest writes it (`off track`, `BREACHED`, `DUE`…), or `nil`
        /// for other text.
        init?(status text: String) {
            let word = text.lowercased()
            if word.contains("forecast short") {
                self = .warn
                return
            }
            switch word {
            case Status.offTrack.label, "breached", "overdue", "late", "new": self = .bad
            case Status.atRisk.label, "due", "deferred", "persisting": self = .warn
            case Status.onTrack.label, Status.achieved.label, "met", "done", "resolved": self = .good
            case Status.noData.label, "open", "declined": self = .neutral
            default: return nil
            }
        }

        /// The tone of a status the text states after a colon (`…: off track (key_result:kr-speed)`).
        init?(within text: String) {
            let lower = text.lowercased()
            for (phrase, tone) in [
                (": \(Status.offTrack.label)", Tone.bad), (": breached", .bad), (": \(Status.atRisk.label)", .warn),
            ] where lower.contains(phrase) {
                self = tone
                return
            }
            return nil
        }

        /// The tone of the first option's priority (`[P1; …]` needs care now, `[P2; …]` soon).
        init?(priorityIn lines: [String]) {
            guard let line = lines.first(where: { $0.contains("[P") }) else { return nil }
            if line.contains("[P1;") {
                self = .bad
            } else if line.contains("[P2;") {
                self = .warn
            } else {
                return nil
            }
        }

        /// An item title split at its status lead-in (`OFF TRACK: Keep …`): the status, the rest and
        /// its tone; the whole title and no tone when it does not start with a status.
        static func split(_ title: String) -> (label: String?, rest: String, tone: Tone?) {
            guard let colon = title.range(of: ": ") else { return (nil, title, nil) }
            let label = String(title[..<colon.lowerBound])
            guard label.count <= 30, let tone = Tone(status: label) else { return (nil, title, nil) }
            return (label, String(title[colon.upperBound...]), tone)
        }
    }
}

/// Collects the lines of an HTML page.
struct HTMLWriter {
    private(set) var text = ""

    mutating func line(_ line: String) {
        text += line
        text += "\n"
    }
}
