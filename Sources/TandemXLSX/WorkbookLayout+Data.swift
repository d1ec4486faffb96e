import Tandem

extension LayoutBuilder {
    static let dataColumns: [(String, String, String)] = [
        ("period", "date", "First day of the period (a real date cell)."),
        ("metric_id", "text", "The metric's id in the plan."),
        ("metric", "text", "The metric's name."),
        ("team", "text", "The team the value belongs to; empty when not split by team."),
        ("segment", "text", "The segment; empty when not split by segment."),
        ("unit", "text", "count, currency, percent, hours, days or ratio. Percent values are fractions (0.25 = 25 %)."),
        ("actual", "number", "The measured value; empty when missing (never zero)."),
        ("target", "number", "The plan's target for the period; only on rows that are the metric's whole value."),
        ("variance", "number", "actual − target; empty when either is missing."),
        ("variance_pct", "number", "variance / |target|, as a fraction."),
    ]

    func dataSheets() -> [Sheet] {
        let total = review.data.count
        let perSheet = max(1, dataRowsPerSheet)
        let count = max(1, (total + perSheet - 1) / perSheet)
        return (0..<count).map { k in
            let rows = (k * perSheet)..<min(total, (k + 1) * perSheet)
            let name = k == 0 ? Self.data : "\(Self.data) \(k + 1)"
            var w = Writer()
            w.header(0, Self.dataColumns.map(\.0))
            let range = CellRange(
                firstRow: 0, firstColumn: 0, lastRow: max(1, rows.count), lastColumn: Self.dataColumns.count - 1)
            return Sheet(
                name: name, cells: w.cells,
                columns: [
                    ColumnWidth(first: 0, last: 0, width: 12, format: .date), ColumnWidth(first: 1, last: 2, width: 24),
                    ColumnWidth(first: 3, last: 4, width: 16), ColumnWidth(first: 5, last: 5, width: 10),
                    ColumnWidth(first: 6, last: 9, width: 14),
                ],
                freeze: (1, 0),
                tables: [
                    ExcelTable(
                        name: k == 0 ? "TandemData" : "TandemData_\(k + 1)", range: range,
                        columns: Self.dataColumns.map {
                            TableColumn(header: $0.0, format: $0.0 == "period" ? .date : nil)
                        })
                ],
                tabColor: 0x70AD47, dataRows: rows)
        }
    }
}
