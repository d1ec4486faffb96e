/// Sparklines as text: one character per period, `▁▂▃▄▅▆▇█` (or ASCII `_.,-~=+#`); a space where a
/// value is missing.
///
/// ```swift
/// Sparkline.render([1, 3, 2, nil, 5])  // "▁▅▃ █"
/// Sparkline.render([0.252, 0.256, 0.250], plan: 0.25, tolerance: 0.1)  // "▄▄▄ plan ▄": flat
/// Sparkline.render([0.40, 0.32, 0.27], plan: 0.40, tolerance: 0.1)     // "█▃▁ plan █"
/// ```
package enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let asciiBlocks: [Character] = ["_", ".", ",", "-", "~", "=", "+", "#"]

    /// Scaled from the series' minimum to its maximum.
    package static func render(_ values: [Double?], ascii: Bool = false) -> String {
        let present = values.compactMap { $0 }.filter(\.isFinite)
        guard let lo = present.min(), let hi = present.max() else { return String(repeating: " ", count: values.count) }
        return String(values.map { glyph($0, lo: lo, hi: hi, ascii: ascii) })
    }

    /// On an honest scale: it takes in the plan, which is marked after the line (`plan ▅`), and when
    /// every value (and the plan) lies within `tolerance` (a fraction) of the largest, the line is
    /// flat rather than a cliff drawn from noise.
    package static func render(_ values: [Double?], plan: Double?, tolerance: Double, ascii: Bool = false) -> String {
        let present = (values + [plan]).compactMap { $0 }.filter(\.isFinite)
        guard var lo = present.min(), let hi = present.max() else {
            return String(repeating: " ", count: values.count)
        }
        if hi / 2 - lo / 2 <= max(abs(lo), abs(hi)) / 2 * max(0, tolerance) {
            lo = hi  // within the tolerance: flat
        }
        let line = String(values.map { glyph($0, lo: lo, hi: hi, ascii: ascii) })
        guard let plan, plan.isFinite else { return line }
        return line + " plan " + String(glyph(plan, lo: lo, hi: hi, ascii: ascii))
    }

    static func glyph(_ v: Double?, lo: Double, hi: Double, ascii: Bool) -> Character {
        let ramp = ascii ? asciiBlocks : blocks
        guard let v, v.isFinite else { return " " }
        if hi == lo { return ramp[3] }
        // Halved so that even ±1.7e308 cannot overflow to infinity (and NaN).
        let i = Int(((v / 2 - lo / 2) / (hi / 2 - lo / 2) * Double(ramp.count - 1)).rounded())
        return ramp[min(ramp.count - 1, max(0, i))]
    }
}
