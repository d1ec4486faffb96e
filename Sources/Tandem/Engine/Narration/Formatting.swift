import Foundation

/// Formats numbers for people, the same on every machine (no locale): `1,540`, `$1.2M`,
/// `23.4 %`, `3.5 h`.
package struct Formatting: Sendable, Hashable {
    package var currency: Currency

    package init(currency: Currency = .usd) {
        self.currency = currency
    }

    /// A value in its metric's unit (``MetricUnit/presentation``), compact for currency.
    /// Rounds from the stored value (``MetricUnit/stored(_:)``), as the workbook does: one
    /// rounding path for every output.
    package func value(_ value: Double?, _ unit: MetricUnit) -> String {
        guard let raw = value, raw.isFinite else { return "–" }
        let value = unit.stored(raw)
        let p = unit.presentation
        if p.isMoney { return money(value) }
        guard let decimals = p.decimals else { return Formatting.count(value) }
        if p.isFraction { return Formatting.fixed(unit.stored(value) * 100, decimals) + p.suffix }
        return (decimals == 0 ? Formatting.whole(value) : Formatting.fixed(value, decimals)) + p.suffix
    }

    /// A signed change in the metric's unit: `+41`, `−$310k`, `−4.1 pts`.
    package func change(_ value: Double?, _ unit: MetricUnit) -> String {
        guard let value, value.isFinite else { return "–" }
        let sign = value > 0 ? "+" : value < 0 ? "−" : "±"
        let p = unit.presentation
        if p.isFraction, let decimals = p.decimals {
            return sign + Formatting.fixed(unit.stored(abs(value)) * 100, decimals) + p.changeSuffix
        }
        return sign + self.value(abs(value), unit)
    }

    /// Money, compact above 10,000: `$24,000`, `$310k`, `$1.2M`, `$4.20M` when precision matters.
    package func money(_ value: Double) -> String {
        let sign = value < 0 ? "−" : ""
        let a = abs(value)
        let body: String
        if a >= Formatting.exactLimit {
            body = Formatting.scientific(a)
        } else if a >= 1_000_000_000 {
            body = "\(Formatting.trimmed(a / 1_000_000_000, 2))B"
        } else if a >= 1_000_000 {
            body = "\(Formatting.trimmed(a / 1_000_000, 2))M"
        } else if a >= 10_000 {
            body = "\(Formatting.fixed(a / 1_000, 0))k"
        } else {
            body = Formatting.grouped(a.rounded())
        }
        return sign + currency.symbol + body
    }

    /// A value as booked, to the cent or the unit, for restated numbers: `$328,500`,
    /// `$1,234.50`, `29.03 %`, `5.75 h` (up to four decimals, so a small restatement shows; a
    /// unit shown whole reads a whole value with thousands separators).
    public func exact(_ value: Double?, _ unit: MetricUnit) -> String {
        guard let value, value.isFinite else { return "–" }
        let p = unit.presentation
        // The digits of a fraction shown ×100 are two places further left.
        if p.isFraction { return Formatting.trimmed(value * 100, Formatting.exactDecimals - 2) + p.suffix }
        let sign = value < 0 ? "−" : ""
        let a = abs(value)
        let whole = a == a.rounded()
        if p.isMoney {
            return sign + currency.symbol + (whole ? Formatting.grouped(a) : Formatting.fixed(a, p.storedDecimals))
        }
        let shownWhole = whole && p.decimals == 0
        return sign + (shownWhole ? Formatting.grouped(a) : Formatting.trimmed(a, Formatting.exactDecimals)) + p.suffix
    }

    /// The most decimals a restated value shows (``exact(_:_:)``).
    static let exactDecimals = 4

    /// A multiple such as pipeline coverage, stored as a ratio: `2.8×` (the workbook's `0.0"×"`).
    package static func multiple(_ ratio: Double) -> String {
        "\(fixed(MetricUnit.ratio.stored(ratio), 1))×"
    }

    /// A forecast level as people say it: `80 %`, `90 %`, `97.5 %`.
    package static func level(_ level: Double) -> String {
        let p = level * 100
        return p == p.rounded() ? "\(Int(p)) %" : "\(fixed(p, 1)) %"
    }

    /// A fraction as a percentage: `0.234` → `23.4 %`.
    package func percent(_ fraction: Double?) -> String {
        guard let fraction, fraction.isFinite else { return "–" }
        let p = MetricUnit.percent.presentation
        return Formatting.fixed(MetricUnit.percent.stored(fraction) * 100, p.decimals ?? 1) + p.suffix
    }

    /// A count as people read it: whole, with thousands separators, `−` for negatives: `9.5` → `10`
    /// (half away from zero), `1540.2` → `1,540`.
    package static func whole(_ value: Double) -> String {
        let r = value.rounded(.toNearestOrAwayFromZero)
        return (r < 0 ? "−" : "") + grouped(abs(r))
    }

    /// A whole number with thousands separators, rounded: `1,540`; one decimal below 10 when not whole.
    package static func count(_ value: Double) -> String {
        if abs(value) < 10 && value != value.rounded() { return fixed(value, 1) }
        return (value < 0 ? "−" : "") + grouped(abs(value).rounded())
    }

    /// Magnitudes from here on are shown in scientific notation: whole numbers are no longer exact
    /// in a `Double` (2⁵³ ≈ 9·10¹⁵), and digits beyond would be noise. Far above
    /// ``NumberFormat/maximumMagnitude``, so only computed values (ratios of tiny numbers) get here.
    static let exactLimit = 1e16

    /// `1.2e19`: three significant digits, no locale, `−` for negatives; `–` when not finite.
    static func scientific(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        guard value != 0 else { return "0" }
        var exponent = Int(value.magnitude.log10Floor)
        // Below 1e-300 the power of ten itself would be subnormal: scale up first.
        let lift = exponent < -300 ? 1e300 : 1
        var mantissa = value.magnitude * lift / pow10(exponent + (exponent < -300 ? 300 : 0))
        // Rounding to two decimals may carry into the next power of ten (9.999e19 → 1.00e20).
        if (mantissa * 100).rounded(.toNearestOrAwayFromZero) >= 1000 {
            exponent += 1
            mantissa /= 10
        }
        return (value < 0 ? "−" : "") + trimmed(mantissa, 2) + "e" + String(exponent)
    }

    /// 10ⁿ for any exponent a finite `Double` can have, without going through infinity or zero.
    private static func pow10(_ n: Int) -> Double {
        var result = 1.0
        var base = 10.0
        var e = abs(n)
        while e > 0 {
            if e & 1 == 1 { result *= base }
            base *= base
            e >>= 1
            if base.isInfinite && e > 0 { return n < 0 ? 0 : .infinity }
        }
        return n < 0 ? 1 / result : result
    }

    /// `1234567` → `1,234,567` (value must be whole and non-negative); magnitudes from
    /// ``exactLimit`` on, and non-finite values, as ``scientific(_:)``.
    static func grouped(_ value: Double) -> String {
        guard value.isFinite, value.magnitude < exactLimit else { return scientific(value) }
        let digits = String(Int64(value))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    /// Fixed decimals without locale, half away from zero: `fixed(2.25, 1)` → `2.3`.
    /// Magnitudes from ``exactLimit`` on are written as ``scientific(_:)``; `–` when not finite.
    package static func fixed(_ value: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<max(decimals, 0) { scale *= 10 }
        guard value.isFinite, abs(value) * scale < exactLimit else { return scientific(value) }
        // A decimal half stays a half: 0.6375 × 100 × 10 is 637.4999999999999 in binary, which
        // Excel shows as 63.8 % (it rounds from 15 digits); a few ulps up do the same here.
        let scaled = (abs(value) * scale * (1 + 4 * Double.ulpOfOne)).rounded(.toNearestOrAwayFromZero)
        let negative = value < 0 && scaled != 0
        let whole = Int64(scaled / scale)
        let fraction = Int64(scaled - Double(whole) * scale)
        var text = grouped(Double(whole))
        if decimals > 0 {
            var f = String(fraction)
            while f.count < decimals { f = "0" + f }
            text += "." + f
        }
        return (negative ? "−" : "") + text
    }

    /// Like ``fixed(_:_:)`` but without trailing zeros: `1.20` → `1.2`, `4.00` → `4`.
    package static func trimmed(_ value: Double, _ decimals: Int) -> String {
        var text = fixed(value, decimals)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}

extension Double {
    /// ⌊log₁₀ x⌋ for a positive finite value, exact at powers of ten.
    fileprivate var log10Floor: Double {
        var e = Foundation.log10(self).rounded(.down)
        // log10 may land a hair below a power of ten; correct by comparing with 10^e.
        if Foundation.pow(10, e + 1) <= self { e += 1 } else if Foundation.pow(10, e) > self { e -= 1 }
        return e
    }
}
