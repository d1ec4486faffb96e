import Foundation
import Testing

@testable import Tandem

/// The small plan with one edit, and the messages loading it must give.
struct PlanEdit: CustomTestStringConvertible, Sendable {
    var name: String
    var old: String
    var new: String
    var messages: [String]
    var testDescription: String { name }

    var text: String {
        old.isEmpty ? Fixtures.smallPlan + "\n" + new : Fixtures.smallPlan.replacingOccurrences(of: old, with: new)
    }
}

/// Numbers in plans and actuals: the magnitude ceiling, digit groups, units, currencies.
@Suite struct NumberInputTests {
    static let kr = "{id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600}"

    static let planEdits: [PlanEdit] = [
        PlanEdit(
            name: "target-1e19-count", old: "target: 600}", new: "target: 1e19}",
            messages: [
                "plan.yaml:17:77: error: scientific notation is not allowed for a count (is this a long id a spreadsheet turned into a number?) for 'target', found '1e19'"
            ]),
        PlanEdit(
            name: "target-20-digits", old: "target: 600}", new: "target: 10000000000000000000}",
            messages: [
                "plan.yaml:17:77: error: number beyond Tandem's limit of ±1e15 for 'target', found '10000000000000000000'"
            ]),
        PlanEdit(
            name: "target-grouped-wrong", old: "target: 600}", new: "target: '1,5'}",
            messages: [
                "plan.yaml:17:77: error: digit groups must have three digits after each thousands separator, as in 1,234,567 for 'target', found '1,5'"
            ]),
        PlanEdit(
            name: "target-percent-on-count", old: "target: 600}", new: "target: 3600%}",
            messages: [
                "plan.yaml:17:77: error: '%' is only allowed in a percent or ratio metric for 'target', found '3600%'"
            ]),
        PlanEdit(
            name: "phasing-1e20",
            old: Self.kr,
            new:
                "{id: kr-arr, title: ARR, metric: arr, kind: increase_to, target: $1M, phasing: {2026-07: 1e20}}",
            messages: [
                "plan.yaml:17:98: error: number beyond Tandem's limit of ±1e15 for 'phasing 2026-07', found '1e20'"
            ]),
        PlanEdit(
            name: "euro-in-usd-plan", old: Self.kr,
            new: "{id: kr-arr, title: ARR, metric: arr, kind: increase_to, target: €1M}",
            messages: [
                "plan.yaml:17:74: error: '€' is not the plan's currency (USD, $) for 'target', found '€1M'"
            ]),
        PlanEdit(
            name: "pound-in-usd-plan", old: Self.kr,
            new: "{id: kr-arr, title: ARR, metric: arr, kind: increase_to, target: £1M}",
            messages: [
                "plan.yaml:17:74: error: '£' is not the plan's currency (USD, $) for 'target', found '£1M'"
            ]),
        PlanEdit(
            name: "yen-in-usd-plan", old: Self.kr,
            new: "{id: kr-arr, title: ARR, metric: arr, kind: increase_to, target: 5 ¥}",
            messages: [
                "plan.yaml:17:74: error: '¥' is not the plan's currency (USD, $) for 'target', found '5 ¥'"
            ]),
        PlanEdit(
            name: "other-code-in-usd-plan", old: Self.kr,
            new: "{id: kr-arr, title: ARR, metric: arr, kind: increase_to, target: EUR 1000}",
            messages: [
                "plan.yaml:17:74: error: 'EUR' is not the plan's currency (USD, $) for 'target', found 'EUR 1000'"
            ]),
        PlanEdit(
            name: "revenue-target-1e30", old: "",
            new:
                "funnel:\n  value_per_won: $24,000\n  revenue_target: $1e30\n  stages:\n    - {id: m, metric: mqls}\n    - {id: s, metric: sqls, rate: 1e-300}\n",
            messages: [
                "plan.yaml:20:19: error: number beyond Tandem's limit of ±1e15 for 'revenue_target', found '$1e30'"
            ]),
        PlanEdit(
            name: "rate-1e-300", old: "",
            new:
                "funnel:\n  value_per_won: $24,000\n  stages:\n    - {id: m, metric: mqls}\n    - {id: s, metric: sqls, rate: 1e-300}\n",
            messages: [
                "plan.yaml:22:35: error: planned conversion must be between 0.01% and 100%, found 1e-298%"
            ]),
        PlanEdit(
            name: "sla-at-least-1e20", old: "",
            new: "slas:\n  - {id: s, from: marketing, to: sales, metric: arr, at_least: 1e20}\n",
            messages: [
                "plan.yaml:19:64: error: number beyond Tandem's limit of ±1e15 for 'at_least', found '1e20'"
            ]),
    ]

    @Test(arguments: planEdits)
    func planNumbersAreChecked(_ edit: PlanEdit) {
        #expect(edit.text != Fixtures.smallPlan)  // the edit applies
        do {
            _ = try PlanLoader().load(text: edit.text, file: "plan.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.map(\.description) == edit.messages)
        }
    }

    @Test func planAcceptsItsOwnCurrencyCodeAndCorrectGroups() throws {
        let text = Fixtures.smallPlan.replacingOccurrences(
            of: Self.kr,
            with:
                "{id: kr-arr, title: ARR, metric: arr, kind: increase_to, baseline: 'USD 1,200', target: '1,234,567 USD'}"
        )
        let plan = try PlanLoader().load(text: text, file: "plan.yaml")
        #expect(plan.objectives[0].keyResults[0].baseline == 1200)
        #expect(plan.objectives[0].keyResults[0].target == 1_234_567)
    }

    static let csvs: [BadInput] = [
        BadInput(
            name: "1e20-count", text: "period,metric,value\n2026-07,mqls,1e20\n",
            messages: [
                "actuals.csv:2:14: error: scientific notation is not allowed for a count (is this a long id a spreadsheet turned into a number?) in 'value' (metric 'mqls', unit count), found '1e20'"
            ]),
        BadInput(
            name: "excel-mangled-id", text: "period,metric,value\n2026-07,mqls,2.31E+13\n",
            messages: [
                "actuals.csv:2:14: error: scientific notation is not allowed for a count (is this a long id a spreadsheet turned into a number?) in 'value' (metric 'mqls', unit count), found '2.31E+13'"
            ]),
        BadInput(
            name: "1e20-currency", text: "period,metric,value\n2026-07,new_arr,1e20\n",
            messages: [
                "actuals.csv:2:17: error: number beyond Tandem's limit of ±1e15 in 'value' (metric 'new_arr', unit currency), found '1e20'"
            ]),
        BadInput(
            name: "30-digits", text: "period,metric,value\n2026-07,mqls,123456789012345678901234567890\n",
            messages: [
                "actuals.csv:2:14: error: number beyond Tandem's limit of ±1e15 in 'value' (metric 'mqls', unit count), found '123456789012345678901234567890'"
            ]),
        BadInput(
            name: "euro-in-usd", text: "period,metric,value\n2026-07,new_arr,€5000\n",
            messages: [
                "actuals.csv:2:17: error: '€' is not the plan's currency (USD, $) in 'value' (metric 'new_arr', unit currency), found '€5000'"
            ]),
        BadInput(
            name: "thousands-unconfigured-decimal", text: "period,metric,value\n2026-07,new_arr,\"1,5\"\n",
            messages: [
                "actuals.csv:2:18: error: expected a number (',' is not the decimal mark here; the decimal mark is '.') in 'value' (metric 'new_arr', unit currency), found '1,5'"
            ]),
    ]

    @Test(arguments: csvs)
    func actualsNumbersAreChecked(_ input: BadInput) throws {
        let plan = try PlanLoader().load(contentsOf: Fixtures.examplePlan)
        do {
            _ = try ActualsLoader(plan: plan).load(csv: input.text, file: "actuals.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.map(\.description) == input.messages)
        }
    }

    @Test(arguments: [
        ("1e20", "number beyond Tandem's limit of ±1e15 in 'value' (metric 'new_arr'), found a number", "new_arr"),
        (
            "123456789012345678901234567890",
            "number beyond Tandem's limit of ±1e15 in 'value' (metric 'new_arr'), found a number", "new_arr"
        ),
        (
            "2.31E+13",
            "scientific notation is not allowed for a count (is this a long id a spreadsheet turned into a number?) in 'value' (metric 'mqls'), found a number",
            "mqls"
        ),
        ("\"$1e30\"", "number beyond Tandem's limit of ±1e15 in 'value' (metric 'new_arr'), found '$1e30'", "new_arr"),
    ])
    func jsonNumbersAreChecked(_ value: String, _ message: String, _ metric: String) throws {
        let plan = try PlanLoader().load(contentsOf: Fixtures.examplePlan)
        let json = "[{\"period\": \"2026-07\", \"metric\": \"\(metric)\", \"value\": \(value)}]"
        do {
            _ = try ActualsLoader(plan: plan).load(json: json, file: "a.json")
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.map(\.description) == ["a.json:1:\(47 + metric.count): error: \(message)"])
        }
    }

    @Test(arguments: [
        ("1,5", "digit groups must have three digits after each thousands separator, as in 1,234,567"),
        ("17,1", "digit groups must have three digits after each thousands separator, as in 1,234,567"),
        ("1,2345", "digit groups must have three digits after each thousands separator, as in 1,234,567"),
        ("1234,567", "digit groups must have three digits after each thousands separator, as in 1,234,567"),
        ("1,23.5", "digit groups must have three digits after each thousands separator, as in 1,234,567"),
    ])
    func wrongDigitGroupsAreErrors(_ text: String, _ why: String) {
        #expect(NumberParser(format: NumberFormat(thousandsSeparator: ",")).parse(text, .plain) == .invalid(why))
    }

    @Test(arguments: [("1,234,567", 1_234_567.0), ("12,345.5", 12_345.5), ("999", 999), ("0,001", 1)])
    func rightDigitGroupsAreRead(_ text: String, _ value: Double) {
        #expect(NumberParser(format: NumberFormat(thousandsSeparator: ",")).parse(text, .plain) == .value(value))
    }

    /// `$376000.00` with `--decimal-comma`: the hint must not send the user to `--thousands .`,
    /// and following it anyway must fail rather than read 37,600,000.
    @Test func decimalCommaDoesNotReadADotDecimalAsThousands() throws {
        let plan = try PlanLoader().load(contentsOf: Fixtures.examplePlan)
        let text = "period;metric;value\n2026-07;new_arr;$376000.00\n"
        let hint = ActualsOptions(delimiter: ";", numberFormat: NumberFormat(decimalSeparator: ","))
        let grouped = ActualsOptions(
            delimiter: ";", numberFormat: NumberFormat(decimalSeparator: ",", thousandsSeparator: "."))
        for (options, message) in [
            (
                hint,
                "a.csv:2:17: error: expected a number ('.' is not the decimal mark here; the decimal mark is ',') in 'value' (metric 'new_arr', unit currency), found '$376000.00'"
            ),
            (
                grouped,
                "a.csv:2:17: error: digit groups must have three digits after each thousands separator, as in 1,234,567 in 'value' (metric 'new_arr', unit currency), found '$376000.00'"
            ),
        ] {
            do {
                _ = try ActualsLoader(plan: plan, options: options).load(csv: text, file: "a.csv")
                Issue.record("expected an error")
            } catch {
                #expect(error.diagnostics.map(\.description) == [message])
            }
        }
        let right = try ActualsLoader(plan: plan, options: grouped).load(
            csv: "period;metric;value\n2026-07;new_arr;$376.000,00\n", file: "a.csv")
        #expect(right.actuals.observations.map(\.value) == [376_000])
    }

    @Test(arguments: [
        (1e19, "1e19"), (1e30, "1e30"), (-1e300, "−1e300"), (1e-300, "0.0"), (9.2e18, "9.2e18"),
        (1_234_567, "1,234,567"), (9_999_999_999_999_998, "9,999,999,999,999,998"), (1e16, "1e16"),
        (-Double.greatestFiniteMagnitude, "−1.8e308"),
    ])
    func countIsTotal(_ value: Double, _ expected: String) {
        #expect(Formatting.count(value) == expected)
    }

    @Test(arguments: [
        (1e19, 1, "1e19"), (1e30, 2, "1e30"), (-1e300, 1, "−1e300"), (1e-300, 1, "0.0"), (-1e-300, 2, "0.00"),
        (2.25, 1, "2.3"), (1e15, 1, "1e15"), (99_999_999_999_999.9, 0, "100,000,000,000,000"),
        (Double.greatestFiniteMagnitude, 3, "1.8e308"), (Double.leastNonzeroMagnitude, 2, "0.00"),
    ])
    func fixedIsTotal(_ value: Double, _ decimals: Int, _ expected: String) {
        #expect(Formatting.fixed(value, decimals) == expected)
    }

    @Test(arguments: [
        (1e19, "$1e19"), (1e30, "$1e30"), (-1e300, "−$1e300"), (1e-300, "$0"), (4.2e6, "$4.2M"), (1e15, "$1,000,000B"),
        (9.999e19, "$1e20"), (1.234e100, "$1.23e100"),
    ])
    func moneyIsTotal(_ value: Double, _ expected: String) {
        #expect(Formatting(currency: .usd).money(value) == expected)
    }

    @Test func groupedAndPercentAreTotal() {
        #expect(Formatting.grouped(1e19) == "1e19")
        #expect(Formatting.grouped(.infinity) == "–")
        #expect(Formatting(currency: .usd).percent(1e19) == "1e21 %")
        #expect(Formatting(currency: .usd).value(1e-300, .ratio) == "0.00")
        #expect(Sparkline.render([-.greatestFiniteMagnitude, 0, .greatestFiniteMagnitude]) == "▁▅█")
    }

    /// Values at the ceiling and a vanishing planned rate go through the review and every renderer.
    @Test func extremeButValidNumbersReviewAndRender() throws {
        let text =
            Fixtures.smallPlan.replacingOccurrences(
                of: Self.kr,
                with: "{id: kr-arr, title: ARR, metric: arr, kind: increase_to, target: 1000000000000000}")
            + "\nfunnel:\n  value_per_won: $1,000,000,000,000,000\n  revenue_target: $1e15\n  stages:\n    - {id: m, metric: mqls}\n    - {id: s, metric: sqls, rate: 0.01%}\n"
        let plan = try PlanLoader().load(text: text, file: "plan.yaml")
        let actuals = try ActualsLoader(plan: plan).load(
            csv: "period,mqls,sqls,arr\n2026-07,1000000000000000,1,1e15\n2026-08,0,1000000000000000,-1e15\n",
            file: "a.csv"
        ).actuals
        let review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 8))
        let digest = TextDigest().render(review)
        #expect(digest.contains("ARR"))
        #expect(!MarkdownDigest().render(review).isEmpty)
        #expect(!CSVExporter().render(review).isEmpty)
        #expect(try !JSONExporter().render(review).isEmpty)
    }
}

/// Plans that parse but mean nothing.
@Suite struct MeaninglessPlanTests {
    static let edits: [PlanEdit] = [
        PlanEdit(
            name: "two-stages-one-metric", old: "",
            new:
                "funnel:\n  value_per_won: $24,000\n  stages:\n    - {id: m, metric: mqls}\n    - {id: m2, metric: mqls, rate: 50%}\n",
            messages: [
                "plan.yaml:22:24: error: stage 'm2' counts metric 'mqls' like stage 'm'; each stage needs its own metric"
            ]),
        PlanEdit(
            name: "rule-reuses-built-in-id", old: "",
            new:
                "rules:\n  - {id: win-rate, when: {all: [{metric: sqls, below: 5}]}, action: Talk, teams: [sales]}\n",
            messages: [
                "plan.yaml:19:10: error: rule id 'win-rate' is a built-in rule's id; choose another"
            ]),
        PlanEdit(
            name: "divide-by-literal-zero", old: "formula: sqls / mqls", new: "formula: sqls / 0",
            messages: [
                "plan.yaml:11:59: error: division by zero in formula"
            ]),
        PlanEdit(
            name: "divide-by-literal-zero-point-zero", old: "formula: sqls / mqls", new: "formula: sqls / (mqls) / 0.0",
            messages: [
                "plan.yaml:11:68: error: division by zero in formula"
            ]),
    ]

    @Test(arguments: edits)
    func meaninglessPlansAreErrors(_ edit: PlanEdit) {
        #expect(edit.text != Fixtures.smallPlan)  // the edit applies
        do {
            _ = try PlanLoader().load(text: edit.text, file: "plan.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.map(\.description) == edit.messages)
        }
    }
}
