import Tandem

extension LayoutBuilder {
    func aboutSheet() -> Sheet {
        var w = Writer()
        w.text(0, 0, "About this workbook", .title)
        let facts: [(String, String)] = [
            ("Schema version", "\(Review.schemaVersion) (Review JSON)"),
            ("Data schema version", "\(DataColumn.schemaVersion) (the Data table, the CSV, the JSON data rows)"),
            ("Period", review.period.description),
            ("Plan", review.plan.name),
            ("Cycle", "\(review.plan.cycle) (\(review.plan.cycleStart)…\(review.plan.cycleEnd))"),
            ("Currency", review.plan.currency.code),
            ("Inputs SHA-256", metadata.inputsSHA256 ?? "not recorded"),
            ("Inputs", metadata.inputs.isEmpty ? "built in code" : metadata.inputs.joined(separator: "; ")),
            ("Tandem version", TandemInfo.version),
            ("Data rows", "\(review.data.count)"),
        ]
        for (i, (k, v)) in facts.enumerated() {
            w.text(2 + i, 0, k, .bold)
            w.text(2 + i, 1, v, .wrapped)
        }
        var row = 3 + facts.count
        w.text(row, 0, "The Data table (TandemData): one row per period, metric, team and segment", .bold)
        row += 1
        w.header(row, ["Column", "Type", "Meaning"])
        for column in DataColumn.allCases {
            row += 1
            w.text(row, 0, column.name)
            w.text(row, 1, column.kind.rawValue)
            w.text(row, 2, column.meaning, .wrapped)
        }
        row += 2
        w.text(
            row, 0,
            "Data past Excel's 1,048,576 rows continues on sheets Data 2, Data 3, … with tables TandemData_2, …",
            .wrapped)
        return Sheet(
            name: Self.about, cells: w.cells,
            columns: [
                ColumnWidth(first: 0, last: 0, width: 22), ColumnWidth(first: 1, last: 1, width: 60),
                ColumnWidth(first: 2, last: 2, width: 70),
            ])
    }
}
