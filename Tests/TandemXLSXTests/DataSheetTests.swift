import Foundation
import Tandem
import Testing

@testable import TandemXLSX

/// The Data sheet's cells read back: the data-only workbook, and the text the exporter caches as C
/// strings (per metric, per row kind, per position within a period) against the review's rows.
@Suite struct DataSheetTests {
    let dir: URL

    init() throws {
        dir = try Example.temporaryDirectory()
    }

    /// The sheet names of a workbook, in order.
    static func sheetNames(_ book: WorkbookFile) throws -> [String] {
        try book.part("xl/workbook.xml").components(separatedBy: "<sheet name=\"").dropFirst().map {
            String($0.prefix { $0 != "\"" })
        }
    }

    /// The cells of sheet `name` by reference (`E5`), text resolved (shared or inline strings, as
    /// XML-escaped in the file), numbers as written; style indices left out.
    static func cells(_ book: WorkbookFile, sheet name: String) throws -> [String: String] {
        guard let index = try sheetNames(book).firstIndex(of: name) else { return [:] }
        let xml = try book.part("xl/worksheets/sheet\(index + 1).xml")
        let names = try book.names()
        let shared: [String] =
            names.contains("xl/sharedStrings.xml")
            ? try book.part("xl/sharedStrings.xml").components(separatedBy: "<si>").dropFirst().map {
                String($0.components(separatedBy: "</si>")[0])
            } : []
        func between(_ text: Substring, _ open: String, _ close: String) -> String? {
            guard let start = text.range(of: open),
                let end = text.range(of: close, range: start.upperBound..<text.endIndex)
            else { return nil }
            return String(text[start.upperBound..<end.lowerBound])
        }
        var cells: [String: String] = [:]
        for part in xml.components(separatedBy: "<c r=\"").dropFirst() {
            let reference = String(part.prefix { $0 != "\"" })
            let cell = part.components(separatedBy: "</c>")[0][...]
            let head = cell.prefix { $0 != ">" }
            if head.hasSuffix("/") { continue }  // a blank cell with a style
            if head.contains("t=\"s\"") {
                cells[reference] = between(cell, "<v>", "</v>").flatMap { Int($0) }.map { shared[$0] }
            } else if head.contains("t=\"inlineStr\"") {
                cells[reference] = between(cell, "<is>", "</is>")
            } else {
                cells[reference] = between(cell, "<v>", "</v>")
            }
        }
        return cells
    }

    /// The XML a text cell holds for `text` (`<t>…</t>`, cleaned as the exporter cleans it).
    static func textXML(_ text: String) -> String {
        let clean = ExcelLimits.cleanText(text)
        let escaped = clean.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        return clean.hasPrefix(" ") || clean.hasSuffix(" ")
            ? "<t xml:space=\"preserve\">\(escaped)</t>" : "<t>\(escaped)</t>"
    }

    static func column(_ c: DataColumn) -> String { String(UnicodeScalar(UInt8(65 + c.rawValue))) }

    /// A review whose segments change order, number and spelling from month to month, with a
    /// segment holding a control character, so the text caches miss as often as they hit.
    static func shiftingSegments() throws -> Review {
        let plan = try PlanLoader().load(
            contentsOf: Example.root.appendingPathComponent("Examples/Brightwell/plan.yaml"))
        var observations: [Observation] = []
        let months: [(Int, [String])] = [
            (7, ["north", "south"]), (8, ["south", "north", "east"]), (9, ["east"]),
            (10, ["west\u{0001}", "north", "south & co", "<east>"]),
        ]
        for (month, segments) in months {
            for (i, segment) in segments.enumerated() {
                observations.append(
                    Observation(
                        period: .month(2026, month), metric: "leads", value: Double(10 * month + i), team: "sales",
                        segment: segment))
                observations.append(
                    Observation(
                        period: .month(2026, month), metric: "leads", value: Double(month + i), team: "marketing",
                        segment: segment))
            }
        }
        return try Review(plan: plan, actuals: Actuals(observations), asOf: .month(2026, 10))
    }

    @Test(arguments: [WorkbookMemoryMode.table, .constantMemory])
    func everyTextCellIsTheRowsText(_ memory: WorkbookMemoryMode) throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let review = try Self.shiftingSegments()
        let url = dir.appendingPathComponent("shifting.xlsx")
        try WorkbookExporter(memory: memory).write(review, to: url)
        let cells = try Self.cells(WorkbookFile(url: url), sheet: "Data")
        #expect(review.data.contains { $0.rowKind == .plan } && review.data.contains { $0.rowKind == .actual })
        #expect(review.data.contains { $0.segment == "west\u{0001}" })
        var checked = 0
        for (i, row) in review.data.enumerated() {
            for column in DataColumn.allCases where column.kind == .text {
                let reference = "\(Self.column(column))\(i + 2)"
                guard case .text(let text) = column.field(of: row) else { continue }
                if let text, !ExcelLimits.cleanText(text).isEmpty {
                    #expect(cells[reference] == Self.textXML(text), "\(reference)")
                    checked += 1
                } else {
                    #expect(cells[reference] == nil, "\(reference)")
                }
            }
        }
        #expect(checked > 500)
        let texts = Set(cells.values)
        #expect(texts.isSuperset(of: ["<t>west</t>", "<t>south &amp; co</t>", "<t>&lt;east&gt;</t>", "<t>north</t>"]))
    }

    @Test(arguments: [WorkbookMemoryMode.table, .constantMemory])
    func dataOnlyHoldsTheSameDataSheetAlone(_ memory: WorkbookMemoryMode) throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let review = try Example.review()
        let fullURL = dir.appendingPathComponent("full.xlsx")
        let dataURL = dir.appendingPathComponent("data.xlsx")
        try WorkbookExporter(memory: memory).write(review, to: fullURL)
        try WorkbookExporter(memory: memory, content: .dataOnly).write(review, to: dataURL)
        let full = WorkbookFile(url: fullURL)
        let data = WorkbookFile(url: dataURL)
        #expect(try Self.sheetNames(data) == ["Data"])
        #expect(try !data.names().contains { $0.hasPrefix("xl/charts/") || $0.hasPrefix("xl/drawings/") })
        let cells = try Self.cells(data, sheet: "Data")
        #expect(cells.count > 1_000)
        #expect(cells == (try Self.cells(full, sheet: "Data")))
        // The same table (or, streamed, the same defined name and filter) and date format.
        if memory == .table {
            // Format ids count the workbook's formats, which differ; the rest is the same.
            func table(_ book: WorkbookFile) throws -> String {
                try book.part("xl/tables/table1.xml").replacingOccurrences(
                    of: "DxfId=\"[0-9]+\"", with: "DxfId", options: .regularExpression)
            }
            #expect(try table(data) == table(full))
            #expect(try table(data).contains("name=\"TandemData\"") && table(data).contains("ref=\"A1:U152\""))
        } else {
            #expect(
                try data.part("xl/workbook.xml").contains(
                    "<definedName name=\"TandemData\">'Data'!$A$1:$U$152</definedName>"))
            #expect(try data.part("xl/worksheets/sheet1.xml").contains("<autoFilter ref=\"A1:U152\"/>"))
        }
        #expect(try data.part("xl/styles.xml").contains("formatCode=\"yyyy-mm-dd\""))
    }

    @Test func dataOnlyContinuesOnFurtherSheetsPastTheRowLimit() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        var exporter = WorkbookExporter(content: .dataOnly)
        exporter.dataRowsPerSheet = 40
        let url = dir.appendingPathComponent("split.xlsx")
        try exporter.write(try Example.review(), to: url)
        #expect(try Self.sheetNames(WorkbookFile(url: url)) == ["Data", "Data 2", "Data 3", "Data 4"])
    }
}
