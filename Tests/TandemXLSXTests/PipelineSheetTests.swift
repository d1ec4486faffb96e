import Foundation
import Testing

@testable import Tandem
@testable import TandemXLSX

/// The Pipeline sheet and its waterfall chart, from the November step of the 12-deal example in
/// the library's tests (PipelineMovementTests).
@Suite struct PipelineSheetTests {
    static let november = PipelineMovement.Step(
        period: .month(2026, 11), from: "2026-10-31", to: "2026-11-30", start: 54_000.25, created: 9_000.50,
        pulledIn: 20_000, increased: 2_000, decreased: 500, pushedOut: 8_000, lost: 18_000, won: 17_000.50,
        end: 41_500.25,
        deals: {
            var d = PipelineMovement.Counts()
            (d.start, d.created, d.pulledIn, d.increased, d.decreased) = (6, 2, 1, 1, 1)
            (d.pushedOut, d.lost, d.won, d.end) = (1, 2, 2, 4)
            return d
        }(), removed: 1, pushRate: 1.0 / 7,
        slipped: [
            PipelineMovement.Slip(
                deal: "B", segment: "SMB", amount: 8_000, fromClose: "2026-11-20", toClose: "2026-12-15", days: 25,
                pushes: 2, pushedOut: true)
        ], slippedDeals: 1,
        movedBack: [
            PipelineMovement.StageMove(deal: "F", from: "Negotiation/Review", to: "Qualification", amount: 6_500.25)
        ],
        movedBackDeals: 1)

    /// Each inflow rises from the level so far, each outflow falls to the level after it.
    @Test func waterfallBars() {
        let bars = LayoutBuilder.waterfall(Self.november)
        #expect(
            bars.map(\.name) == [
                "Start", "Created", "Pulled in", "Increased", "Decreased", "Pushed out", "Lost", "Won", "End",
            ])
        #expect(
            bars.map(\.base) == [0, 54_000.25, 63_000.75, 83_000.75, 84_500.75, 76_500.75, 58_500.75, 41_500.25, 0])
        #expect(bars.map(\.total) == [54_000.25, 0, 0, 0, 0, 0, 0, 0, 41_500.25])
        #expect(bars.map(\.rise) == [0, 9_000.50, 20_000, 2_000, 0, 0, 0, 0, 0])
        #expect(bars.map(\.fall) == [0, 0, 0, 0, 500, 8_000, 18_000, 17_000.50, 0])
    }

    @Test func sheetAndChart() throws {
        var review = try Example.review()
        review.records = RecordsReview(
            quality: DataQuality(), cohorts: [], speedToLeadHours: 4,
            pipelineMovement: PipelineMovement(periods: [Self.november]))
        let dir = try Example.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("t.xlsx")
        try WorkbookExporter().write(review, to: url)
        let book = WorkbookFile(url: url)
        let sheets = try book.part("xl/workbook.xml").components(separatedBy: "<sheet name=\"").dropFirst().map {
            String($0.prefix { $0 != "\"" })
        }
        #expect(
            sheets == [
                "Summary", "Key Results", "Funnel", "SLA", "Adjustments", "Trends", "Pipeline", "Data Quality", "Data",
                "About",
            ])
        let charts = try book.names().filter { $0.hasPrefix("xl/charts/chart") }
        #expect(charts.count == 5)
        let chart = try book.part("xl/charts/chart5.xml")
        #expect(chart.contains("<c:grouping val=\"stacked\"/>"))
        #expect(chart.contains("<c:overlap val=\"100\"/>"))
        #expect(chart.contains("Pipeline!$B$") && chart.contains("Pipeline!$E$"))
        // The base series: no fill, no line, no legend entry.
        let base = try #require(chart.components(separatedBy: "<c:ser>").dropFirst().first)
        #expect(base.contains("<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"))
        #expect(chart.contains("<c:legendEntry><c:idx val=\"0\"/><c:delete val=\"1\"/></c:legendEntry>"))
        let strings = try book.part("xl/sharedStrings.xml")
        for text in ["Pipeline movement", "Slipped deals in Nov 2026: close date moved later", "Negotiation/Review"] {
            #expect(strings.contains(text))
        }
    }
}
