import Foundation

extension PipelineMovement {
    /// One export of the deals and the instant it stands at.
    struct Snapshot {
        /// The day it was taken, `YYYY-MM-DD`.
        let day: String
        /// The end of that day, in UTC minutes: the pipeline of the period ending then is the open
        /// deals closing before it.
        let end: Int64
        /// Its deals, with ids (``RecordTable/key``).
        let table: RecordTable
    }

    /// The movement between consecutive `snapshots` (oldest first); `nil` with fewer than two.
    /// `period` names the period a snapshot's end closes; `zone` writes close dates as days.
    static func compute(
        _ snapshots: [Snapshot], statuses: [String], segments: [String], zone: TimeZone,
        period: (Int64) -> Period
    ) -> PipelineMovement? {
        computeWithPushes(snapshots, statuses: statuses, segments: segments, zone: zone, period: period).movement
    }

    /// ``compute(_:statuses:segments:zone:period:)`` and the pushes it saw, per deal.
    static func computeWithPushes(
        _ snapshots: [Snapshot], statuses: [String], segments: [String], zone: TimeZone,
        period: (Int64) -> Period
    ) -> (movement: PipelineMovement?, pushes: PushLog) {
        guard snapshots.count >= 2 else { return (nil, PushLog()) }
        let ranks = statuses.map(PipelineMovement.stageRank)
        // Close-date moves later per deal, over the snapshots so far.
        var pushes = PushLog()
        var steps: [Step] = []
        for k in 1..<snapshots.count {
            steps.append(
                step(
                    snapshots[k - 1], snapshots[k], ranks: ranks, statuses: statuses, segments: segments,
                    zone: zone, period: period(snapshots[k].end - 1), pushes: &pushes))
        }
        return (PipelineMovement(periods: steps), pushes)
    }

    /// Cents of an amount: the waterfall is summed in whole cents, so it balances exactly.
    @inline(__always) static func cents(_ amount: Double) -> Int64 {
        amount.isFinite ? Int64((amount * 100).rounded()) : 0
    }

    private static func step(
        _ a: Snapshot, _ b: Snapshot, ranks: [(Int, Int)?], statuses: [String], segments: [String],
        zone: TimeZone, period: Period, pushes: inout PushLog
    ) -> Step {
        let (old, new) = (a.table, b.table)
        let end = b.end
        var later: [String: Int] = [:]
        later.reserveCapacity(new.count)
        for j in 0..<new.count where !new.key[j].isEmpty { later[new.key[j]] = j }
        var sums = (
            start: Int64(0), created: Int64(0), pulledIn: Int64(0), increased: Int64(0), decreased: Int64(0),
            pushedOut: Int64(0), lost: Int64(0), won: Int64(0), end: Int64(0)
        )
        var counts = Counts()
        var removed = 0
        var slips: [Slip] = []
        var moves: [StageMove] = []
        var seen = [Bool](repeating: false, count: new.count)
        func due(_ t: RecordTable, _ i: Int) -> Bool {
            t.outcome[i] == .open && t.close[i] != RecordTable.missing && Int64(t.close[i]) < end
        }
        /// Where a deal of the later snapshot leaves the period's pipeline, and its amount.
        func leave(_ j: Int) {
            let amount = cents(new.amount[j])
            switch new.outcome[j] {
            case .won:
                sums.won += amount
                counts.won += 1
            case .lost, .disqualified:
                sums.lost += amount
                counts.lost += 1
            case .open:
                if due(new, j) {
                    sums.end += amount
                    counts.end += 1
                } else {
                    sums.pushedOut += amount
                    counts.pushedOut += 1
                }
            }
        }
        func change(_ i: Int, _ j: Int) {
            let delta = cents(new.amount[j]) - cents(old.amount[i])
            if delta > 0 {
                sums.increased += delta
                counts.increased += 1
            } else if delta < 0 {
                sums.decreased -= delta
                counts.decreased += 1
            }
        }
        for i in 0..<old.count {
            let key = old.key.isEmpty ? "" : old.key[i]
            guard !key.isEmpty else { continue }
            let inStart = due(old, i)
            guard let j = later[key] else {
                if inStart {
                    // Gone from the later export: deleted or merged, counted as lost.
                    let amount = cents(old.amount[i])
                    sums.start += amount
                    counts.start += 1
                    sums.lost += amount
                    counts.lost += 1
                    removed += 1
                }
                continue
            }
            seen[j] = true
            if old.outcome[i] == .open, new.outcome[j] == .open {
                noteMoves(
                    old, i, new, j, key: key, ranks: ranks, statuses: statuses, segments: segments, zone: zone,
                    end: end, pushes: &pushes, slips: &slips, moves: &moves)
            }
            let relevantLater = new.outcome[j] != .open || due(new, j)
            if inStart {
                sums.start += cents(old.amount[i])
                counts.start += 1
            } else if relevantLater, !(old.outcome[i] != .open && new.outcome[j] != .open) {
                sums.pulledIn += cents(old.amount[i])
                counts.pulledIn += 1
            } else {
                continue
            }
            change(i, j)
            leave(j)
        }
        for j in 0..<new.count where !seen[j] && !new.key[j].isEmpty {
            let closedBefore =
                new.outcome[j] != .open && new.close[j] != RecordTable.missing && Int64(new.close[j]) < a.end
            guard new.outcome[j] != .open || due(new, j), !closedBefore else { continue }
            sums.created += cents(new.amount[j])
            counts.created += 1
            leave(j)
        }
        slips.sort { ($0.amount, $1.deal) > ($1.amount, $0.deal) }
        moves.sort { ($0.amount, $1.deal) > ($1.amount, $0.deal) }
        let pushable = counts.start + counts.pulledIn
        func money(_ c: Int64) -> Double { Double(c) / 100 }
        return Step(
            period: period, from: a.day, to: b.day, start: money(sums.start), created: money(sums.created),
            pulledIn: money(sums.pulledIn), increased: money(sums.increased), decreased: money(sums.decreased),
            pushedOut: money(sums.pushedOut), lost: money(sums.lost), won: money(sums.won), end: money(sums.end),
            deals: counts, removed: removed,
            pushRate: pushable > 0 ? Double(counts.pushedOut) / Double(pushable) : nil,
            slipped: Array(slips.prefix(listed)), slippedDeals: slips.count, movedBack: Array(moves.prefix(listed)),
            movedBackDeals: moves.count)
    }

    /// A deal open at both snapshots: its close date moved later (a slip), its stage backwards.
    private static func noteMoves(
        _ old: RecordTable, _ i: Int, _ new: RecordTable, _ j: Int, key: String, ranks: [(Int, Int)?],
        statuses: [String], segments: [String], zone: TimeZone, end: Int64, pushes: inout PushLog,
        slips: inout [Slip], moves: inout [StageMove]
    ) {
        let (c0, c1) = (old.close[i], new.close[j])
        if c0 != RecordTable.missing, c1 != RecordTable.missing, c1 > c0 {
            let count = pushes.note(key, at: end)
            let segment = new.segment[j] >= 0 ? segments[Int(new.segment[j])] : nil
            slips.append(
                Slip(
                    deal: key, segment: segment, amount: Double(cents(new.amount[j])) / 100,
                    fromClose: day(c0, zone), toClose: day(c1, zone),
                    days: Int((Int64(c1) - Int64(c0) + 720) / 1440), pushes: count,
                    pushedOut: Int64(c0) < end && Int64(c1) >= end))
        }
        guard !old.status.isEmpty, !new.status.isEmpty else { return }
        let (s0, s1) = (Int(old.status[i]), Int(new.status[j]))
        guard s0 >= 0, s1 >= 0, let r0 = ranks[s0], let r1 = ranks[s1], r0.0 == r1.0, r1.1 < r0.1 else { return }
        moves.append(
            StageMove(deal: key, from: statuses[s0], to: statuses[s1], amount: Double(cents(new.amount[j])) / 100))
    }

    /// The standard open stages of HubSpot's default pipeline and of Salesforce opportunities, in
    /// order, letters only and lower case.
    static let stageOrders: [[String]] = [
        ["appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "decisionmakerboughtin", "contractsent"],
        [
            "prospecting", "qualification", "needsanalysis", "valueproposition", "iddecisionmakers",
            "perceptionanalysis", "proposalpricequote", "negotiationreview",
        ],
    ]

    /// Which order a stage text belongs to, and its place in it; `nil` for a stage of neither.
    static func stageRank(_ text: String) -> (Int, Int)? {
        let compact = String(text.lowercased().filter { $0.isLetter })
        for (k, order) in stageOrders.enumerated() {
            if let i = order.firstIndex(of: compact) { return (k, i) }
        }
        return nil
    }

    /// The local day of a UTC minute, `YYYY-MM-DD`.
    static func day(_ minute: Int32, _ zone: TimeZone) -> String {
        let seconds = Int64(minute) * 60
        let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds))))
        let (y, m, d) = civilFromDays(floorDiv(seconds + offset, 86_400))
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(y)-\(two(m))-\(two(d))"
    }
}

extension PipelineMovement {
    /// A deal history's rows grouped by deal, each deal's in time order (`created` is the change's
    /// time), to read the deals as they stood at any instant.
    struct History {
        let rows: RecordTable
        /// Row indices, by deal (in order of first appearance) and within a deal by time.
        let order: [Int]
        /// Where each deal's rows start in ``order``; the last entry is `order.count`.
        let starts: [Int]

        init?(_ rows: RecordTable) {
            guard rows.count > 0, rows.key.count == rows.count else { return nil }
            self.rows = rows
            var first: [String: Int] = [:]
            var deal = [Int](repeating: 0, count: rows.count)
            for r in 0..<rows.count {
                let k = rows.key[r]
                if let d = first[k] {
                    deal[r] = d
                } else {
                    deal[r] = first.count
                    first[k] = first.count
                }
            }
            order = (0..<rows.count).sorted { a, b in
                (deal[a], rows.created[a], a) < (deal[b], rows.created[b], b)
            }
            var starts = [0]
            for i in 1..<order.count where deal[order[i]] != deal[order[i - 1]] { starts.append(i) }
            starts.append(order.count)
            self.starts = starts
        }

        /// The deals as they stood before `instant`: per deal its last row changed before it; a deal
        /// with no such row did not exist yet.
        func state(before instant: Int64) -> RecordTable {
            var picked: [Int] = []
            for d in 0..<(starts.count - 1) {
                var last = -1
                for i in starts[d]..<starts[d + 1] {
                    let r = order[i]
                    guard rows.created[r] != RecordTable.missing, Int64(rows.created[r]) < instant else { break }
                    last = r
                }
                if last >= 0 { picked.append(last) }
            }
            return rows.picking(picked)
        }
    }
}

extension RecordTable {
    /// The records at `indices`, in that order, with the columns the movement reads.
    func picking(_ indices: [Int]) -> RecordTable {
        var t = RecordTable(stages: 0)
        t.count = indices.count
        t.created = indices.map { created[$0] }
        t.team = indices.map { team[$0] }
        t.segment = indices.map { segment[$0] }
        t.leadSource = indices.map { leadSource[$0] }
        t.amount = indices.map { amount[$0] }
        t.close = indices.map { close[$0] }
        t.outcome = indices.map { outcome[$0] }
        t.key = indices.map { key[$0] }
        if !status.isEmpty { t.status = indices.map { status[$0] } }
        return t
    }
}
