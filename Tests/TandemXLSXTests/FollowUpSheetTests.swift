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
            "Since last review", "DUE: transition:mqls&gt;sqls",
            "joint lead-scoring review; raise the MQL score threshold to 65",
            "Tactics: the served metric before and after the start", "before/after, not proof",
            "Bottleneck (value of the fix)", "see the Restatements sheet",
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
    }

    @Test func aReviewWithoutFollowUpKeepsItsSheets() throws {
        let layout = LayoutBuilder(review: try Example.review(), metadata: WorkbookMetadata(), dataRowsPerSheet: 100)
            .build()
        #expect(!layout.sheets.map(\.name).contains("Decisions"))
    }
}
