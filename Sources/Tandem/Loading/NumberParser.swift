/// How numbers are written in an input: the decimal mark and an optional thousands separator.
public struct NumberFormat: Sendable, Hashable {
    /// `.` (default) or `,` for decimal-comma exports.
    public var decimalSeparator: Character
    /// `,`, `.`, a space, or `nil` (default) when numbers have no grouping.
    public var thousandsSeparator: Character?

    public init(decimalSeparator: Character = ".", thousandsSeparator: Character? = nil) {
        self.decimalSeparator = decimalSeparator
        self.thousandsSeparator = thousandsSeparator
    }

    public static let standard = NumberFormat()
}

/// The outcome of reading one number.
enum ParsedNumber: Equatable {
    case value(Double)
    /// Empty, `-`, `#N/A`, `N/A`: no value, never zero.
    case missing
    /// Not a number; the text says what was wrong.
    case invalid(String)
}

/// Reads numbers from bytes, strictly: no `inf`, `nan` or hex floats, currency symbols only for
/// currency metrics, `%` only for percent and ratio metrics. Decimal text with up to 15
/// significant digits converts exactly (one correctly rounded operation), so amounts reconcile to
/// the cent.
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

    func parse(_ text: String, currency: Bool, percent: Bool) -> ParsedNumber {
        let bytes = Array(text.utf8)
        return parse(bytes, 0, bytes.count, currency: currency, percent: percent)
    }

    // swift-format-ignore
    func parse(_ b: [UInt8], _ start: Int, _ end: Int, currency: Bool, percent: Bool) -> ParsedNumber {
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
        func skipCurrency(_ i: inout Int) -> Bool {
            if b[i] == UInt8(ascii: "$") { i += 1; return true }
            if i + 2 < e, b[i] == 0xE2, b[i + 1] == 0x82, b[i + 2] == 0xAC { i += 3; return true } // €
            if i + 1 < e, b[i] == 0xC2, b[i + 1] == 0xA3 || b[i + 1] == 0xA5 { i += 2; return true } // £ ¥
            return false
        }
        if skipCurrency(&i) { sawCurrency = true }
        if i < e, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") {
            negative = b[i] == UInt8(ascii: "-")
            i += 1
        }
        if i < e, !sawCurrency, skipCurrency(&i) { sawCurrency = true }
        if sawCurrency && !currency {
            return .invalid("a currency symbol is only allowed in a currency metric")
        }

        var mantissa: UInt64 = 0
        var significant = 0
        var scale = 0  // value = mantissa * 10^scale
        var digits = 0
        var sawDecimal = false
        var lastWasDigit = false
        var longDigits: [UInt8] = []  // only when more than 19 significant digits
        while i < e {
            let c = b[i]
            if c >= 0x30 && c <= 0x39 {
                digits += 1
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
                sawDecimal = true
                lastWasDigit = false
                i += 1
            } else if let t = thousands, c == t, !sawDecimal, lastWasDigit, i + 1 < e,
                b[i + 1] >= 0x30 && b[i + 1] <= 0x39
            {
                lastWasDigit = false
                i += 1
            } else {
                break
            }
        }
        if digits == 0 { return .invalid("expected a number") }
        if thousands == nil, i < e, b[i] == UInt8(ascii: ",") || b[i] == UInt8(ascii: "."), b[i] != decimal {
            return .invalid("expected a number (for digit grouping like 1,200 set a thousands separator)")
        }
        if i < e, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
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
            guard percent else { return .invalid("'%' is only allowed in a percent or ratio metric") }
            scale -= 2
            i += 1
        }
        while i < e, b[i] == 0x20 { i += 1 }
        if i < e { return .invalid("expected a number") }

        var value: Double
        if longDigits.isEmpty && significant <= 15 && scale >= -22 && scale <= 22 {
            value = Double(mantissa)
            if scale < 0 { value /= NumberParser.powersOf10[-scale] }
            else if scale > 0 { value *= NumberParser.powersOf10[scale] }
        } else {
            // longDigits holds every significant digit; `scale` assumed only the first 19.
            let digitsText = longDigits.isEmpty ? String(mantissa) : String(decoding: longDigits, as: UTF8.self)
            let exponent = longDigits.isEmpty ? scale : scale - (significant - 19)
            value = Double("\(digitsText)e\(exponent)") ?? .nan
        }
        if !value.isFinite { return .invalid("number out of range") }
        return .value(negative ? -value : value)
    }
}
