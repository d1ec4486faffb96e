/// Formats numbers for people, the same on every machine (no locale): `1,540`, `$1.2M`,
/// `23.4 %`, `3.5 h`.
public struct Formatting: Sendable, Hashable {
    public var currency: Currency

    public init(currency: Currency = .usd) {
        self.currency = currency
    }

    /// A value in its metric's unit, compact for currency.
    public func value(_ value: Double?, _ unit: MetricUnit) -> String {
        guard let value, value.isFinite else { return "–" }
        switch unit {
        case .currency: return money(value)
        case .percent: return percent(value)
        case .hours: return "\(Formatting.fixed(value, 1)) h"
        case .days: return "\(Formatting.fixed(value, 1)) d"
        case .ratio: return Formatting.fixed(value, 2)
        default: return Formatting.count(value)
        }
    }

    /// A signed change in the metric's unit: `+41`, `−$310k`, `−4.1 pts`.
    public func change(_ value: Double?, _ unit: MetricUnit) -> String {
        guard let value, value.isFinite else { return "–" }
        let sign = value > 0 ? "+" : value < 0 ? "−" : "±"
        if unit == .percent { return "\(sign)\(Formatting.fixed(abs(value) * 100, 1)) pts" }
        return sign + self.value(abs(value), unit)
    }

    /// Money, compact above 10,000: `$24,000`, `$310k`, `$1.2M`, `$4.20M` when precision matters.
    public func money(_ value: Double) -> String {
        let sign = value < 0 ? "−" : ""
        let a = abs(value)
        let body: String
        if a >= 1_000_000_000 {
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
    /// `$1,234.50`, `29.03 %`, `5.8 h`.
    public func exact(_ value: Double?, _ unit: MetricUnit) -> String {
        guard let value, value.isFinite else { return "–" }
        let sign = value < 0 ? "−" : ""
        let a = abs(value)
        let whole = a == a.rounded()
        switch unit {
        case .currency: return sign + currency.symbol + (whole ? Formatting.grouped(a) : Formatting.fixed(a, 2))
        case .percent: return "\(Formatting.trimmed(value * 100, 2)) %"
        case .count: return sign + (whole ? Formatting.grouped(a) : Formatting.trimmed(a, 4))
        default: return self.value(value, unit)
        }
    }

    /// A fraction as a percentage: `0.234` → `23.4 %`.
    public func percent(_ fraction: Double?) -> String {
        guard let fraction, fraction.isFinite else { return "–" }
        return "\(Formatting.fixed(fraction * 100, 1)) %"
    }

    /// A whole number with thousands separators, rounded: `1,540`; one decimal below 10 when not whole.
    public static func count(_ value: Double) -> String {
        if abs(value) < 10 && value != value.rounded() { return fixed(value, 1) }
        return (value < 0 ? "−" : "") + grouped(abs(value).rounded())
    }

    /// `1234567` → `1,234,567` (value must be whole and non-negative).
    static func grouped(_ value: Double) -> String {
        let digits = String(Int64(value))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    /// Fixed decimals without locale, half away from zero: `fixed(2.25, 1)` → `2.3`.
    public static func fixed(_ value: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
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
    static func trimmed(_ value: Double, _ decimals: Int) -> String {
        var text = fixed(value, decimals)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
