import Foundation
import Tandem
import Testing

@testable import TandemXLSX

/// One number everywhere: November rendered into every format, and every figure shown for the
/// same quantity checked equal across the digest (text, Markdown, HTML), the JSON, the CSV, the
/// workbook's sheets and the flat data.
@Suite struct OneNumberTests {
    let review: Review
    let layout: WorkbookLayout
    let text: String
    let markdown: String
    let html: String
    let json: [String: Any]
    let csv: [[String]]
    let f: Formatting

    init() throws {
        review = try Example.review()
        layout = LayoutBuilder(review: review, metadata: WorkbookMetadata(), dataRowsPerSheet: 100_000).build()
        text = TextDigest().render(review)
        markdown = MarkdownDigest().render(review)
        html = HTMLDigest().render(review)
        json = try #require(try JSONSerialization.jsonObject(with: JSONExporter().render(review)) as? [String: Any])
        csv = String(decoding: CSVExporter().render(review), as: UTF8.self).components(separatedBy: "\r\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        f = Formatting(currency: review.plan.currency)
    }

    func sheet(_ name: String) throws -> Sheet { try #require(layout.sheets.first { $0.name == name }) }

    /// The number in the row whose first cell reads `label`, under the header `column`.
    func number(_ sheet: Sheet, row label: String, column: String) -> Double? {
        guard let header = sheet.cells.first(where: { $0.value == .text(column) }),
            let row = sheet.cells.first(where: { $0.column == 0 && $0.value == .text(label) && $0.row > header.row })
        else { return nil }
        guard case .number(let v) = sheet.cells.first(where: { $0.row == row.row && $0.column == header.column })?.value
        else { return nil }
        return v
    }

    /// A stage's plan to date is one number: the funnel's, the key result's expected value, the
    /// sum of the Data targets, the Funnel sheet's and the Key Results sheet's cells, the digest's.
    @Test func everyStagePlanIsThePlansOneTarget() throws {
        let funnel = try #require(review.funnel)
        let funnelSheet = try sheet("Funnel")
        let krSheet = try sheet("Key Results")
        var checked = 0
        for stage in funnel.stages {
            let planned = try #require(stage.planned)
            let targets = review.data.filter {
                $0.metric == stage.metric && $0.rowKind != .plan && $0.rowKind != .cycleEnd && $0.team == nil
                    && $0.segment == nil && $0.period <= review.period
            }.compactMap(\.target)
            #expect(abs(targets.reduce(0, +) - planned) < 0.01 * Double(targets.count) + 1e-9, "\(stage.name)")
            #expect(
                number(funnelSheet, row: stage.name, column: "Planned cycle to date")
                    == MetricUnit.count.stored(planned))
            #expect(text.contains(" \(f.value(planned, .count)) "), "\(stage.name) plan to date in the digest")
            for kr in review.keyResults where kr.metric == stage.metric && kr.kind == .increaseTo {
                let expected = kr.expected
                #expect(abs(expected - planned) < 1e-9, "\(kr.title): expected \(expected) vs funnel \(planned)")
                let cell = krSheet.cells.first { $0.column == 1 && $0.value == .text(kr.title) }
                let row = try #require(cell?.row)
                #expect(
                    krSheet.cells.first { $0.row == row && $0.column == 4 }?.value
                        == .number(MetricUnit.count.stored(planned)))
                checked += 1
            }
        }
        #expect(checked >= 2)
    }

    /// Each key result's cycle-to-date actual and target are one number in the review, the Data
    /// and CSV `cycle_end` rows, the JSON, and an SLA on the same metric.
    @Test func keyResultActualsAgreeWithTheDataAndTheSLAs() throws {
        let header = try #require(csv.first)
        let metricColumn = try #require(header.firstIndex(of: "metric_id"))
        let kindColumn = try #require(header.firstIndex(of: "row_kind"))
        let actualColumn = try #require(header.firstIndex(of: "actual"))
        let jsonKRs = try #require(json["keyResults"] as? [[String: Any]])
        for kr in review.keyResults {
            guard let actual = kr.actual else { continue }
            let row = try #require(
                review.data.first { $0.metric == kr.metric && $0.rowKind == .cycleEnd }, "\(kr.title)")
            #expect(row.actual == kr.unit.stored(actual), "\(kr.title)")
            let line = try #require(
                csv.first {
                    $0.count > kindColumn && $0[metricColumn] == kr.metric.rawValue && $0[kindColumn] == "cycle_end"
                })
            #expect(Double(line[actualColumn]) == kr.unit.stored(actual), "\(kr.title) in the CSV")
            let inJSON = try #require(jsonKRs.first { $0["id"] as? String == kr.id.rawValue })
            let fromJSON = try #require(inJSON["actual"] as? Double)
            #expect(abs(fromJSON - actual) <= 1e-12 * max(1, abs(actual)))
            // An SLA on a summed metric is a commitment per month (its cycle to date is the mean
            // month); on a level or a rate it is the key result's own cycle to date.
            for sla in review.sla where sla.metric == kr.metric && kr.kind != .increaseTo {
                #expect(sla.actual == actual, "\(sla.title) cycle to date vs \(kr.title)")
            }
        }
    }

    /// One roll-up rule: objectives, teams and the whole review, in the JSON, the digests and the
    /// workbook.
    @Test func statusesRollUpByOneRuleInEveryOutput() throws {
        let byID = Dictionary(review.keyResults.map { ($0.id, $0.status) }) { a, _ in a }
        for o in review.objectives {
            #expect(o.status == Status.rollUp(o.keyResults.compactMap { byID[$0] }), "\(o.title)")
        }
        for t in review.teams {
            #expect(t.status == Status.rollUp(t.keyResults.compactMap { byID[$0] }), "\(t.name)")
            #expect(text.contains(t.status.label))
        }
        let overall = review.headline.status
        #expect(overall == Status.rollUp(review.keyResults.map(\.status)))
        #expect(text.contains("Overall: \(overall.label)."))
        #expect(markdown.contains("Overall: \(overall.label)"))
        #expect(html.contains(overall.label))
        #expect((json["headline"] as? [String: Any])?["status"] as? String == overall.rawValue)
        let summary = try sheet("Summary")
        #expect(
            summary.cells.contains {
                if case .text(let t) = $0.value { t.contains("Overall: \(overall.label).") } else { false }
            })
        let jsonTeams = try #require(json["teams"] as? [[String: Any]])
        #expect(jsonTeams.map { $0["status"] as? String } == review.teams.map { $0.status.rawValue })
    }

    /// What a key result still needs per period is one figure, in the key results' text and in
    /// the playbook's adjustment that quotes it; counts are whole.
    @Test func needsPerPeriodIsOneFigure() throws {
        var checked = 0
        for kr in review.keyResults {
            guard let need = kr.requiredRunRate else { continue }
            if kr.unit == .count { #expect(need == need.rounded(), "\(kr.title)") }
            let shown = "needs \(f.value(need, kr.unit)) a period"
            if text.contains("\(kr.title)"), let recent = kr.recentRunRate, need > recent * 1.05 {
                #expect(text.contains(shown), "\(kr.title): \(shown)")
                checked += 1
            }
            for a in review.adjustments where a.rationale.hasPrefix("\(kr.title): needs") {
                #expect(a.rationale.contains(shown), "\(a.rationale)")
            }
        }
        #expect(checked >= 2)
    }
}
