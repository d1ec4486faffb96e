import Foundation
import Tandem
import Testing

@testable import TandemXLSX

@Suite struct FollowUpSheetTests {
    /// November followed up on October as booked from the October exports.
    static func followedUp() throws -> Review {
        let root = Example.root.appendingPathComponent("Examples/Brightwell")
        let plan = try PlanLoader().load(contentsOf: root.appendingPathComponent("plan.yaml"))
        let october = try Review(
            plan: plan,
            actuals: ActualsLoader(plan: plan).load(contentsOf: [
                root.appendingPathComponent("exports/2026-10/crm-export.csv"),
                root.appendingPathComponent("exports/2026-10/marketing-automation.csv"),
            ]).actuals, asOf: .month(2026, 10))
        var november = try Example.review()
        let log = try DecisionLogLoader(plan: plan).load(contentsOf: root.appendingPathComponent("decisions.yaml"))
        november.sinceLastReview = FollowUp(
            current: november, previous: october, decisions: log, tactics: plan.tactics)
        return november
    }

    @Test func decisionsAndRestatementsSheets() throws {
        let dir = try Example.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("f.xlsx")
        try WorkbookExporter().write(try Self.followedUp(), to: url)
        let book = WorkbookFile(url: url)
        let workbook = try book.part("xl/workbook.xml")
        let sheets = workbook.components(separatedBy: "<sheet name=\"").dropFirst().map {
            String($0.prefix { $0 != "\"" })
        }
        #expect(
            sheets == [
                "Summary", "Key Results", "Funnel", "SLA", "Adjustments", "Trends", "Decisions", "Restatements", "Data",
                "About",
            ])
        let strings = try book.part("xl/sharedStrings.xml")
        for text in [
            "joint lead-scoring review; raise the MQL score threshold to 65",
            "Tactics: the served metric before and after the start", "before/after, not proof",
        ] {
            #expect(strings.contains(text), "\(text)")
        }
        // The restated October ARR: a date cell, then before, after and the change as numbers.
        let restatements = try book.part("xl/worksheets/sheet8.xml")
        #expect(restatements.contains("<v>46296</v>"))  // 2026-10-01
        #expect(restatements.contains("<v>328500</v>"))
        #expect(restatements.contains("<v>316500</v>"))
        #expect(restatements.contains("<v>-12000</v>"))
        #expect(restatements.contains("<autoFilter ref=\"A1:J2\"/>"))
        // Before, after and the change in the unit's format (currency: the plan's symbol and
        // cents, as on the Data sheet), the change's share as a percent.
        let layout = LayoutBuilder(review: try Self.followedUp(), metadata: WorkbookMetadata(), dataRowsPerSheet: 100)
            .build()
        let sheet = try #require(layout.sheets.first { $0.name == "Restatements" })
        let formats = (6...9).map { c in sheet.cells.first { $0.row == 1 && $0.column == c }?.format?.numberFormat }
        #expect(formats == [##""$"#,##0.00"##, ##""$"#,##0.00"##, ##""$"#,##0.00"##, "0.0%"].map { Optional($0) })
        let share = sheet.cells.first { $0.row == 1 && $0.column == 9 }?.value
        // Rounded once to the stored precision, as the Data sheet holds it.
        #expect(share == .number(MetricUnit.percent.stored(-12_000.0 / 328_500)))
    }

    /// The Summary's first screen says what changed since the last review in a few lines, right
    /// of the scores and below the agenda; the details are on the Decisions sheet.
    @Test func summaryFirstScreenSaysWhatChangedSinceLastReview() throws {
        let review = try Self.followedUp()
        let summary = LayoutBuilder(review: review, metadata: WorkbookMetadata(), dataRowsPerSheet: 100).build()
            .sheets[0]
        func value(_ row: Int, _ column: Int) -> CellValue? {
            summary.cells.first { $0.row == row && $0.column == column }?.value
        }
        let header = try #require(summary.cells.first { $0.value == .text("Since the Oct 2026 review") })
        #expect(header.column == 6)
        #expect(value(header.row, 8) == .text("Then"))
        #expect(value(header.row, 9) == .text("Now"))
        let lines = (header.row + 1...header.row + 8).map { value($0, 6) }
        #expect(
            lines == [
                .text("Decisions: 1 done, 1 due, 1 open, 1 deferred, 1 declined (Decisions sheet)"),
                .text("DUE: MQLs→SQLs converts below plan (Marketing)"),
                .text("Problems: 3 new, 0 resolved, 6 persisting"),
                .text("Status: Close 180 new customers"),
                .text("Status: Book $4.2M of new ARR"),
                .text("Bottleneck MQLs→SQLs: worth of the fix"),
                .text("Restated numbers: 1 (Restatements sheet)"),
                nil,
            ])
        // The due decision's measure then and now, as numbers under Then and Now.
        let effect = try #require(review.sinceLastReview?.decisions.first { $0.state == .due }?.effect)
        #expect(value(header.row + 2, 8) == .number(effect.unit.stored(effect.before)))
        #expect(value(header.row + 2, 9) == .number(effect.unit.stored(effect.after)))
        #expect(value(header.row + 2, 10) == .text("worse"))
        #expect(value(header.row + 4, 8) == .text("on track"))
        #expect(value(header.row + 4, 9) == .text("at risk"))
        let bottleneck = try #require(review.sinceLastReview?.bottleneck)
        #expect(value(header.row + 6, 8) == .number(MetricUnit.currency.stored(try #require(bottleneck.beforeRevenue))))
        #expect(value(header.row + 6, 9) == .number(MetricUnit.currency.stored(try #require(bottleneck.afterRevenue))))
        // All of it on the first screen (rows 1–25), above the charts.
        #expect(header.row + 7 < LayoutBuilder.firstScreenRows)
        #expect(summary.charts.allSatisfy { $0.row > header.row + 7 })
    }

    @Test func aReviewWithoutFollowUpKeepsItsSheets() throws {
        let layout = LayoutBuilder(review: try Example.review(), metadata: WorkbookMetadata(), dataRowsPerSheet: 100)
            .build()
        #expect(!layout.sheets.map(\.name).contains("Decisions"))
    }
}
