/// Renders a review's flat data as CSV: the columns of ``CSVExporter/columns``, RFC 4180
/// quoting, CRLF line ends, UTF-8 (optionally with a byte-order mark), ISO dates, plain numbers.
///
/// Text that a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a tab or
/// a carriage return) is prefixed with `'`.
public struct CSVExporter: Sendable {
    /// The columns, in order; the same as the workbook's Data table.
    public static let columns = [
        "period", "metric_id", "metric", "team", "segment", "unit", "actual", "target", "variance", "variance_pct",
    ]

    /// Start the file with a UTF-8 byte-order mark (for older Excel versions).
    public var byteOrderMark: Bool

    public init(byteOrderMark: Bool = false) {
        self.byteOrderMark = byteOrderMark
    }

    public func render(_ review: Review) -> [UInt8] {
        var out: [UInt8] = byteOrderMark ? [0xEF, 0xBB, 0xBF] : []
        out.reserveCapacity(review.data.count * 80)
        func text(_ s: String) {
            var s = s
            if let first = s.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) { s = "'" + s }
            if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
                out.append(0x22)
                out.append(contentsOf: s.replacingOccurrences(of: "\"", with: "\"\"").utf8)
                out.append(0x22)
            } else {
                out.append(contentsOf: s.utf8)
            }
        }
        func number(_ v: Double?) {
            guard let v, v.isFinite else { return }
            out.append(contentsOf: CSVExporter.plainNumber(v).utf8)
        }
        out.append(contentsOf: CSVExporter.columns.joined(separator: ",").utf8)
        out.append(contentsOf: [0x0D, 0x0A])
        for row in review.data {
            out.append(contentsOf: row.period.firstDay.utf8)
            out.append(0x2C)
            text(row.metric.rawValue)
            out.append(0x2C)
            text(row.metricName)
            out.append(0x2C)
            text(row.team?.rawValue ?? "")
            out.append(0x2C)
            text(row.segment ?? "")
            out.append(0x2C)
            text(row.unit.rawValue)
            out.append(0x2C)
            number(row.actual)
            out.append(0x2C)
            number(row.target)
            out.append(0x2C)
            number(row.variance)
            out.append(0x2C)
            number(row.variancePct)
            out.append(contentsOf: [0x0D, 0x0A])
        }
        return out
    }

    /// A number as plain text: whole numbers without a decimal point, others in the shortest form
    /// that reads back to the same value.
    static func plainNumber(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}
