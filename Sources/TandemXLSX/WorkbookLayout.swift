import Tandem

/// A cell format as a value; each distinct format becomes one workbook format, once.
struct CellFormat: Hashable, Sendable {
    var numberFormat: String?
    var bold = false
    var italic = false
    var fontSize: Double?
    var fontColor: UInt32?
    var fill: UInt32?
    var wrap = false
    var alignRight = false
    var verticalTop = false
    var bottomBorder = false
    /// Left indent in levels (about one character each): text right of a right-aligned number.
    var indent = 0

    static let plain = CellFormat()
    static let bold = CellFormat(bold: true)
    static let title = CellFormat(bold: true, fontSize: 16)
    static let headline = CellFormat(bold: true, fontSize: 12)
    static let subtitle = CellFormat(italic: true, fontColor: 0x595959)
    static let header = CellFormat(bold: true, fontColor: 0xFFFFFF, fill: 0x1F4E78, wrap: true, verticalTop: true)
    static let wrapped = CellFormat(wrap: true, verticalTop: true)
    static let date = CellFormat(numberFormat: "yyyy-mm-dd")
    static let month = CellFormat(numberFormat: "mmm yyyy")
    static let count = CellFormat(numberFormat: "#,##0")
    static let decimal = CellFormat(numberFormat: "#,##0.00")
    static let percent = CellFormat(numberFormat: "0.0%")
    static let plainNumber = CellFormat(numberFormat: "General")

    /// The number format for a metric unit (``MetricUnit/Presentation/excelPattern(currencySymbol:decimals:)``).
    static func number(_ unit: MetricUnit, currency: Currency) -> CellFormat {
        CellFormat(numberFormat: unit.presentation.excelPattern(currencySymbol: currency.symbol))
    }

    /// The format of a change or margin in a unit: signed, and in points for rates (the value is
    /// written ×100 for those: ``MetricUnit/Presentation/changeValue(_:)``).
    static func change(_ unit: MetricUnit, currency: Currency) -> CellFormat {
        CellFormat(numberFormat: unit.presentation.excelChangePattern(currencySymbol: currency.symbol))
    }

    func with(_ change: (inout CellFormat) -> Void) -> CellFormat {
        var copy = self
        change(&copy)
        return copy
    }
}

/// What a cell holds. Text is always written as a string cell, never as a formula.
enum CellValue: Hashable, Sendable {
    case text(String)
    case number(Double)
    case blank
}

struct Cell: Hashable, Sendable {
    var row: Int
    var column: Int
    var value: CellValue
    var format: CellFormat?
}

/// A rectangle of cells, zero-based and inclusive.
struct CellRange: Hashable, Sendable {
    var firstRow: Int
    var firstColumn: Int
    var lastRow: Int
    var lastColumn: Int
}

struct Chart: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        case bar, column, line
        /// Columns stacked on one another (a waterfall over an invisible base series).
        case stackedColumn
    }
    struct Series: Hashable, Sendable {
        var name: String
        var sheet: String
        var categories: CellRange
        var values: CellRange
        var color: UInt32?
        /// One colour per category, or nil for `color`. The legend shows `color` only: a chart whose
        /// legend must match its bars uses one series per colour instead.
        var pointColors: [UInt32]? = nil
        /// Bars drawn as an outline in `color` with no fill (an "expected" mark over the bars).
        var outline = false
        /// Bars drawn with neither fill nor line (a waterfall's base), and left out of the legend.
        var invisible = false
    }
    var kind: Kind
    var title: String
    var series: [Series]
    var valueAxisTitle: String?
    var valueNumberFormat: String?
    /// The cell the chart's top-left corner sits on.
    var row: Int
    var column: Int
    var widthScale: Double = 1.5
    var heightScale: Double = 1.2
    /// Bar charts list categories top to bottom in sheet order.
    var reverseCategories = false
    /// The value axis starts here rather than where the viewer picks.
    var minimum: Double? = nil
    /// On the Summary: the chart takes the page's full width rather than half.
    var fullWidth = false
    /// Bar and column charts: the series drawn over one another (100) rather than side by side,
    /// for series that each hold some of the categories (one series per colour).
    var overlap: Int? = nil
}

struct ConditionalFormat: Hashable, Sendable {
    enum Rule: Hashable, Sendable {
        case textContains(String, CellFormat)
        case dataBar(color: UInt32)
    }
    var range: CellRange
    var rule: Rule
}

struct ColumnWidth: Hashable, Sendable {
    var first: Int
    var last: Int
    var width: Double
    var format: CellFormat?
}

struct TableColumn: Hashable, Sendable {
    var header: String
    var format: CellFormat?
}

struct ExcelTable: Hashable, Sendable {
    var name: String
    var range: CellRange
    var columns: [TableColumn]
}

/// How a sheet prints: what a manager gets when the workbook is attached to a meeting invite.
struct PageSetup: Hashable, Sendable {
    var landscape = true
    /// Pages across; the sheet is scaled down to fit them.
    var pagesWide = 1
    /// Pages down; 0 lets the sheet run on as many pages as it needs.
    var pagesTall = 0
    /// Rows printed at the top of every page (the header), zero-based and inclusive.
    var repeatRows: ClosedRange<Int>?
    /// The footer in Excel's header/footer code (`&L`, `&C`, `&R`, `&P`, `&N`); at most 255 characters.
    var footer: String
    /// The cells that print.
    var printArea: CellRange?
    /// Page margins in inches (left, right, top, bottom); `nil` keeps Excel's defaults (0.7, 0.7,
    /// 0.75, 0.75). The footer stays 0.3 inches from the bottom edge.
    var margins: [Double]? = nil
}

/// One worksheet as plain values.
struct Sheet: Sendable {
    var name: String
    var cells: [Cell] = []
    var columns: [ColumnWidth] = []
    /// Row heights in points, for rows whose wrapped text needs room.
    var rowHeights: [Int: Double] = [:]
    var freeze: (row: Int, column: Int)?
    var autofilter: CellRange?
    var tables: [ExcelTable] = []
    var conditionalFormats: [ConditionalFormat] = []
    var charts: [Chart] = []
    var tabColor: UInt32?
    var page: PageSetup?
    /// The cells that print, when not everything the sheet holds (the Summary's chart data).
    var printArea: CellRange?
    /// For the Data sheets: the slice of the review's flat rows written below the header, streamed
    /// rather than held as cells.
    var dataRows: Range<Int>?
    /// For the Data sheets: the number formats of the streamed rows' cells.
    var dataFormats = DataFormats(currency: .usd)
}

/// The Data sheet's number formats: a row's values (actual, target, variance, forecast and its
/// range) in its unit's format, counts without decimals, currency with the plan's symbol and
/// cents, percents as %; `variance_pct` and `forecast_level` as %.
struct DataFormats: Sendable {
    var units: [MetricUnit: CellFormat]
    /// A unit a plan added beyond the built-in ones.
    var other: CellFormat
    var fraction = CellFormat.percent
    var level = CellFormat(numberFormat: "0%")

    init(currency: Currency) {
        units = Dictionary(
            MetricUnit.builtIn.map { unit in (unit, Self.format(unit, currency: currency)) },
            uniquingKeysWith: { a, _ in a })
        other = Self.format(MetricUnit(rawValue: ""), currency: currency)
    }

    /// A unit's format on the Data sheet: money to the cent
    /// (``MetricUnit/Presentation/dataDecimals``), the rest as elsewhere in the workbook.
    static func format(_ unit: MetricUnit, currency: Currency) -> CellFormat {
        let p = unit.presentation
        return CellFormat(numberFormat: p.excelPattern(currencySymbol: currency.symbol, decimals: p.dataDecimals))
    }
}

/// The whole workbook as plain values: the layout the C writer renders.
struct WorkbookLayout: Sendable {
    var sheets: [Sheet]
    var title: String
    var subject: String
    var company: String
    /// The document's created time, fixed from the review period (seconds since 1970, UTC).
    var created: Int
}
