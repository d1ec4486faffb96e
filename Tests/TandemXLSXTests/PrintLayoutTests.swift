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
        #expect(lastRow > 60)
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
            // 48-character column: ten lines of 15 points, and the 2 points of padding.
            let height = try #require(heights[2], "\(mode)")
            #expect(height == 10 * 15 + 2, "\(mode)")
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
