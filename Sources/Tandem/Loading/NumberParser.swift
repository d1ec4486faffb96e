import Foundation

/// How numbers are written in an input: the decimal mark and an optional thousands separator.
public struct NumberFormat: Sendable, Hashable {
    /// `.` (default) or `,` for decimal-comma exports.
    public var decimalSeparator: Character
    /// `,`, `.`, a space, or `nil` (default) when numbers have no grouping.
    public var thousandsSeparator: Character?

    /// A format with `decimalSeparator` (`.` by default) and no grouping unless `thousandsSeparator` is
    /// given; digits may then be grouped only in threes (`1,234,567`).
    public init(decimalSeparator: Character = ".", thousandsSeparator: Character? = nil) {
        self.decimalSeparator = decimalSeparator
        self.thousandsSeparator = thousandsSeparator
    }

    /// A `.` decimal mark with no thousands separator: `1234.5`.
    public static let standard = NumberFormat()

    /// The largest magnitude Tandem accepts for any value in a plan or actuals: 10¹⁵ (a thousand
    /// trillion), far above any company's numbers and far below where whole numbers stop being exact
    /// in a `Double` (2⁵³ ≈ 9·10¹⁵) or fit in an `Int64` (≈ 9.2·10¹⁸). Larger values are input errors.
    public static let maximumMagnitude: Double = 1e15
}

/// The outcome of reading one number.
enum ParsedNumber: Equatable {
    case value(Double)
    /// Empty, `-`, `#N/A`, `N/A`: no value, never zero.
    case missing
    /// Not a number; the text says what was wrong.
    case invalid(String)
}

/// What a number may carry besides digits, from the unit of the metric it belongs to.
struct NumberRules: Sendable {
    /// The only currency whose symbol or code may stand before or after the amount; `nil` when
    /// the value is not an amount of money.
    var currency: Currency?
    /// A trailing `%` (divides by 100).
    var percent: Bool
    /// Scientific notation (`1.5e6`); refused for counts, where it is a spreadsheet's mangling of a
    /// long id (`2.31E+13`).
    var exponent: Bool

    /// A plain number: no currency, no `%`, exponent allowed.
    static let plain = NumberRules(currency: nil, percent: false, exponent: true)
    /// A fraction that may be written as a percentage.
    static let fraction = NumberRules(currency: nil, percent: true, exponent: true)

    /// The rules for a value of a metric in `unit`.
    static func unit(_ unit: MetricUnit, currency: Currency) -> NumberRules {
        NumberRules(
            currency: unit == .currency ? currency : nil, percent: unit == .percent || unit == .ratio,
            exponent: unit != .count)
    }
}

/// Reads numbers from bytes, strictly: no `inf`, `nan` or hex floats, the plan's currency symbol or
/// code only for currency metrics, `%` only for percent and ratio metrics, no scientific notation
/// for counts, thousands separators only between groups of three digits, and magnitudes up to
/// ``NumberFormat/maximumMagnitude``. Decimal text with up to 15 significant digits converts
/// exactly (one correctly rounded operation), so amounts reconcile to the cent.
struct NumberParser: Sendable {
    let decimal: UInt8
    let thousands: UInt8?
    /// Accept `k`, `M`, `B` suffixes (plans only).
    let scaleSuffixes: Bool

    init(format: NumberFormat = .standard, scaleSuffixes: Bool = false) {
        decimal = format.decimalSeparator.asciiValue ?? UInt8(ascii: ".")
        thousands = format.thousandsSeparator?.asciiValue
        self.scaleSuffixes = scaleSuffixes
    }

    private static let powersOf10: [Double] = (0...22).map { pow10($0) }
    private static func pow10(_ n: Int) -> Double {
        var v = 1.0
        for _ in 0..<n { v *= 10 }
        return v
    }

    /// Currency symbols recognised so that a foreign one is an error rather than "not a number".
    private static let knownSymbols: [[UInt8]] = ["R$", "A$", "C$", "$", "€", "£", "¥", "₹", "₩", "₽", "₺", "₪", "₣"]
        .map { Array($0.utf8) }

    func parse(_ text: String, _ rules: NumberRules) -> ParsedNumber {
        let bytes = Array(text.utf8)
        return parse(bytes, 0, bytes.count, rules)
    }

    /// Matches a currency mark (a symbol, or a three-letter upper-case code) at `i`; returns its
    /// bytes' end, whether it is the expected currency, and its text.
    private func currencyMark(_ b: [UInt8], _ i: Int, _ e: Int, _ rules: NumberRules, suffix: Bool = false)
        -> (end: Int, ours: Bool, text: String)?
    {
        func matches(_ m: [UInt8]) -> Bool {
            !m.isEmpty && e - i >= m.count && b[i..<(i + m.count)].elementsEqual(m)
        }
        if let currency = rules.currency {
            let symbol = Array(currency.symbol.trimmingCharacters(in: .whitespaces).utf8)
            if matches(symbol) { return (i + symbol.count, true, currency.symbol) }
            let code = Array(currency.code.utf8)
            if matches(code) { return (i + code.count, true, currency.code) }
        }
        for m in Self.knownSymbols where matches(m) {
            return (i + m.count, false, String(decoding: m, as: UTF8.self))
        }
        // A code: at the end after the number, or before it followed by a space, digit or sign.
        if e - i >= 3, (i..<(i + 3)).allSatisfy({ b[$0] >= 0x41 && b[$0] <= 0x5A }),
            suffix
                ? i + 3 == e
                : i + 3 < e
                    && [0x20, 0x2B, 0x2D, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39].contains(b[i + 3])
        {
            return (i + 3, false, String(decoding: b[i..<(i + 3)], as: UTF8.self))
        }
        return nil
    }

    private func currencyProblem(_ mark: String, _ rules: NumberRules) -> ParsedNumber {
        guard let currency = rules.currency else {
            return .invalid("a currency symbol is only allowed in a currency metric")
        }
        let symbol = currency.symbol.trimmingCharacters(in: .whitespaces)
        let expected = symbol == currency.code ? currency.code : "\(currency.code), \(symbol)"
        return .invalid("'\(mark)' is not the plan's currency (\(expected))")
    }

    /// `true` when `b[s..<e]` is digits grouped by `separator` in threes (`1,234,567`), up to an
    /// optional decimal part after the other mark.
    private func isGrouped(_ b: [UInt8], _ s: Int, _ e: Int, separator: UInt8) -> Bool {
        var run = 0
        var groups = 0
        var i = s
        while i < e {
            let c = b[i]
            if c >= 0x30 && c <= 0x39 {
                run += 1
            } else if c == separator {
                if groups == 0 ? !(1...3).contains(run) : run != 3 { return false }
                groups += 1
                run = 0
            } else {
                break
            }
            i += 1
        }
        return groups > 0 && run == 3
    }

    // swift-format-ignore
    func parse(_ b: [UInt8], _ start: Int, _ end: Int, _ rules: NumberRules) -> ParsedNumber {
        var i = start
        var e = end
        while i < e, b[i] == 0x20 || b[i] == 0x09 { i += 1 }
        while e > i, b[e - 1] == 0x20 || b[e - 1] == 0x09 { e -= 1 }
        let n = e - i
        if n == 0 { return .missing }
        if n == 1 && b[i] == UInt8(ascii: "-") { return .missing }
        if n == 3 && (b[i] | 0x20) == 0x6E && b[i + 1] == 0x2F && (b[i + 2] | 0x20) == 0x61 { return .missing } // n/a
        if n == 4 && b[i] == UInt8(ascii: "#") && (b[i + 1] | 0x20) == 0x6E && b[i + 2] == 0x2F
            && (b[i + 3] | 0x20) == 0x61 { return .missing } // #N/A

        var negative = false
        var sawCurrency = false
        // A currency mark before the sign or after it (`$-5`, `-$5`), then optional spaces.
        func skipCurrency(_ i: inout Int) -> ParsedNumber? {
            guard b[i] < 0x30 || b[i] > 0x39, let mark = currencyMark(b, i, e, rules) else { return nil }
            guard mark.ours else { return currencyProblem(mark.text, rules) }
            i = mark.end
            while i < e, b[i] == 0x20 { i += 1 }
            sawCurrency = true
            return nil
        }
        if let problem = skipCurrency(&i) { return problem }
        if i < e, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") {
            negative = b[i] == UInt8(ascii: "-")
            i += 1
        }
        if i < e, !sawCurrency, let problem = skipCurrency(&i) { return problem }
        if sawCurrency && rules.currency == nil {
            return .invalid("a currency symbol is only allowed in a currency metric")
        }

        let numberStart = i
        var mantissa: UInt64 = 0
        var significant = 0
        var scale = 0  // value = mantissa * 10^scale
        var digits = 0
        var sawDecimal = false
        var lastWasDigit = false
        var run = 0  // digits since the start or the last thousands separator
        var groups = 0
        var longDigits: [UInt8] = []  // only when more than 19 significant digits
        let badGroup = ParsedNumber.invalid(
            "digit groups must have three digits after each thousands separator, as in 1,234,567")
        while i < e {
            let c = b[i]
            if c >= 0x30 && c <= 0x39 {
                digits += 1
                if !sawDecimal { run += 1 }
                lastWasDigit = true
                if significant == 0 && c == 0x30 {
                    if sawDecimal { scale -= 1 }
                } else if significant < 19 {
                    mantissa = mantissa * 10 + UInt64(c - 0x30)
                    significant += 1
                    if sawDecimal { scale -= 1 }
                } else {
                    if longDigits.isEmpty { longDigits = Array(String(mantissa).utf8) }
                    longDigits.append(c)
                    significant += 1
                    if !sawDecimal { scale += 1 }
                }
                i += 1
            } else if c == decimal && !sawDecimal {
                if groups > 0 && run != 3 { return badGroup }
                sawDecimal = true
                lastWasDigit = false
                i += 1
            } else if let t = thousands, c == t, !sawDecimal, lastWasDigit, i + 1 < e,
                b[i + 1] >= 0x30 && b[i + 1] <= 0x39
            {
                if groups == 0 ? run > 3 : run != 3 { return badGroup }
                groups += 1
                run = 0
                lastWasDigit = false
                i += 1
            } else {
                break
            }
        }
        if digits == 0 { return .invalid("expected a number") }
        if groups > 0 && !sawDecimal && run != 3 { return badGroup }
        if thousands == nil, i < e, b[i] == UInt8(ascii: ",") || b[i] == UInt8(ascii: "."), b[i] != decimal {
            // Grouping that would be right with a separator set: say so; otherwise the mark is
            // probably a decimal mark of another convention, and no separator setting makes it right.
            if !sawDecimal, isGrouped(b, numberStart, e, separator: b[i]) {
                return .invalid("expected a number (for digit grouping like 1,200 set a thousands separator)")
            }
            let mark = String(UnicodeScalar(b[i]))
            let ours = String(UnicodeScalar(decimal))
            return .invalid("expected a number ('\(mark)' is not the decimal mark here; the decimal mark is '\(ours)')")
        }
        if i < e, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            guard rules.exponent else {
                return .invalid("scientific notation is not allowed for a count (is this a long id a spreadsheet turned into a number?)")
            }
            i += 1
            var expNegative = false
            if i < e, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") {
                expNegative = b[i] == UInt8(ascii: "-")
                i += 1
            }
            var exp = 0
            var expDigits = 0
            while i < e, b[i] >= 0x30 && b[i] <= 0x39 {
                if exp < 100_000 { exp = exp * 10 + Int(b[i] - 0x30) }
                expDigits += 1
                i += 1
            }
            if expDigits == 0 { return .invalid("expected digits after the exponent") }
            scale += expNegative ? -exp : exp
        }
        if scaleSuffixes, i < e {
            switch b[i] {
            case UInt8(ascii: "k"), UInt8(ascii: "K"): scale += 3; i += 1
            case UInt8(ascii: "M"): scale += 6; i += 1
            case UInt8(ascii: "B"): scale += 9; i += 1
            default: break
            }
        }
        while i < e, b[i] == 0x20 { i += 1 }
        if i < e, b[i] == UInt8(ascii: "%") {
            guard rules.percent else { return .invalid("'%' is only allowed in a percent or ratio metric") }
            scale -= 2
            i += 1
        }
        while i < e, b[i] == 0x20 { i += 1 }
        // A trailing currency mark: `376 €`, `1200 USD`.
        if i < e, !sawCurrency, let mark = currencyMark(b, i, e, rules, suffix: true) {
            guard mark.ours else { return currencyProblem(mark.text, rules) }
            i = mark.end
        }
        if i < e { return .invalid("expected a number") }

        var value: Double
        if longDigits.isEmpty && significant <= 15 && scale >= -22 && scale <= 22 {
            value = Double(mantissa)
            if scale < 0 { value /= NumberParser.powersOf10[-scale] }
            else if scale > 0 { value *= NumberParser.powersOf10[scale] }
        } else if (longDigits.isEmpty ? significant : 19) + scale > 17 {
            // Beyond the ceiling whatever the digits; never build a huge exponent's text.
            value = .infinity
        } else {
            // longDigits holds every significant digit; `scale` assumed only the first 19.
            let digitsText = longDigits.isEmpty ? String(mantissa) : String(decoding: longDigits, as: UTF8.self)
            let exponent = longDigits.isEmpty ? scale : scale - (significant - 19)
            value = Double("\(digitsText)e\(exponent)") ?? .nan
        }
        if !(value.magnitude <= NumberFormat.maximumMagnitude) {
            return .invalid("number beyond Tandem's limit of ±1e15")
        }
        return .value(negative ? -value : value)
    }
}
