import Foundation
import Testing

@testable import Tandem

@Suite struct DigestTests {
    let review: Review

    init() throws {
        let (plan, actuals) = try Fixtures.loadExample()
        review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 11))
    }

    @Test func textDigestIsGolden() throws {
        try assertSnapshot(TextDigest().render(review), named: "digest-2026-11.txt")
    }

    @Test func asciiDigestIsGolden() throws {
        let text = TextDigest(options: DigestOptions(ascii: true)).render(review)
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
        try assertSnapshot(text, named: "digest-2026-11-ascii.txt")
    }

    @Test func markdownDigestIsGolden() throws {
        try assertSnapshot(MarkdownDigest().render(review), named: "digest-2026-11.md")
    }

    @Test func csvIsGolden() throws {
        try assertSnapshot(String(decoding: CSVExporter().render(review), as: UTF8.self), named: "data-2026-11.csv")
    }

    /// Numbers side by side say which kind they are: the month's and the cycle to date's, the
    /// values taken from the review, never recomputed.
    /// Display rounding starts from the stored value (what the Data sheet, the CSV and the JSON
    /// rows hold), as the workbook's cells do: a value just under a half is stored as the half
    /// and shows rounded up everywhere.
    @Test func roundingHappensOnceFromTheStoredValue() {
        let f = Formatting()
        #expect(MetricUnit.hours.stored(7.44996) == 7.45)
        #expect(f.value(7.44996, .hours) == "7.5 h")
        #expect(f.change(-0.349999, .hours) == "−0.4 h")
        #expect(MetricUnit.percent.stored(0.63749999) == 0.6375)
        #expect(f.percent(0.63749999) == "63.8 %")
        #expect(f.value(0.6375, .percent) == "63.8 %")
        #expect(f.exact(0.288550, .percent) == "28.86 %")
        #expect(MetricUnit.currency.stored(1234.565001) == 1234.57)
        #expect(DataRow.rounded(7.44996, .hours) == MetricUnit.hours.stored(7.44996))
    }

    @Test func everyFigureSaysWhichKindItIs() throws {
        let text = TextDigest().render(review)
        let funnel = try #require(review.funnel)
        let f = Formatting(currency: review.plan.currency)
        let t = funnel.transitions[1]
        #expect(
            text.contains(
                "MQLs→SQLs           \(f.percent(t.periodRates.last!))   \(f.percent(t.actualRate))  \(f.percent(t.plannedRate))     +$777k  ◀ bottleneck"
            ))
        #expect(text.contains("Conversion             Nov  To date    Plan  Fix worth"))
        #expect(text.contains("Stage            Nov  To date  Plan to date  Var to date"))
        // The funnel's plan is the plan's one target per metric: kr-won's 180 over six months.
        #expect(text.contains("Won               25      140           150       −6.7 %"))
        // SLA: value and margin this month and cycle to date, both from the review.
        let speed = try #require(review.sla.first { $0.id == "sla-speed" })
        let month = try #require(speed.periods.last)
        #expect(f.value(month.actual, .hours) == "6.5 h" && f.change(month.margin, .hours) == "−2.5 h")
        #expect(f.value(speed.actual, .hours) == "4.2 h" && f.change(speed.margin, .hours) == "−0.2 h")
        #expect(text.contains("  Nov: 6.5 h, margin −2.5 h; cycle to date: 4.2 h, margin −0.2 h (breached); met"))
        #expect(text.contains("  Nov: 78.0 %, margin −12.0 pts; cycle to date: 87.2 %, margin −2.8 pts"))
        // Speed to lead as a key result quotes both kinds too, next to the SLA that quotes both.
        #expect(text.contains("(4.2 h cycle to date vs 2.3 h expected by now;\n    6.5 h in Nov 2026)"))
        #expect(text.contains("back to plan is worth +$777k (cycle to date)."))
        #expect(text.contains("Metric                        Trend            Nov    vs Oct"))
        #expect(text.contains("MQL→SQL conversion            █▆▄▂▁ plan █  27.0 %  −2.0 pts"))
        // Counts are whole wherever they are counts.
        #expect(Formatting().value(9.5, .count) == "10")
        #expect(Formatting().value(-4.4, .count) == "−4")
        // Restated numbers are exact enough to show the change: 4.35 h → 4.4 h, not 4.4 h → 4.4 h.
        #expect(Formatting().exact(4.35, .hours) == "4.35 h")
        #expect(Formatting().exact(-1.53333333, .days) == "−1.5333 d")
        #expect(Formatting().exact(0.125, .ratio) == "0.125")
        #expect(Formatting.whole(1_539.5) == "1,540")
    }

    @Test func longListsAreCappedForTheMeeting() {
        let text = TextDigest(options: DigestOptions(maxItems: 2)).render(review)
        #expect(text.contains("… and 7 more key results off track or at risk: see the workbook's Key Results\nsheet."))
        #expect(text.contains("… and 7 more problems: see the workbook's Adjustments sheet."))
        #expect(text.contains("… and 12 more metrics: see the workbook's Trends sheet."))
        #expect(text.contains("… and 1 more commitment: see the workbook's SLA sheet."))
        #expect(!text.contains("3. "))
    }

    @Test(arguments: [7, 8, 9, 10, 11])
    func everyLineFitsEightyColumnsWithoutControlCodes(_ month: Int) throws {
        let (plan, actuals) = try Fixtures.loadExample()
        let review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, month))
        for text in [TextDigest().render(review), TextDigest(options: DigestOptions(ascii: true)).render(review)] {
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                #expect(line.count <= 80, "\(line)")
                #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(line)")
            }
        }
    }
}

@Suite struct DigestEdgeCaseTests {
    /// A small plan that is perfectly on track.
    func perfect(title: String = "Grow together", team: String = "Sales") -> (Plan, Actuals) {
        let plan = Plan(
            name: "Perfect", cycle: Cycle(name: "H2", start: .month(2026, 7), end: .month(2026, 12)),
            teams: [Team(id: "marketing", name: "Marketing"), Team(id: "sales", name: team)],
            metrics: [Metric(id: "mqls", name: "MQLs", owner: "marketing")],
            objectives: [
                Objective(
                    id: "o", title: title, owners: ["marketing", "sales"],
                    keyResults: [
                        KeyResult(
                            id: "k", title: title, metric: "mqls", kind: .increaseTo, target: 600,
                            owners: ["marketing", "sales"])
                    ])
            ],
            slas: [
                ServiceLevelAgreement(
                    id: "s", title: "MQLs", from: "marketing", to: "sales", metric: "mqls", comparison: .atLeast,
                    amount: 90)
            ])
        let actuals = Actuals([
            Observation(period: .month(2026, 7), metric: "mqls", value: 100),
            Observation(period: .month(2026, 8), metric: "mqls", value: 110),
        ])
        return (plan, actuals)
    }

    @Test func aPerfectMonthHasEmptySectionsThatSaySo() throws {
        let (plan, actuals) = perfect()
        let review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 8))
        let text = TextDigest().render(review)
        #expect(text.contains("None: every key result with data is on track or achieved."))
        #expect(text.contains("None: no playbook rule fired this period."))
        #expect(text.contains("No findings: shared objectives, owned metrics, content at every stage."))
        #expect(review.headline.status == .onTrack)
        let markdown = MarkdownDigest().render(review)
        #expect(markdown.contains("## Agenda: problems to decide\n\nNone: no playbook rule fired this period.\n"))
        #expect(review.agenda.isEmpty)
    }

    @Test func firstPeriodHasNoPrevious() throws {
        let (plan, actuals) = perfect()
        let review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 7))
        let text = TextDigest().render(review)
        #expect(text.contains("WHERE THE CYCLE STARTS"))
        #expect(!text.contains("WHAT CHANGED SINCE"))
        // On plan: the line and the plan mark flat, at the same height.
        #expect(text.contains("MQLs    ▄ plan ▄  100       –"))
    }

    @Test func longAndNonASCIINamesWrapWithinEightyColumns() throws {
        let long = String(repeating: "Très longue initiative de génération de la demande ", count: 6) + "Überlänge"
        let (plan, actuals) = perfect(title: long, team: "Ventes & Développement — Région Nord-Est (Zürich, Genève)")
        let review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 8))
        let text = TextDigest().render(review)
        for line in text.split(separator: "\n") { #expect(line.count <= 80, "\(line)") }
        #expect(text.contains("Überlänge"))
        #expect(text.contains("Zürich"))
        let unbroken = String(repeating: "x", count: 200)
        #expect(wrap(unbroken, width: 80).map(\.count) == [80, 80, 40])
        #expect(wrap("a b c", width: 3) == ["a b", "c"])
    }

    /// A team name of 40,000 characters without a space: every line within 80 columns, the name
    /// whole across its lines. (Wrapping was quadratic in a word's length: 28 s for this.)
    @Test func aVeryLongWordWrapsInPiecesOfTheLineWidth() throws {
        let name = String((0..<40_000).map { i in Character(UnicodeScalar(UInt8(97 + i % 26))) })
        #expect(wrap(name, width: 80).map(\.count) == Array(repeating: 80, count: 500))
        #expect(wrap(name, width: 80).joined() == name)
        let wide = String(repeating: "営", count: 10_001)
        let lines = wrap(wide, width: 80, first: "- ", rest: "  ")
        #expect(lines.dropLast().allSatisfy { DisplayWidth.of($0) == 80 })
        #expect(lines.map { $0.dropFirst(2) }.joined() == wide)
        let (plan, actuals) = perfect(title: "Grow", team: name)
        let review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 8))
        let text = TextDigest().render(review)
        for line in text.split(separator: "\n") { #expect(DisplayWidth.of(line) <= 80) }
        let pieces = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty && $0.allSatisfy { $0.isLetter && $0.isLowercase }
        }
        #expect(pieces.joined().contains(name))
    }

    @Test func wideCharactersCountTwoColumns() throws {
        #expect(DisplayWidth.of("営業") == 4)
        #expect(DisplayWidth.of("e\u{301}té") == 3)
        #expect(DisplayWidth.of("▁▂█ ─") == 5)
        #expect(wrap("営業部と マーケティング部の 共同目標を 達成する", width: 12) == ["営業部と", "マーケティン", "グ部の", "共同目標を", "達成する"])
        let title = "営業とマーケティングが一緒に四半期のパイプラインを作り上げる共同目標、全チームで達成する"
        let (plan, actuals) = perfect(title: title, team: "営業チーム（東日本）")
        let review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 8))
        let text = TextDigest().render(review)
        for line in text.split(separator: "\n") { #expect(DisplayWidth.of(line) <= 80, "\(line)") }
        #expect(text.contains("営業チーム（東日本）"))
    }

    @Test func markdownEscapesMarkup() throws {
        let (plan, actuals) = perfect(title: "Grow *all* the | things_now")
        let review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 8))
        let markdown = MarkdownDigest().render(review)
        #expect(markdown.contains("Grow \\*all\\* the \\| things\\_now"))
    }
}

@Suite struct CSVExportTests {
    @Test func formulaInjectionIsNeutralised() throws {
        var plan = Plan(
            name: "P", cycle: Cycle(name: "H2", start: .month(2026, 7), end: .month(2026, 12)),
            teams: [Team(id: "sales", name: "Sales")],
            metrics: [Metric(id: "mqls", name: "=HYPERLINK(\"http://x\",\"y\")", owner: "sales")])
        plan.objectives = []
        let actuals = Actuals([
            Observation(period: .month(2026, 7), metric: "mqls", value: 5, team: "sales", segment: "+1 cmd"),
            Observation(period: .month(2026, 7), metric: "mqls", value: 6, team: "sales", segment: "-2"),
            Observation(period: .month(2026, 7), metric: "mqls", value: 7, team: "sales", segment: "@SUM(A1)"),
            Observation(period: .month(2026, 7), metric: "mqls", value: 8, team: "sales", segment: "\tTab"),
            Observation(period: .month(2026, 7), metric: "mqls", value: 9, team: "sales", segment: "line\r\nbreak"),
        ])
        let review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 7))
        let csv = String(decoding: CSVExporter().render(review), as: UTF8.self)
        #expect(
            csv == """
                period,metric_id,metric,team,segment,unit,currency,actual,numerator,denominator,target,variance,variance_pct,rollup,direction,owner_team,forecast,forecast_low,forecast_high,forecast_level,row_kind\r
                2026-07-01,mqls,"'=HYPERLINK(""http://x"",""y"")",sales,'\tTab,count,,8,,,,,,sum,higher,sales,,,,,actual\r
                2026-07-01,mqls,"'=HYPERLINK(""http://x"",""y"")",sales,'+1 cmd,count,,5,,,,,,sum,higher,sales,,,,,actual\r
                2026-07-01,mqls,"'=HYPERLINK(""http://x"",""y"")",sales,'-2,count,,6,,,,,,sum,higher,sales,,,,,actual\r
                2026-07-01,mqls,"'=HYPERLINK(""http://x"",""y"")",sales,'@SUM(A1),count,,7,,,,,,sum,higher,sales,,,,,actual\r
                2026-07-01,mqls,"'=HYPERLINK(""http://x"",""y"")",sales,"line\r\nbreak",count,,9,,,,,,sum,higher,sales,,,,,actual\r

                """)
    }

    /// A formula hidden behind leading white space or controls is neutralised too, and controls
    /// from the inputs (NUL, C0 other than tab, CR and LF) never reach the file.
    @Test(arguments: [
        ("\n=1", "\"'\n=1\""), (" =1", "' =1"), (" \t@x", "' \t@x"), ("\u{00A0}+3", "'\u{00A0}+3"),
        ("\r\n-4", "\"'\r\n-4\""), ("\u{0}=2", "'=2"), ("\u{1}\u{1F} \u{7}=5", "' =5"),
        ("a\u{0}b\u{1F}c\u{7}d\u{1B}[31m", "abcd[31m"), ("x\ty", "x\ty"), ("  5", "  5"), ("e=mc2", "e=mc2"),
        ("line\nbreak", "\"line\nbreak\""),
    ])
    func leadingWhiteSpaceAndControlsCannotSmuggleAFormula(_ segment: String, _ field: String) throws {
        var plan = Plan(
            name: "P", cycle: Cycle(name: "H2", start: .month(2026, 7), end: .month(2026, 12)),
            teams: [Team(id: "sales", name: "Sales")], metrics: [Metric(id: "mqls", name: "MQLs", owner: "sales")])
        plan.objectives = []
        let actuals = Actuals([
            Observation(period: .month(2026, 7), metric: "mqls", value: 5, team: "sales", segment: segment)
        ])
        let review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 7))
        let csv = String(decoding: CSVExporter().render(review), as: UTF8.self)
        let line = "2026-07-01,mqls,MQLs,sales,\(field),count,,5,,,,,,sum,higher,sales,,,,,actual\r\n"
        #expect(csv.hasSuffix(line), "\(csv.debugDescription)")
        #expect(!csv.utf8.contains { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D })
    }

    @Test func byteOrderMarkIsOptional() throws {
        let (plan, actuals) = try Fixtures.loadExample()
        let review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 11))
        #expect(
            Array(CSVExporter(byteOrderMark: true).render(review).prefix(4)) == [0xEF, 0xBB, 0xBF, UInt8(ascii: "p")])
        #expect(CSVExporter().render(review).first == UInt8(ascii: "p"))
    }

    @Test func actualsInTheCSVAddUpToTheInput() throws {
        let (plan, actuals) = try Fixtures.loadExample()
        let review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 11))
        let csv = String(decoding: CSVExporter().render(review), as: UTF8.self)
        var total = 0.0
        for line in csv.split(separator: "\r\n").dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            // Plan rows (periods still to come) have an empty actual.
            // The total and cycle_end rows repeat what the actual rows add up to.
            guard cells[1] == "new_arr", cells[20] == "actual" else { continue }
            #expect(cells[6] == "USD")
            total += Double(cells[7])!
        }
        let input = actuals.observations.filter { $0.metric == "new_arr" }.map(\.value).reduce(0, +)
        #expect(total == input)
        #expect(total == 3_370_500.5)
    }
}

@Suite struct JSONStreamingTests {
    @Test func streamedRowsEscapeTextAndDecode() throws {
        let plan = Plan(
            name: "P", cycle: Cycle(name: "H2", start: .month(2026, 7), end: .month(2026, 12)),
            teams: [Team(id: "sales", name: "Sales")],
            metrics: [Metric(id: "mqls", name: "MQLs \"hot\"", owner: "sales")])
        let actuals = Actuals([
            Observation(
                period: .month(2026, 7), metric: "mqls", value: 0.1, team: "sales", segment: "a\"b\\c\nd\u{01}/é"),
            Observation(period: .month(2026, 7), metric: "mqls", value: 12_345_678.25, team: "sales", segment: "plain"),
        ])
        let review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 7))
        let data = try JSONExporter().render(review)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"segment\" : \"a\\\"b\\\\c\\nd\\u0001/é\""))
        let decoded = try JSONDecoder().decode(Review.self, from: data)
        #expect(decoded.data == review.data)
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("r.json")
        try JSONExporter().write(review, to: url)
        #expect(try Data(contentsOf: url) == data)
        let csv = dir.appendingPathComponent("r.csv")
        try CSVExporter().write(review, to: csv)
        #expect(try Data(contentsOf: csv) == Data(CSVExporter().render(review)))
    }
}

@Suite struct SparklineTests {
    @Test func aChangeWithinTheToleranceDrawsFlat() {
        // Win rate 25.2 → 25.6 → 25.0 % against a 25 % plan, 10 % tolerance: no cliff.
        #expect(Sparkline.render([0.252, 0.256, 0.250], plan: 0.25, tolerance: 0.1) == "▄▄▄ plan ▄")
        // The min-to-max scale draws the same series as a cliff.
        #expect(Sparkline.render([0.252, 0.256, 0.250]) == "▃█▁")
    }

    @Test func theScaleTakesInThePlan() {
        // MQL→SQL falling from 40 % to 27 % against a 40 % plan: the plan marks the top.
        #expect(Sparkline.render([0.40, 0.35, 0.32, 0.29, 0.27], plan: 0.40, tolerance: 0.1) == "█▅▄▂▁ plan █")
        #expect(Sparkline.render([nil, 5], plan: nil, tolerance: 0.1) == " ▄")
        #expect(Sparkline.render([], plan: nil, tolerance: 0.1) == "")
    }
}
