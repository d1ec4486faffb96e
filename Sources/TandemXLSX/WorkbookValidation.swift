import Tandem

/// A workbook that cannot be written: a name or value outside Excel's rules, or a failure
/// reported by libxlsxwriter (with its own text).
public struct WorkbookError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure.
    public enum Code: String, Sendable, Hashable {
        /// A sheet name Excel rejects (too long, a forbidden character, an apostrophe at an end).
        case invalidSheetName = "invalid_sheet_name"
        /// Two sheets whose names differ only in case.
        case duplicateSheetName = "duplicate_sheet_name"
        /// A table name Excel rejects (not a name, or one that reads as a cell reference).
        case invalidTableName = "invalid_table_name"
        /// A cell outside Excel's 1,048,576 rows × 16,384 columns.
        case outsideGrid = "outside_grid"
        /// libxlsxwriter failed; ``WorkbookError/libraryError`` names the `lxw_error`.
        case library
    }

    /// What kind of failure.
    public var code: Code
    /// What went wrong, in words (without the `error: workbook:` prefix).
    public var message: String
    /// The libxlsxwriter error's name (e.g. `LXW_ERROR_CREATING_XLSX_FILE`) when ``code`` is `.library`.
    public var libraryError: String?

    public var description: String { "error: workbook: \(message)" }
}

/// Excel's limits, checked in Swift before anything reaches the C library.
enum ExcelLimits {
    static let maxRows = 1_048_576
    static let maxColumns = 16_384
    static let maxStringUTF16 = 32_767
    static let maxSheetName = 31
    static let forbiddenSheetCharacters: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]

    /// The key Excel compares sheet names by: case-insensitive, with Unicode case folding.
    static func folded(_ name: String) -> String { name.uppercased().lowercased() }

    static func checkSheetName(_ name: String) throws(WorkbookError) {
        if name.isEmpty { throw WorkbookError(code: .invalidSheetName, message: "a sheet name cannot be empty") }
        if name.utf16.count > maxSheetName {
            throw WorkbookError(
                code: .invalidSheetName,
                message: "sheet name '\(name)' is \(name.utf16.count) characters; Excel allows \(maxSheetName)")
        }
        if let bad = name.first(where: { forbiddenSheetCharacters.contains($0) }) {
            throw WorkbookError(
                code: .invalidSheetName, message: "sheet name '\(name)' contains '\(bad)'; Excel forbids [ ] : * ? / \\"
            )
        }
        if name.hasPrefix("'") || name.hasSuffix("'") {
            throw WorkbookError(
                code: .invalidSheetName, message: "sheet name '\(name)' cannot start or end with an apostrophe")
        }
        if folded(name) == "history" {
            throw WorkbookError(code: .invalidSheetName, message: "sheet name '\(name)' is reserved by Excel")
        }
    }

    static func checkUnique(_ names: [String]) throws(WorkbookError) {
        var seen: [String: String] = [:]
        for name in names {
            if let other = seen[folded(name)] {
                throw WorkbookError(
                    code: .duplicateSheetName,
                    message: "sheet names '\(other)' and '\(name)' are the same to Excel (case-insensitive)")
            }
            seen[folded(name)] = name
        }
    }

    /// A valid, unique sheet name made from any text: forbidden characters become `-`, apostrophes
    /// at the ends are dropped, the name is cut to 31 characters, and a clash gets ` (2)`, ` (3)`…
    static func safeSheetName(_ text: String, existing: [String]) -> String {
        var base = String(text.map { forbiddenSheetCharacters.contains($0) ? "-" : $0 })
        while base.hasPrefix("'") { base.removeFirst() }
        while base.hasSuffix("'") { base.removeLast() }
        if base.isEmpty || folded(base) == "history" { base = "Sheet" }
        func cut(_ s: String, _ limit: Int) -> String {
            var out = ""
            for c in s {
                if out.utf16.count + String(c).utf16.count > limit { break }
                out.append(c)
            }
            return out
        }
        let taken = Set(existing.map(folded))
        var candidate = cut(base, maxSheetName)
        var n = 2
        while taken.contains(folded(candidate)) {
            let suffix = " (\(n))"
            candidate = cut(base, maxSheetName - suffix.utf16.count) + suffix
            n += 1
        }
        return candidate
    }

    static func checkTableName(_ name: String) throws(WorkbookError) {
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first, first.properties.isAlphabetic || first == "_" || first == "\\",
            name.count <= 255,
            scalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "." })
                || (first == "\\"
                    && scalars.dropFirst().allSatisfy {
                        $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_"
                    })
        else {
            throw WorkbookError(
                code: .invalidTableName,
                message: "table name '\(name)' must start with a letter or '_' and use letters, digits, '_' and '.'")
        }
        let upper = name.uppercased()
        if upper == "R" || upper == "C" || looksLikeCellReference(upper) {
            throw WorkbookError(code: .invalidTableName, message: "table name '\(name)' looks like a cell reference")
        }
    }

    static func looksLikeCellReference(_ upper: String) -> Bool {
        let letters = upper.prefix { $0 >= "A" && $0 <= "Z" }
        let digits = upper.dropFirst(letters.count)
        return !letters.isEmpty && letters.count <= 3 && !digits.isEmpty && digits.allSatisfy(\.isNumber)
    }

    /// The longest document property (title, subject, company) Tandem writes, in UTF-16 units.
    static let maxPropertyUTF16 = 255

    /// Text Excel accepts and shows as it is: characters XML 1.0 forbids (C0 controls other than
    /// tab, line feed and carriage return; U+FFFE, U+FFFF) are removed; an `_` that starts an
    /// `_xHHHH_` sequence, which Excel would decode as a character, is written `_x005F_`; text
    /// longer than `limit` UTF-16 units (32,767 in a cell) is cut, ending in "…" so the cut is visible.
    static func cleanText(_ text: String, limit: Int = maxStringUTF16) -> String {
        var needsWork = text.utf8.count > limit
        if !needsWork {
            for b in text.utf8 where b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D {
                needsWork = true
                break
            }
            if !needsWork && text.utf8.contains(0xEF) {
                needsWork = text.unicodeScalars.contains { $0.value == 0xFFFE || $0.value == 0xFFFF }
            }
            if !needsWork && text.utf8.contains(0x5F) {
                let bytes = Array(text.utf8)
                needsWork = bytes.indices.contains { startsEscape(bytes, at: $0) }
            }
        }
        guard needsWork else { return text }
        let kept = text.unicodeScalars.filter { s in
            let v = s.value
            return !((v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0xFFFE || v == 0xFFFF)
        }
        // Only ASCII matters to the escape pattern, so bytes of the kept scalars' ASCII suffice.
        let ascii = kept.map { $0.isASCII ? UInt8($0.value) : 0 }
        var scalars = String.UnicodeScalarView()
        var units = 0
        for (i, s) in kept.enumerated() {
            let escaped = startsEscape(ascii, at: i)
            let width = escaped ? 7 : (s.value > 0xFFFF ? 2 : 1)
            if units + width > limit - 1 && (units + width > limit || i < kept.count - 1) {
                scalars.append("…")
                return String(scalars)
            }
            units += width
            if escaped { scalars.append(contentsOf: "_x005F_".unicodeScalars) } else { scalars.append(s) }
        }
        return String(scalars)
    }

    /// Whether `bytes[i...]` is `_xHHHH_` (Excel's escape for a character).
    static func startsEscape(_ bytes: [UInt8], at i: Int) -> Bool {
        guard bytes[i] == 0x5F, i + 6 < bytes.count, bytes[i + 1] == 0x78 || bytes[i + 1] == 0x58,
            bytes[i + 6] == 0x5F
        else { return false }
        return bytes[(i + 2)...(i + 5)].allSatisfy { b in
            (0x30...0x39).contains(b) || (0x41...0x46).contains(b) || (0x61...0x66).contains(b)
        }
    }

    static func checkGrid(_ row: Int, _ column: Int, _ sheet: String) throws(WorkbookError) {
        if row < 0 || row >= maxRows || column < 0 || column >= maxColumns {
            throw WorkbookError(
                code: .outsideGrid,
                message:
                    "cell (row \(row + 1), column \(column + 1)) on sheet '\(sheet)' is outside Excel's \(maxRows) rows × \(maxColumns) columns"
            )
        }
    }

    /// Checks every name and cell position of a layout.
    static func check(_ layout: WorkbookLayout) throws(WorkbookError) {
        for sheet in layout.sheets {
            try checkSheetName(sheet.name)
            for cell in sheet.cells { try checkGrid(cell.row, cell.column, sheet.name) }
            for table in sheet.tables {
                try checkTableName(table.name)
                try checkGrid(table.range.lastRow, table.range.lastColumn, sheet.name)
            }
            if let rows = sheet.dataRows { try checkGrid(rows.count, 0, sheet.name) }
            for chart in sheet.charts { try checkGrid(chart.row, chart.column, sheet.name) }
        }
        try checkUnique(layout.sheets.map(\.name))
        var tables = Set<String>()
        for table in layout.sheets.flatMap(\.tables) where !tables.insert(table.name.uppercased()).inserted {
            throw WorkbookError(code: .invalidTableName, message: "table name '\(table.name)' is used twice")
        }
    }
}
