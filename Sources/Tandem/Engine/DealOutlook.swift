/// The deals open at the review date, by funnel stage and age, and what they and the deals still
/// to be created are expected to bring by the end of the cycle: the revenue and won-deals
/// forecast from CRM deal records (method ``Forecast/Method/openDeals``; the *Forecasts* article
/// has the definitions).
public struct DealOutlook: Sendable, Hashable, Codable {
    /// What the deals are expected to bring in the window, with its spread.
    public struct Expectation: Sendable, Hashable, Codable {
        /// Expected won deals from the deals open at the review date.
        public var openWon: Double
        /// Expected revenue from the deals open at the review date.
        public var openRevenue: Double
        /// Expected won deals from deals created after the review date and won before the end.
        public var newWon: Double
        /// Expected revenue from those new deals.
        public var newRevenue: Double
        /// One standard deviation of the won deals: the deals' own chance plus the uncertainty
        /// of the chances read from the history.
        public var wonSpread: Double
        /// One standard deviation of the revenue, likewise.
        public var revenueSpread: Double

        /// Expected won deals in the window, open and new.
        public var won: Double { openWon + newWon }
        /// Expected revenue in the window, open and new.
        public var revenue: Double { openRevenue + newRevenue }
    }

    /// Open deals of one funnel stage within one age band.
    public struct Band: Sendable, Hashable, Codable {
        /// The funnel stage the deals entered last.
        public var stage: StageID
        /// Days since they entered it: `0–30 d`, `31–90 d`, `91–180 d`, `over 180 d`.
        public var ages: String
        /// How many deals.
        public var deals: Int
        /// Their amount.
        public var amount: Double
        /// Their expected won deals by the cycle's end (absent when the history is too short).
        public var expectedWon: Double?
        /// Their expected revenue by the cycle's end (absent when the history is too short).
        public var expectedRevenue: Double?
    }

    /// The period at whose end the deals are counted: the review period, or for a backtest the
    /// earlier period the forecast is made as of.
    public var asOf: Period
    /// Days from the end of ``asOf`` to the end of the cycle (to the end of the review period, for
    /// a backtest): the window a deal must close won in.
    public var windowDays: Int
    /// Deals open at the review date (created by then, not closed by then).
    public var openDeals: Int
    /// Their amount.
    public var openAmount: Double
    /// Deals closed (won or lost) before the review date: the history the chances are read from.
    public var closedDeals: Int
    /// The expectation; absent when fewer than ``DealOutlook/minClosedDeals`` deals have closed.
    public var expected: Expectation?
    /// Open deals older than any deal of the history was while still open at their stage: no
    /// evidence they ever close, counted at 0.
    public var staleDeals: Int
    /// Their amount.
    public var staleAmount: Double
    /// The open deals by stage and age band, stages top to bottom, youngest band first.
    public var bands: [Band]
    /// How the forecast was made, or why there is none.
    public var reason: String
    /// The open deals pushed at least twice by the forecast's date and the discount on their
    /// chance; absent without a push history, without such a deal, or without an expectation.
    public var pushDiscount: PushDiscount? = nil

    /// The fewest closed deals the chances are read from.
    public static let minClosedDeals = 10
}

/// The chance that a deal closes won, by the whole days since it entered a stage: the
/// Aalen–Johansen estimate with closing lost as the competing outcome and deals still open
/// counted (censored) up to their age at the review date.
struct WinCurve {
    /// What became of a deal.
    enum Event { case won, lost, open }

    /// Deals still open at the start of day k (no close before day k).
    private(set) var atRisk: [Int]
    /// P(still open after day k).
    private(set) var survival: [Double]
    /// P(won by the end of day k).
    private(set) var cumulative: [Double]
    /// Deals that closed (won or lost).
    private(set) var closed = 0
    /// Days the curve covers: the longest any deal was followed, plus one.
    var span: Int { cumulative.count }

    /// Deals by the whole days they stayed open and what ended it, counted as they are read.
    struct Counts {
        var won: [Int] = []
        var lost: [Int] = []
        var all: [Int] = []

        /// Counts a deal open `days` whole days until `event` (or until now, still open).
        mutating func add(_ days: Int, _ event: Event) {
            let k = max(0, days)
            if k >= all.count {
                let grown = max(k + 1, all.count * 2)
                for a in [\Counts.won, \Counts.lost, \Counts.all] {
                    self[keyPath: a] += [Int](repeating: 0, count: grown - self[keyPath: a].count)
                }
            }
            all[k] += 1
            switch event {
            case .won: won[k] += 1
            case .lost: lost[k] += 1
            case .open: break
            }
        }

        var isEmpty: Bool { all.isEmpty }
    }

    /// The curve of the counted deals.
    init(_ counts: Counts) {
        let span = (counts.all.lastIndex { $0 > 0 } ?? -1) + 1
        let won = counts.won
        let lost = counts.lost
        closed = won.reduce(0, +) + lost.reduce(0, +)
        atRisk = [Int](repeating: 0, count: span + 1)
        for k in stride(from: span - 1, through: 0, by: -1) { atRisk[k] = atRisk[k + 1] + counts.all[k] }
        survival = [Double](repeating: 1, count: span)
        cumulative = [Double](repeating: 0, count: span)
        var s = 1.0
        var c = 0.0
        for k in 0..<span {
            if atRisk[k] > 0 {
                let n = Double(atRisk[k])
                c += s * Double(won[k]) / n
                s *= 1 - Double(won[k] + lost[k]) / n
            }
            survival[k] = s
            cumulative[k] = c
        }
    }

    /// P(won by the end of day k) from entry (0 before day 0; flat after the history).
    func won(by k: Int) -> Double {
        guard k >= 0, !cumulative.isEmpty else { return 0 }
        return cumulative[min(k, cumulative.count - 1)]
    }

    /// The chance that a deal open after `age` whole days closes won within the next `window`
    /// days, and how many deals of the history were still open a day later (the evidence);
    /// `nil` when none was: the deal is older than anything the history saw open.
    func chance(openAfter age: Int, within window: Int) -> (p: Double, evidence: Int)? {
        let a = max(0, age)
        guard a + 1 < atRisk.count, atRisk[a + 1] > 0 else { return nil }
        let s = survival[a]
        guard s > 0 else { return nil }
        return (max(0, min(1, (won(by: a + window) - cumulative[a]) / s)), atRisk[a + 1])
    }
}

extension DealOutlook {
    /// Age bands (upper bound in days, inclusive) and their labels.
    static let ageBands: [(Int, String)] = [
        (30, "0–30 d"), (90, "31–90 d"), (180, "91–180 d"), (Int.max, "over 180 d"),
    ]

    /// The outlook of `deals` at `reviewDate`, the end of `asOf`, for a cycle ending at `cycleEnd`
    /// (UTC minutes).
    /// `stages` are the funnel's stage ids; a deal's stage is the latest one before the won
    /// stage whose entry time it has (by then). `recentStart` opens the window whose created
    /// deals set the rate of new ones and whose won deals their amount. `pushes` are the deals'
    /// close-date pushes; only those seen by `reviewDate` count (see ``PushDiscount``).
    static func estimate(
        _ deals: RecordTable, stages: [StageID], asOf: Period, reviewDate: Int64, cycleEnd: Int64, recentStart: Int64,
        pushes: PushLog? = nil
    ) -> DealOutlook? {
        guard deals.count > 0, stages.count >= 2 else { return nil }
        let won = stages.count - 1
        let measured = (0..<won).filter { deals.stageTimes.indices.contains($0) && !deals.stageTimes[$0].isEmpty }
        guard !measured.isEmpty else { return nil }
        let minutesPerDay: Int64 = 1440
        let window = Int(max(0, (cycleEnd - reviewDate + minutesPerDay / 2) / minutesPerDay))
        func valid(_ t: Int32) -> Bool { t != RecordTable.missing && Int64(t) < reviewDate }
        // What became of each deal by the review date.
        func event(_ r: Int) -> WinCurve.Event {
            let outcome = deals.outcome[r]
            guard outcome != .open, valid(deals.close[r]) else { return .open }
            return outcome == .won ? .won : .lost
        }
        // One curve per measured stage: days from entering it to the close, or to now.
        var histories = [WinCurve.Counts](repeating: WinCurve.Counts(), count: stages.count)
        var fromCreation = WinCurve.Counts()
        var openRows: [(row: Int, stage: Int, pushed: Bool)] = []
        // The deals pushed repeatedly by the review date (none without ids or a push history).
        let repeated =
            deals.key.count == deals.count
            ? pushes?.pushedTwice(by: reviewDate) ?? [] : []
        var pushedClosed = (count: 0, won: 0)
        var closed = 0
        var createdRecently = 0
        var wonRecently = (count: 0, amount: 0.0)
        var wonEver = (count: 0, amount: 0.0)
        for r in 0..<deals.count {
            let e = event(r)
            let close = e == .open ? reviewDate : Int64(deals.close[r])
            var current = -1
            for s in measured where valid(deals.stageTimes[s][r]) {
                let entered = Int64(deals.stageTimes[s][r])
                histories[s].add(Int(max(0, close - entered) / minutesPerDay), e)
                current = s
            }
            guard current >= 0 else { continue }
            if e != .open { closed += 1 }
            let pushed = !repeated.isEmpty && repeated.contains(deals.key[r])
            if pushed, e != .open {
                pushedClosed.count += 1
                if e == .won { pushedClosed.won += 1 }
            }
            if e == .won {
                wonEver.count += 1
                wonEver.amount += deals.amount[r]
                if Int64(deals.close[r]) >= recentStart {
                    wonRecently.count += 1
                    wonRecently.amount += deals.amount[r]
                }
            }
            if valid(deals.created[r]) {
                fromCreation.add(Int(max(0, close - Int64(deals.created[r])) / minutesPerDay), e)
                if Int64(deals.created[r]) >= recentStart { createdRecently += 1 }
            }
            if e == .open { openRows.append((r, current, pushed)) }
        }
        let curves = histories.map { $0.isEmpty ? nil : WinCurve($0) }
        let enough = closed >= minClosedDeals
        var grid = [Band?](repeating: nil, count: stages.count * ageBands.count)
        var openAmount = 0.0
        var stale = (count: 0, amount: 0.0)
        var openWon = 0.0
        var openRevenue = 0.0
        var outcomeWon = 0.0
        var outcomeRevenue = 0.0
        var estimateWon = 0.0
        var estimateRevenue = 0.0
        let factor = PushDiscount.factor(
            won: pushedClosed.won, of: pushedClosed.count, overallWon: wonEver.count, of: closed)
        var discounted = (count: 0, amount: 0.0)
        for (r, s, pushed) in openRows {
            let amount = deals.amount[r]
            openAmount += amount
            let age = Int((reviewDate - Int64(deals.stageTimes[s][r])) / minutesPerDay)
            let b = s * ageBands.count + ageBands.firstIndex { age <= $0.0 }!
            var band =
                grid[b]
                ?? Band(
                    stage: stages[s], ages: ageBands[b % ageBands.count].1, deals: 0, amount: 0,
                    expectedWon: enough ? 0 : nil, expectedRevenue: enough ? 0 : nil)
            defer { grid[b] = band }
            band.deals += 1
            band.amount += amount
            guard enough, let curve = curves[s] else { continue }
            guard let (chance, n) = curve.chance(openAfter: age, within: window) else {
                stale.count += 1
                stale.amount += amount
                continue
            }
            if pushed {
                discounted.count += 1
                discounted.amount += amount
            }
            let p = pushed && factor < 1 ? chance * factor : chance
            openWon += p
            openRevenue += p * amount
            band.expectedWon! += p
            band.expectedRevenue! += p * amount
            let variance = p * (1 - p)
            outcomeWon += variance
            outcomeRevenue += variance * amount * amount
            let uncertainty = (variance / Double(n)).squareRoot()
            estimateWon += uncertainty
            estimateRevenue += uncertainty * amount
        }
        let bands = grid.compactMap { $0 }
        var expected: Expectation?
        let reason: String
        var pushDiscount: PushDiscount?
        let recentDays = Double(reviewDate - recentStart) / Double(minutesPerDay)
        if enough {
            // New deals are created at the recent daily rate and close as created deals did; one
            // created on day t of the window has the days t…W−1 to close won.
            var newWon = 0.0
            if !fromCreation.isEmpty, recentDays > 0 {
                let curve = WinCurve(fromCreation)
                let rate = Double(createdRecently) / recentDays
                for k in 0..<window { newWon += rate * curve.won(by: k) }
            }
            let source = wonRecently.count > 0 ? wonRecently : wonEver
            let meanWon = source.count > 0 ? source.amount / Double(source.count) : 0
            let newRevenue = newWon * meanWon
            expected = Expectation(
                openWon: openWon, openRevenue: openRevenue, newWon: newWon, newRevenue: newRevenue,
                wonSpread: (outcomeWon + estimateWon * estimateWon + newWon).squareRoot(),
                revenueSpread: (outcomeRevenue + estimateRevenue * estimateRevenue + newWon * meanWon * meanWon)
                    .squareRoot())
            // The curves end where the history does: a win later than that has no evidence yet.
            let followed = (curves.compactMap { $0?.span }.max() ?? 0) - 1
            if discounted.count > 0 {
                pushDiscount = PushDiscount(
                    deals: discounted.count, amount: discounted.amount, closedDeals: pushedClosed.count,
                    wonDeals: pushedClosed.won, winRate: Double(wonEver.count) / Double(closed), factor: factor)
            }
            reason = Self.methodReason(
                window: window, closed: closed, followedDays: window > followed ? followed : nil,
                discount: pushDiscount)
        } else {
            reason = Self.tooFewReason(closed: closed)
        }
        return DealOutlook(
            asOf: asOf, windowDays: window, openDeals: openRows.count, openAmount: openAmount, closedDeals: closed,
            expected: expected, staleDeals: stale.count, staleAmount: stale.amount, bands: bands, reason: reason,
            pushDiscount: pushDiscount)
    }

    /// The forecast at the cycle's end of a metric with `toDate` booked, from the expectation in
    /// deals (`revenue: false`) or revenue: the central interval at `level` of the normal with the
    /// expectation's spread (a sum of many deals' outcomes); the low end never unbooks.
    func forecast(toDate: Double, revenue: Bool, level: Double = Forecasting.defaultLevel) -> Forecast? {
        guard let e = expected else { return nil }
        let (gain, spread) = revenue ? (e.revenue, e.revenueSpread) : (e.won, e.wonSpread)
        let base = toDate + gain
        let half = Quantiles.central(level, df: nil) * spread
        return Forecast(
            method: .openDeals, base: base, low: toDate + max(0, gain - half), high: base + half,
            periods: closedDeals, level: level)
    }
}
