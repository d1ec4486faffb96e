import Foundation
import Tandem
import Testing

@testable import TandemXLSX

/// Page setup, print titles and row heights, read back from the sheet XML.
@Suite struct PrintLayoutTests {
    let review: Review
    let dir: URL

    init() throws {
        review = try Example.review()
        dir = try Example.temporaryDirectory()
    }

    func write(_ exporter: WorkbookExporter = WorkbookExporter(), review: Review? = nil) throws -> WorkbookFile {
        let url = dir.appendingPathComponent("print.xlsx")
        try exporter.write(review ?? self.review, to: url)
        return WorkbookFile(url: url)
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
            String(text[Range($0.range, in: text)!])
        }
    }

    /// Row number (1-based) → height in points, for rows with a custom height.
    static func rowHeights(_ xml: String) -> [Int: Double] {
        var out: [Int: Double] = [:]
        for row in matches(#"<row r="\d+"[^>]*ht="[0-9.]+"[^>]*>"#, in: xml) {
            let r = Int(matches(#"r="\d+""#, in: row)[0].dropFirst(3).dropLast())!
            let h = Double(matches(#"ht="[0-9.]+""#, in: row)[0].dropFirst(4).dropLast())!
            out[r] = h
        }
        return out
    }

    @Test func everySheetPrintsLandscapeOnePageWideWithFooterAndPrintArea() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = try write()
        let names = ["Summary", "Key Results", "Funnel", "SLA", "Adjustments", "Trends", "Data", "About"]
        let workbook = try book.part("xl/workbook.xml")
        for (i, name) in names.enumerated() {
            let xml = try book.part("xl/worksheets/sheet\(i + 1).xml")
            #expect(xml.contains(#"<pageSetUpPr fitToPage="1"/>"#), "\(name)")
            let setup = Self.matches("<pageSetup [^>]*/>", in: xml).first ?? ""
            #expect(setup.contains(#"orientation="landscape""#), "\(name): \(setup)")
            #expect(!setup.contains("fitToWidth"), "\(name): one page wide is the default, \(setup)")
            // Summary fits one page tall (Excel's default, so not written); the others run on.
            #expect(setup.contains(#"fitToHeight="0""#) == (i != 0), "\(name): \(setup)")
            let quoted = name.contains(" ") ? "'\(name)'" : name
            #expect(
                xml.contains(
                    "<oddFooter>&amp;LBrightwell FY2026 H2 shared plan — Nov 2026&amp;C\(name)&amp;RPage &amp;P of &amp;N</oddFooter>"
                ), "\(name)")
            #expect(workbook.contains(#"<definedName name="_xlnm.Print_Area" localSheetId="\#(i)">\#(quoted)!$A$1:"#))
        }
        // The Summary's print area takes in its charts: the last chart ends below the last cell.
        let area = Self.matches(#"localSheetId="0">Summary!\$A\$1:\$[A-Z]+\$\d+"#, in: workbook)[0]
        let lastRow = Int(area.split(separator: "$").last!)!
        let chartsEnd = SummaryChartTests.anchors(try book.part("xl/drawings/drawing1.xml")).map(\.lastRow).max()
        #expect(lastRow == (chartsEnd ?? 0) + 1)
        // Every sheet's margins are narrow (inches), so a page wide prints larger.
        for i in names.indices {
            let xml = try book.part("xl/worksheets/sheet\(i + 1).xml")
            #expect(xml.contains(#"<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.6""#), "\(names[i])")
        }
        // Key Results prints Objective to Reason (A–L) and Adjustments # to Priority (A–J): the
        // columns right of them are for the screen.
        #expect(workbook.contains(#"<definedName name="_xlnm.Print_Area" localSheetId="1">'Key Results'!$A$1:$L$12<"#))
        #expect(workbook.contains(#"<definedName name="_xlnm.Print_Area" localSheetId="4">Adjustments!$A$1:$J$"#))
        // Header rows repeat on every page of the tabular sheets, not on Summary or About.
        for (i, name) in names.enumerated() {
            let quoted = name.contains(" ") ? "'\(name)'" : name
            let titles = #"<definedName name="_xlnm.Print_Titles" localSheetId="\#(i)">\#(quoted)!$1:$1</definedName>"#
            #expect(workbook.contains(titles) == !["Summary", "About"].contains(name), "\(name)")
        }
    }

    @Test func ampersandsInNamesAreEscapedInTheFooter() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        var renamed = review
        renamed.plan.name = "R&D " + String(repeating: "é", count: 200)
        let builder = LayoutBuilder(review: renamed, metadata: WorkbookMetadata(), dataRowsPerSheet: 100)
        let footer = builder.footer(for: "Summary")
        #expect(footer.hasPrefix("&LR&&D éé"))
        #expect(footer.utf8.count <= 255)
        #expect(footer.hasSuffix("&CSummary&RPage &P of &N"))
        let xml = try write(review: renamed).part("xl/worksheets/sheet1.xml")
        #expect(xml.contains("<oddFooter>&amp;LR&amp;&amp;D é"))
    }

    /// Found by the hostile probe: the plan name reached every sheet's footer raw, so a control
    /// character or U+FFFE in it made each sheet's XML invalid.
    @Test func theFooterIsCleanedLikeCellText() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        var renamed = review
        renamed.plan.name = "Bright\u{01}well \u{FFFE}_x0041_ plan"
        let builder = LayoutBuilder(review: renamed, metadata: WorkbookMetadata(), dataRowsPerSheet: 100)
        #expect(builder.footer(for: "Summary").hasPrefix("&LBrightwell _x005F_x0041_ plan — "))
        let xml = try write(review: renamed).part("xl/worksheets/sheet1.xml")
        #expect(xml.contains("<oddFooter>&amp;LBrightwell _x005F_x0041_ plan — "))
        #expect(!xml.unicodeScalars.contains { $0.value == 0x01 || $0.value == 0xFFFE })
    }

    @Test(arguments: [
        ("short", 40.0, 1),
        ("one two three four five six seven eight nine ten", 20.0, 3),
        ("line one\nline two\nline three", 60.0, 3),
        (String(repeating: "x", count: 100), 30.0, 4),
    ])
    func wrappedTextLines(_ text: String, _ width: Double, _ lines: Int) {
        #expect(SheetGeometry.lines(text, columnWidth: width) == lines)
    }

    @Test func rowsWithLongRationalesAreTallEnoughForTheirText() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        var long = review
        let rationale = String(repeating: "MQL→SQL conversion fell below plan for the third month running. ", count: 8)
        long.adjustments[0].rationale = rationale
        for mode in [WorkbookMemoryMode.table, .constantMemory] {
            let xml = try write(WorkbookExporter(memory: mode), review: long).part("xl/worksheets/sheet5.xml")
            let heights = Self.rowHeights(xml)
            // 520 characters (a third of them narrow: spaces, i, l, t, punctuation) in a
            // 36-character column: fourteen lines of 15 points, and the 2 points of padding.
            let height = try #require(heights[2], "\(mode)")
            #expect(height == 14 * 15 + 2, "\(mode)")
        }
    }

    /// On paper a row reads as one line of the table: every cell of every sheet sits at the top of
    /// its row, numbers as well as wrapped text; text right of a number starts indented.
    @Test func everyCellIsTopAlignedAndTextBesideANumberIndented() throws {
        let layout = LayoutBuilder(review: review, metadata: WorkbookMetadata(), dataRowsPerSheet: 100).build()
        for sheet in layout.sheets {
            for cell in sheet.cells {
                #expect(cell.format?.verticalTop == true, "\(sheet.name) row \(cell.row + 1) column \(cell.column + 1)")
            }
        }
        let keyResults = try #require(layout.sheets.first { $0.name == "Key Results" })
        let status = try #require(keyResults.cells.first { $0.row == 1 && $0.column == 10 })
        #expect(status.value == .text(review.keyResults[0].statusLabel))
        #expect(status.format?.indent == 1)
        // The Reason column wraps, in a column the page has room for.
        let reason = try #require(keyResults.cells.first { $0.row == 1 && $0.column == 11 })
        #expect(reason.value == .text(review.keyResults[0].reason))
        #expect(reason.format?.wrap == true && keyResults.width(ofColumn: 11) == 36)
        // And in the file: the number format of Target carries the top alignment.
        let xml = try write().part("xl/styles.xml")
        #expect(xml.contains(#"<alignment vertical="top"/>"#))
        #expect(xml.contains(#"<alignment horizontal="left" vertical="top" indent="1"/>"#))
    }

    /// What prints fits the page at a legible scale: the printed columns of each meeting sheet
    /// are at most as wide as A4 landscape between the margins at 75 %, so LibreOffice's
    /// fit-to-width scale keeps 11-point text above 8 points (`Tests/consumers/check_print.py`
    /// measures the PDF).
    @Test func printedColumnsFitAFourLandscapeAtALegibleScale() throws {
        let layout = LayoutBuilder(review: review, metadata: WorkbookMetadata(), dataRowsPerSheet: 100).build()
        // 11.69 inches less the margins, at 96 pixels an inch, over 0.75.
        let page = (11.69 - 0.8) * 96 / 0.75
        for sheet in layout.sheets where !sheet.name.hasPrefix("Data") && sheet.name != "About" {
            let area = try #require(sheet.page?.printArea, "\(sheet.name)")
            let width = (area.firstColumn...area.lastColumn).reduce(0.0) {
                $0 + SheetGeometry.pixels(columnWidth: sheet.width(ofColumn: $1))
            }
            #expect(width <= page, "\(sheet.name): \(width) pixels wide")
        }
    }

    @Test func everyWrappedCellFitsItsRow() throws {
        let layout = LayoutBuilder(review: review, metadata: WorkbookMetadata(), dataRowsPerSheet: 100).build()
        for sheet in layout.sheets {
            for cell in sheet.cells where cell.format?.wrap == true {
                guard case .text(let text) = cell.value else { continue }
                let lines = SheetGeometry.lines(text, columnWidth: sheet.width(ofColumn: cell.column))
                let height = sheet.rowHeights[cell.row] ?? SheetGeometry.defaultRowHeight
                #expect(height >= Double(lines) * 15, "\(sheet.name) row \(cell.row + 1): \(text)")
            }
        }
    }
}

/// The Summary's first screen: each value under a header that names it.
@Suite struct SummaryFirstScreenTests {
    @Test func revenueValuesSitUnderTheirHeadersAndCoverageIsAMultiple() throws {
        let review = try Example.review()
        let funnel = try #require(review.funnel)
        let forecast = try #require(funnel.revenueForecast)
        let pipeline = try #require(funnel.revenuePipelineForecast)
        let coverage = try #require(funnel.coverage)
        let summary = LayoutBuilder(review: review, metadata: WorkbookMetadata(), dataRowsPerSheet: 100).build()
            .sheets[0]
        func cell(_ row: Int, _ column: Int) -> Cell? { summary.cells.first { $0.row == row && $0.column == column } }
        let header = try #require(summary.cells.first { $0.value == .text("Revenue (the cycle)") })
        #expect((1...3).map { cell(header.row, $0)?.value } == [.text("Value"), .text("P10"), .text("P90")])
        func row(_ label: String) throws -> Int {
            try #require(summary.cells.first { $0.column == 0 && $0.value == .text(label) }).row
        }
        let target = try row("Target for the cycle")
        #expect(cell(target, 1)?.value == .number(try #require(funnel.revenueTarget)))
        #expect(cell(target, 2) == nil && cell(target, 3) == nil)
        #expect(cell(try row("Booked to date"), 1)?.value == .number(funnel.revenueToDate))
        for (label, f) in [
            ("Forecast at cycle end, run-rate", forecast), ("Forecast at cycle end, open pipeline", pipeline),
        ] {
            let r = try row(label)
            let money = [f.base, f.low, f.high].map { CellValue.number(MetricUnit.currency.stored($0)) }
            #expect((1...3).map { cell(r, $0)?.value } == money)
        }
        #expect(cell(try row("Still to book"), 1)?.value == .number(try #require(funnel.revenueToGo)))
        #expect(cell(try row("Open pipeline, end of Nov"), 1)?.value == .number(coverage.openPipeline))
        let ratio = try #require(cell(try row("Pipeline coverage (open ÷ to go)"), 1))
        #expect(ratio.value == .number(MetricUnit.ratio.stored(try #require(coverage.ratio))))
        #expect(ratio.format?.numberFormat == #"0.0"×""#)
        // Everything of the block on the first screen, columns A–D.
        #expect(try row("Pipeline coverage (open ÷ to go)") < LayoutBuilder.firstScreenRows)
    }

    @Test func coveragePrintsAsAMultipleInTheWorkbook() throws {
        let dir = try Example.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("c.xlsx")
        try WorkbookExporter().write(try Example.review(), to: url)
        let styles = try WorkbookFile(url: url).part("xl/styles.xml")
        #expect(styles.contains(#"formatCode="0.0&quot;×&quot;""#))
        let strings = try WorkbookFile(url: url).part("xl/sharedStrings.xml")
        #expect(strings.contains("Pipeline coverage (open ÷ to go)"))
    }
}

/// The Summary's charts: what each shows, where it sits.
@Suite struct SummaryChartTests {
    let review: Review
    let dir: URL

    init() throws {
        review = try Example.review()
        dir = try Example.temporaryDirectory()
    }

    /// The cells (zero-based, inclusive) each drawing anchor covers, in drawing order.
    static func anchors(_ drawing: String) -> [CellRange] {
        let numbers = { (tag: String, part: String) -> Int in
            Int(PrintLayoutTests.matches("<xdr:\(tag)>\\d+</xdr:\(tag)>", in: part)[0].filter(\.isNumber))!
        }
        return drawing.components(separatedBy: "<xdr:twoCellAnchor").dropFirst().map { anchor in
            let from = anchor.components(separatedBy: "<xdr:to>")[0]
            let to = anchor.components(separatedBy: "<xdr:to>")[1]
            return CellRange(
                firstRow: numbers("row", from), firstColumn: numbers("col", from), lastRow: numbers("row", to),
                lastColumn: numbers("col", to))
        }
    }

    @Test func chartsShowTheDiagnosisBelowTheFirstScreenWithoutOverlapping() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("charts.xlsx")
        try WorkbookExporter().write(review, to: url)
        let book = WorkbookFile(url: url)
        let titles = try (1...4).map { i -> String in
            let xml = try book.part("xl/charts/chart\(i).xml")
            return PrintLayoutTests.matches("<a:t>[^<]*</a:t>", in: xml)[0].dropFirst(5).dropLast(6).description
        }
        #expect(
            titles == [
                "Conversion per transition vs plan (cycle to date)",
                "Stage volume vs plan, variance % (cycle to date)",
                "Bottleneck MQLs→SQLs: conversion by month vs plan",
                "Key results: progress to target (cycle to date)",
            ])
        /// Each series' name and fill (or line) colour, in order: what the legend shows.
        func legend(_ xml: String) -> [String] {
            xml.components(separatedBy: "<c:ser>").dropFirst().map { series in
                let name = PrintLayoutTests.matches("<c:v>[^<]*</c:v>", in: series)[0].dropFirst(5).dropLast(6)
                let color = PrintLayoutTests.matches(#"srgbClr val="[0-9A-F]{6}""#, in: series).first?.suffix(7)
                    .dropLast()
                return "\(name) \(color ?? "none")"
            }
        }
        // Conversion: actual and plan per transition, one colour each (no point coloured otherwise,
        // so the legend is true); the bottleneck named under its bars.
        let conversion = try book.part("xl/charts/chart1.xml")
        #expect(conversion.contains("<c:f>Summary!$N$3:$N$6</c:f>"))
        #expect(conversion.contains("<c:f>Summary!$O$3:$O$6</c:f>"))
        #expect(conversion.contains("<c:f>Summary!$P$3:$P$6</c:f>"))
        #expect(!conversion.contains("<c:dPt>"))
        #expect(legend(conversion) == ["Actual 1F4E78", "Plan A6A6A6"])
        let layout = LayoutBuilder(review: review, metadata: WorkbookMetadata(), dataRowsPerSheet: 100).build()
        let summary = layout.sheets[0]
        let cell = { (row: Int, column: Int) in summary.cells.first { $0.row == row && $0.column == column }?.value }
        /// A chart value; nil for no cell or a blank one.
        func number(_ row: Int, _ column: Int) -> Double? {
            if case .number(let v) = cell(row, column) { return v }
            return nil
        }
        #expect(cell(3, 13) == .text("MQLs→SQLs (bottleneck)"))
        // Stage variance in %: above plan green, below plan red, one series each, drawn in one place.
        let variance = try book.part("xl/charts/chart2.xml")
        #expect(legend(variance) == ["Above plan 548235", "Below plan C00000"])
        #expect(variance.contains(#"<c:overlap val="100"/>"#))
        #expect(
            variance.contains("<c:f>Summary!$O$10:$O$14</c:f>") && variance.contains("<c:f>Summary!$P$10:$P$14</c:f>"))
        // Leads and MQLs above plan; SQLs, opportunities and won below.
        #expect((9...13).map { number($0, 14) != nil } == [true, true, false, false, false])
        #expect((9...13).map { number($0, 15) != nil } == [false, false, true, true, true])
        // The bottleneck's monthly conversion against its plan, on an axis from zero.
        let trend = try book.part("xl/charts/chart3.xml")
        #expect(trend.contains("<c:lineChart>"))
        #expect(trend.contains(#"<c:min val="0"/>"#))
        #expect(legend(trend) == ["Actual C00000", "Plan 7F7F7F"])
        #expect(cell(17, 13) == .text("Jul 2026"))
        #expect(cell(21, 13) == .text("Nov 2026"))
        #expect(cell(21, 14) == .number(MetricUnit.percent.stored(review.funnel!.transitions[1].periodRates[4]!)))
        #expect(cell(21, 15) == .number(0.4))
        // Key results: progress to target, one series per status in its colour (the legend names
        // the statuses), the expected progress as an outline over them.
        let krs = try book.part("xl/charts/chart4.xml")
        #expect(
            legend(krs) == [
                "Off track C00000", "At risk FFC000", "On track 70AD47", "Achieved 1F4E78", "Expected by now 262626",
            ])
        #expect(krs.contains("<a:noFill/>"))
        #expect(krs.contains(#"<c:overlap val="100"/>"#))
        let header = try #require(
            summary.cells.first { $0.value == .text("Key results, progress to target (cycle to date)") })
        for (i, kr) in review.keyResults.enumerated() {
            let statusColumn = [Status.offTrack, .atRisk, .onTrack, .achieved].firstIndex(of: kr.status)!
            let stay = kr.kind == .stayAbove || kr.kind == .stayBelow
            for k in 0..<4 {
                let value = number(header.row + 2 + i, 14 + k)
                let shown = (stay ? kr.attainment : kr.progress).map(MetricUnit.percent.stored)
                #expect(value == (k == statusColumn ? shown : nil), "\(kr.title)")
            }
        }
        // Placed below rows 1–25, inside A–L, none overlapping another.
        let anchors = Self.anchors(try book.part("xl/drawings/drawing1.xml"))
        #expect(anchors.count == 4)
        for (i, a) in anchors.enumerated() {
            #expect(a.firstRow >= 25 && a.lastColumn <= 11, "\(a)")
            for b in anchors[(i + 1)...] {
                let apart =
                    a.lastRow < b.firstRow || b.lastRow < a.firstRow || a.lastColumn < b.firstColumn
                    || b.lastColumn < a.firstColumn
                #expect(apart, "\(a) overlaps \(b)")
            }
        }
    }
}

/// Plain ASCII text is measured byte by byte; any other text character by character. Both must
/// count the same lines and widths: a combining accent on the last letter (no width of its own)
/// sends the same text down the character path.
@Suite struct TextMeasureTests {
    @Test func asciiTextMeasuresAsItsCharactersDo() {
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzMWIl.,:;!%@()-/0123456789")
        for _ in 0..<2_000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...40, using: &random) {
                let word = String((0..<Int.random(in: 1...14, using: &random)).map { _ in alphabet.randomElement()! })
                text += word + ["", " ", " ", "  ", "\n", "\n\n"].randomElement(using: &random)!
            }
            text += "e"
            let accented = text + "\u{301}"
            let width = Double.random(in: 4...60, using: &random)
            let size = [9.0, 11, 14].randomElement(using: &random)!
            #expect(
                SheetGeometry.lines(text, columnWidth: width, fontSize: size)
                    == SheetGeometry.lines(accented, columnWidth: width, fontSize: size))
            #expect(
                SheetGeometry.width(of: text.replacingOccurrences(of: "\n", with: " "))
                    == SheetGeometry.width(of: text.replacingOccurrences(of: "\n", with: " ") + "\u{301}"))
        }
        #expect(SheetGeometry.lines("Pipeline coverage", columnWidth: 10) == 2)
        #expect(SheetGeometry.width(of: "Wil") == 1.6 + 0.5 + 0.5)
    }
}
