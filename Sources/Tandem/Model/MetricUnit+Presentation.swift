extension MetricUnit {
    /// How a unit's numbers are stored and shown: the one home of a unit's decimals, suffix,
    /// rounding and number format. The digests (``Formatting``), the workbook's number formats,
    /// the flat data's rounding and the forecast's bounds all read it, so adding a unit or
    /// changing one's decimals touches ``presentation`` only.
    ///
    /// ```swift
    /// MetricUnit.hours.presentation.excelPattern(currencySymbol: "$")  // 0.0" h"
    /// MetricUnit.percent.presentation.changeSuffix                     // " pts"
    /// ```
    package struct Presentation: Sendable, Hashable {
        /// Decimals shown, in sentences and in the workbook alike; `nil` for a unit of a plan's
        /// own, shown as the number needs: whole from 10 up and one decimal below in sentences,
        /// ``workbookDecimals`` in the workbook.
        package var decimals: Int?
        /// Text after a value (` h`, ` %`); a fraction's `%` is Excel's percent sign in the
        /// workbook.
        package var suffix = ""
        /// Text after a change or margin: ` pts` for a fraction (points), else ``suffix``.
        package var changeSuffix: String
        /// Stored as a fraction and shown ×100 with `%` (0.25 reads 25 %); its changes are
        /// written ×100, in points.
        package var isFraction = false
        /// Money: the plan's currency symbol before the value. Sentences write it compact
        /// (`$1.2M`, `$310k`: ``Formatting/money(_:)``); the workbook and restated values in full.
        package var isMoney = false
        /// Whether the workbook's pattern groups thousands (`#,##0`); sentences always do.
        package var grouped = false
        /// Decimals the stored value keeps (``MetricUnit/stored(_:)``): 2 is to the cent.
        package var storedDecimals: Int
        /// Whether a value can never be negative, whatever was seen (a forecast's lower bound).
        package var neverNegative = false

        package init(
            decimals: Int?, suffix: String = "", changeSuffix: String? = nil, isFraction: Bool = false,
            isMoney: Bool = false, grouped: Bool = false, storedDecimals: Int, neverNegative: Bool = false
        ) {
            self.decimals = decimals
            self.suffix = suffix
            self.changeSuffix = changeSuffix ?? suffix
            self.isFraction = isFraction
            self.isMoney = isMoney
            self.grouped = grouped
            self.storedDecimals = storedDecimals
            self.neverNegative = neverNegative
        }

        /// Decimals the workbook shows: ``decimals``, or two for a unit shown as the number needs.
        package var workbookDecimals: Int { decimals ?? 2 }

        /// Decimals the Data sheet shows: money to the cent (its stored decimals), the rest as
        /// the workbook shows them.
        package var dataDecimals: Int { isMoney ? storedDecimals : workbookDecimals }

        /// The scale ``MetricUnit/stored(_:)`` rounds to: 10 to the ``storedDecimals``.
        package var storedScale: Double {
            var scale = 1.0
            for _ in 0..<storedDecimals { scale *= 10 }
            return scale
        }

        /// The Excel number format of a value: `#,##0`, `"$"#,##0`, `0.0%`, `0.0" h"`; `decimals`
        /// replaces ``workbookDecimals`` (the Data sheet's ``dataDecimals``).
        package func excelPattern(currencySymbol: String, decimals: Int? = nil) -> String {
            body(currencySymbol, decimals ?? workbookDecimals, grouped: grouped)
                + (isFraction ? "%" : Self.quoted(suffix))
        }

        /// The Excel number format of a change or margin, signed: `+#,##0;−#,##0;0`, and in
        /// points for a fraction (`+0.0" pts";−0.0" pts";0.0" pts"`), whose value is written ×100.
        package func excelChangePattern(currencySymbol: String) -> String {
            let tail = Self.quoted(changeSuffix)
            let shown = body(currencySymbol, workbookDecimals, grouped: grouped) + tail
            return "+\(shown);−\(shown);" + body(currencySymbol, workbookDecimals, grouped: false) + tail
        }

        /// A change or margin as the workbook writes it: ×100 for a fraction (points).
        package func changeValue(_ value: Double?) -> Double? {
            guard let value else { return nil }
            return isFraction ? value * 100 : value
        }

        /// The digits of a pattern, after the quoted currency symbol for money.
        private func body(_ currencySymbol: String, _ decimals: Int, grouped: Bool) -> String {
            let symbol =
                isMoney
                ? Self.quoted(String(String.UnicodeScalarView(currencySymbol.unicodeScalars.filter { $0 != "\"" })))
                : ""
            let fraction = decimals > 0 ? "." + String(repeating: "0", count: decimals) : ""
            return symbol + (grouped ? "#,##0" : "0") + fraction
        }

        private static func quoted(_ text: String) -> String { text.isEmpty ? "" : "\"\(text)\"" }
    }

    /// How this unit's numbers are stored and shown. A unit of a plan's own (`seats`) is shown
    /// as the number needs (two decimals in the workbook) and stored to four decimals.
    package var presentation: Presentation {
        switch self {
        case .count: Presentation(decimals: 0, grouped: true, storedDecimals: 4, neverNegative: true)
        case .currency:
            Presentation(decimals: 0, isMoney: true, grouped: true, storedDecimals: 2, neverNegative: true)
        case .percent:
            Presentation(decimals: 1, suffix: " %", changeSuffix: " pts", isFraction: true, storedDecimals: 6)
        case .hours: Presentation(decimals: 1, suffix: " h", storedDecimals: 4, neverNegative: true)
        case .days: Presentation(decimals: 1, suffix: " d", storedDecimals: 4, neverNegative: true)
        case .ratio: Presentation(decimals: 2, grouped: true, storedDecimals: 6)
        default: Presentation(decimals: nil, grouped: true, storedDecimals: 4)
        }
    }

    /// `value` rounded once to the unit's stored precision: cents for currency, 6 decimals for
    /// percents and ratios, 4 otherwise. The flat data (Data sheet, CSV, JSON rows) holds this,
    /// and every display rounds on from it, so a figure reads the same in every output: 7.44996 h
    /// is stored as 7.45 and shown as 7.5 h in the digest and the workbook alike, never 7.4 in one
    /// and 7.5 in the other.
    public func stored(_ value: Double) -> Double { Self.stored(value, scale: presentation.storedScale) }

    /// ``stored(_:)`` at a ``Presentation/storedScale`` the caller looked up once: the flat data
    /// rounds millions of values, each without finding its unit's description again.
    package static func stored(_ value: Double, scale: Double) -> Double {
        guard value.isFinite, abs(value) < 1e12 else { return value }
        let r = (value * scale).rounded() / scale
        return r == 0 ? 0 : r
    }
}
