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

    /// The Reasons sheet lists every reason × source × segment with its counts per period.
    @Test func reasonsSheet() throws {
        var review = try Example.review()
        let row = ReasonShares.Row(
            reason: "Price", source: "Paid Search", segment: "SMB", counts: [0, 1, 0, 2, 1], total: 4, share: 0.8,
            amount: 96_000)
        let unknown = ReasonShares.Row(
            reason: nil, source: nil, segment: nil, counts: [0, 0, 1, 0, 0], total: 1, share: 0.2, amount: 20_000)
        let group = ReasonShares.Group(
            counts: [0, 1, 1, 2, 1], total: 5, unknown: 1, unknownShare: 0.2,
            reasons: [ReasonShares.Reason(reason: "Price", counts: row.counts, total: 4, share: 0.8)],
            rows: [row, unknown])
        review.records = RecordsReview(
            quality: DataQuality(), cohorts: [], speedToLeadHours: 4,
            reasons: ReasonShares(
                periods: (7...11).map { .month(2026, $0) }, stage: nil, rejected: nil, recycled: nil, lost: group))
        let builder = LayoutBuilder(review: review, metadata: WorkbookMetadata(), dataRowsPerSheet: 1_000)
        let sheet = try #require(builder.reasonsSheet())
        func cells(_ r: Int) -> [CellValue] { sheet.cells.filter { $0.row == r }.map(\.value) }
        #expect(
            cells(3).map { if case .text(let t) = $0 { t } else { "" } } == [
                "Group", "Reason", "Lead source", "Segment", "Jul", "Aug", "Sep", "Oct", "Nov", "Cycle", "Share",
                "Amount",
            ])
        #expect(
            cells(4) == [
                .text("Lost deals"), .text("Price"), .text("Paid Search"), .text("SMB"), .number(0), .number(1),
                .number(0), .number(2), .number(1), .number(4), .number(0.8), .number(96_000),
            ])
        #expect(cells(5).prefix(4) == [.text("Lost deals"), .text(""), .text(""), .text("")])
    }
}
