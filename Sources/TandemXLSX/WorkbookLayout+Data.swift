import Tandem

extension LayoutBuilder {
    /// The Data sheet's column width for each flat-data column.
    static func dataWidth(_ column: DataColumn) -> Double {
        switch column.kind {
        case .date: 12
        case .number: 14
        case .text:
            switch column {
            case .unit, .currency, .rollup, .direction, .rowKind: 10
            case .team, .segment, .ownerTeam: 16
            default: 24
            }
        }
    }

    /// The Data sheet's widths, neighbouring columns of one width and format in one run.
    static func dataWidths() -> [ColumnWidth] {
        var runs: [ColumnWidth] = []
        for c in DataColumn.allCases {
            let width = dataWidth(c)
            let format: CellFormat? = c.kind == .date ? .date : nil
            if let last = runs.last, last.width == width, last.format == format, last.last == c.rawValue - 1 {
                runs[runs.count - 1].last = c.rawValue
            } else {
                runs.append(ColumnWidth(first: c.rawValue, last: c.rawValue, width: width, format: format))
            }
        }
        return runs
    }

    func dataSheets() -> [Sheet] {
        let total = review.data.count
        let perSheet = max(1, dataRowsPerSheet)
        let count = max(1, (total + perSheet - 1) / perSheet)
        return (0..<count).map { k in
            let rows = (k * perSheet)..<min(total, (k + 1) * perSheet)
            let name = k == 0 ? Self.data : "\(Self.data) \(k + 1)"
            var w = Writer()
            w.header(0, DataColumn.allCases.map(\.name))
            let range = CellRange(
                firstRow: 0, firstColumn: 0, lastRow: max(1, rows.count), lastColumn: DataColumn.allCases.count - 1)
            return Sheet(
                name: name, cells: w.cells,
                columns: Self.dataWidths(),
                freeze: (1, 0),
                tables: [
                    ExcelTable(
                        name: k == 0 ? "TandemData" : "TandemData_\(k + 1)", range: range,
                        columns: DataColumn.allCases.map {
                            TableColumn(header: $0.name, format: $0.kind == .date ? .date : nil)
                        })
                ],
                tabColor: 0x70AD47, dataRows: rows, dataFormats: DataFormats(currency: currency))
        }
    }
}
