import Testing

@testable import Tandem

/// Each unit's one description of how its numbers are stored and shown: the digests, the
/// workbook's number formats and the flat data's rounding all read it.
@Suite struct MetricUnitPresentationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var unit: MetricUnit
        var decimals: Int?
        var suffix: String
        var storedDecimals: Int
        var pattern: String
        var changePattern: String
        var dataPattern: String
        var testDescription: String { unit.rawValue }
    }

    static let cases: [Case] = [
        Case(
            unit: .count, decimals: 0, suffix: "", storedDecimals: 4, pattern: "#,##0",
            changePattern: "+#,##0;−#,##0;0", dataPattern: "#,##0"),
        Case(
            unit: .currency, decimals: 0, suffix: "", storedDecimals: 2, pattern: "\"€\"#,##0",
            changePattern: "+\"€\"#,##0;−\"€\"#,##0;\"€\"0", dataPattern: "\"€\"#,##0.00"),
        Case(
            unit: .percent, decimals: 1, suffix: " %", storedDecimals: 6, pattern: "0.0%",
            changePattern: "+0.0\" pts\";−0.0\" pts\";0.0\" pts\"", dataPattern: "0.0%"),
        Case(
            unit: .hours, decimals: 1, suffix: " h", storedDecimals: 4, pattern: "0.0\" h\"",
            changePattern: "+0.0\" h\";−0.0\" h\";0.0\" h\"", dataPattern: "0.0\" h\""),
        Case(
            unit: .days, decimals: 1, suffix: " d", storedDecimals: 4, pattern: "0.0\" d\"",
            changePattern: "+0.0\" d\";−0.0\" d\";0.0\" d\"", dataPattern: "0.0\" d\""),
        Case(
            unit: .ratio, decimals: 2, suffix: "", storedDecimals: 6, pattern: "#,##0.00",
            changePattern: "+#,##0.00;−#,##0.00;0.00", dataPattern: "#,##0.00"),
    ]

    @Test(arguments: cases) func builtInUnitIsDescribedOnce(_ c: Case) {
        let p = c.unit.presentation
        #expect(p.decimals == c.decimals)
        #expect(p.suffix == c.suffix)
        #expect(p.storedDecimals == c.storedDecimals)
        #expect(p.excelPattern(currencySymbol: "€") == c.pattern)
        #expect(p.excelChangePattern(currencySymbol: "€") == c.changePattern)
        #expect(p.excelPattern(currencySymbol: "€", decimals: p.dataDecimals) == c.dataPattern)
    }

    @Test func everyBuiltInUnitIsPinned() {
        #expect(Self.cases.map(\.unit) == MetricUnit.builtIn)
    }

    /// Only a share is a fraction shown ×100, whose changes read in points and are written ×100.
    @Test func onlyPercentIsAFraction() {
        #expect(MetricUnit.builtIn.filter { $0.presentation.isFraction } == [.percent])
        #expect(MetricUnit.percent.presentation.changeSuffix == " pts")
        #expect(MetricUnit.percent.presentation.changeValue(-0.25) == -25)
        #expect(MetricUnit.hours.presentation.changeValue(-2.5) == -2.5)
        #expect(MetricUnit.builtIn.filter { $0.presentation.isMoney } == [.currency])
    }

    /// A unit of a plan's own keeps the defaults: shown as the number needs in sentences, two
    /// decimals in the workbook, stored to four decimals, bounded below only by what was seen.
    @Test func customUnitKeepsTheDefaults() {
        let seats = MetricUnit(rawValue: "seats")
        let p = seats.presentation
        #expect(p.decimals == nil)
        #expect(p.suffix.isEmpty && p.changeSuffix.isEmpty)
        #expect(!p.isFraction && !p.isMoney && !p.neverNegative && p.grouped)
        #expect(p.storedDecimals == 4)
        #expect(seats.stored(12.345_678) == 12.3457)
        #expect(p.excelPattern(currencySymbol: "$") == "#,##0.00")
        #expect(p.excelChangePattern(currencySymbol: "$") == "+#,##0.00;−#,##0.00;0.00")
        let f = Formatting()
        #expect(f.value(9.54, seats) == "9.5")
        #expect(f.value(1_540.6, seats) == "1,541")
        #expect(f.change(-2.25, seats) == "−2.3")
        #expect(f.exact(5.75, seats) == "5.75")
    }
}
