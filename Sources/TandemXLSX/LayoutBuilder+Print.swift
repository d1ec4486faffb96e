import Tandem

/// Sizes on the sheet, as Excel and LibreOffice lay them out with the default font (Calibri 11,
/// whose digit "0" is 7 pixels wide): column widths in characters, row heights in points, charts
/// in pixels.
enum SheetGeometry {
    static let defaultColumnWidth = 8.43
    static let defaultRowHeight = 15.0
    /// libxlsxwriter's chart size before scaling.
    static let chartPixels = (width: 480.0, height: 288.0)

    /// A column's width in pixels for a width in characters.
    static func pixels(columnWidth width: Double) -> Double {
        width < 1 ? (width * 12).rounded() : (width * 7).rounded() + 5
    }

    /// A row's height in pixels for a height in points.
    static func pixels(rowHeight points: Double) -> Double { (points * 4 / 3).rounded() }

    /// How wide a character is, in widths of the digit "0" of the same font (Calibri's metrics,
    /// rounded up so an estimate errs towards one line too many, never one too few).
    static func width(of c: Character) -> Double {
        guard let scalar = c.unicodeScalars.first else { return 0 }
        switch scalar.value {
        case 0x20, 0x2E, 0x2C, 0x3A, 0x3B, 0x27, 0x21, 0x7C, 0x69, 0x6A, 0x6C, 0x49, 0x28, 0x29, 0x5B, 0x5D, 0x2F,
            0x2D:
            return 0.5  // space . , : ; ' ! | i j l I ( ) [ ] / -
        case 0x66, 0x72, 0x74:
            return 0.7  // f r t
        case 0x6D, 0x77, 0x4D, 0x57, 0x40, 0x25:
            return 1.6  // m w M W @ %
        case 0x41...0x5A:
            return 1.2
        case 0x2190...0x21FF, 0x2022, 0x2013, 0x2014, 0x2212, 0x2264, 0x2265:
            return 1.0  // arrows, bullet, dashes, minus, ≤ ≥
        default:
            if scalar.properties.generalCategory == .nonspacingMark { return 0 }
            return scalar.value >= 0x1100 && scalar.properties.isEmojiPresentation ? 2 : 1
        }
    }

    static func width(of text: some StringProtocol) -> Double {
        if let ascii = asciiWidth(of: text.utf8) { return ascii }
        return text.reduce(0) { $0 + width(of: $1) }
    }

    /// Each printable ASCII character's ``width(of:)-(Character)``, by its code.
    fileprivate static let asciiWidths: [Double] = (0..<128).map { width(of: Character(Unicode.Scalar(UInt8($0)))) }

    /// The width of printable ASCII text, byte by byte (each byte is one character there, the
    /// same sum as by characters, without breaking graphemes); `nil` for any other text.
    private static func asciiWidth(of bytes: some Sequence<UInt8>) -> Double? {
        var sum = 0.0
        for b in bytes {
            guard b >= 0x20, b < 0x7F else { return nil }
            sum += asciiWidths[Int(b)]
        }
        return sum
    }

    /// The lines `text` wraps to in a column `columnWidth` characters wide, breaking at spaces the
    /// way a spreadsheet does (a word longer than the line breaks inside itself).
    static func lines(_ text: String, columnWidth: Double, fontSize: Double = 11) -> Int {
        var counter = LineCounter(columnWidth: columnWidth, fontSize: fontSize)
        if counter.countASCII(text) { return counter.total }
        counter = LineCounter(columnWidth: columnWidth, fontSize: fontSize)
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                counter.place(width(of: word))
            }
            counter.endParagraph()
        }
        return counter.total
    }

    /// The one rule of how words fill lines, for text read by characters or, when it is plain
    /// ASCII, by bytes.
    private struct LineCounter {
        let scale: Double
        /// The line's width less the cell's padding.
        let room: Double
        /// A space between words, scaled.
        let spaceWidth: Double
        private var used = 0.0
        private var lines = 1
        private var count = 0

        init(columnWidth: Double, fontSize: Double) {
            scale = fontSize / 11
            room = max(1, columnWidth - 0.6)
            spaceWidth = SheetGeometry.width(of: " " as Character) * scale
        }

        /// The lines counted, at least one.
        var total: Int { max(1, count) }

        /// Places a word `width` characters wide (unscaled) after the words so far.
        mutating func place(_ width: Double) {
            var w = width * scale
            let space = used > 0 ? spaceWidth : 0
            if used + space + w <= room {
                used += space + w
                return
            }
            if used > 0 { lines += 1 }
            while w > room {
                lines += 1
                w -= room
            }
            used = w
        }

        /// Ends a paragraph (a line feed, or the end of the text).
        mutating func endParagraph() {
            count += lines
            used = 0
            lines = 1
        }

        /// Counts `text` byte by byte when it is printable ASCII and line feeds (each byte one
        /// character there, so the same count without breaking graphemes); `false`, with the
        /// count left unfinished, for any other text.
        mutating func countASCII(_ text: String) -> Bool {
            var word = 0.0
            for b in text.utf8 {
                switch b {
                case 0x0A:
                    place(word)
                    endParagraph()
                    word = 0
                case 0x20:
                    place(word)
                    word = 0
                case 0x21..<0x7F:
                    word += SheetGeometry.asciiWidths[Int(b)]
                default:
                    return false
                }
            }
            place(word)
            endParagraph()
            return true
        }
    }

    /// `text` broken into the lines it wraps to (see ``lines(_:columnWidth:fontSize:)``), for text
    /// written one line a row.
    static func wrap(_ text: String, columnWidth: Double, fontSize: Double = 11) -> [String] {
        var out: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if line.isEmpty || lines(candidate, columnWidth: columnWidth, fontSize: fontSize) == 1 {
                line = candidate
            } else {
                out.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty { out.append(line) }
        return out
    }

    /// The height in points a row needs for `lines` lines of text at `fontSize`.
    static func height(lines: Int, fontSize: Double = 11) -> Double {
        let line = (defaultRowHeight * fontSize / 11).rounded(.up)
        return max(defaultRowHeight, Double(lines) * line + (lines > 1 ? 2 : 0))
    }
}

extension Sheet {
    /// A column's width in characters as this sheet sets it.
    func width(ofColumn column: Int) -> Double {
        columns.last { $0.first <= column && column <= $0.last }?.width ?? SheetGeometry.defaultColumnWidth
    }

    /// The cell below and right of a chart's bottom-right corner: the rows and columns it covers.
    func extent(of chart: Chart) -> (lastRow: Int, lastColumn: Int) {
        var x = SheetGeometry.chartPixels.width * chart.widthScale
        var column = chart.column
        while true {
            x -= SheetGeometry.pixels(columnWidth: width(ofColumn: column))
            if x <= 0 { break }
            column += 1
        }
        var y = SheetGeometry.chartPixels.height * chart.heightScale
        var row = chart.row
        while true {
            y -= SheetGeometry.pixels(rowHeight: rowHeights[row] ?? SheetGeometry.defaultRowHeight)
            if y <= 0 { break }
            row += 1
        }
        return (row, column)
    }

    /// Gives every row with wrapped text the height its longest cell needs at its column's width,
    /// and rows with a larger font the height of their line (never lowering a height already set).
    mutating func fitWrappedRows() {
        var needed: [Int: Double] = [:]
        for cell in cells {
            guard let format = cell.format, case .text(let text) = cell.value else { continue }
            let size = format.fontSize ?? 11
            // Unwrapped text takes one line, taller for a larger font (a title).
            guard format.wrap || size > 11 else { continue }
            let lines =
                format.wrap ? SheetGeometry.lines(text, columnWidth: width(ofColumn: cell.column), fontSize: size) : 1
            let height = SheetGeometry.height(lines: lines, fontSize: size)
            if height > SheetGeometry.defaultRowHeight { needed[cell.row] = max(needed[cell.row] ?? 0, height) }
        }
        for (row, height) in needed where height > (rowHeights[row] ?? 0) { rowHeights[row] = height }
    }

    /// The rectangle holding every cell and chart.
    var usedRange: CellRange {
        var lastRow = dataRows.map { $0.count } ?? 0
        var lastColumn = 0
        for cell in cells {
            lastRow = max(lastRow, cell.row)
            lastColumn = max(lastColumn, cell.column)
        }
        for table in tables {
            lastRow = max(lastRow, table.range.lastRow)
            lastColumn = max(lastColumn, table.range.lastColumn)
        }
        for chart in charts {
            let end = extent(of: chart)
            lastRow = max(lastRow, end.lastRow)
            lastColumn = max(lastColumn, end.lastColumn)
        }
        return CellRange(firstRow: 0, firstColumn: 0, lastRow: lastRow, lastColumn: lastColumn)
    }
}

extension LayoutBuilder {
    /// The footer every sheet prints: plan and period on the left, the sheet in the middle, the
    /// page on the right. Names are cleaned like cell text (no characters XML forbids, `_xHHHH_`
    /// escaped) and `&` is doubled so Excel prints it rather than reading a code.
    func footer(for sheet: String) -> String {
        // Excel allows 255 bytes of footer: names are cut, by whole characters, to leave room.
        func escaped(_ text: String, limit: Int) -> String {
            var short = ExcelLimits.cleanText(text).replacingOccurrences(of: "&", with: "&&")
            if short.utf8.count > limit {
                while short.utf8.count > limit - 3 { short.removeLast() }
                if short.hasSuffix("&") && !short.hasSuffix("&&") { short.removeLast() }
                short += "…"
            }
            return short
        }
        return "&L\(escaped(review.plan.name, limit: 120)) — \(escaped(review.period.label, limit: 40))"
            + "&C\(escaped(sheet, limit: 64))&RPage &P of &N"
    }

    /// The page margins of the printed sheets in inches (left, right, top, bottom): narrower than
    /// Excel's default (0.7, 0.7, 0.75, 0.75), so a page wide prints larger.
    static let printMargins = [0.4, 0.4, 0.5, 0.6]

    /// Sizes the wrapped rows, puts every cell at the top of its row (numbers beside wrapped text
    /// read as belonging to their row, not the one below) and sets the page up: landscape, one page
    /// wide, the header rows repeated, the footer, the print area over everything the sheet holds
    /// unless the sheet names its own, narrow margins.
    func finished(
        _ sheet: Sheet, headerRows: ClosedRange<Int>?, pagesTall: Int = 0, margins: [Double]? = printMargins
    )
        -> Sheet
    {
        var sheet = sheet
        // Text right of a number starts a little in, so "4,166" and "on track" do not run together.
        // Cells by row and column in one integer: no array made per cell.
        func key(_ row: Int, _ column: Int) -> Int { row << 20 | column }
        var numbers = Set<Int>()
        for cell in sheet.cells {
            if case .number = cell.value { numbers.insert(key(cell.row, cell.column)) }
        }
        for i in sheet.cells.indices {
            let cell = sheet.cells[i]
            var format = cell.format ?? .plain
            format.verticalTop = true
            if case .text = cell.value, format.fill == nil, !format.alignRight,
                cell.column > 0, numbers.contains(key(cell.row, cell.column - 1))
            {
                format.indent = max(format.indent, 1)
            }
            if format != cell.format { sheet.cells[i].format = format }
        }
        sheet.fitWrappedRows()
        sheet.page = PageSetup(
            landscape: true, pagesWide: 1, pagesTall: pagesTall, repeatRows: headerRows,
            footer: footer(for: sheet.name), printArea: sheet.printArea ?? sheet.usedRange, margins: margins)
        return sheet
    }
}
