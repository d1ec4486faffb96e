import Foundation
import Testing

@testable import Tandem

/// The review judges a transition the records measure on pooled mature cohorts, and never on an
/// immature one. Every number below is counted by hand from the fixtures.
@Suite struct RecordsReviewTests {
    let aug = Period.month(2026, 8)
    let sep = Period.month(2026, 9)
    let oct = Period.month(2026, 10)
    let nov = Period.month(2026, 11)

    /// The fixture plan with MQL→SQL planned at `rate` and a key result on the cohort conversion.
    static func plan(rate: String) -> String {
        RecordFixtures.plan()
            .replacingOccurrences(of: "rate: 40%", with: "rate: \(rate)")
            .replacingOccurrences(
                of: "      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600}",
                with: """
                          - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600}
                          - {id: kr-conv, title: Conversion, metric: mqls_to_sqls_conversion, kind: stay_above, target: 40%}
                    """)
    }

    /// The MQL cohorts of `RecordFixtures.leads` as of November (30-day horizon): Aug 2 of 4,
    /// Sep none, Oct 1 of 2, all mature; Nov 1 of 1, to date. Pooled: 3 of 6 = 50 %. Period
    /// ratios instead: SQLs 1 + 1 + 2 = 4 ÷ MQLs 4 + 2 + 1 = 7 = 57.1 %.
    @Test func transitionJudgedOnPooledMatureCohorts() throws {
        let (plan, set) = try RecordFixtures.load(Self.plan(rate: "60%"))
        let records = try RecordMetrics(plan: plan, records: set)
        let review = try Review(plan: plan, actuals: Actuals(), records: records, asOf: nov)
        let t = try #require(review.funnel?.transitions.first { $0.from == "mqls" })
        #expect(t.method == .cohort)
        #expect(t.horizonDays == 30)
        #expect(t.actualRate == 0.5)
        #expect(t.recentRate == 0.5)
        #expect(t.recentWindow == [aug, sep, oct])
        #expect(t.periodRates == [0.5, nil, 0.5, nil])
        #expect(
            t.cohorts?.map { [$0.entered, $0.converted] } == [[4, 2], [0, 0], [2, 1], [1, 1]])
        #expect(t.cohorts?.map(\.mature) == [true, true, true, false])
        // 50 % < 60 % × 0.9: below plan; back to plan the six mature entrants give 3.6 SQLs, 0.6 more.
        #expect(t.belowPlan)
        #expect(abs(t.impactNext - 0.6) < 1e-9)
        let problem = try #require(review.agenda.first { $0.id == "transition:mqls>sqls" })
        #expect(
            problem.rationale.hasPrefix(
                "mqls→sqls converts 50.0 % in mature cohorts Aug–Oct (50.0 % in the last 3 mature cohorts, Aug–Oct) vs 60.0 % planned; below plan since Oct; cohort conversion within 30 d, from the records; to date, not judged: Nov 100.0 %"
            ))
        #expect(problem.impact.description.hasSuffix("(in mature cohorts Aug–Oct)"))
        // Stage volumes stay by period.
        #expect(review.funnel?.stages.first { $0.id == "mqls" }?.actual == 7)

        // The same volumes as aggregated actuals: a period ratio, which holds at 57.1 %.
        let derived = records.derive(asOf: nov)
        let ratio = try Review(plan: plan, actuals: derived.actuals, asOf: nov)
        let r = try #require(ratio.funnel?.transitions.first { $0.from == "mqls" })
        #expect(r.method == .periodRatio)
        #expect(r.actualRate == 4.0 / 7.0)
        #expect(!r.belowPlan)
        #expect(r.cohorts == nil)
    }

    /// Mature cohorts hold (Aug 2 of 4 = 50 % vs 40 % planned); the November cohort, 0 of 2 so
    /// far, is immature. Period ratios would read 2 ÷ 6 = 33.3 % and 0 ÷ 2 recently.
    static let leads = """
        id,created,mqls,sqls,opps,first_touch
        a,2026-08-02T16:00:00Z,2026-08-03T16:00:00Z,2026-08-20T16:00:00Z,,2026-08-03T17:00:00Z
        b,2026-08-09T16:00:00Z,2026-08-10T16:00:00Z,,,2026-08-10T17:00:00Z
        c,2026-08-14T16:00:00Z,2026-08-15T16:00:00Z,2026-08-30T16:00:00Z,,2026-08-15T17:00:00Z
        d,2026-08-19T16:00:00Z,2026-08-20T16:00:00Z,,,2026-08-20T17:00:00Z
        h,2026-11-20T16:00:00Z,2026-11-20T16:00:00Z,,,2026-11-20T17:00:00Z
        i,2026-11-25T16:00:00Z,2026-11-25T16:00:00Z,,,2026-11-25T17:00:00Z

        """

    @Test func immatureCohortFiresNoRule() throws {
        let (plan, set) = try RecordFixtures.load(Self.plan(rate: "40%"), leads: Self.leads)
        let records = try RecordMetrics(plan: plan, records: set)
        let review = try Review(plan: plan, actuals: Actuals(), records: records, asOf: nov)
        let t = try #require(review.funnel?.transitions.first { $0.from == "mqls" })
        #expect(t.actualRate == 0.5)
        #expect(t.recentRate == 0.5)
        #expect(!t.belowPlan && !t.recentBelowPlan)
        #expect(t.cohorts?.last == CohortPeriod(period: nov, entered: 2, converted: 0, mature: false))
        // No value for the immature November cohort is not missing data.
        #expect(!review.health.contains { $0.code == .missingData })
        #expect(!review.adjustments.contains { $0.rule == "data-gap" || $0.problem == "transition:mqls>sqls" })
        #expect(!review.agenda.contains { $0.id == "transition:mqls>sqls" })
        let conv = try #require(review.keyResults.first { $0.id == "kr-conv" })
        #expect(conv.periodActual == nil)
        // The digest says how the conversion was measured.
        let digest = TextDigest().render(review).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(
            digest.contains(
                "Conversion from the records, pooled over mature cohorts (within each horizon; immature ones are to date, not judged): leads→mqls cohorts Aug–Oct (Nov 100.0 % to date); mqls→sqls cohorts Aug–Oct (Nov 0.0 % to date);"
            ))
        // The same volumes as period ratios are below plan.
        let ratio = try Review(plan: plan, actuals: records.derive(asOf: nov).actuals, asOf: nov)
        #expect(ratio.funnel?.transitions.first { $0.from == "mqls" }?.belowPlan == true)
    }

    @Test func methodIsInTheJSON() throws {
        let (plan, set) = try RecordFixtures.load(Self.plan(rate: "40%"), leads: Self.leads)
        let review = try Review(
            plan: plan, actuals: Actuals(), records: RecordMetrics(plan: plan, records: set), asOf: nov)
        let json = String(decoding: try JSONExporter().render(review), as: UTF8.self)
        #expect(json.contains(#""method" : "cohort""#))
        #expect(json.contains(#""method" : "period_ratio""#))
        #expect(json.contains(#""horizonDays" : 30"#))
    }

    @Test func actualsAndRecordsMayNotFeedOneMetric() throws {
        let (plan, set) = try RecordFixtures.load(Self.plan(rate: "40%"))
        let actuals = Actuals([Observation(period: nov, metric: "sqls", value: 3)])
        #expect {
            try Review(plan: plan, actuals: actuals, records: RecordMetrics(plan: plan, records: set), asOf: nov)
        } throws: { error in
            "\(error)".contains("metric 'sqls' comes from both the records and the actuals; drop it from one of them")
        }
    }
}

/// Lead source, segment and owner team ride along with each cohort, so the review can say who
/// carries a cohort shortfall.
@Suite struct RecordsDimensionTests {
    /// August's MQL cohort, 2 of 5 = 40 % against 60 % planned. Paid (a, b, c; SMB; Sales) 1 of 3:
    /// 3 × 0.6 − 1 = 0.8 short; Organic (d, e; Enterprise; Marketing) 1 of 2: 2 × 0.6 − 1 = 0.2.
    /// Shares: 80 % and 20 % by source, segment and team alike.
    static let leads = """
        id,created,mqls,sqls,opps,first_touch,source,segment,owner_team
        a,2026-08-02T16:00:00Z,2026-08-03T16:00:00Z,2026-08-10T16:00:00Z,,2026-08-03T17:00:00Z,Paid,SMB,sales
        b,2026-08-02T16:00:00Z,2026-08-04T16:00:00Z,,,2026-08-04T17:00:00Z,Paid,SMB,sales
        c,2026-08-02T16:00:00Z,2026-08-05T16:00:00Z,,,2026-08-05T17:00:00Z,Paid,SMB,Sales
        d,2026-08-02T16:00:00Z,2026-08-06T16:00:00Z,2026-08-12T16:00:00Z,,2026-08-06T17:00:00Z,Organic,Enterprise,marketing
        e,2026-08-02T16:00:00Z,2026-08-07T16:00:00Z,,,2026-08-07T17:00:00Z,Organic,Enterprise,marketing

        """

    @Test func cohortSlicesAndShortfallShares() throws {
        let (plan, set) = try RecordFixtures.load(RecordsReviewTests.plan(rate: "60%"), leads: Self.leads, deals: nil)
        #expect(set.leadSources == ["Paid", "Organic"])
        let records = try RecordMetrics(plan: plan, records: set)
        let cohort = try #require(records.derive(asOf: .month(2026, 11)).summary.cohorts.first { $0.from == "mqls" })
        #expect(
            cohort.slices.filter { $0.dimension == .source } == [
                CohortSlice(dimension: .source, key: "Paid", entered: [3, 0, 0, 0], converted: [1, 0, 0, 0]),
                CohortSlice(dimension: .source, key: "Organic", entered: [2, 0, 0, 0], converted: [1, 0, 0, 0]),
            ])
        #expect(cohort.slices.filter { $0.dimension == .team }.map(\.key) == ["marketing", "sales"])
        let review = try Review(plan: plan, actuals: Actuals(), records: records, asOf: .month(2026, 11))
        let t = try #require(review.funnel?.transitions.first { $0.from == "mqls" })
        #expect(t.actualRate == 0.4)
        #expect(t.sources?.map(\.source) == ["Paid", "Organic"])
        #expect(abs((t.sources?.first?.share ?? 0) - 0.8) < 1e-9)
        #expect(t.segments.map(\.segment) == ["SMB", "Enterprise"])
        #expect(abs((t.segments.first?.share ?? 0) - 0.8) < 1e-9)
        #expect(t.teams.map(\.team) == ["sales", "marketing"])
        let problem = try #require(review.agenda.first { $0.id == "transition:mqls>sqls" })
        #expect(problem.rationale.contains("SMB is 80.0 % of the mqls→sqls shortfall"))
        #expect(problem.rationale.contains("Sales is 80.0 % of the mqls→sqls shortfall"))
        #expect(problem.rationale.contains("Paid is 80.0 % of the mqls→sqls shortfall (by lead source)"))
    }
}

/// Duplicate ids are found by their exact bytes, never by a hash alone.
@Suite struct RecordIDSetTests {
    func insert(_ set: inout IDSet, _ id: String) -> Bool {
        let bytes = Array(id.utf8)
        return bytes.withUnsafeBufferPointer { set.insert($0, 0, $0.count) }
    }

    @Test(arguments: [UInt64.max, 0])
    func exactIDs(hashMask: UInt64) {
        var set = IDSet(hashMask: hashMask)
        // Numbers by value, with leading zeros and beyond 18 digits by their bytes.
        #expect(insert(&set, "1001"))
        #expect(!insert(&set, "1001"))
        #expect(insert(&set, "01001"))
        #expect(!insert(&set, "01001"))
        #expect(insert(&set, "0"))
        #expect(insert(&set, "00"))
        #expect(insert(&set, "123456789012345678"))
        #expect(insert(&set, "1234567890123456789"))
        #expect(!insert(&set, "1234567890123456789"))
        // Text by its bytes: case matters.
        #expect(insert(&set, "00Q5g00000ABCdeEAB"))
        #expect(insert(&set, "00Q5g00000ABCDEEAB"))
        #expect(!insert(&set, "00Q5g00000ABCdeEAB"))
        // Many ids (every one colliding when the mask is 0): no false duplicate, every true one.
        let ids = (0..<(hashMask == 0 ? 300 : 20000)).map { "lead-\($0 * 7919 % 100_003)" }
        #expect(ids.allSatisfy { insert(&set, $0) })
        #expect(ids.allSatisfy { !insert(&set, $0) })
    }

    @Test func loaderCountsExactDuplicates() throws {
        let leads = """
            id,created,mqls,sqls,opps,first_touch
            1001,2026-08-02T16:00:00Z,,,,
            01001,2026-08-02T16:00:00Z,,,,
            1001,2026-08-02T16:00:00Z,,,,
            X7,2026-08-02T16:00:00Z,,,,
            x7,2026-08-02T16:00:00Z,,,,
            X7 ,2026-08-02T16:00:00Z,,,,

            """
        let (_, set) = try RecordFixtures.load(RecordFixtures.plan(), leads: leads, deals: nil)
        #expect(set.leads.count == 4)
        #expect(set.quality.count(.duplicateIDs) == 2)
        #expect(
            set.quality.findings.first { $0.kind == .duplicateIDs }?.examples == [
                "leads.csv:4: lead '1001' appears again", "leads.csv:7: lead 'X7' appears again",
            ])
    }
}

/// After the header's chunk, each chunk is parsed in two halves on other threads while the chunk
/// before is committed; tiny chunks take that path with the fixtures, which must give the same
/// records, counts and errors as one chunk.
@Suite struct RecordsPipelineTests {
    static func fingerprint(_ set: RecordSet) -> String {
        func table(_ t: RecordTable) -> String {
            "\(t.count) \(t.stageTimes) \(t.created) \(t.firstTouch) \(t.team) \(t.segment) \(t.leadSource) \(t.amount) \(t.close) \(t.outcome)"
        }
        return "\(table(set.leads)) | \(table(set.deals)) | \(set.segments) \(set.leadSources) \(set.quality)"
    }

    static func load(_ planText: String, _ bytes: [UInt8], source: Int, chunkSize: Int) -> String {
        do {
            let plan = try PlanLoader().load(text: planText, file: "plan.yaml")
            var loader = RecordsLoader(plan: plan, asOf: .month(2026, 11))
            loader.chunkSize = chunkSize
            return fingerprint(try loader.load(bytes: bytes, file: "l.csv", source: source))
        } catch {
            return "\(error)"
        }
    }

    static let cases: [(String, String, Int)] = [
        ("leads", RecordFixtures.leads, 0),
        ("deals", RecordFixtures.deals, 1),
        ("dimensions", RecordsDimensionTests.leads, 0),
        (
            "ragged-and-bad",
            RecordFixtures.leads.replacingOccurrences(of: "2026-08-20T16:00:00Z,,,", with: "x,,,")
                + "h,2026-08-02T16:00:00Z\n,2026-08-02T16:00:00Z,,,,\n", 0
        ),
        (
            "after-footer",
            "\"Opportunity ID\",\"Created Date\",\"Close Date\",\"Amount\"\n\"1\",\"2026-08-01\",\"2026-09-01\",\"5\"\n\"Grand Totals (1 records)\"\n\n\"Copyright (c) 2000-2026 salesforce.com, inc.\"\n\"2\",\"2026-08-01\",\"2026-09-01\",\"5\"\n",
            1
        ),
    ]

    @Test(arguments: 0..<5, [7, 61, 200])
    func tinyChunksAgree(_ i: Int, chunkSize: Int) {
        let (_, text, source) = Self.cases[i]
        let sources =
            i == 4
            ? "    - {kind: leads, preset: generic}\n    - {kind: deals, preset: salesforce}" : nil
        let plan = RecordFixtures.plan(sources: sources)
        let whole = Self.load(plan, Array(text.utf8), source: source, chunkSize: 8 << 20)
        #expect(Self.load(plan, Array(text.utf8), source: source, chunkSize: chunkSize) == whole)
        #expect(whole.contains("error") == (i >= 3))
    }
}

/// Lag quantiles counted over a narrow range agree with the sorted definition (pandas' and
/// DuckDB's `quantile_cont`), and wide or small samples still sort.
@Suite struct RecordQuantileTests {
    func sorted(_ values: [Int32], _ q: Double) -> Double {
        let s = values.sorted()
        let position = q * Double(s.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(s.count - 1, lower + 1)
        return Double(s[lower]) + (Double(s[upper]) - Double(s[lower])) * (position - Double(lower))
    }

    @Test(arguments: [(20_000, 5_000), (20_000, 1_000_000), (10, 100), (4096, 1)])
    func countedAgreesWithSorted(count: Int, range: Int) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let values = (0..<count).map { _ -> Int32 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int32((state >> 33) % UInt64(range)) - 7
        }
        var copy = values
        let qs = [0, 0.5, 0.75, 0.9, 1]
        #expect(quantiles(&copy, qs) == qs.map { sorted(values, $0) })
    }
}
