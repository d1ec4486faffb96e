import Foundation

/// Timestamps of CRM exports, parsed on bytes: ISO 8601 with or without time and offset, locale
/// dates (`11/3/2026 9:05 AM`) when the source declares their order, and epoch milliseconds.
/// Times are kept as whole minutes since 1970-01-01 UTC.
struct RecordTimeParser {
    enum Result {
        case minutes(Int64)
        case empty
        /// A locale date without a declared order.
        case ambiguous
        case invalid(String)
    }

    let format: RecordDateFormat?
    let zone: ZoneClock

    /// Parses `bytes[start..<end]` (already trimmed).
    func parse(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Result {
        if start >= end { return .empty }
        @inline(__always) func two(_ k: Int) -> Int {
            let (h, l) = (b[start + k] &- 0x30, b[start + k + 1] &- 0x30)
            return h < 10 && l < 10 ? Int(h) * 10 + Int(l) : -1
        }
        let n = end - start
        // HubSpot's export form, 2026-11-03 14:05 (or with seconds), in the source's zone, in
        // one go (anything odd about it takes the long way).
        if n == 16 || n == 19, b[start + 4] == 0x2D, b[start + 7] == 0x2D,
            b[start + 10] == 0x20 || b[start + 10] == 0x54, b[start + 13] == 0x3A, n == 16 || b[start + 16] == 0x3A
        {
            let (century, y, month, day) = (two(0), two(2), two(5), two(8))
            let (hour, minute, second) = (two(11), two(14), n == 19 ? two(17) : 0)
            let year = century * 100 + y
            if century >= 19, y >= 0, month >= 1, month <= 12, day >= 1, hour >= 0, hour <= 23, minute >= 0,
                minute <= 59, second >= 0, second <= 60, day <= daysIn(month, year)
            {
                let local = daysFromCivil(year, month, day) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
                return .minutes(zone.utcMinutes(localSeconds: local))
            }
        }
        // The usual form, 2026-11-03T14:05:09Z, in one go.
        if n == 20, b[start + 4] == 0x2D, b[start + 7] == 0x2D,
            b[start + 10] == 0x54 || b[start + 10] == 0x20,
            b[start + 13] == 0x3A, b[start + 16] == 0x3A, b[start + 19] == 0x5A
        {
            let (century, y, month, day) = (two(0), two(2), two(5), two(8))
            let (hour, minute, second) = (two(11), two(14), two(17))
            let year = century * 100 + y
            if century >= 19, y >= 0, month >= 1, month <= 12, day >= 1, hour >= 0, hour <= 23, minute >= 0,
                minute <= 59, second >= 0, second <= 60, day <= daysIn(month, year)
            {
                let local = daysFromCivil(year, month, day) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
                return .minutes(floorDiv(local, 60))
            }
        }
        var i = start
        @inline(__always) func digits(_ count: Int) -> Int? {
            guard i + count <= end else { return nil }
            var v = 0
            for k in i..<(i + count) {
                let d = b[k] &- 0x30
                guard d < 10 else { return nil }
                v = v * 10 + Int(d)
            }
            i += count
            return v
        }
        /// 1 or 2 digits.
        @inline(__always) func shortNumber() -> Int? {
            guard i < end, b[i] &- 0x30 < 10 else { return nil }
            var v = Int(b[i] &- 0x30)
            i += 1
            if i < end, b[i] &- 0x30 < 10 {
                v = v * 10 + Int(b[i] &- 0x30)
                i += 1
            }
            return v
        }
        var year = 0
        var month = 0
        var day = 0
        // The date.
        if end - start >= 10, b[start + 4] == 0x2D {  // YYYY-MM-DD
            guard let y = digits(4) else { return .invalid("expected a date like 2026-11-03") }
            i += 1
            guard let m = digits(2), i < end, b[i] == 0x2D else { return .invalid("expected a date like 2026-11-03") }
            i += 1
            guard let d = digits(2) else { return .invalid("expected a date like 2026-11-03") }
            (year, month, day) = (y, m, d)
        } else if end - start >= 12, b[start] &- 0x30 < 10, (start..<end).allSatisfy({ b[$0] &- 0x30 < 10 }) {
            // Epoch milliseconds (HubSpot's API form).
            var ms: Int64 = 0
            for k in start..<end { ms = ms &* 10 &+ Int64(b[k] &- 0x30) }
            guard end - start <= 15 else {
                return .invalid("expected a date, found a number too large for epoch milliseconds")
            }
            return .minutes(floorDiv(ms, 60_000))
        } else {
            guard let first = shortNumber(), i < end, b[i] == 0x2F || b[i] == 0x2E else {
                return .invalid("expected a date like 2026-11-03 or 11/3/2026")
            }
            let separator = b[i]
            i += 1
            guard let second = shortNumber(), i < end, b[i] == separator else {
                return .invalid("expected a date like 2026-11-03 or 11/3/2026")
            }
            i += 1
            guard let y = digits(4) else { return .invalid("expected a four-digit year") }
            guard let format, format != .iso else { return .ambiguous }
            switch format {
            case .monthDayYear:
                guard separator == 0x2F else { return .invalid("expected a date like 11/3/2026 (MM/DD/YYYY)") }
                (year, month, day) = (y, first, second)
            case .dayMonthYear:
                guard separator == 0x2F else { return .invalid("expected a date like 3/11/2026 (DD/MM/YYYY)") }
                (year, month, day) = (y, second, first)
            case .dayMonthYearDots, .iso:
                guard separator == 0x2E else { return .invalid("expected a date like 3.11.2026 (DD.MM.YYYY)") }
                (year, month, day) = (y, second, first)
            }
        }
        guard year >= 1900, year <= 9999, month >= 1, month <= 12, day >= 1, day <= daysIn(month, year) else {
            return .invalid("no such date")
        }
        let days = daysFromCivil(year, month, day)
        if i == end { return .minutes(zone.utcMinutes(localSeconds: days * 86_400)) }
        // The time.
        if b[i] == 0x2C { i += 1 }  // "11/3/2026, 9:05 AM"
        guard i < end, b[i] == 0x54 || b[i] == 0x20 else { return .invalid("unexpected text after the date") }
        i += 1
        while i < end, b[i] == 0x20 { i += 1 }
        guard var hour = shortNumber(), i < end, b[i] == 0x3A else { return .invalid("expected a time like 14:05") }
        i += 1
        guard let minute = digits(2) else { return .invalid("expected a time like 14:05") }
        var second = 0
        if i < end, b[i] == 0x3A {
            i += 1
            guard let s = digits(2) else { return .invalid("expected seconds like 14:05:09") }
            second = s
            if i < end, b[i] == 0x2E || b[i] == 0x2C {  // fraction, dropped
                i += 1
                let fractionStart = i
                while i < end, b[i] &- 0x30 < 10 { i += 1 }
                if i == fractionStart { return .invalid("expected digits after the decimal point") }
            }
        }
        while i < end, b[i] == 0x20 { i += 1 }
        // AM / PM.
        if i + 1 < end, b[i] | 0x20 == 0x61 || b[i] | 0x20 == 0x70, b[i + 1] | 0x20 == 0x6D {
            guard hour >= 1, hour <= 12 else { return .invalid("hour \(hour) with AM/PM") }
            let pm = b[i] | 0x20 == 0x70
            hour = hour % 12 + (pm ? 12 : 0)
            i += 2
            while i < end, b[i] == 0x20 { i += 1 }
        }
        guard hour <= 23, minute <= 59, second <= 60 else { return .invalid("no such time") }
        let local = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        if i == end { return .minutes(zone.utcMinutes(localSeconds: local)) }
        // The offset.
        if b[i] == 0x5A || b[i] == 0x7A {
            i += 1
            return i == end ? .minutes(floorDiv(local, 60)) : .invalid("unexpected text after the time zone")
        }
        if end - i == 3, b[i] | 0x20 == 0x75, b[i + 1] | 0x20 == 0x74, b[i + 2] | 0x20 == 0x63 {  // UTC
            return .minutes(floorDiv(local, 60))
        }
        guard b[i] == 0x2B || b[i] == 0x2D else { return .invalid("unexpected text after the time") }
        let sign: Int64 = b[i] == 0x2D ? -1 : 1
        i += 1
        guard let oh = digits(2) else { return .invalid("expected an offset like +02:00") }
        var om = 0
        if i < end {
            if b[i] == 0x3A { i += 1 }
            guard let m = digits(2) else { return .invalid("expected an offset like +02:00") }
            om = m
        }
        guard i == end, oh <= 18, om <= 59 else { return .invalid("expected an offset like +02:00") }
        return .minutes(floorDiv(local - sign * Int64(oh * 3600 + om * 60), 60))
    }
}

extension RecordTimeParser {
    /// Whether a time that parsed says its zone: a `Z`, `UTC` or `±hh:mm` after the time, or
    /// epoch milliseconds. Others are read in the source's zone.
    static func hasOffset(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard end > start else { return false }
        if b[end - 1] | 0x20 == 0x7A { return true }  // Z
        if end - start >= 3, b[end - 1] | 0x20 == 0x63, b[end - 2] | 0x20 == 0x74, b[end - 3] | 0x20 == 0x75 {
            return true  // UTC
        }
        if (start..<end).allSatisfy({ b[$0] &- 0x30 < 10 }) { return true }  // epoch milliseconds
        // An offset sign after the time's colon.
        guard let colon = (start..<end).first(where: { b[$0] == 0x3A }) else { return false }
        return (colon..<end).contains { b[$0] == 0x2B || b[$0] == 0x2D }
    }
}

/// Converts between a time zone's wall clock and UTC, caching the offset per hour.
final class ZoneClock {
    let zone: TimeZone
    let isUTC: Bool
    private var keys = [Int64](repeating: .min, count: 4096)
    private var offsets = [Int64](repeating: 0, count: 4096)

    init(_ zone: TimeZone) {
        self.zone = zone
        isUTC = zone.identifier == "UTC" || zone.identifier == "GMT"
    }

    /// The UTC minute of a wall-clock time (seconds since 1970 as if it were UTC). In an hour the
    /// clock repeats, its first occurrence is meant.
    func utcMinutes(localSeconds local: Int64) -> Int64 {
        if isUTC { return floorDiv(local, 60) }
        let hour = floorDiv(local, 3600)
        let slot = Int(UInt64(bitPattern: hour) & 4095)
        if keys[slot] != hour {
            let o1 = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local))))
            let o2 = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local - o1))))
            keys[slot] = hour
            offsets[slot] = o2
        }
        return floorDiv(local - offsets[slot], 60)
    }

    /// The UTC minute at which `period` starts on this clock.
    func start(of period: Period) -> Int64 {
        let (y, m) = period.firstMonth
        return utcMinutes(localSeconds: daysFromCivil(y, m, 1) * 86_400)
    }
}

@inline(__always) func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
