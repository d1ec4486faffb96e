import Foundation
import Testing

@testable import Tandem

@Suite struct ActualsLoadingTests {
    let plan: Plan

    init() throws {
        plan = try PlanLoader().load(contentsOf: Fixtures.examplePlan)
    }

    func values(_ actuals: Actuals, _ metric: MetricID) -> [Double] {
        actuals.observations.filter { $0.metric == metric }.map(\.value)
    }

    @Test func loadsTheExampleExports() throws {
        let loaded = try ActualsLoader(plan: plan).load(contentsOf: Fixtures.exampleActuals)
        #expect(loaded.warnings.isEmpty)
        #expect(loaded.actuals.observations.count == 75)
        #expect(loaded.actuals.periods.map(\.description) == ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11"])
        #expect(values(loaded.actuals, "mqls") == [610, 655, 690, 720, 745])
        let arr = loaded.actuals.observations.filter { $0.metric == "new_arr" && $0.period == .month(2026, 8) }
        #expect(arr.map(\.segment) == ["Mid-market", "Enterprise"])
        #expect(arr.map(\.value) == [352_000, 377_000.5])
        #expect(arr.allSatisfy { $0.team == "sales" })
    }

    @Test func handlesBOMAndEveryLineEnding() throws {
        for ending in ["\n", "\r\n", "\r"] {
            let text = "\u{FEFF}period,leads,mqls" + ending + "2026-07,10,3" + ending + ending + "2026-08,11,4" + ending
            let loaded = try ActualsLoader(plan: plan).load(csv: text)
            #expect(values(loaded.actuals, "leads") == [10, 11], "line ending \(ending.debugDescription)")
            #expect(values(loaded.actuals, "mqls") == [3, 4])
        }
    }

    @Test func readsSemicolonExportsWithDecimalCommaAndThousands() throws {
        let options = ActualsOptions(
            delimiter: ";", numberFormat: NumberFormat(decimalSeparator: ",", thousandsSeparator: "."))
        let text =
            "period;metric;value\n2026-07;new_arr;$1.234.567,89\n2026-07;speed_to_lead;2,5\n2026-07;\"leads\";\"1.200\"\n"
        let loaded = try ActualsLoader(plan: plan, options: options).load(csv: text)
        #expect(values(loaded.actuals, "new_arr") == [1_234_567.89])
        #expect(values(loaded.actuals, "speed_to_lead") == [2.5])
        #expect(values(loaded.actuals, "leads") == [1200])
    }

    @Test(arguments: ["", "-", "#N/A", "N/A", "  "])
    func missingValuesAreNeverZero(_ text: String) throws {
        let loaded = try ActualsLoader(plan: plan).load(csv: "period,leads,mqls\n2026-07,\(text),5\n")
        #expect(values(loaded.actuals, "leads").isEmpty)
        #expect(values(loaded.actuals, "mqls") == [5])
    }

    @Test func percentsAndQuotedEscapes() throws {
        let text = "period,metric,value,team,segment\n2026-07,speed_to_lead,3,sales,\"Mid \"\"core\"\" market\"\n"
        let loaded = try ActualsLoader(plan: plan).load(csv: text)
        #expect(loaded.actuals.observations.first?.segment == "Mid \"core\" market")
    }

    @Test func periodsOutsideTheCycleAreWarnedAndLeftOut() throws {
        let loaded = try ActualsLoader(plan: plan).load(
            csv: "period,leads\n2026-06,5\n2026-07,6\n2027-01,7\n2026-06,8\n", file: "a.csv")
        #expect(values(loaded.actuals, "leads") == [6])
        #expect(
            loaded.warnings.map(\.description) == [
                "a.csv:2: warning: 2 values for 2026-06 are outside the cycle 2026-07…2026-12; left out",
                "a.csv:4: warning: 1 value for 2027-01 is outside the cycle 2026-07…2026-12; left out",
            ])
    }

    @Test func duplicatesCanBeSummedWhenAsked() throws {
        let text = "period,metric,value\n2026-07,mqls,5\n2026-07,mqls,6\n"
        let options = ActualsOptions(sumDuplicates: true)
        let loaded = try ActualsLoader(plan: plan, options: options).load(csv: text)
        #expect(values(loaded.actuals, "mqls") == [11])
    }

    @Test func aSegmentIsTheSameSegmentHoweverItIsWritten() throws {
        // Plain, padded, quoted with an escape, and from JSON: one segment, so the second row of
        // each pair is a duplicate of the first.
        let csv = "period,metric,value,team,segment\n2026-07,mqls,5,marketing,\"Say \"\"Hi\"\"\"\n"
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.csv")
        let b = dir.appendingPathComponent("b.json")
        try csv.write(to: a, atomically: true, encoding: .utf8)
        try #"[{"period": "2026-07", "metric": "mqls", "value": 5, "team": "marketing", "segment": "Say \"Hi\""}]"#
            .write(to: b, atomically: true, encoding: .utf8)
        #expect {
            _ = try ActualsLoader(plan: plan).load(contentsOf: [a, b])
        } throws: { error in
            (error as? InputError)?.diagnostics.first?.description
                == "\(b.relativePath):1:51: error: duplicate observation for 2026-07 mqls team marketing segment 'Say \"Hi\"' (first at \(a.relativePath):2); use --sum-duplicates to add them up"
        }
        let padded = "period,metric,value,segment\n2026-07,mqls,5,EMEA\n2026-07,mqls,6, EMEA \t\n"
        #expect {
            _ = try ActualsLoader(plan: plan).load(csv: padded, file: "p.csv")
        } throws: { error in
            (error as? InputError)?.diagnostics.first?.message
                == "duplicate observation for 2026-07 mqls segment 'EMEA' (first at line 2); use --sum-duplicates to add them up"
        }
    }

    @Test func manyDistinctObservationsKeepTheirIdentity() throws {
        // Thousands of segments grow every table several times; the duplicate at the end still
        // names its first line, and every value is kept once.
        var csv = "period,metric,value,segment\n"
        for n in 0..<5000 { csv += "2026-0\(7 + n % 3),mqls,\(n),S\(n / 3)\n" }
        let loaded = try ActualsLoader(plan: plan).load(csv: csv)
        #expect(loaded.actuals.observations.count == 5000)
        #expect(Set(loaded.actuals.observations.compactMap(\.segment)).count == 1667)
        let total = loaded.actuals.observations.map(\.value).reduce(0, +)
        #expect(total == Double(4999 * 5000 / 2))
        #expect {
            _ = try ActualsLoader(plan: plan).load(csv: csv + "2026-08,mqls,1,S1234\n", file: "m.csv")
        } throws: { error in
            (error as? InputError)?.diagnostics.first?.description
                == "m.csv:5002:14: error: duplicate observation for 2026-08 mqls segment 'S1234' (first at line 3705); use --sum-duplicates to add them up"
        }
    }

    @Test func aWideFileMakesAllItsObservations() throws {
        // Far more observations per byte than a long file: the tables grow as the file shows it.
        let metrics = plan.metrics.filter { $0.formula == nil && $0.unit == .count }.map(\.id.rawValue)
        var csv = "period,segment," + metrics.joined(separator: ",") + "\n"
        for n in 0..<20_000 {
            csv += "2026-0\(7 + n % 3),S\(n)," + metrics.map { _ in "1" }.joined(separator: ",") + "\n"
        }
        let loaded = try ActualsLoader(plan: plan).load(csv: csv)
        let expected = 20_000 * metrics.count
        let total = loaded.actuals.observations.map(\.value).reduce(0, +)
        #expect(loaded.actuals.observations.count == expected)
        #expect(total == Double(expected))
    }

    @Test func duplicatesAcrossFilesAreFound() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.csv")
        let b = dir.appendingPathComponent("b.csv")
        try "period,mqls\n2026-07,5\n".write(to: a, atomically: true, encoding: .utf8)
        try "period,metric,value\n2026-07,mqls,5\n".write(to: b, atomically: true, encoding: .utf8)
        #expect {
            _ = try ActualsLoader(plan: plan).load(contentsOf: [a, b])
        } throws: { error in
            let message = (error as? InputError)?.diagnostics.first?.message ?? ""
            return message.hasPrefix("duplicate observation for 2026-07 mqls (first at ")
                && message.contains("a.csv:2)")
        }
    }

    @Test func jsonActuals() throws {
        let json = """
            {"tandem": 1, "observations": [
              {"period": "2026-07", "metric": "mqls", "value": 610, "team": "marketing"},
              {"period": "2026-07", "metric": "new_arr", "value": "$1200.50", "segment": "EMEA"},
              {"period": "2026-08", "metric": "leads", "value": null}
            ]}
            """
        let loaded = try ActualsLoader(plan: plan).load(json: json)
        #expect(loaded.actuals.observations.count == 2)
        #expect(values(loaded.actuals, "new_arr") == [1200.5])
        #expect(loaded.actuals.observations.first?.team == "marketing")
    }

    @Test func jsonErrorsAreLocated() {
        #expect {
            _ = try ActualsLoader(plan: plan).load(
                json: "[{\"period\": \"2026-07\", \"metric\": \"mqls\", \"valeu\": 5}]", file: "a.json")
        } throws: { error in
            (error as? InputError)?.diagnostics.map(\.description) == [
                "a.json:1:42: error: unknown field 'valeu' in an observation; did you mean 'value'? (known: metric, period, segment, team, value)",
                "a.json:1:2: error: missing required field 'value' in an observation",
            ]
        }
    }

    /// The sum of a currency metric equals the sum of its input text to the cent.
    @Test func amountsReconcileToTheCent() throws {
        var text = "period,metric,value,segment\n"
        var expected = Decimal(0)
        var row = 0
        for cents in [10, 20, 30, 1, 99] {
            for repeat_ in 0..<2_000 {
                let amount = "\(cents / 100).\(cents % 100 < 10 ? "0" : "")\(cents % 100)"
                text += "2026-07,new_arr,\(amount),s\(row)\n"
                expected += Decimal(string: amount)!
                row += 1
                _ = repeat_
            }
        }
        for i in 0..<1_000 {
            let amount = "\(999_999_999_000 + i).\(i % 100 < 10 ? "0" : "")\(i % 100)"
            text += "2026-08,new_arr,$\(amount),s\(row)\n"
            expected += Decimal(string: amount)!
            row += 1
        }
        let loaded = try ActualsLoader(plan: plan).load(csv: text)
        let total = CompensatedSum(loaded.actuals.observations.map(\.value)).value
        let totalCents = (total * 100).rounded()
        let expectedCents = NSDecimalNumber(decimal: expected * 100).doubleValue.rounded()
        #expect(totalCents == expectedCents)
        #expect(abs(total - NSDecimalNumber(decimal: expected).doubleValue) < 0.005)
    }

    @Test(arguments: [
        ("0.1", 0.1), ("1e3", 1000), ("-12.50", -12.5), ("+7", 7), ("000123", 123),
        ("12345678901234.567890123", 12345678901234.567890123), ("0.000000000000000000000012345", 1.2345e-23),
    ])
    func numbersParseExactly(_ text: String, _ value: Double) {
        #expect(NumberParser().parse(text, .plain) == .value(value))
    }

    @Test func percentParsesExactly() {
        #expect(NumberParser().parse("12.5%", .fraction) == .value(0.125))
        #expect(NumberParser().parse("33%", .fraction) == .value(0.33))
    }
}

@Suite struct JSONActualsTests {
    let plan: Plan

    init() throws {
        plan = try PlanLoader().load(contentsOf: Fixtures.examplePlan)
    }

    @Test(arguments: [
        (
            "[{\"period\": \"2026-07\", \"metric\": \"mqls\", \"value\": 5,}]",
            "a.json:1:53: error: invalid JSON: expected text in double quotes, found '}'"
        ),
        (
            "[{\"period\": \"2026-07\", \"metric\": \"mqls\", \"value\": 05}]",
            "a.json:1:51: error: invalid JSON: invalid number (JSON numbers have no leading zeros, hex, or words)"
        ),
        (
            "[{\"period\": \"2026-07\", \"metric\": \"mqls\", \"value\": 0x1F}]",
            "a.json:1:51: error: invalid JSON: invalid number (JSON numbers have no leading zeros, hex, or words)"
        ),
        (
            "[{\"period\": \"2026-07\", \"metric\": \"mqls\", \"value\": NaN}]",
            "a.json:1:51: error: invalid JSON: expected a value for 'value', found 'N'"
        ),
        (
            "[{\"period\": \"2026-07\", \"metric\": \"mqls\", \"value\": 5}] x",
            "a.json:1:55: error: invalid JSON: unexpected 'x' after the end of the JSON value"
        ),
        (
            "[{\"period\": \"2026-07\", \"metric\": \"mq\\qls\", \"value\": 5}]",
            "a.json:1:37: error: invalid JSON: invalid escape '\\q' in a string"
        ),
        (
            "[{\"period\": \"2026-07\",\n  \"metric\": \"mqls\",\n  \"value\": [5]}]",
            "a.json:3:12: error: invalid JSON: expected text or a number for 'value', found a list"
        ),
        (
            "[{\"period\": \"2026-07\", \"metric\": \"mqls\", \"value\": 5, \"value\": 6}]",
            "a.json:1:54: error: duplicate key 'value' in an observation"
        ),
        (
            "{\"tandem\": 2, \"observations\": []}",
            "a.json:1:12: error: actuals schema version must be 1, found a number"
        ),
        (
            "{\"observation\": []}",
            "a.json:1:2: error: unknown field 'observation'; did you mean 'observations'? (known: observations, tandem)"
        ),
        (
            "[{\"period\": 202607, \"metric\": \"mqls\", \"value\": 5}]",
            "a.json:1:13: error: expected text for 'period', found a number"
        ),
        (
            "[{\"period\": \"2026-07\", \"metric\": \"mqls\", \"value\": true}]",
            "a.json:1:51: error: expected a number in 'value' (metric 'mqls'), found true or false"
        ),
        (
            "[{\"period\": \"2026-07\", \"metric\": \"mqls\", \"value\": \"5",
            "a.json:1:51: error: invalid JSON: unterminated string (opened here)"
        ),
    ])
    func badJSONIsLocated(_ text: String, _ message: String) {
        #expect {
            _ = try ActualsLoader(plan: plan).load(json: text, file: "a.json")
        } throws: { error in
            (error as? InputError)?.diagnostics.first?.description == message
        }
    }

    @Test func escapesUnicodeAndStringValues() throws {
        let json = """
            \u{FEFF}{"tandem": 1, "observations": [
              {"period": "2026-07", "metric": "new_arr", "value": "$1,200.50", "segment": "Caf\\u00e9 \\ud83d\\ude00 \\"A\\""},
              {"period": "2026-07", "metric": "speed_to_lead", "value": 2.5e0, "team": null, "segment": null},
              {"period": "2026-08", "metric": "mqls", "value": -0.0}
            ]}
            """
        let options = ActualsOptions(numberFormat: NumberFormat(thousandsSeparator: ","))
        let loaded = try ActualsLoader(plan: plan, options: options).load(json: json)
        #expect(loaded.actuals.observations.map(\.value) == [1200.5, 2.5, 0])
        #expect(loaded.actuals.observations[0].segment == "Café 😀 \"A\"")
        #expect(loaded.actuals.observations[1].team == nil)
    }

    @Test func deepNestingInAnUnknownFieldIsBounded() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect {
            _ = try ActualsLoader(plan: plan).load(json: "{\"x\": \(deep), \"observations\": []}", file: "a.json")
        } throws: { error in
            (error as? InputError)?.diagnostics.map(\.message).contains(
                "invalid JSON: JSON nested deeper than 64 levels") == true
        }
    }
}

@Suite struct SourceLocationTests {
    @Test func columnsCountCharactersAndLongLinesHaveNoExcerpt() {
        let short = Array("ab\nxé,z\n".utf8)
        let (source, column) = sourceLocation(in: short, at: 7)  // the "z" after "xé,"
        #expect(source == "xé,z")
        #expect(column == 4)
        let long = Array((String(repeating: "a", count: 5_000) + "Z").utf8)
        let far = sourceLocation(in: long, at: 5_000)
        #expect(far.source == nil)
        #expect(far.column == 5_001)
    }
}
