import Foundation
import TandemTestSupport
import Testing

@testable import Tandem

/// Exports as people really have them: a Salesforce report without ids and with its footer,
/// doubled quotes, won deals without a close date or an amount, future touches, files that are
/// not regular, records that never end, line ends of every platform.
@Suite struct RecordsReportTests {
    static let salesforceDeals = """
            - {kind: leads, preset: generic}
            - {kind: deals, preset: salesforce, date_format: MM/DD/YYYY, timezone: UTC}
        """

    /// The standard opportunities report: no Opportunity ID; two deals share a name.
    static let report = """
        "Opportunity Name","Created Date","Stage","Close Date","Amount"\r
        "Acme — renewal","8/3/2026","Closed Won","9/4/2026","USD 24,000.00"\r
        "Acme — renewal","8/5/2026","Closed Won","9/20/2026","USD 6,000.00"\r
        "Globex","8/7/2026","Negotiation/Review","12/12/2026","USD 8,000.00"\r
        \r
        "Grand Totals (3 records)"\r
        "Confidential Information - Do Not Distribute"\r

        """

    func plan(_ sources: String = Self.salesforceDeals) throws -> Plan {
        try PlanLoader().load(text: RecordFixtures.plan(sources: sources), file: "plan.yaml")
    }

    @Test func salesforceReportWithoutIDsIsOneRecordPerRow() throws {
        let set = try RecordsLoader(plan: plan(), asOf: .month(2026, 11)).load(
            bytes: Array(Self.report.utf8), file: "opps.csv", source: 1)
        // Both "Acme — renewal" rows are deals: 2 won in September, $30,000.
        #expect(set.deals.count == 3)
        #expect(set.quality.findings.isEmpty)
        let source = try #require(set.quality.sources.first)
        #expect(source.index == 1)
        #expect(source.duplicatesChecked == false)
        #expect(source.records == 3)
        #expect(source.files == ["opps.csv"])
        let a = try RecordMetrics(plan: plan(), records: set).derive(asOf: .month(2026, 11)).actuals
        #expect(RecordFixtures.value(a, "won", .month(2026, 9)) == 2)
        #expect(RecordFixtures.value(a, "arr", .month(2026, 9)) == 30000)
    }

    @Test func truncatedReportIsAnError() throws {
        // A data row removed, the footer kept: line 6 is the footer.
        let truncated = Self.report.replacingOccurrences(
            of: "\"Globex\",\"8/7/2026\",\"Negotiation/Review\",\"12/12/2026\",\"USD 8,000.00\"\r\n", with: "")
        #expect(truncated != Self.report)
        #expect {
            _ = try RecordsLoader(plan: plan()).load(bytes: Array(truncated.utf8), file: "opps.csv", source: 1)
        } throws: { error in
            (error as? InputError)?.diagnostics.map(\.description) == [
                "opps.csv:5:1: error: the report's footer says 3 records, but 2 rows were read; the export is truncated or was edited"
            ]
        }
    }

    @Test func idNullMeansNoIDColumn() throws {
        // HubSpot deals need an id, unless the plan says the export has none; "null" is no header.
        let sources = """
                - {kind: leads, preset: generic}
                - {kind: deals, preset: hubspot, timezone: UTC, columns: {id: null}}
            """
        let plan = try plan(sources)
        #expect(plan.records?.sources[1].columns[.id] == "")
        let text =
            "createdate,closedate,amount,dealstage\n2026-08-03,2026-09-04,100,closedwon\n2026-08-03,2026-09-04,100,closedwon\n"
        let set = try RecordsLoader(plan: plan).load(bytes: Array(text.utf8), file: "d.csv", source: 1)
        #expect(set.deals.count == 2)
        #expect(set.quality.sources.first?.duplicatesChecked == false)
    }

    @Test func doubledQuotesAreUnescaped() throws {
        let leads = """
            id,created,mqls,segment,owner_team
            "a""1",2026-08-01T10:00:00Z,2026-08-02T10:00:00Z,"Mid ""M"" market",sales
            "a""1",2026-08-01T10:00:00Z,,"Mid ""M"" market",sales
            b,2026-08-01T10:00:00Z,2026-08-03T10:00:00Z,"Mid ""M"" market","Sa""les"

            """
        let set = try RecordsLoader(plan: plan(), asOf: .month(2026, 11)).load(
            bytes: Array(leads.utf8), file: "l.csv", source: 0)
        #expect(set.segments == ["Mid \"M\" market"])
        #expect(set.leads.segment == [0, 0])
        #expect(
            set.quality.findings.map(\.examples) == [
                ["l.csv:3: lead 'a\"1' appears again"], ["l.csv:4: lead 'b' has owner team 'Sa\"les'"],
            ])
    }

    @Test func wonDealsWithoutCloseDateOrAmountAreFindings() throws {
        let deals = """
            id,created,close,amount,outcome
            w1,2026-08-01,2026-09-10,100,won
            w2,2026-08-01,,200,won
            w3,2026-08-01,2026-09-11,#N/A,won
            w4,2026-08-01,2026-09-12,,won
            o1,2026-08-01,2026-12-20,,open
            l1,2026-08-01,,50,lost

            """
        let sources = """
                - {kind: leads, preset: generic}
                - {kind: deals, preset: generic, timezone: UTC}
            """
        let set = try RecordsLoader(plan: plan(sources), asOf: .month(2026, 11)).load(
            bytes: Array(deals.utf8), file: "d.csv", source: 1)
        #expect(set.quality.count(.wonWithoutClose) == 1)
        #expect(set.quality.count(.wonWithoutAmount) == 2)
        #expect(set.quality.count(.dealsWithoutAmount) == 1)
        #expect(set.quality.count(.lostWithoutClose) == 1)
        #expect(
            set.quality.findings.first { $0.kind == .wonWithoutClose }?.examples == [
                "d.csv:3: deal 'w2' is won without a close date: in no period's won deals or revenue"
            ])
        #expect(
            set.quality.findings.first { $0.kind == .wonWithoutAmount }?.examples == [
                "d.csv:4: deal 'w3' is won without an amount: its revenue is missing",
                "d.csv:5: deal 'w4' is won without an amount: its revenue is missing",
            ])
        // September: w1, w3, w4 won; revenue only w1's $100, the two gaps counted above.
        let a = try RecordMetrics(plan: plan(sources), records: set).derive(asOf: .month(2026, 11)).actuals
        #expect(RecordFixtures.value(a, "won", .month(2026, 9)) == 3)
        #expect(RecordFixtures.value(a, "arr", .month(2026, 9)) == 100)
    }

    @Test func negativeAmountsAreCountedAsWrittenAndFound() throws {
        // A credit note and a sign typed by mistake: each counted as written (September's revenue
        // is 100 − 40 = 60) and listed as a finding; a zero amount is no finding.
        let deals = """
            id,created,close,amount,outcome
            w1,2026-08-01,2026-09-10,100,won
            c1,2026-08-01,2026-09-11,-40,won
            o1,2026-08-01,2026-12-20,-5000,open
            z1,2026-08-01,2026-12-21,0,open

            """
        let sources = """
                - {kind: leads, preset: generic}
                - {kind: deals, preset: generic, timezone: UTC}
            """
        let set = try RecordsLoader(plan: plan(sources), asOf: .month(2026, 11)).load(
            bytes: Array(deals.utf8), file: "d.csv", source: 1)
        #expect(set.quality.count(.negativeAmounts) == 2)
        #expect(
            set.quality.findings.first { $0.kind == .negativeAmounts }?.examples == [
                "d.csv:3: deal 'c1' has a negative amount, counted as written",
                "d.csv:4: deal 'o1' has a negative amount, counted as written",
            ])
        let a = try RecordMetrics(plan: plan(sources), records: set).derive(asOf: .month(2026, 11)).actuals
        #expect(RecordFixtures.value(a, "arr", .month(2026, 9)) == 60)
    }

    @Test func untouchedMatchesSpeedToLead() throws {
        // MQL on August 3 (UTC): u1 touched 1 h later; u2's touch is typed in 2027 (after the
        // review date: none); u3 has none; u4 was touched the day before its MQL (0 h, counted).
        let leads = """
            id,created,mqls,first_touch
            u1,2026-08-01T00:00:00Z,2026-08-03T00:00:00Z,2026-08-03T01:00:00Z
            u2,2026-08-01T00:00:00Z,2026-08-03T00:00:00Z,2027-08-03T01:00:00Z
            u3,2026-08-01T00:00:00Z,2026-08-03T00:00:00Z,
            u4,2026-08-01T00:00:00Z,2026-08-03T00:00:00Z,2026-08-02T00:00:00Z

            """
        let plan = try PlanLoader().load(text: RecordFixtures.plan(timezone: "UTC"), file: "plan.yaml")
        let set = try RecordsLoader(plan: plan, asOf: .month(2026, 11)).load(
            bytes: Array(leads.utf8), file: "l.csv", source: 0)
        #expect(set.quality.count(.untouchedLeads) == 2)
        #expect(set.quality.count(.earlyTouches) == 1)
        #expect(
            set.quality.findings.first { $0.kind == .earlyTouches }?.examples == [
                "l.csv:5: lead 'u4' was touched before entering mqls"
            ])
        // The same two are the breaches of speed to lead (4 h): u1 and u4 are within.
        let a = try RecordMetrics(plan: plan, records: set).derive(asOf: .month(2026, 11)).actuals
        #expect(RecordFixtures.value(a, "speed_to_lead_breaches", .month(2026, 8)) == 2)
        #expect(RecordFixtures.value(a, "speed_to_lead_within_sla", .month(2026, 8)) == 0.5)
        #expect(set.warnings.isEmpty)
    }

    @Test func assumedZoneIsWarned() throws {
        // Times without an offset, no timezone on the source, a review in Los Angeles.
        let leads = "id,created,mqls\nx,2026-08-01 10:00,2026-08-02 10:00\n"
        let set = try RecordsLoader(plan: plan()).load(bytes: Array(leads.utf8), file: "l.csv", source: 0)
        #expect(
            set.warnings.map(\.description) == [
                "l.csv: warning: records.sources[0] has no 'timezone:', so its times without an offset are read in the review's zone America/Los_Angeles, not UTC; set 'timezone:' on the source to the zone the export was written in (HubSpot: the portal's, Salesforce: the exporting user's)"
            ])
        // With offsets nothing is assumed.
        let zoned = "id,created,mqls\nx,2026-08-01T10:00:00Z,2026-08-02T10:00:00-07:00\n"
        let clean = try RecordsLoader(plan: plan()).load(bytes: Array(zoned.utf8), file: "l.csv", source: 0)
        #expect(clean.warnings.isEmpty)
    }

    @Test(arguments: ["\r", "\r\n"])
    func lineEndsCountAsTheActualsReaderCounts(_ end: String) throws {
        // The fixtures with other line ends, in tiny chunks: the same records, findings and lines.
        let plan = RecordFixtures.plan()
        let lf = RecordsPipelineTests.load(plan, Array(RecordFixtures.leads.utf8), source: 0, chunkSize: 8 << 20)
        let other = RecordFixtures.leads.replacingOccurrences(of: "\n", with: end)
        for size in [7, 61, 8 << 20] {
            #expect(RecordsPipelineTests.load(plan, Array(other.utf8), source: 0, chunkSize: size) == lf)
        }
    }

    @Test func recordThatNeverEndsIsCut() throws {
        // A quote opened on line 2, column 3, never closed: 17 MB later the reading stops there.
        var bytes = Array("id,created,mqls\nx,\"2026-08-01,2026-08-02\n".utf8)
        bytes += [UInt8](repeating: 0x61, count: 17 << 20)
        let plan = try plan()
        #expect {
            _ = try RecordsLoader(plan: plan).load(bytes: bytes, file: "l.csv", source: 0)
        } throws: { error in
            (error as? InputError)?.diagnostics.map(\.description) == [
                "l.csv:2:3: error: a record runs past 16 MB; is a quote left open here?"
            ]
        }
    }

    @Test func filesThatAreNotRegularAreRefused() throws {
        let dir = try Repository.temporaryDirectory("tandem-records")
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("contacts.csv")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        for url in [fifo, URL(fileURLWithPath: "/dev/zero")] {
            #expect {
                _ = try RecordsLoader(plan: plan()).load(contentsOf: [url])
            } throws: { error in
                (error as? InputError)?.diagnostics.map(\.message) == [
                    "records file is not a regular file (a device, pipe or socket?); only regular files and folders of them are read"
                ]
            }
        }
    }

    @Test func fileNameOutsideEveryPatternIsSaid() throws {
        let dir = try Repository.temporaryDirectory("tandem-records")
        defer { try? FileManager.default.removeItem(at: dir) }
        let sources = """
                - {kind: leads, preset: generic, file: "hubspot-*.csv", timezone: UTC}
                - {kind: deals, preset: generic, file: "sf-*.csv", timezone: UTC}
            """
        let url = dir.appendingPathComponent("contacts.csv")
        try Data("id,created,mqls\nx,2026-08-01,2026-08-02\n".utf8).write(to: url)
        #expect {
            _ = try RecordsLoader(plan: plan(sources)).load(contentsOf: [url])
        } throws: { error in
            (error as? InputError)?.diagnostics.map(\.message) == [
                "'contacts.csv' does not match the file pattern 'hubspot-*.csv' of records.sources[0] (generic leads), whose columns its header has; rename the file or change 'file:'"
            ]
        }
        // Named to match: read, and the deals pattern that matched nothing is a warning.
        let named = dir.appendingPathComponent("hubspot-contacts.csv")
        try FileManager.default.moveItem(at: url, to: named)
        let set = try RecordsLoader(plan: plan(sources)).load(contentsOf: [named])
        #expect(set.leads.count == 1)
        #expect(
            set.warnings.map(\.message) == [
                "records.sources[1] (generic deals): its file pattern 'sf-*.csv' matches none of the records files given; its metrics have no records"
            ])
    }

    @Test func minuteTimesTakeTheFastPathAndAgreeWithTheLongOne() {
        let parser = RecordTimeParser(
            format: .monthDayYear, zone: ZoneClock(TimeZone(identifier: "America/Los_Angeles")!))
        func minutes(_ text: String) -> Int64? {
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBufferPointer { b in
                if case .minutes(let m) = parser.parse(b, 0, b.count) { return m }
                return nil
            }
        }
        // 09:00 in Los Angeles on August 1 (UTC−7) is 16:00 UTC: minute 29,760,000.
        #expect(minutes("2026-08-01 09:00") == 29_760_000)
        #expect(minutes("2026-08-01 09:00:30") == 29_760_000)
        #expect(minutes("8/1/2026 9:00 AM") == 29_760_000)
        // 01:30 on November 1 happens twice; both paths read its first occurrence (UTC−7):
        // 08:30 UTC.
        #expect(minutes("2026-11-01 01:30") == 29_892_030)
        #expect(minutes("11/1/2026 1:30 AM") == 29_892_030)
        // What the fast path refuses goes the long way and fails there.
        #expect(minutes("2026-02-30 09:00") == nil)
        #expect(minutes("2026-08-01 24:00") == nil)
    }

    @Test func findingsOfTwoSourcesAreReportedPerSource() throws {
        let dir = try Repository.temporaryDirectory("tandem-records")
        defer { try? FileManager.default.removeItem(at: dir) }
        let sources = """
                - {kind: leads, preset: generic, file: "leads*.csv", timezone: UTC}
                - {kind: deals, preset: generic, file: "deals*.csv", timezone: UTC}
            """
        let plan = try plan(sources)
        let leads = dir.appendingPathComponent("leads.csv")
        let deals = dir.appendingPathComponent("deals.csv")
        try Data("id,created,mqls\nx,2026-08-01,2026-08-02\nx,2026-08-01,2026-08-02\n".utf8).write(to: leads)
        try Data("id,created,close,amount,outcome\nw,2026-08-01,,5,won\nw,2026-08-01,,5,won\n".utf8).write(to: deals)
        let set = try RecordsLoader(plan: plan, asOf: .month(2026, 11)).load(contentsOf: [leads, deals])
        // One duplicate in each source; the won deal without a close date in the deals only.
        #expect(set.quality.count(.duplicateIDs) == 2)
        #expect(set.quality.sources.map(\.index) == [0, 1])
        #expect(
            set.quality.sources.map { $0.findings.map(\.kind) } == [
                [.duplicateIDs], [.duplicateIDs, .wonWithoutClose],
            ])
        #expect(set.quality.sources.map(\.records) == [1, 1])
        let review = try Review(
            plan: plan, actuals: Actuals(), records: RecordMetrics(plan: plan, records: set), asOf: .month(2026, 11))
        let digest = TextDigest().render(review)
        #expect(digest.contains("Duplicate ids (later rows ignored)  sources[0]"))
        #expect(digest.contains("Duplicate ids (later rows ignored)  sources[1]"))
        #expect(digest.contains("• e.g. deals.csv:3: deal 'w' appears again"))
    }
}
