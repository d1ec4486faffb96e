/// One review period: a calendar month (`2026-07`) or a quarter (`2026-Q3`).
///
/// Periods of one kind are ordered and can be stepped through:
/// ```swift
/// let july = Period.month(2026, 7)
/// july.advanced(by: 5)   // 2026-12
/// Period(parsing: "2026-Q3")
/// ```
public struct Period: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// How long a period lasts.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A calendar month, written `2026-07`.
        case month
        /// A calendar quarter, written `2026-Q3`.
        case quarter

        /// `month` or `quarter`: the one word for the kind of period in every sentence.
        package var noun: String { rawValue }
        /// `months` or `quarters`; `count == 1` gives the singular.
        package func noun(_ count: Int) -> String { count == 1 ? noun : noun + "s" }
    }

    /// Month or quarter.
    public let kind: Kind
    // Stored small: a period sits in every observation and data row.
    private let storedYear: Int16
    private let storedIndex: UInt8

    /// The calendar year.
    public var year: Int { Int(storedYear) }
    /// 1…12 for months, 1…4 for quarters.
    public var index: Int { Int(storedIndex) }

    /// A month, `month` in 1…12.
    public static func month(_ year: Int, _ month: Int) -> Period {
        Period(kind: .month, year: year, index: month)
    }

    /// A quarter, `quarter` in 1…4.
    public static func quarter(_ year: Int, _ quarter: Int) -> Period {
        Period(kind: .quarter, year: year, index: quarter)
    }

    private init(kind: Kind, year: Int, index: Int) {
        self.kind = kind
        self.storedYear = Int16(clamping: year)
        self.storedIndex = UInt8(clamping: index)
    }

    /// Parses `YYYY-MM`, `YYYY-MM-DD` (the day must be the first), or `YYYY-Qn`; `nil` otherwise.
    public init?(parsing text: some StringProtocol) {
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for i in range {
                let b = bytes[i]
                guard b >= 0x30 && b <= 0x39 else { return nil }
                value = value * 10 + Int(b - 0x30)
            }
            return value
        }
        guard bytes.count >= 7, let year = digits(0..<4), year >= 1900, year <= 9999, bytes[4] == 0x2D
        else { return nil }
        if bytes[5] == 0x51 || bytes[5] == 0x71 {  // Q or q
            guard bytes.count == 7, let q = digits(6..<7), (1...4).contains(q) else { return nil }
            self = .quarter(year, q)
            return
        }
        guard let month = digits(5..<7), (1...12).contains(month) else { return nil }
        if bytes.count == 7 {
            self = .month(year, month)
        } else if bytes.count == 10, bytes[7] == 0x2D, digits(8..<10) == 1 {
            self = .month(year, month)
        } else {
            return nil
        }
    }

    /// A running number: consecutive periods of one kind differ by one.
    public var ordinal: Int {
        switch kind {
        case .month: year * 12 + index - 1
        case .quarter: year * 4 + index - 1
        }
    }

    /// The period `n` steps later (earlier when negative).
    public func advanced(by n: Int) -> Period {
        let o = ordinal + n
        switch kind {
        case .month: return .month(o / 12, o % 12 + 1)
        case .quarter: return .quarter(o / 4, o % 4 + 1)
        }
    }

    /// How many periods from `self` to `other` (positive when `other` is later).
    public func distance(to other: Period) -> Int { other.ordinal - ordinal }

    /// The first day of the period as `YYYY-MM-DD`.
    public var firstDay: String {
        let month = kind == .month ? index : (index - 1) * 3 + 1
        return "\(year)-\(month < 10 ? "0" : "")\(month)-01"
    }

    /// The first day's (year, month) pair.
    public var firstMonth: (year: Int, month: Int) {
        (year, kind == .month ? index : (index - 1) * 3 + 1)
    }

    /// `2026-07` or `2026-Q3`.
    public var description: String {
        switch kind {
        case .month: "\(year)-\(index < 10 ? "0" : "")\(index)"
        case .quarter: "\(year)-Q\(index)"
        }
    }

    /// A short label for tables: `Jul 2026` or `Q3 2026`.
    public var label: String {
        switch kind {
        case .month: "\(Period.monthNames[index - 1]) \(year)"
        case .quarter: "Q\(index) \(year)"
        }
    }

    /// A three-letter label for narrow columns: `Jul` or `Q3`.
    public var shortLabel: String {
        switch kind {
        case .month: Period.monthNames[index - 1]
        case .quarter: "Q\(index)"
        }
    }

    static let monthNames = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    public static func < (lhs: Period, rhs: Period) -> Bool {
        if lhs.kind != rhs.kind { return lhs.kind == .month }
        return lhs.ordinal < rhs.ordinal
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let period = Period(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a period like 2026-07 or 2026-Q3, found '\(text.prefix(60))'"
            )
        }
        self = period
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A plan cycle, such as FY2026 H2: a run of consecutive periods of one kind.
public struct Cycle: Sendable, Hashable, Codable {
    /// The cycle's name, e.g. `FY2026 H2`.
    public var name: String
    /// The first period.
    public var start: Period
    /// The last period (inclusive).
    public var end: Period

    /// Creates a cycle from `start` through `end`, both inclusive and of the same kind.
    public init(name: String, start: Period, end: Period) {
        self.name = name
        self.start = start
        self.end = end
    }

    /// Every period of the cycle, in order.
    public var periods: [Period] {
        let n = max(0, start.distance(to: end) + 1)
        return (0..<n).map { start.advanced(by: $0) }
    }

    /// How many periods the cycle has.
    public var count: Int { max(0, start.distance(to: end) + 1) }

    /// Whether `period` falls inside the cycle.
    public func contains(_ period: Period) -> Bool {
        period.kind == start.kind && period.ordinal >= start.ordinal && period.ordinal <= end.ordinal
    }

    /// The 0-based position of `period` in the cycle, or `nil` when outside.
    public func position(of period: Period) -> Int? {
        contains(period) ? start.distance(to: period) : nil
    }
}
