// The only file that imports libxlsxwriter. Every return code and NULL is checked here and
// becomes a WorkbookError with lxw_strerror's text; no C pointer leaves this file.
internal import CXlsxWriter
import Foundation
import Tandem

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A workbook being written through libxlsxwriter. Owns the `lxw_workbook`; frees it if it was
/// never closed.
final class NativeWorkbook {
    private var workbook: UnsafeMutablePointer<lxw_workbook>?
    private var formats: [CellFormat: UnsafeMutablePointer<lxw_format>] = [:]
    /// The format asked for last: neighbouring cells mostly share one, found without hashing.
    private var lastFormat: (format: CellFormat, pointer: UnsafeMutablePointer<lxw_format>)?
    /// Opens `path` for writing. `temporaryDirectory` holds libxlsxwriter's scratch files.
    init(path: String, constantMemory: Bool, temporaryDirectory: String) throws(WorkbookError) {
        var options = lxw_workbook_options()
        options.constant_memory = constantMemory ? 1 : 0
        options.use_zip64 = 1
        let (opened, failure): (UnsafeMutablePointer<lxw_workbook>?, Int32) = path.withCString { cPath in
            temporaryDirectory.withCString { cTmp in
                options.tmpdir = UnsafeMutablePointer(mutating: cTmp)
                errno = 0
                let made = workbook_new_opt(cPath, &options)
                return (made, errno)
            }
        }
        guard let opened else {
            throw WorkbookError(
                code: .library,
                message: "libxlsxwriter could not create the workbook\(NativeWorkbook.systemReason(failure))",
                libraryError: "NULL")
        }
        workbook = opened
    }

    deinit {
        if let workbook { lxw_workbook_free(workbook) }
    }

    // MARK: Errors

    static func name(_ error: lxw_error) -> String {
        switch error {
        case LXW_NO_ERROR: "LXW_NO_ERROR"
        case LXW_ERROR_MEMORY_MALLOC_FAILED: "LXW_ERROR_MEMORY_MALLOC_FAILED"
        case LXW_ERROR_CREATING_XLSX_FILE: "LXW_ERROR_CREATING_XLSX_FILE"
        case LXW_ERROR_CREATING_TMPFILE: "LXW_ERROR_CREATING_TMPFILE"
        case LXW_ERROR_READING_TMPFILE: "LXW_ERROR_READING_TMPFILE"
        case LXW_ERROR_ZIP_FILE_OPERATION: "LXW_ERROR_ZIP_FILE_OPERATION"
        case LXW_ERROR_ZIP_PARAMETER_ERROR: "LXW_ERROR_ZIP_PARAMETER_ERROR"
        case LXW_ERROR_ZIP_BAD_ZIP_FILE: "LXW_ERROR_ZIP_BAD_ZIP_FILE"
        case LXW_ERROR_ZIP_INTERNAL_ERROR: "LXW_ERROR_ZIP_INTERNAL_ERROR"
        case LXW_ERROR_ZIP_FILE_ADD: "LXW_ERROR_ZIP_FILE_ADD"
        case LXW_ERROR_ZIP_CLOSE: "LXW_ERROR_ZIP_CLOSE"
        case LXW_ERROR_FEATURE_NOT_SUPPORTED: "LXW_ERROR_FEATURE_NOT_SUPPORTED"
        case LXW_ERROR_NULL_PARAMETER_IGNORED: "LXW_ERROR_NULL_PARAMETER_IGNORED"
        case LXW_ERROR_PARAMETER_VALIDATION: "LXW_ERROR_PARAMETER_VALIDATION"
        case LXW_ERROR_SHEETNAME_LENGTH_EXCEEDED: "LXW_ERROR_SHEETNAME_LENGTH_EXCEEDED"
        case LXW_ERROR_INVALID_SHEETNAME_CHARACTER: "LXW_ERROR_INVALID_SHEETNAME_CHARACTER"
        case LXW_ERROR_SHEETNAME_START_END_APOSTROPHE: "LXW_ERROR_SHEETNAME_START_END_APOSTROPHE"
        case LXW_ERROR_SHEETNAME_ALREADY_USED: "LXW_ERROR_SHEETNAME_ALREADY_USED"
        case LXW_ERROR_32_STRING_LENGTH_EXCEEDED: "LXW_ERROR_32_STRING_LENGTH_EXCEEDED"
        case LXW_ERROR_128_STRING_LENGTH_EXCEEDED: "LXW_ERROR_128_STRING_LENGTH_EXCEEDED"
        case LXW_ERROR_255_STRING_LENGTH_EXCEEDED: "LXW_ERROR_255_STRING_LENGTH_EXCEEDED"
        case LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED: "LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED"
        case LXW_ERROR_SHARED_STRING_INDEX_NOT_FOUND: "LXW_ERROR_SHARED_STRING_INDEX_NOT_FOUND"
        case LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE: "LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE"
        case LXW_ERROR_WORKSHEET_MAX_URL_LENGTH_EXCEEDED: "LXW_ERROR_WORKSHEET_MAX_URL_LENGTH_EXCEEDED"
        case LXW_ERROR_WORKSHEET_MAX_NUMBER_URLS_EXCEEDED: "LXW_ERROR_WORKSHEET_MAX_NUMBER_URLS_EXCEEDED"
        case LXW_ERROR_IMAGE_DIMENSIONS: "LXW_ERROR_IMAGE_DIMENSIONS"
        default: "LXW_ERROR (unnamed)"
        }
    }

    @inline(__always)
    private func check(_ error: lxw_error, _ what: @autoclosure () -> String) throws(WorkbookError) {
        guard error != LXW_NO_ERROR else { return }
        let text = String(cString: lxw_strerror(error))
        throw WorkbookError(code: .library, message: "\(what()): \(text)", libraryError: NativeWorkbook.name(error))
    }

    private func live() throws(WorkbookError) -> UnsafeMutablePointer<lxw_workbook> {
        guard let workbook else {
            throw WorkbookError(code: .library, message: "the workbook is already closed", libraryError: nil)
        }
        return workbook
    }

    // MARK: Formats

    private func format(_ f: CellFormat?) throws(WorkbookError) -> UnsafeMutablePointer<lxw_format>? {
        guard let f else { return nil }
        if let last = lastFormat, last.format == f { return last.pointer }
        if let existing = formats[f] {
            lastFormat = (f, existing)
            return existing
        }
        guard let made = workbook_add_format(try live()) else {
            throw WorkbookError(code: .library, message: "libxlsxwriter could not add a format", libraryError: "NULL")
        }
        if let n = f.numberFormat { format_set_num_format(made, n) }
        if f.bold { format_set_bold(made) }
        if f.italic { format_set_italic(made) }
        if let s = f.fontSize { format_set_font_size(made, s) }
        if let c = f.fontColor { format_set_font_color(made, c) }
        if let c = f.fill {
            format_set_pattern(made, UInt8(LXW_PATTERN_SOLID.rawValue))
            format_set_bg_color(made, c)
        }
        if f.wrap { format_set_text_wrap(made) }
        if f.alignRight { format_set_align(made, UInt8(LXW_ALIGN_RIGHT.rawValue)) }
        if f.verticalTop { format_set_align(made, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue)) }
        if f.bottomBorder { format_set_bottom(made, UInt8(LXW_BORDER_THIN.rawValue)) }
        if f.indent > 0 { format_set_indent(made, UInt8(clamping: f.indent)) }
        formats[f] = made
        lastFormat = (f, made)
        return made
    }

    // MARK: Properties

    /// Sets the document properties (`docProps/core.xml`, `app.xml`), each cleaned like cell text
    /// and cut to ``ExcelLimits/maxPropertyUTF16``.
    func setProperties(title: String, subject: String, company: String, created: Int) throws(WorkbookError) {
        let wb = try live()
        let title = ExcelLimits.cleanText(title, limit: ExcelLimits.maxPropertyUTF16)
        let subject = ExcelLimits.cleanText(subject, limit: ExcelLimits.maxPropertyUTF16)
        let company = ExcelLimits.cleanText(company, limit: ExcelLimits.maxPropertyUTF16)
        var properties = lxw_doc_properties()
        let error: lxw_error = title.withCString { t in
            subject.withCString { s in
                company.withCString { c in
                    "Tandem".withCString { a in
                        properties.title = UnsafeMutablePointer(mutating: t)
                        properties.subject = UnsafeMutablePointer(mutating: s)
                        properties.company = UnsafeMutablePointer(mutating: c)
                        properties.author = UnsafeMutablePointer(mutating: a)
                        properties.created = time_t(created)
                        return workbook_set_properties(wb, &properties)
                    }
                }
            }
        }
        try check(error, "setting the document properties")
    }

    // MARK: Sheets

    /// Writes one sheet. `dataRows` streams the Data sheet's rows without holding them as cells.
    func write(_ sheet: Sheet, data: [DataRow]) throws(WorkbookError) {
        let wb = try live()
        guard let ws = sheet.name.withCString({ workbook_add_worksheet(wb, $0) }) else {
            throw WorkbookError(
                code: .library, message: "libxlsxwriter could not add sheet '\(sheet.name)'", libraryError: "NULL")
        }
        if let color = sheet.tabColor { worksheet_set_tab_color(ws, color) }
        for c in sheet.columns {
            try check(
                worksheet_set_column(ws, lxw_col_t(c.first), lxw_col_t(c.last), c.width, try format(c.format)),
                "setting column widths on '\(sheet.name)'")
        }
        if let (r, c) = sheet.freeze { worksheet_freeze_panes(ws, lxw_row_t(r), lxw_col_t(c)) }
        if let page = sheet.page { try setUp(page, on: ws, sheet: sheet.name) }
        for table in sheet.tables { try addTable(table, to: ws, sheet: sheet.name, constantMemory: false) }
        // Before the cells: in constant-memory mode a range above the rows written is out of reach,
        // and a sheet may hold more below its filtered table (Adjustments: alignment health).
        if let f = sheet.autofilter {
            try check(
                worksheet_autofilter(
                    ws, lxw_row_t(f.firstRow), lxw_col_t(f.firstColumn), lxw_row_t(f.lastRow), lxw_col_t(f.lastColumn)),
                "adding the autofilter on '\(sheet.name)'")
        }
        // Row order: constant-memory mode flushes a row once a later row is written.
        let cells = sheet.cells.enumerated().sorted { a, b in
            (a.element.row, a.element.column, a.offset) < (b.element.row, b.element.column, b.offset)
        }
        // Row heights go in row order too, just before their row's cells.
        var heights = sheet.rowHeights.sorted { $0.key < $1.key }[...]
        func setHeights(through row: Int) throws(WorkbookError) {
            while let (r, height) = heights.first, r <= row {
                try check(
                    worksheet_set_row(ws, lxw_row_t(r), height, nil), "setting row \(r + 1)'s height on '\(sheet.name)'"
                )
                heights = heights.dropFirst()
            }
        }
        for (_, cell) in cells {
            try setHeights(through: cell.row)
            try write(cell, to: ws, sheet: sheet.name)
        }
        try setHeights(through: Int.max)
        if let rows = sheet.dataRows {
            try writeData(data, rows: rows, to: ws, sheet: sheet.name, formats: sheet.dataFormats)
        }
        for cf in sheet.conditionalFormats { try addConditionalFormat(cf, to: ws, sheet: sheet.name) }
        for chart in sheet.charts { try insert(chart, into: ws, sheet: sheet.name) }
    }

    /// Landscape, scaled to fit the pages asked for, header rows repeated, footer, print area.
    private func setUp(_ page: PageSetup, on ws: UnsafeMutablePointer<lxw_worksheet>, sheet: String)
        throws(WorkbookError)
    {
        if page.landscape { worksheet_set_landscape(ws) }
        worksheet_set_paper(ws, 9)  // A4; Letter printers scale it
        worksheet_fit_to_pages(ws, UInt16(clamping: page.pagesWide), UInt16(clamping: page.pagesTall))
        if let m = page.margins, m.count == 4 { worksheet_set_margins(ws, m[0], m[1], m[2], m[3]) }
        if let rows = page.repeatRows {
            try check(
                worksheet_repeat_rows(ws, lxw_row_t(rows.lowerBound), lxw_row_t(rows.upperBound)),
                "repeating the header rows on '\(sheet)'")
        }
        try check(worksheet_set_footer(ws, page.footer), "setting the footer on '\(sheet)'")
        if let a = page.printArea {
            try check(
                worksheet_print_area(
                    ws, lxw_row_t(a.firstRow), lxw_col_t(a.firstColumn), lxw_row_t(a.lastRow), lxw_col_t(a.lastColumn)),
                "setting the print area on '\(sheet)'")
        }
    }

    private func write(_ cell: Cell, to ws: UnsafeMutablePointer<lxw_worksheet>, sheet: String) throws(WorkbookError) {
        let row = lxw_row_t(cell.row)
        let col = lxw_col_t(cell.column)
        let f = try format(cell.format)
        let error: lxw_error
        switch cell.value {
        case .text(let text):
            let clean = ExcelLimits.cleanText(text)
            error =
                clean.isEmpty
                ? worksheet_write_blank(ws, row, col, f)
                : clean.withCString { worksheet_write_string(ws, row, col, $0, f) }
        case .number(let value):
            error =
                value.isFinite ? worksheet_write_number(ws, row, col, value, f) : worksheet_write_blank(ws, row, col, f)
        case .blank:
            error = f == nil ? LXW_NO_ERROR : worksheet_write_blank(ws, row, col, f)
        }
        try check(error, "writing cell (row \(cell.row + 1), column \(cell.column + 1)) on '\(sheet)'")
    }

    /// The Data sheet's rows: date serials for periods, strings for text, numbers for numbers,
    /// nothing for missing values. The per-cell work is kept to the libxlsxwriter call: each
    /// distinct text is cleaned and copied into a C string once (``DataText``); a row reuses its
    /// metric's strings and compares its rollup, direction, owner and kind with the row before; the
    /// k-th row of a (metric, period) group finds its team and segment in what the k-th row of the
    /// group before wrote (``PositionText``), so most rows hash nothing and make no Swift string,
    /// array or copy of the row.
    private func writeData(
        _ data: [DataRow], rows: Range<Int>, to ws: UnsafeMutablePointer<lxw_worksheet>, sheet: String,
        formats: DataFormats
    )
        throws(WorkbookError)
    {
        let date = try format(.date)
        // Each unit's number format, made once: a row finds its metric's when the metric changes.
        var unitFormats: [MetricUnit: UnsafeMutablePointer<lxw_format>?] = [:]
        for (unit, f) in formats.units { unitFormats[unit] = try format(f) }
        let otherUnit = try format(formats.other)
        let fraction = try format(formats.fraction)
        let level = try format(formats.level)
        var text = DataText()
        defer { text.free() }
        var teams = PositionText()
        var segments = PositionText()
        let columns = DataColumn.allCases
        /// Writes `pointer` (or, past ``DataText/capacity``, `fallback` cleaned); empty text is no cell.
        func put(_ r: lxw_row_t, _ c: lxw_col_t, _ pointer: UnsafePointer<CChar>?, _ fallback: String)
            -> lxw_error
        {
            if let pointer {
                return pointer.pointee == 0 ? LXW_NO_ERROR : worksheet_write_string(ws, r, c, pointer, nil)
            }
            let clean = ExcelLimits.cleanText(fallback)
            return clean.isEmpty ? LXW_NO_ERROR : clean.withCString { worksheet_write_string(ws, r, c, $0, nil) }
        }
        func number(
            _ r: lxw_row_t, _ c: lxw_col_t, _ value: Double?, _ f: UnsafeMutablePointer<lxw_format>? = nil
        ) -> lxw_error {
            guard let value, value.isFinite else { return LXW_NO_ERROR }
            return worksheet_write_number(ws, r, c, value, f)
        }
        let (error, failedRow): (lxw_error, lxw_row_t) = data.withUnsafeBufferPointer { data in
            var lastPeriod: Period?
            var serial = 0.0
            // Rows come grouped by metric, then period: the metric's text changes rarely.
            var lastMetric: MetricID?
            var metricText: UnsafePointer<CChar>?
            var nameText: UnsafePointer<CChar>?
            var unitText: UnsafePointer<CChar>?
            var unitFormat: UnsafeMutablePointer<lxw_format>?
            var currencyText: UnsafePointer<CChar>?
            var lastRollup: Rollup?
            var rollupText: UnsafePointer<CChar>?
            var lastDirection: Direction?
            var directionText: UnsafePointer<CChar>?
            var lastOwner: TeamID??
            var ownerText: UnsafePointer<CChar>?
            var lastKind: DataRow.RowKind?
            var kindText: UnsafePointer<CChar>?
            var position = 0
            var r: lxw_row_t = 1
            for i in rows {
                var groupStarts = false
                if data[i].period != lastPeriod {
                    let (y, m) = data[i].period.firstMonth
                    serial = Double(LayoutBuilder.excelSerial(year: y, month: m))
                    lastPeriod = data[i].period
                    groupStarts = true
                }
                if data[i].metric != lastMetric {
                    metricText = text.pointer(data[i].metric.rawValue)
                    nameText = text.pointer(data[i].metricName)
                    unitText = text.pointer(data[i].unit.rawValue)
                    unitFormat = unitFormats[data[i].unit] ?? otherUnit
                    currencyText = data[i].currency.flatMap { text.pointer($0) }
                    lastMetric = data[i].metric
                    groupStarts = true
                }
                position = groupStarts ? 0 : position + 1
                if data[i].rollup != lastRollup {
                    rollupText = text.pointer(data[i].rollup.rawValue)
                    lastRollup = data[i].rollup
                }
                if data[i].direction != lastDirection {
                    directionText = text.pointer(data[i].direction.rawValue)
                    lastDirection = data[i].direction
                }
                if lastOwner == nil || data[i].ownerTeam != lastOwner! {
                    ownerText = data[i].ownerTeam.flatMap { text.pointer($0.rawValue) }
                    lastOwner = .some(data[i].ownerTeam)
                }
                if data[i].rowKind != lastKind {
                    kindText = text.pointer(data[i].rowKind.rawValue)
                    lastKind = data[i].rowKind
                }
                for column in columns {
                    let c = lxw_col_t(column.rawValue)
                    let error: lxw_error
                    switch column {
                    case .period: error = worksheet_write_number(ws, r, c, serial, date)
                    case .metricID: error = put(r, c, metricText, data[i].metric.rawValue)
                    case .metric: error = put(r, c, nameText, data[i].metricName)
                    case .team:
                        if let team = data[i].team?.rawValue {
                            error = put(r, c, teams.pointer(team, at: position, in: &text), team)
                        } else {
                            error = LXW_NO_ERROR
                        }
                    case .segment:
                        if let segment = data[i].segment {
                            error = put(r, c, segments.pointer(segment, at: position, in: &text), segment)
                        } else {
                            error = LXW_NO_ERROR
                        }
                    case .unit: error = put(r, c, unitText, data[i].unit.rawValue)
                    case .currency:
                        if let code = data[i].currency {
                            error = put(r, c, currencyText, code)
                        } else {
                            error = LXW_NO_ERROR
                        }
                    case .actual: error = number(r, c, data[i].actual, unitFormat)
                    case .numerator: error = number(r, c, data[i].numerator)
                    case .denominator: error = number(r, c, data[i].denominator)
                    case .target: error = number(r, c, data[i].target, unitFormat)
                    case .variance: error = number(r, c, data[i].variance, unitFormat)
                    case .variancePct: error = number(r, c, data[i].variancePct, fraction)
                    case .rollup: error = put(r, c, rollupText, data[i].rollup.rawValue)
                    case .direction: error = put(r, c, directionText, data[i].direction.rawValue)
                    case .ownerTeam:
                        if let owner = data[i].ownerTeam?.rawValue {
                            error = put(r, c, ownerText, owner)
                        } else {
                            error = LXW_NO_ERROR
                        }
                    case .forecast: error = number(r, c, data[i].forecast, unitFormat)
                    case .forecastLow: error = number(r, c, data[i].forecastLow, unitFormat)
                    case .forecastHigh: error = number(r, c, data[i].forecastHigh, unitFormat)
                    case .forecastLevel: error = number(r, c, data[i].forecastLevel, level)
                    case .rowKind: error = put(r, c, kindText, data[i].rowKind.rawValue)
                    }
                    if error != LXW_NO_ERROR { return (error, r) }
                }
                r += 1
            }
            return (LXW_NO_ERROR, r)
        }
        try check(error, "writing row \(failedRow + 1) of '\(sheet)'")
    }

    private func addTable(
        _ table: ExcelTable, to ws: UnsafeMutablePointer<lxw_worksheet>, sheet: String, constantMemory: Bool
    )
        throws(WorkbookError)
    {
        // Header strings and the name must stay alive for the call; libxlsxwriter copies them.
        let headers = table.columns.map { strdup(ExcelLimits.cleanText($0.header)) }
        defer { headers.forEach { free($0) } }
        var columns = try table.columns.enumerated().map { i, c throws(WorkbookError) -> lxw_table_column in
            var column = lxw_table_column()
            column.header = headers[i]
            column.header_format = try format(.header)
            column.format = try format(c.format)
            return column
        }
        let error: lxw_error = columns.withUnsafeMutableBufferPointer { buffer in
            var pointers: [UnsafeMutablePointer<lxw_table_column>?] = (0..<buffer.count).map {
                buffer.baseAddress! + $0
            }
            pointers.append(nil)
            return pointers.withUnsafeMutableBufferPointer { list in
                table.name.withCString { name in
                    var options = lxw_table_options()
                    options.name = UnsafeMutablePointer(mutating: name)
                    options.style_type = UInt8(LXW_TABLE_STYLE_TYPE_MEDIUM.rawValue)
                    options.style_type_number = 2
                    options.columns = list.baseAddress
                    let r = table.range
                    return worksheet_add_table(
                        ws, lxw_row_t(r.firstRow), lxw_col_t(r.firstColumn), lxw_row_t(r.lastRow),
                        lxw_col_t(r.lastColumn), &options)
                }
            }
        }
        try check(error, "adding table '\(table.name)' to '\(sheet)'")
    }

    private func addConditionalFormat(
        _ cf: ConditionalFormat, to ws: UnsafeMutablePointer<lxw_worksheet>, sheet: String
    )
        throws(WorkbookError)
    {
        var options = lxw_conditional_format()
        let r = cf.range
        let error: lxw_error
        switch cf.rule {
        case .textContains(let text, let f):
            options.type = UInt8(LXW_CONDITIONAL_TYPE_TEXT.rawValue)
            options.criteria = UInt8(LXW_CONDITIONAL_CRITERIA_TEXT_CONTAINING.rawValue)
            options.format = try format(f)
            error = text.withCString { t in
                options.value_string = UnsafeMutablePointer(mutating: t)
                return worksheet_conditional_format_range(
                    ws, lxw_row_t(r.firstRow), lxw_col_t(r.firstColumn), lxw_row_t(r.lastRow), lxw_col_t(r.lastColumn),
                    &options)
            }
        case .dataBar(let color):
            options.type = UInt8(LXW_CONDITIONAL_DATA_BAR.rawValue)
            options.bar_color = color
            options.min_rule_type = UInt8(LXW_CONDITIONAL_RULE_TYPE_NUMBER.rawValue)
            options.min_value = 0
            options.max_rule_type = UInt8(LXW_CONDITIONAL_RULE_TYPE_NUMBER.rawValue)
            options.max_value = 1
            error = worksheet_conditional_format_range(
                ws, lxw_row_t(r.firstRow), lxw_col_t(r.firstColumn), lxw_row_t(r.lastRow), lxw_col_t(r.lastColumn),
                &options)
        }
        try check(error, "adding a conditional format to '\(sheet)'")
    }

    private func insert(_ chart: Chart, into ws: UnsafeMutablePointer<lxw_worksheet>, sheet: String)
        throws(WorkbookError)
    {
        let wb = try live()
        let type: lxw_chart_type =
            switch chart.kind {
            case .bar: LXW_CHART_BAR
            case .column: LXW_CHART_COLUMN
            case .line: LXW_CHART_LINE
            case .stackedColumn: LXW_CHART_COLUMN_STACKED
            }
        guard let c = workbook_add_chart(wb, UInt8(type.rawValue)) else {
            throw WorkbookError(
                code: .library, message: "libxlsxwriter could not add chart '\(chart.title)'", libraryError: "NULL")
        }
        chart_title_set_name(c, Self.literal(chart.title))
        // Small type, so a chart a third of a page tall keeps its title on one line and a label
        // for every category (libxlsxwriter copies the font).
        var titleFont = lxw_chart_font()
        titleFont.size = 11
        titleFont.bold = 1
        chart_title_set_name_font(c, &titleFont)
        var small = lxw_chart_font()
        small.size = 8
        chart_legend_set_font(c, &small)
        chart_legend_set_position(c, UInt8(LXW_CHART_LEGEND_BOTTOM.rawValue))
        for s in chart.series {
            guard let series = chart_add_series(c, nil, nil) else {
                throw WorkbookError(
                    code: .library, message: "libxlsxwriter could not add a series to '\(chart.title)'",
                    libraryError: "NULL")
            }
            chart_series_set_categories(
                series, s.sheet, lxw_row_t(s.categories.firstRow), lxw_col_t(s.categories.firstColumn),
                lxw_row_t(s.categories.lastRow), lxw_col_t(s.categories.lastColumn))
            chart_series_set_values(
                series, s.sheet, lxw_row_t(s.values.firstRow), lxw_col_t(s.values.firstColumn),
                lxw_row_t(s.values.lastRow),
                lxw_col_t(s.values.lastColumn))
            chart_series_set_name(series, Self.literal(ExcelLimits.cleanText(s.name)))
            if let colors = s.pointColors {
                // One point per colour; libxlsxwriter copies them, the buffers live for the call.
                var fills = colors.map { color -> lxw_chart_fill in
                    var fill = lxw_chart_fill()
                    fill.color = color
                    return fill
                }
                let error: lxw_error = fills.withUnsafeMutableBufferPointer { fillBuffer in
                    var points = (0..<fillBuffer.count).map { i -> lxw_chart_point in
                        var point = lxw_chart_point()
                        point.fill = fillBuffer.baseAddress! + i
                        return point
                    }
                    return points.withUnsafeMutableBufferPointer { pointBuffer in
                        var list: [UnsafeMutablePointer<lxw_chart_point>?] = (0..<pointBuffer.count).map {
                            pointBuffer.baseAddress! + $0
                        }
                        list.append(nil)
                        return list.withUnsafeMutableBufferPointer { chart_series_set_points(series, $0.baseAddress) }
                    }
                }
                try check(error, "colouring the points of '\(s.name)' in chart '\(chart.title)'")
            }
            if s.invisible, chart.kind != .line {
                var none = lxw_chart_fill()
                none.none = 1
                chart_series_set_fill(series, &none)
                var noLine = lxw_chart_line()
                noLine.none = 1
                chart_series_set_line(series, &noLine)
            } else if s.outline, chart.kind != .line {
                var none = lxw_chart_fill()
                none.none = 1
                chart_series_set_fill(series, &none)
                var border = lxw_chart_line()
                border.color = s.color ?? 0x000000
                border.width = 1.5
                chart_series_set_line(series, &border)
            } else if let color = s.color {
                if chart.kind == .line {
                    var line = lxw_chart_line()
                    line.color = color
                    line.width = 2.25
                    chart_series_set_line(series, &line)
                } else {
                    var fill = lxw_chart_fill()
                    fill.color = color
                    chart_series_set_fill(series, &fill)
                }
            }
        }
        // Invisible series (a waterfall's base) stay out of the legend.
        var hidden = chart.series.indices.filter { chart.series[$0].invisible }.map { Int16($0) }
        if !hidden.isEmpty {
            hidden.append(-1)
            try check(chart_legend_delete_series(c, &hidden), "hiding the base of chart '\(chart.title)'")
        }
        if let overlap = chart.overlap, chart.kind != .line {
            chart_set_series_overlap(c, Int8(clamping: overlap))
            chart_set_series_gap(c, 60)
        }
        let valueAxis = chart.kind == .bar ? c.pointee.x_axis : c.pointee.y_axis
        for axis in [c.pointee.x_axis, c.pointee.y_axis] {
            guard let axis else { continue }
            var font = lxw_chart_font()
            font.size = 8
            chart_axis_set_num_font(axis, &font)
            chart_axis_set_name_font(axis, &font)
        }
        if let title = chart.valueAxisTitle, let valueAxis { chart_axis_set_name(valueAxis, Self.literal(title)) }
        if let format = chart.valueNumberFormat, let valueAxis { chart_axis_set_num_format(valueAxis, format) }
        if let minimum = chart.minimum, let valueAxis { chart_axis_set_min(valueAxis, minimum) }
        let categoryAxis = chart.kind == .bar ? c.pointee.y_axis : c.pointee.x_axis
        if chart.reverseCategories, let categoryAxis { chart_axis_set_reverse(categoryAxis) }
        // Category labels at the edge, clear of bars that go below zero.
        if let categoryAxis {
            chart_axis_set_label_position(categoryAxis, UInt8(LXW_CHART_AXIS_LABEL_POSITION_LOW.rawValue))
        }
        var options = lxw_chart_options()
        options.x_scale = chart.widthScale
        options.y_scale = chart.heightScale
        try check(
            worksheet_insert_chart_opt(ws, lxw_row_t(chart.row), lxw_col_t(chart.column), c, &options),
            "inserting chart '\(chart.title)' on '\(sheet)'")
    }

    /// Chart names starting with `=` are read as references by libxlsxwriter; a leading space keeps
    /// text as text.
    static func literal(_ text: String) -> String { text.hasPrefix("=") ? " " + text : text }

    /// Defines a workbook-wide name for a range (used for the Data range in constant-memory mode).
    func defineName(_ name: String, sheet: String, range: CellRange) throws(WorkbookError) {
        let wb = try live()
        func column(_ c: Int) -> String {
            var c = c + 1
            var out = ""
            while c > 0 {
                let r = (c - 1) % 26
                out = String(UnicodeScalar(UInt8(65 + r))) + out
                c = (c - 1) / 26
            }
            return out
        }
        let formula =
            "='\(sheet.replacingOccurrences(of: "'", with: "''"))'!$\(column(range.firstColumn))$\(range.firstRow + 1):$\(column(range.lastColumn))$\(range.lastRow + 1)"
        try check(workbook_define_name(wb, name, formula), "defining the name '\(name)'")
    }

    /// Writes the file and releases the workbook. The message names no path (the caller knows
    /// which file it asked for; here it is a temporary one): lxw_strerror's text and the system's
    /// reason. libxlsxwriter may also print a line of its own on failure; the library never
    /// diverts standard error (the process's descriptors are its host's), the CLI does.
    func close() throws(WorkbookError) {
        let wb = try live()
        workbook = nil
        // workbook_close frees the workbook whatever it returns.
        errno = 0
        let error = workbook_close(wb)
        let failure = errno
        guard error != LXW_NO_ERROR else { return }
        throw WorkbookError(
            code: .library,
            message:
                "writing the workbook: \(String(cString: lxw_strerror(error)))\(NativeWorkbook.systemReason(failure))",
            libraryError: NativeWorkbook.name(error))
    }

    /// ` (the system's reason)` for a failure that set errno, else nothing.
    static func systemReason(_ code: Int32) -> String {
        code == 0 ? "" : " (\(String(cString: strerror(code))))"
    }

    /// Runs `body` with the C numeric locale on this thread, so a host application with a
    /// decimal-comma locale cannot change how libxlsxwriter prints numbers.
    static func withCNumericLocale<T>(_ body: () throws(WorkbookError) -> T) throws(WorkbookError) -> T {
        #if canImport(Glibc) || canImport(Darwin)
            let c = newlocale(LC_NUMERIC_MASK, "C", nil)
            let previous = c.map { uselocale($0) }
            defer {
                if let previous { uselocale(previous) }
                if let c { freelocale(c) }
            }
        #endif
        return try body()
    }
}

/// The Data sheet's text as C strings: each distinct text cleaned (``ExcelLimits/cleanText(_:limit:)``)
/// and copied once, all freed together. An empty C string stands for text that writes no cell.
private struct DataText {
    /// At most this many distinct texts are kept; past it, ``pointer(_:)`` returns `nil` and the
    /// caller writes the text itself.
    static let capacity = 100_000
    private var pointers: [String: UnsafeMutablePointer<CChar>] = [:]

    /// The C string for `text`, cleaned; `nil` past ``capacity`` or when memory runs out.
    mutating func pointer(_ text: String) -> UnsafePointer<CChar>? {
        if let known = pointers[text] { return UnsafePointer(known) }
        guard pointers.count < Self.capacity, let made = strdup(ExcelLimits.cleanText(text)) else { return nil }
        pointers[text] = made
        return UnsafePointer(made)
    }

    func free() {
        for pointer in pointers.values { Foundation.free(pointer) }
    }
}

/// One text column's C strings remembered by the row's position within its (metric, period)
/// group: the k-th row of a group usually has the team or segment the k-th row of the group before
/// had, found by comparing strings (the same storage compares at once) instead of hashing.
private struct PositionText {
    /// Positions past this many go straight to the ``DataText``.
    static let capacity = 4_096
    private var entries: [(text: String, pointer: UnsafePointer<CChar>)] = []

    mutating func pointer(_ text: String, at position: Int, in table: inout DataText) -> UnsafePointer<CChar>? {
        if position < entries.count, entries[position].text == text { return entries[position].pointer }
        guard let pointer = table.pointer(text) else { return nil }
        if position < entries.count {
            entries[position] = (text, pointer)
        } else if position == entries.count, position < Self.capacity {
            entries.append((text, pointer))
        }
        return pointer
    }
}
