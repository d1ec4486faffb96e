import Foundation
import Testing

@testable import Tandem

@Suite struct ReasonSharesTests {
    /// MQLs by the period they entered (Los Angeles time), with status and reason:
    /// - Aug: r1, r2 Unqualified "Not ICP" (Paid Social, SMB); r3 Unqualified "No response"
    ///   (Organic, SMB)
    /// - Sep: r4 Unqualified without a reason (Paid Social, Enterprise); r5 Recycled "Timing"
    ///   (Organic, SMB); r6 Open (not counted)
    /// - Oct: r7 Disqualified "Not ICP" (Paid Social, Enterprise)
    /// - Nov: r9 BAD_TIMING "n/a" (recycled, unknown reason)
    /// r8 is Unqualified but never became an MQL: not counted.
    static let leads = """
        id,created,mqls,sqls,status,reason,source,segment
        r1,2026-08-02T16:00:00Z,2026-08-03T16:00:00Z,,Unqualified,Not ICP,Paid Social,SMB
        r2,2026-08-04T16:00:00Z,2026-08-05T16:00:00Z,,Unqualified,Not ICP,Paid Social,SMB
        r3,2026-08-06T16:00:00Z,2026-08-07T16:00:00Z,,Unqualified,No response,Organic,SMB
        r4,2026-09-02T16:00:00Z,2026-09-03T16:00:00Z,,Unqualified,,Paid Social,Enterprise
        r5,2026-09-04T16:00:00Z,2026-09-05T16:00:00Z,,Recycled,Timing,Organic,SMB
        r6,2026-09-06T16:00:00Z,2026-09-07T16:00:00Z,,Open,,Organic,SMB
        r7,2026-10-02T16:00:00Z,2026-10-03T16:00:00Z,,Disqualified,Not ICP,Paid Social,Enterprise
        r8,2026-10-04T16:00:00Z,,,Unqualified,Not ICP,Organic,SMB
        r9,2026-11-02T16:00:00Z,2026-11-03T16:00:00Z,,BAD_TIMING,n/a,Organic,SMB

        """

    /// Lost by close period: Sep x1 Price $10,000 (Paid Social), x2 Price $5,000 (Organic); Oct x3
    /// without a reason $2,000; Nov x5 disqualified, Competitor $1,000. x4 is won.
    static let deals = """
        id,created,close,amount,outcome,reason,source,segment
        x1,2026-08-05,2026-09-10,10000,lost,Price,Paid Social,SMB
        x2,2026-08-06,2026-09-12,5000,lost,Price,Organic,SMB
        x3,2026-08-07,2026-10-12,2000,lost,,Organic,SMB
        x4,2026-08-08,2026-10-15,7000,won,,Organic,SMB
        x5,2026-09-01,2026-11-03,1000,disqualified,Competitor,Paid Social,Enterprise

        """

    @Test func sharesByReasonSourceAndSegment() throws {
        let plan = try PlanLoader().load(text: RecordFixtures.plan(), file: "plan.yaml")
        let leadSet = try RecordsLoader(plan: plan).load(bytes: Array(Self.leads.utf8), file: "leads.csv", source: 0)
        #expect(leadSet.quality.count(.unknownReasons) == 2)
        #expect(
            leadSet.quality.findings.first { $0.kind == .unknownReasons }?.examples == [
                "leads.csv:5: lead 'r4' is rejected without a reason",
                "leads.csv:10: lead 'r9' is recycled without a reason",
            ])
        let dealSet = try RecordsLoader(plan: plan).load(bytes: Array(Self.deals.utf8), file: "deals.csv", source: 1)
        #expect(dealSet.quality.count(.unknownReasons) == 1)
        let metrics = try RecordMetrics(plan: plan, records: leadSet)
        let reasons = try #require(metrics.derive(asOf: .month(2026, 11)).summary.reasons)
        #expect(reasons.stage == "mqls")
        let rejected = try #require(reasons.rejected)
        #expect(rejected.counts == [3, 1, 1, 0])
        #expect(rejected.total == 5)
        #expect(rejected.unknown == 1)
        #expect(rejected.unknownShare == 0.2)
        #expect(rejected.reasons.map(\.reason) == ["Not ICP", "No response", nil])
        #expect(rejected.reasons.map(\.counts) == [[2, 0, 1, 0], [1, 0, 0, 0], [0, 1, 0, 0]])
        #expect(rejected.reasons.map(\.share) == [0.6, 0.2, 0.2])
        #expect(
            rejected.rows == [
                ReasonShares.Row(
                    reason: "Not ICP", source: "Paid Social", segment: "SMB", counts: [2, 0, 0, 0], total: 2, share: 0.4
                ),
                ReasonShares.Row(
                    reason: "No response", source: "Organic", segment: "SMB", counts: [1, 0, 0, 0], total: 1,
                    share: 0.2),
                ReasonShares.Row(
                    reason: "Not ICP", source: "Paid Social", segment: "Enterprise", counts: [0, 0, 1, 0], total: 1,
                    share: 0.2),
                ReasonShares.Row(
                    reason: nil, source: "Paid Social", segment: "Enterprise", counts: [0, 1, 0, 0], total: 1,
                    share: 0.2),
            ])
        let recycled = try #require(reasons.recycled)
        #expect(recycled.counts == [0, 1, 0, 1])
        #expect(recycled.unknownShare == 0.5)
        #expect(recycled.reasons.map(\.reason) == ["Timing", nil])
        #expect(reasons.lost == nil)

        let lost = try #require(
            RecordMetrics(plan: plan, records: dealSet).derive(asOf: .month(2026, 11)).summary.reasons?.lost)
        #expect(lost.counts == [0, 2, 1, 1])
        #expect(lost.unknownShare == 0.25)
        #expect(lost.reasons.map(\.reason) == ["Price", "Competitor", nil])
        #expect(lost.rows.map(\.reason) == ["Competitor", "Price", "Price", nil])
        #expect(lost.rows.map(\.source) == ["Paid Social", "Organic", "Paid Social", "Organic"])
        #expect(lost.rows.map(\.amount) == [1_000, 5_000, 10_000, 2_000])
    }

    /// The digest's section, from both exports read together.
    @Test func digestSection() throws {
        let sources = """
                    - {kind: leads, preset: generic, file: leads.csv}
                    - {kind: deals, preset: generic, file: deals.csv}
            """
        let plan = try PlanLoader().load(text: RecordFixtures.plan(sources: sources), file: "plan.yaml")
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let urls = [("leads.csv", Self.leads), ("deals.csv", Self.deals)].map { name, text in
            let url = dir.appendingPathComponent(name)
            _ = FileManager.default.createFile(atPath: url.path, contents: Data(text.utf8))
            return url
        }
        let set = try RecordsLoader(plan: plan).load(contentsOf: urls)
        let review = try Review(
            plan: plan, actuals: Actuals(), records: RecordMetrics(plan: plan, records: set), asOf: .month(2026, 11))
        let text = TextDigest().render(review)
        let section = try #require(text.components(separatedBy: "WHY LEADS AND DEALS WERE LOST").dropFirst().first)
        let lines = section.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(
            Array(lines.prefix(28)) == [
                "",
                "─────────────────────────────",
                "As the CRM records them: MQLs by the period they became MQLs, deals by the",
                "period they were lost.",
                "",
                "Rejected MQLs  Nov  Cycle   Share",
                "─────────────  ───  ─────  ──────",
                "Not ICP          0      3  60.0 %",
                "No response      0      1  20.0 %",
                "(no reason)      0      1  20.0 %",
                "",
                "Largest: Not ICP from Paid Social in SMB, 40.0 % of rejected MQLs since Aug.",
                "",
                "Recycled MQLs  Nov  Cycle   Share",
                "─────────────  ───  ─────  ──────",
                "Timing           0      1  50.0 %",
                "(no reason)      1      1  50.0 %",
                "",
                "Largest: Timing from Organic in SMB, 50.0 % of recycled MQLs since Aug.",
                "",
                "Lost deals   Nov  Cycle   Share",
                "───────────  ───  ─────  ──────",
                "Price          0      2  50.0 %",
                "Competitor     1      1  25.0 %",
                "(no reason)    0      1  25.0 %",
                "",
                "Largest: Price from Organic in SMB, 25.0 % of lost deals since Aug.",
                "",
            ])
        // The records without a reason are a data-quality finding.
        #expect(text.contains("Rejected or lost, no reason"))
    }

    /// A recycle date says recycled, whatever the status, and dates the lead by itself: q1 (an
    /// August MQL, still Working) was recycled in October, q4 (September, Open, no reason) in
    /// November; q2 has the status only (August, its MQL's period); q5 never became an MQL.
    @Test func recycleDatesDateRecycledLeads() throws {
        let leads = """
            id,created,mqls,status,reason,recycled,source,segment
            q1,2026-08-02T16:00:00Z,2026-08-03T16:00:00Z,Working,Not now,2026-10-05,Web,SMB
            q2,2026-08-04T16:00:00Z,2026-08-05T16:00:00Z,Recycled,Timing,,Web,SMB
            q3,2026-09-02T16:00:00Z,2026-09-03T16:00:00Z,Unqualified,Not ICP,,Web,SMB
            q4,2026-09-04T16:00:00Z,2026-09-05T16:00:00Z,Open,,2026-11-02,Web,SMB
            q5,2026-09-06T16:00:00Z,,Recycled,Timing,2026-09-10,Web,SMB
            q6,2026-09-08T16:00:00Z,2026-09-09T16:00:00Z,Working,Timing,2027-01-05,Web,SMB

            """
        let plan = try PlanLoader().load(text: RecordFixtures.plan(), file: "plan.yaml")
        let set = try RecordsLoader(plan: plan, asOf: .month(2026, 11)).load(
            bytes: Array(leads.utf8), file: "leads.csv", source: 0)
        // q6's recycle date is after the review date: in no period, and said so.
        #expect(
            set.quality.findings.first { $0.kind == .futureTimes }?.examples == [
                "leads.csv:7: lead 'q6' has a time after the review date"
            ])
        #expect(
            set.quality.findings.first { $0.kind == .unknownReasons }?.examples == [
                "leads.csv:5: lead 'q4' is recycled without a reason"
            ])
        let reasons = try #require(
            RecordMetrics(plan: plan, records: set).derive(asOf: .month(2026, 11)).summary.reasons)
        #expect(reasons.recycled?.counts == [1, 0, 1, 1])
        #expect(reasons.recycled?.reasons.map(\.reason) == ["Not now", "Timing", nil])
        #expect(reasons.rejected?.counts == [0, 1, 0, 0])
    }

    /// The shares against an independent count over random leads: per reason, the rejected MQLs
    /// counted by filtering the rows directly.
    @Test func sharesAgreeWithADirectCount() throws {
        var random = DiagnosisScenarioTests.Random(state: 2323)
        let statuses = ["Unqualified", "Recycled", "Open", "Closed - Not Converted", "Working"]
        let reasons = ["Not ICP", "No response", "Timing", "", "-"]
        var rows: [(status: String, reason: String, month: Int)] = []
        var text = "id,created,mqls,status,reason,source,segment\n"
        for i in 0..<2_000 {
            let status = statuses[random.int(0...statuses.count - 1)]
            let reason = reasons[random.int(0...reasons.count - 1)]
            let month = random.int(8...11)
            rows.append((status, reason, month))
            text += "l\(i),2026-0\(month == 8 ? 8 : 9)-01T12:00:00Z,2026-\(month < 10 ? "0" : "")\(month)-15T12:00:00Z,"
            text += "\(status),\(reason),Web,SMB\n"
        }
        let plan = try PlanLoader().load(text: RecordFixtures.plan(), file: "plan.yaml")
        let set = try RecordsLoader(plan: plan).load(bytes: Array(text.utf8), file: "leads.csv", source: 0)
        let shares = try #require(
            RecordMetrics(plan: plan, records: set).derive(asOf: .month(2026, 11)).summary.reasons)
        let rejected = rows.filter { $0.status == "Unqualified" || $0.status == "Closed - Not Converted" }
        let group = try #require(shares.rejected)
        #expect(group.total == rejected.count)
        for reason in ["Not ICP", "No response", "Timing"] {
            let direct = rejected.filter { $0.reason == reason }
            let row = try #require(group.reasons.first { $0.reason == reason })
            #expect(row.total == direct.count)
            #expect(row.counts == (8...11).map { m in direct.filter { $0.month == m }.count })
            #expect(row.share == Double(direct.count) / Double(rejected.count))
        }
        #expect(group.unknown == rejected.filter { $0.reason == "" || $0.reason == "-" }.count)
        #expect(shares.recycled?.total == rows.filter { $0.status == "Recycled" }.count)
    }
}
