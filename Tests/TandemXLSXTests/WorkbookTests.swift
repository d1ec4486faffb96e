import Foundation
import Tandem
import TandemTestSupport
import Testing

@testable import TandemXLSX

/// Reads parts of a workbook back (it is a zip of XML parts).
struct WorkbookFile {
    let url: URL

    func part(_ name: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))",
            url.path, name,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = Pipe()
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileReadNoSuchFile) }
        return String(decoding: data, as: UTF8.self)
    }

    func names() throws -> [String] {
        try part("[Content_Types].xml").components(separatedBy: "PartName=\"/").dropFirst().map {
            String($0.prefix { $0 != "\"" })
        }
    }
}

enum Example {
    static let root = Repository.root

    static func review(month: Int = 11) throws -> Review {
        let plan = try PlanLoader().load(contentsOf: root.appendingPathComponent("Examples/Brightwell/plan.yaml"))
        let actuals = try ActualsLoader(plan: plan).load(contentsOf: [
            root.appendingPathComponent("Examples/Brightwell/actuals/crm-export.csv"),
            root.appendingPathComponent("Examples/Brightwell/actuals/marketing-automation.csv"),
        ]).actuals
        return try Review(plan: plan, actuals: actuals, asOf: .month(2026, month))
    }

    static func temporaryDirectory() throws -> URL { try Repository.temporaryDirectory("tandem-xlsx") }
}

@Suite struct WorkbookTests {
    let review: Review
    let dir: URL

    init() throws {
        review = try Example.review()
        dir = try Example.temporaryDirectory()
    }

    func write(_ exporter: WorkbookExporter = WorkbookExporter(), review: Review? = nil, name: String = "t.xlsx") throws
        -> WorkbookFile
    {
        let url = dir.appendingPathComponent(name)
        try exporter.write(review ?? self.review, to: url)
        return WorkbookFile(url: url)
    }

    @Test func hasEverySheetTableAndChart() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = try write()
        let workbook = try book.part("xl/workbook.xml")
        let sheets = workbook.components(separatedBy: "<sheet name=\"").dropFirst().map {
            String($0.prefix { $0 != "\"" })
        }
        #expect(sheets == ["Summary", "Key Results", "Funnel", "SLA", "Adjustments", "Trends", "Data", "About"])
        let table = try book.part("xl/tables/table1.xml")
        #expect(table.contains("name=\"TandemData\""))
        #expect(table.contains("ref=\"A1:U152\""))
        let headers = table.components(separatedBy: "<tableColumn id=").dropFirst().map { part in
            String(part.components(separatedBy: "name=\"")[1].prefix { $0 != "\"" })
        }
        #expect(headers == CSVExporter.columns)
        let names = try book.names()
        // The four diagnosis charts; their series are checked in PrintLayoutTests.
        #expect(names.filter { $0.hasPrefix("xl/charts/chart") }.count == 4)
    }

    @Test func dataCellsHaveRealTypes() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = try write()
        let data = try book.part("xl/worksheets/sheet7.xml")
        // Row 3: 2026-07-01 as a date serial with a date style, text as strings, numbers as numbers.
        let row3 = data.components(separatedBy: "<row r=\"3\"")[1].components(separatedBy: "</row>")[0]
        #expect(row3.contains("<c r=\"A3\" s=\""))
        #expect(row3.contains("<v>46204</v>"))
        // Numbers in their unit's format: MQLs are a count (#,##0), the variance's share a percent.
        let styles = try book.part("xl/styles.xml")
        #expect(Self.numberFormat(of: "H3", in: row3, styles: styles) == "#,##0")
        #expect(row3.contains("<v>610</v>") && row3.contains("<v>600</v>") && row3.contains("<v>10</v>"))
        #expect(Self.numberFormat(of: "K3", in: row3, styles: styles) == "#,##0")
        #expect(Self.numberFormat(of: "L3", in: row3, styles: styles) == "#,##0")
        #expect(Self.numberFormat(of: "M3", in: row3, styles: styles) == "0.0%")
        // New ARR (currency) with the plan's symbol and cents; its currency code beside the unit.
        let arr = try #require(
            data.components(separatedBy: "<row r=").first {
                $0.contains("<v>\(Self.sharedString("new_arr", book))</v>")
            })
        let arrRow = "<row r=" + arr
        let cell = try #require(PrintLayoutTests.matches(#"<c r="H\d+""#, in: arrRow).first).dropFirst(6).dropLast()
        #expect(Self.numberFormat(of: String(cell), in: arrRow, styles: styles) == ##""$"#,##0.00"##)
        #expect(arrRow.contains("<v>\(Self.sharedString("USD", book))</v>"))
        #expect(row3.contains("<c r=\"B3\" t=\"s\">"))
        #expect(!data.contains("<f>"))
        #expect(styles.contains("formatCode=\"yyyy-mm-dd\""))
        // A missing value (the forecast of an actual row) is an empty cell, never zero or text.
        let row2 = data.components(separatedBy: "<row r=\"2\"")[1].components(separatedBy: "</row>")[0]
        #expect(!row2.contains("r=\"Q2\""))
        #expect(row2.contains("<v>1944.4444</v></c>"))
    }

    /// The number format of cell `ref` in `row` (the sheet XML): its style's `numFmtId` for a
    /// built-in format, else the format code.
    static func numberFormat(of ref: String, in row: String, styles: String) -> String? {
        guard let cell = PrintLayoutTests.matches(#"<c r="\#(ref)" s="\d+""#, in: row).first,
            let style = Int(cell.components(separatedBy: "s=\"")[1].dropLast())
        else { return nil }
        let xfs = styles.components(separatedBy: "<cellXfs")[1].components(separatedBy: "</cellXfs>")[0]
        let xf = xfs.components(separatedBy: "<xf ").dropFirst()[style + 1]
        let id = xf.components(separatedBy: "numFmtId=\"")[1].prefix { $0 != "\"" }
        guard let code = PrintLayoutTests.matches(#"<numFmt numFmtId="\#(id)" formatCode="[^"]*""#, in: styles).first
        else { return String(id) }
        return code.components(separatedBy: "formatCode=\"")[1].dropLast().replacingOccurrences(
            of: "&quot;", with: "\"")
    }

    /// The index of `text` in the shared strings.
    static func sharedString(_ text: String, _ book: WorkbookFile) -> Int {
        let strings = (try? book.part("xl/sharedStrings.xml")) ?? ""
        return strings.components(separatedBy: "<si>").dropFirst().firstIndex { $0.hasPrefix("<t>\(text)</t>") }
            .map { $0 - 1 } ?? -1
    }

    @Test func keyResultsSheetHasFreezeFilterAndConditionalFormats() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let sheet = try write().part("xl/worksheets/sheet2.xml")
        #expect(sheet.contains("<pane xSplit=\"2\" ySplit=\"1\""))
        #expect(sheet.contains("<autoFilter ref=\"A1:S12\"/>"))
        #expect(sheet.contains("<dataBar>"))
        #expect(sheet.contains("containsText") && sheet.contains("text=\"off track\""))
    }

    @Test func sameReviewSameBytesInAnyTimeZone() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = try Data(contentsOf: write(name: "a.xlsx").url)
        setenv("TZ", "Pacific/Kiritimati", 1)
        tzset()
        defer {
            unsetenv("TZ")
            tzset()
        }
        let b = try Data(contentsOf: write(name: "b.xlsx").url)
        #expect(a == b)
        #expect(SHA256.hex(a) == SHA256.hex(b))
    }

    static let canBuildLocales =
        FileManager.default.isExecutableFile(atPath: "/usr/bin/localedef")
        && FileManager.default.fileExists(atPath: "/usr/share/i18n/locales/de_DE")

    /// A host application with a decimal-comma C locale must not change a single byte.
    @Test(.enabled(if: canBuildLocales, "needs localedef and the de_DE locale source"))
    func sameBytesUnderADecimalCommaLocale() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = try Data(contentsOf: write(name: "a.xlsx").url)
        let locales = dir.appendingPathComponent("locales")
        try FileManager.default.createDirectory(at: locales, withIntermediateDirectories: true)
        let localedef = Process()
        localedef.executableURL = URL(fileURLWithPath: "/usr/bin/localedef")
        localedef.arguments = ["-i", "de_DE", "-f", "UTF-8", locales.appendingPathComponent("de_DE.UTF-8").path]
        localedef.standardError = Pipe()
        try localedef.run()
        localedef.waitUntilExit()
        try #require(localedef.terminationStatus <= 1, "localedef failed")
        setenv("LOCPATH", locales.path, 1)
        try #require(setlocale(LC_NUMERIC, "de_DE.UTF-8") != nil)
        defer {
            setlocale(LC_NUMERIC, "C")
            unsetenv("LOCPATH")
        }
        #expect(String(cString: localeconv().pointee.decimal_point) == ",")
        let b = try Data(contentsOf: write(name: "b.xlsx").url)
        #expect(a == b)
    }

    @Test func dataContinuesOnFurtherSheetsPastTheRowLimit() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        var exporter = WorkbookExporter()
        exporter.dataRowsPerSheet = 40
        let book = try write(exporter)
        let workbook = try book.part("xl/workbook.xml")
        // 151 rows: 40, 40, 40 and 31.
        #expect(workbook.contains("<sheet name=\"Data 2\"") && workbook.contains("<sheet name=\"Data 4\""))
        #expect(!workbook.contains("<sheet name=\"Data 5\""))
        #expect(try book.part("xl/tables/table2.xml").contains("name=\"TandemData_2\""))
        #expect(try book.part("xl/tables/table4.xml").contains("ref=\"A1:U32\""))
    }

    @Test func constantMemoryNamesTheDataRange() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = try write(WorkbookExporter(memory: .constantMemory))
        let workbook = try book.part("xl/workbook.xml")
        #expect(workbook.contains("<definedName name=\"TandemData\">'Data'!$A$1:$U$152</definedName>"))
        #expect(try !book.names().contains { $0.hasPrefix("xl/tables/") })
        #expect(try book.part("xl/worksheets/sheet7.xml").contains("<autoFilter ref=\"A1:U152\"/>"))
    }

    @Test func untrustedTextStaysText() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        var plan = try PlanLoader().load(
            contentsOf: Example.root.appendingPathComponent("Examples/Brightwell/plan.yaml"))
        plan.teams[1].name = "Sales/Marketing"
        plan.objectives[0].title = "=HYPERLINK(\"http://evil\",\"click\")"
        let long = String(repeating: "ab", count: 20_000) + "\u{0001}"
        let actuals = Actuals([
            Observation(period: .month(2026, 7), metric: "leads", value: 5, team: "sales", segment: "@SUM(1+1)"),
            Observation(period: .month(2026, 7), metric: "leads", value: 6, team: "sales", segment: long),
        ])
        let review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 7))
        let book = try write(review: review)
        let strings = try book.part("xl/sharedStrings.xml")
        #expect(strings.contains("<t>=HYPERLINK(\"http://evil\",\"click\")</t>"))
        #expect(strings.contains("Sales/Marketing"))
        #expect(strings.contains("@SUM(1+1)"))
        for sheet in 1...8 { #expect(try !book.part("xl/worksheets/sheet\(sheet).xml").contains("<f>")) }
        let cut = strings.components(separatedBy: "<t>").first { $0.hasPrefix("abab") }!.prefix { $0 != "<" }
        #expect(cut.utf16.count == 32_767)
        #expect(cut.hasSuffix("…"))
    }

    /// The plan name reaches `docProps/core.xml` and `app.xml`: cleaned like cell text, cut to
    /// Excel's property length, and `_xHHHH_` escaped there as in every cell.
    @Test func planNameAndEscapesAreSafeInTheDocumentProperties() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        var plan = try PlanLoader().load(
            contentsOf: Example.root.appendingPathComponent("Examples/Brightwell/plan.yaml"))
        plan.name = "Acme\u{0001}\u{FFFE}\u{FFFF}\u{0B} _x0041_ plan " + String(repeating: "n", count: 400)
        plan.objectives[0].title = "Grow _x0041_ and _X004a_ but not _x41_ nor _x00G1_"
        let actuals = Actuals([
            Observation(period: .month(2026, 7), metric: "leads", value: 5, team: "sales", segment: "_x0042_")
        ])
        let review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 7))
        let book = try write(review: review)
        let core = try book.part("docProps/core.xml")
        let app = try book.part("docProps/app.xml")
        for xml in [core, app] {
            #expect(!xml.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\r" && $0 != "\t" })
            #expect(!xml.unicodeScalars.contains { $0.value == 0xFFFE || $0.value == 0xFFFF })
            #expect(xml.contains("Acme _x005F_x0041_ plan nnn"))
            #expect(!xml.contains("Acme _x0041_"))
        }
        let title = core.components(separatedBy: "<dc:title>")[1].components(separatedBy: "</dc:title>")[0]
        #expect(title.utf16.count == ExcelLimits.maxPropertyUTF16)
        #expect(title.hasSuffix("…"))
        let company = app.components(separatedBy: "<Company>")[1].components(separatedBy: "</Company>")[0]
        #expect(company.utf16.count == ExcelLimits.maxPropertyUTF16)
        let strings = try book.part("xl/sharedStrings.xml")
        #expect(strings.contains("Grow _x005F_x0041_ and _x005F_X004a_ but not _x41_ nor _x00G1_"))
        #expect(strings.contains("<t>_x005F_x0042_</t>"))
        #expect(!strings.contains("<t>_x0042_</t>"))
    }

    @Test func aMinimalPlanWithoutFunnelOrDataStillWrites() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = Plan(
            name: "Minimal", cycle: Cycle(name: "Q", start: .quarter(2026, 1), end: .quarter(2026, 4)),
            teams: [Team(id: "sales", name: "Sales")], metrics: [Metric(id: "calls", name: "Calls", owner: "sales")])
        let review = try Review(plan: plan, actuals: Actuals(), asOf: .quarter(2026, 2))
        let book = try write(review: review)
        let workbook = try book.part("xl/workbook.xml")
        #expect(workbook.contains("<sheet name=\"Data\""))
        #expect(try book.part("xl/tables/table1.xml").contains("ref=\"A1:U2\""))
        #expect(try book.part("xl/sharedStrings.xml").contains("The plan has no funnel."))
        #expect(try !book.names().contains { $0.hasPrefix("xl/charts/") })
    }

    @Test func failureLeavesNoPartialFileAndTheEarlierWorkbookUntouched() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = try write()
        let before = try Data(contentsOf: book.url)
        // The destination is a folder that is not empty: the final rename must fail.
        let blocked = dir.appendingPathComponent("blocked.xlsx")
        try FileManager.default.createDirectory(at: blocked, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: blocked.appendingPathComponent("inside"))
        #expect {
            try WorkbookExporter().write(review, to: blocked)
        } throws: { error in
            "\(error)".hasSuffix("blocked.xlsx: error: cannot write: Is a directory")
        }
        #expect(try Data(contentsOf: book.url) == before)
        #expect(try Data(contentsOf: blocked.appendingPathComponent("inside")) == Data("keep".utf8))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }
}

@Suite struct ExcelNameTests {
    @Test(arguments: [
        ("Sales/Marketing", "sheet name 'Sales/Marketing' contains '/'; Excel forbids [ ] : * ? / \\"),
        (
            "A name that is far too long for Excel",
            "sheet name 'A name that is far too long for Excel' is 37 characters; Excel allows 31"
        ),
        ("'quoted'", "sheet name ''quoted'' cannot start or end with an apostrophe"),
        ("History", "sheet name 'History' is reserved by Excel"),
        ("", "a sheet name cannot be empty"),
    ])
    func invalidSheetNames(_ name: String, _ message: String) {
        #expect {
            try ExcelLimits.checkSheetName(name)
        } throws: { error in
            (error as? WorkbookError)?.message == message
        }
    }

    @Test func uniquenessIgnoresCaseWithUnicodeFolding() {
        #expect(throws: WorkbookError.self) { try ExcelLimits.checkUnique(["Data", "DATA"]) }
        #expect(throws: WorkbookError.self) { try ExcelLimits.checkUnique(["Straße", "STRASSE"]) }
        #expect(throws: WorkbookError.self) { try ExcelLimits.checkUnique(["Ärger", "ärger"]) }
        #expect(throws: Never.self) { try ExcelLimits.checkUnique(["Data", "Data 2"]) }
    }

    @Test func safeSheetNames() {
        #expect(ExcelLimits.safeSheetName("Sales/Marketing", existing: []) == "Sales-Marketing")
        #expect(ExcelLimits.safeSheetName("Sales/Marketing", existing: ["sales-marketing"]) == "Sales-Marketing (2)")
        #expect(ExcelLimits.safeSheetName("'History'", existing: []) == "Sheet")
        let long = ExcelLimits.safeSheetName(
            String(repeating: "x", count: 40), existing: [String(repeating: "x", count: 31)])
        #expect(long == String(repeating: "x", count: 27) + " (2)")
        #expect(throws: Never.self) {
            try ExcelLimits.checkSheetName(ExcelLimits.safeSheetName("a[b]:c*d?e/f\\g", existing: []))
        }
    }

    @Test func tableNames() {
        #expect(throws: Never.self) { try ExcelLimits.checkTableName("TandemData_2") }
        #expect(throws: WorkbookError.self) { try ExcelLimits.checkTableName("A1") }
        #expect(throws: WorkbookError.self) { try ExcelLimits.checkTableName("2Data") }
        #expect(throws: WorkbookError.self) { try ExcelLimits.checkTableName("Tandem Data") }
    }

    @Test func textIsCleaned() {
        #expect(ExcelLimits.cleanText("a\u{0001}b\u{FFFE}c\td") == "abc\td")
        #expect(ExcelLimits.cleanText(String(repeating: "😀", count: 20_000)).utf16.count == 32_767)
        #expect(ExcelLimits.cleanText("plain") == "plain")
        #expect(ExcelLimits.cleanText("_x0041_") == "_x005F_x0041_")
        #expect(ExcelLimits.cleanText("a_x005F_b _xABCD_x0041_") == "a_x005F_x005F_b _x005F_xABCD_x005F_x0041_")
        #expect(ExcelLimits.cleanText("_x004_ _x00411_ x0041_ _x0041") == "_x004_ _x00411_ x0041_ _x0041")
    }

    @Test func excelSerialDates() {
        #expect(LayoutBuilder.excelSerial(year: 2026, month: 7) == 46_204)
        #expect(LayoutBuilder.excelSerial(year: 1900, month: 3) == 61)
        #expect(LayoutBuilder.excelSerial(year: 2000, month: 1) == 36_526)
    }
}
