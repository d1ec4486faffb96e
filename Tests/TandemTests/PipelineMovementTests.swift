import Foundation
import Testing

@testable import Tandem

/// Three exports of twelve deals (A–L), taken on September 30, October 31 and at the review date
/// (November 30), whose waterfalls are computed by hand below.
enum MovementFixtures {
    static let sources = """
                - {kind: leads, preset: generic}
                - {kind: deals, preset: generic, file: deals-2026-09-30.csv, snapshot: 2026-09-30}
                - {kind: deals, preset: generic, file: deals-2026-10-31.csv, snapshot: "2026-10-31"}
                - {kind: deals, preset: generic, file: deals.csv}
        """

    static let september = """
        id,created,close,amount,outcome,status,segment
        A,2026-09-01,2026-11-15,10000,open,Qualification,SMB
        B,2026-08-15,2026-10-25,8000,open,Proposal/Price Quote,SMB
        H,2026-08-01,2026-10-15,2500,open,Negotiation/Review,Enterprise

        """

    static let october = """
        id,created,close,amount,outcome,status,segment
        A,2026-09-01,2026-11-15,10000,open,Qualification,SMB
        B,2026-08-15,2026-11-20,8000,open,Proposal/Price Quote,SMB
        C,2026-10-01,2027-01-10,20000,open,Needs Analysis,Enterprise
        E,2026-10-02,2026-11-30,15000,open,Negotiation/Review,SMB
        F,2026-10-03,2026-11-10,7000.25,open,Negotiation/Review,SMB
        G,2026-10-04,2026-11-05,3000,open,Prospecting,SMB
        H,2026-08-01,2026-10-15,2500,won,Closed Won,Enterprise
        K,2026-10-05,2026-12-31,6000,open,Prospecting,Enterprise
        L,2026-10-06,2026-11-25,11000,open,Prospecting,SMB

        """

    static let november = """
        id,created,close,amount,outcome,status,segment
        A,2026-09-01,2026-11-20,12000,won,Closed Won,SMB
        B,2026-08-15,2026-12-15,8000,open,Proposal/Price Quote,SMB
        C,2026-10-01,2026-11-28,20000,open,Proposal/Price Quote,Enterprise
        D,2026-11-03,2026-11-25,5000.50,won,Closed Won,SMB
        E,2026-10-02,2026-11-29,15000,lost,Closed Lost,SMB
        F,2026-10-03,2026-11-10,6500.25,open,Qualification,SMB
        H,2026-08-01,2026-10-15,2500,won,Closed Won,Enterprise
        I,2026-11-10,2026-12-20,9000,open,Prospecting,SMB
        J,2026-11-11,2026-11-29,4000,open,Prospecting,SMB
        K,2026-10-05,2027-02-01,6000,open,Prospecting,Enterprise
        L,2026-10-06,2026-11-27,11000,open,Qualification,SMB

        """

    /// The plan and the three exports, read from files in a temporary folder.
    static func load(asOf: Period = .month(2026, 11)) throws -> (Plan, RecordSet) {
        let plan = try PlanLoader().load(
            text: RecordFixtures.plan(timezone: "UTC", sources: sources), file: "plan.yaml")
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var urls: [URL] = []
        for (name, text) in [
            ("deals-2026-09-30.csv", september), ("deals-2026-10-31.csv", october), ("deals.csv", november),
        ] {
            let url = dir.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            urls.append(url)
        }
        return (plan, try RecordsLoader(plan: plan, asOf: asOf).load(contentsOf: urls))
    }
}

@Suite struct PipelineMovementTests {
    /// November (Oct 31 → Nov 30; the period's pipeline: open deals closing by Nov 30):
    /// - start: A $10,000, B $8,000, E $15,000, F $7,000.25, G $3,000, L $11,000 = $54,000.25 (6)
    /// - created: D $5,000.50 (created and won in November), J $4,000 = $9,000.50 (2); I closes in
    ///   December: in no bucket
    /// - pulled in: C $20,000 (January → Nov 28) (1)
    /// - increased: A +$2,000 (1); decreased: F −$500 (1)
    /// - pushed out: B $8,000 (Nov 20 → Dec 15, its second push) (1)
    /// - lost: E $15,000, G $3,000 (gone from the export) = $18,000 (2)
    /// - won: A $12,000, D $5,000.50 = $17,000.50 (2)
    /// - end: C $20,000, F $6,500.25 (overdue), J $4,000, L $11,000 = $41,500.25 (4)
    /// 54,000.25 + 9,000.50 + 20,000 + 2,000 − 500 − 8,000 − 18,000 − 17,000.50 = 41,500.25.
    /// H was won in October: in neither. K slips from Dec 31 to Feb 1 outside the pipeline.
    @Test func handComputedWaterfall() throws {
        let (plan, set) = try MovementFixtures.load()
        #expect(set.snapshots.map(\.day) == ["2026-09-30", "2026-10-31"])
        #expect(set.deals.count == 11)
        #expect(set.quality.deals == 11)
        let derived = try RecordMetrics(plan: plan, records: set).derive(asOf: .month(2026, 11))
        let movement = try #require(derived.summary.pipelineMovement)
        #expect(movement.periods.map(\.period) == [.month(2026, 10), .month(2026, 11)])
        let nov = movement.periods[1]
        #expect(nov.from == "2026-10-31")
        #expect(nov.to == "2026-11-30")
        #expect(
            [nov.start, nov.created, nov.pulledIn, nov.increased, nov.decreased] == [
                54_000.25, 9_000.50, 20_000, 2_000, 500,
            ])
        #expect([nov.pushedOut, nov.lost, nov.won, nov.end] == [8_000, 18_000, 17_000.50, 41_500.25])
        let d = nov.deals
        #expect([d.start, d.created, d.pulledIn, d.increased, d.decreased] == [6, 2, 1, 1, 1] as [Int])
        #expect([d.pushedOut, d.lost, d.won, d.end] == [1, 2, 2, 4] as [Int])
        #expect(nov.removed == 1)
        #expect(nov.pushRate == 1.0 / 7)
        #expect(nov.slippedDeals == 3)
        #expect(
            nov.slipped == [
                PipelineMovement.Slip(
                    deal: "L", segment: "SMB", amount: 11_000, fromClose: "2026-11-25", toClose: "2026-11-27", days: 2,
                    pushes: 1, pushedOut: false),
                PipelineMovement.Slip(
                    deal: "B", segment: "SMB", amount: 8_000, fromClose: "2026-11-20", toClose: "2026-12-15",
                    days: 25, pushes: 2, pushedOut: true),
                PipelineMovement.Slip(
                    deal: "K", segment: "Enterprise", amount: 6_000, fromClose: "2026-12-31", toClose: "2027-02-01",
                    days: 32, pushes: 1, pushedOut: false),
            ])
        #expect(nov.movedBackDeals == 1)
        #expect(
            nov.movedBack == [
                PipelineMovement.StageMove(deal: "F", from: "Negotiation/Review", to: "Qualification", amount: 6_500.25)
            ])
        // October (Sep 30 → Oct 31): B $8,000 and H $2,500 due; B pushed to Nov 20, H won.
        let oct = movement.periods[0]
        #expect([oct.start, oct.pushedOut, oct.won, oct.end] == [10_500, 8_000, 2_500, 0])
        #expect([oct.deals.start, oct.deals.pushedOut, oct.deals.won, oct.deals.end] == [2, 1, 1, 0] as [Int])
        #expect(oct.slipped.map(\.deal) == ["B"])
        #expect(oct.slipped.first?.days == 26)
        // The snapshots feed no metric: won deals and revenue come from the current export only.
        let won = derived.actuals.observations.filter { $0.metric == "arr" && $0.period == .month(2026, 11) }
        #expect(won.map(\.value).reduce(0, +) == 17_000.50)
    }

    /// The digest's compact table and the JSON keys of a review of November.
    @Test func digestAndJSON() throws {
        let (plan, set) = try MovementFixtures.load()
        let review = try Review(
            plan: plan, actuals: Actuals(), records: RecordMetrics(plan: plan, records: set), asOf: .month(2026, 11))
        let text = TextDigest().render(review)
        let section = try #require(text.components(separatedBy: "PIPELINE MOVEMENT").dropFirst().first)
        let lines = section.split(separator: "\n", omittingEmptySubsequences: false).prefix(22).map(String.init)
        #expect(
            Array(lines.prefix(19)) == [
                "",
                "─────────────────",
                "Open deals closing by each period's end, from snapshot to snapshot (2026-09-30 →",
                "2026-10-31, 2026-10-31 → 2026-11-30).",
                "",
                "Pipeline (deals)         Oct         Nov",
                "────────────────  ──────────  ──────────",
                "Start               $11k (2)    $54k (6)",
                "+ Created             $0 (0)  $9,001 (2)",
                "+ Pulled in           $0 (0)    $20k (1)",
                "+ Increased           $0 (0)  $2,000 (1)",
                "− Decreased           $0 (0)    $500 (1)",
                "− Pushed out      $8,000 (1)  $8,000 (1)",
                "− Lost                $0 (0)    $18k (2)",
                "− Won             $2,500 (1)    $17k (2)",
                "= End                 $0 (0)    $42k (4)",
                "",
                "Nov: 1 pushed out ($8,000 slipped past the period's end), a push rate of 14.3 %;",
                "3 with a later close date; 1 gone from the export (counted as lost).",
            ])
        let json = try JSONSerialization.jsonObject(with: JSONExporter().render(review)) as? [String: Any]
        let records = try #require(json?["records"] as? [String: Any])
        let movement = try #require(records["pipelineMovement"] as? [String: Any])
        let periods = try #require(movement["periods"] as? [[String: Any]])
        #expect(periods.count == 2)
        #expect(periods[1]["period"] as? String == "2026-11")
        #expect(periods[1]["pulledIn"] as? Double == 20_000)
        #expect((periods[1]["deals"] as? [String: Any])?["pushedOut"] as? Int == 1)
    }

    /// A deal id from the export is data: its escape sequence, line break and bidirectional
    /// override reach no digest (probe 3: `\u{1B}[31m` and U+202E were printed as they were).
    @Test func controlCodesInDealIDsReachNoDigest() throws {
        let (plan, set) = try MovementFixtures.load()
        var hostile = set
        hostile.deals.key = set.deals.key.map { $0 == "B" ? "B\u{1B}[31m\u{202E}\nx\u{7}" : $0 }
        for i in hostile.snapshots.indices {
            hostile.snapshots[i].table.key = hostile.snapshots[i].table.key.map {
                $0 == "B" ? "B\u{1B}[31m\u{202E}\nx\u{7}" : $0
            }
        }
        let review = try Review(
            plan: plan, actuals: Actuals(), records: RecordMetrics(plan: plan, records: hostile), asOf: .month(2026, 11)
        )
        let text = TextDigest().render(review)
        #expect(text.contains("B[31m x"))
        for digest in [text, MarkdownDigest().render(review), HTMLDigest().render(review)] {
            #expect(!digest.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x202E })
        }
    }

    /// A word or a text too long for the mail's HTML is cut: a 40,000-character deal id would swell
    /// it past Gmail's clipping size (probe 3: 351 KB of HTML). The text digest keeps it whole.
    @Test func longTextsAreCutInDigests() {
        let long = String(repeating: "x", count: 40_000)
        let doc = DigestDocument(
            title: "T", subtitle: long,
            sections: [
                .init(
                    title: "S",
                    blocks: [
                        .paragraph("deal \(long) slipped"),
                        .paragraph(Array(repeating: "word", count: 1_000).joined(separator: " ")),
                    ])
            ]
        ).printable(cut: true)
        #expect(doc.subtitle == String(repeating: "x", count: 59) + "…")
        guard case .paragraph(let one) = doc.sections[0].blocks[0], case .paragraph(let two) = doc.sections[0].blocks[1]
        else {
            Issue.record("paragraphs expected")
            return
        }
        #expect(one == "deal " + String(repeating: "x", count: 59) + "… slipped")
        #expect(two.count == 1_000 && two.hasSuffix("…"))
    }

    /// A review of October sees the September snapshot against the current export read as of
    /// October 31; the October snapshot ends with the review date and starts no period.
    @Test func reviewOfAnEarlierPeriod() throws {
        let (plan, set) = try MovementFixtures.load()
        let derived = try RecordMetrics(plan: plan, records: set).derive(asOf: .month(2026, 10))
        let movement = try #require(derived.summary.pipelineMovement)
        #expect(movement.periods.map(\.from) == ["2026-09-30"])
        #expect(movement.periods.map(\.to) == ["2026-10-31"])
        let september = try RecordMetrics(plan: plan, records: set).derive(asOf: .month(2026, 9))
        #expect(september.summary.pipelineMovement == nil)
    }

    /// With snapshots, every deals export needs its ids, the current one too.
    @Test func currentExportWithoutIDs() throws {
        let plan = try PlanLoader().load(
            text: RecordFixtures.plan(timezone: "UTC", sources: MovementFixtures.sources), file: "plan.yaml")
        let text = MovementFixtures.november.replacingOccurrences(of: "id,created", with: "key,created")
        do {
            _ = try RecordsLoader(plan: plan).load(bytes: Array(text.utf8), file: "deals.csv", source: 3)
            Issue.record("expected errors")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "deals.csv:1:1: error: missing column 'id' for field 'id' of this generic deals export (records.sources[3])"
                ])
        }
    }

    /// Plans without snapshots keep no ids or stages and have no movement.
    @Test func noSnapshotNoMovement() throws {
        let (plan, set) = try RecordFixtures.load(RecordFixtures.plan())
        #expect(set.deals.key.isEmpty)
        #expect(set.deals.status.isEmpty)
        let derived = try RecordMetrics(plan: plan, records: set).derive(asOf: .month(2026, 11))
        #expect(derived.summary.pipelineMovement == nil)
    }

    /// A deal history (UTC; one row per change, the deal's state after it), reviewed as of
    /// October: the deals as they stood at each month's start.
    /// - Aug: H1 ($10,000, due Aug 20) pushed to Sep 10; H2 created and lost ($5,000).
    /// - Sep: H1 pushed again, to Oct 5 (its second push).
    /// - Oct: H1 won at $11,000 (+$1,000); H3 pulled in from December to Oct 30 at $9,000
    ///   (+$1,000), still open: 10,000 + 8,000 + 2,000 = 11,000 + 9,000.
    @Test func dealHistoryGivesEveryPeriod() throws {
        let sources = """
                    - {kind: leads, preset: generic}
                    - {kind: deals, preset: generic, file: history.csv, history: true}
                    - {kind: deals, preset: generic, file: deals.csv}
            """
        let history = """
            id,created,close,amount,outcome,status
            H1,2026-07-20,2026-08-20,10000,open,Qualification
            H1,2026-08-15,2026-09-10,10000,open,Qualification
            H2,2026-08-05,2026-08-25,5000,open,Prospecting
            H2,2026-08-25,2026-08-25,5000,lost,Closed Lost
            H1,2026-09-12,2026-10-05,10000,open,Proposal/Price Quote
            H3,2026-09-20,2026-12-01,8000,open,Prospecting
            H1,2026-10-03,2026-10-03,11000,won,Closed Won
            H3,2026-10-10,2026-10-30,9000,open,Qualification

            """
        let plan = try PlanLoader().load(
            text: RecordFixtures.plan(timezone: "UTC", sources: sources), file: "plan.yaml")
        let set = try RecordsLoader(plan: plan).load(bytes: Array(history.utf8), file: "history.csv", source: 1)
        #expect(set.dealHistory.count == 8)
        #expect(set.deals.count == 0)
        #expect(set.quality.deals == 0)
        let movement = try #require(
            RecordMetrics(plan: plan, records: set).derive(asOf: .month(2026, 10)).summary.pipelineMovement)
        #expect(movement.periods.map(\.period) == [.month(2026, 8), .month(2026, 9), .month(2026, 10)])
        #expect(movement.periods.map(\.from) == ["2026-07-31", "2026-08-31", "2026-09-30"])
        let (aug, sep, oct) = (movement.periods[0], movement.periods[1], movement.periods[2])
        #expect([aug.start, aug.created, aug.pushedOut, aug.lost, aug.end] == [10_000, 5_000, 10_000, 5_000, 0])
        #expect([sep.start, sep.pushedOut, sep.end] == [10_000, 10_000, 0])
        #expect(sep.slipped.map(\.pushes) == [2])
        #expect([oct.start, oct.pulledIn, oct.increased, oct.won, oct.end] == [10_000, 8_000, 2_000, 11_000, 9_000])
        #expect([oct.deals.increased, oct.deals.pulledIn, oct.deals.won, oct.deals.end] == [2, 1, 1, 1] as [Int])
    }

    /// Over 10,000 random snapshot pairs: the waterfall balances to the cent, in deals too, and
    /// its start and end match a direct count of the two pipelines.
    @Test func waterfallBalancesOverRandomPairs() {
        var random = DiagnosisScenarioTests.Random(state: 23)
        let periodEnd: Int32 = 1_000_000
        func table(_ deals: [(key: String, amount: Double, close: Int32, outcome: RecordOutcome)]) -> RecordTable {
            var t = RecordTable(stages: 2)
            t.count = deals.count
            t.created = Array(repeating: 0, count: deals.count)
            t.team = Array(repeating: -1, count: deals.count)
            t.segment = Array(repeating: -1, count: deals.count)
            t.leadSource = Array(repeating: -1, count: deals.count)
            t.key = deals.map(\.key)
            t.amount = deals.map(\.amount)
            t.close = deals.map(\.close)
            t.outcome = deals.map(\.outcome)
            return t
        }
        let outcomes: [RecordOutcome] = [.open, .open, .open, .won, .lost, .disqualified]
        func below(_ n: Int) -> Int { random.int(0...(n - 1)) }
        for _ in 0..<10_000 {
            let n = below(12) + 1
            var old: [(key: String, amount: Double, close: Int32, outcome: RecordOutcome)] = []
            var new = old
            for k in 0..<n {
                func deal() -> (key: String, amount: Double, close: Int32, outcome: RecordOutcome) {
                    let close =
                        below(8) == 0
                        ? RecordTable.missing : periodEnd - 50_000 + Int32(below(100_000))
                    let amount = Double(below(10_000_000)) / 100
                    return ("d\(k)", amount, close, outcomes[below(outcomes.count)])
                }
                let presence = below(4)
                if presence != 0 { old.append(deal()) }
                if presence != 1 { new.append(deal()) }
            }
            let a = PipelineMovement.Snapshot(day: "a", end: Int64(periodEnd) - 60_000, table: table(old))
            let b = PipelineMovement.Snapshot(day: "b", end: Int64(periodEnd), table: table(new))
            let step = PipelineMovement.compute(
                [a, b], statuses: [], segments: [], zone: TimeZone(identifier: "UTC")!,
                period: { _ in .month(2026, 11) }
            )!.periods[0]
            func c(_ x: Double) -> Int64 { PipelineMovement.cents(x) }
            let inflow = c(step.start) + c(step.created) + c(step.pulledIn) + c(step.increased) - c(step.decreased)
            let outflow = c(step.pushedOut) + c(step.lost) + c(step.won) + c(step.end)
            #expect(inflow == outflow)
            let d = step.deals
            #expect(d.start + d.created + d.pulledIn == d.pushedOut + d.lost + d.won + d.end)
            func due(_ x: (key: String, amount: Double, close: Int32, outcome: RecordOutcome)) -> Bool {
                x.outcome == .open && x.close != RecordTable.missing && x.close < periodEnd
            }
            #expect(d.start == old.filter(due).count)
            #expect(d.end == new.filter(due).count)
            #expect(c(step.start) == old.filter(due).map { c($0.amount) }.reduce(0, +))
            #expect(c(step.end) == new.filter(due).map { c($0.amount) }.reduce(0, +))
            if inflow != outflow { break }
        }
    }
}
