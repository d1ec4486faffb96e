/// Sparklines as text: one character per period, `▁▂▃▄▅▆▇█` (or ASCII `_.,-~=+#`), scaled from
/// the series' minimum to its maximum; a space where a value is missing.
///
/// ```swift
/// Sparkline.render([1, 3, 2, nil, 5])  // "▁▅▃ █"
/// ```
package enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let asciiBlocks: [Character] = ["_", ".", ",", "-", "~", "=", "+", "#"]

    package static func render(_ values: [Double?], ascii: Bool = false) -> String {
        let present = values.compactMap { $0 }.filter(\.isFinite)
        guard let lo = present.min(), let hi = present.max() else { return String(repeating: " ", count: values.count) }
        let ramp = ascii ? asciiBlocks : blocks
        return String(
            values.map { v -> Character in
                guard let v, v.isFinite else { return " " }
                if hi == lo { return ramp[3] }
                // Halved so that even ±1.7e308 cannot overflow to infinity (and NaN).
                let i = Int(((v / 2 - lo / 2) / (hi / 2 - lo / 2) * Double(ramp.count - 1)).rounded())
                return ramp[min(ramp.count - 1, max(0, i))]
            })
    }
}
