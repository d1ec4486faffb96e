import Foundation
import Testing

@testable import Tandem

/// Records fixtures: a plan with a `records:` section and small exports whose metrics are
/// computed by hand in the comments.
enum RecordFixtures {
    static func plan(timezone: String = "America/Los_Angeles", sources: String? = nil) -> String {
        """
        tandem: 1
        name: Records
        cycle: {start: 2026-08, end: 2026-12}
        teams:
          - {id: marketing, name: Marketing}
          - {id: sales, name: Sales}
        metrics:
          - {id: leads, owner: marketing}
          - {id: mqls, owner: marketing}
          - {id: sqls, owner: sales}
          - {id: opps, owner: sales}
          - {id: won, owner: sales}
          - {id: arr, unit: currency, owner: sales}
          - {id: pipeline, unit: currency, rollup: last, owner: sales}
          - {id: mqls_to_sqls_conversion, unit: percent, owner: sales}
          - {id: mqls_to_sqls_conversion_to_date, unit: percent, owner: sales}
          - {id: mqls_to_sqls_days_median, unit: days, direction: lower, owner: sales}
          - {id: mqls_to_sqls_days_p75, unit: days, direction: lower, owner: sales}
          - {id: speed_to_lead_hours, unit: hours, direction: lower, owner: sales}
          - {id: speed_to_lead_within_sla, unit: percent, owner: sales}
          - {id: speed_to_lead_pending, owner: sales}
          - {id: speed_to_lead_breaches, owner: sales}
        objectives:
          - id: grow
            title: Grow
            owners: [marketing, sales]
            key_results:
              - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600}
        funnel:
          value_per_won: 24000
          revenue_metric: arr
          stages:
            - {id: leads, metric: leads}
            - {id: mqls, metric: mqls, rate: 30%}
            - {id: sqls, metric: sqls, rate: 40%}
            - {id: opps, metric: opps, rate: 50%}
            - {id: won, metric: won, rate: 25%}
        records:
          timezone: \(timezone)
          horizon_days: {mqls: 30}
          speed_to_lead: {hours: 4}
          metrics: {open_pipeline: pipeline}
          sources:
        \(sources ?? """
                - {kind: leads, preset: generic}
                - {kind: deals, preset: generic}
            """)

        """
    }

    /// MQL cohorts (Los Angeles time):
    /// - August: a (SQL after 17 d), b (SQL after 52 d: outside 30 d), c (no SQL but an
    ///   opportunity after 10 d: a skipped stage, converted), d (nothing): 2 of 4.
    /// - October: e (MQL 2026-11-01T05:30Z = Oct 31 22:30 in LA; SQL after 4.4375 d) and f
    ///   (nothing): 1 of 2, mature as of November (Oct 31 + 30 d = the review date, Dec 1).
    /// - November: g (SQL after 1 h): 1 of 1, to date.
    /// Speed to lead within 4 h: Aug touched 2 h, 6 h, 1 h and c never (breach): median 2 h,
    /// within 2 of 4; Oct e 1 h, f never: median 1 h, 1 of 2; Nov g untouched for 2 h: pending.
    static let leads = """
        id,created,mqls,sqls,opps,first_touch
        a,2026-08-02T16:00:00Z,2026-08-03T16:00:00Z,2026-08-20T16:00:00Z,,2026-08-03T18:00:00Z
        b,2026-08-09T16:00:00Z,2026-08-10T16:00:00Z,2026-10-01T16:00:00Z,,2026-08-10T22:00:00Z
        c,2026-08-14T16:00:00Z,2026-08-15T16:00:00Z,,2026-08-25T16:00:00Z,
        d,2026-08-19T16:00:00Z,2026-08-20T16:00:00Z,,,2026-08-20T17:00:00Z
        e,2026-10-30T16:00:00Z,2026-11-01T05:30:00Z,2026-11-05T16:00:00Z,,2026-11-01T06:30:00Z
        f,2026-10-09T16:00:00Z,2026-10-10T16:00:00Z,,,
        g,2026-11-30T20:00:00Z,2026-12-01T06:00:00Z,2026-12-01T07:00:00Z,,
        a,2026-08-02T16:00:00Z,,,,

        """

    /// Won: Sep d1 $24k, Oct d4 $30k. Open at month end: Aug d1 + d2 = $34k; Sep d2 + d3 =
    /// $15k; Oct d3 = $5k; Nov d3 = $5k.
    static let deals = """
        id,created,close,amount,outcome,owner_team,segment
        d1,2026-08-05,2026-09-10,24000,won,sales,SMB
        d2,2026-08-20,2026-10-02,10000,lost,sales,SMB
        d3,2026-09-01,2026-12-15,5000,open,,
        d4,2026-10-01,2026-10-20,"30,000",won,Sales,Enterprise

        """

    static func load(
        _ planText: String, leads: String? = Self.leads, deals: String? = Self.deals, asOf: Period = .month(2026, 11)
    ) throws -> (Plan, RecordSet) {
        let plan = try PlanLoader().load(text: planText, file: "plan.yaml")
        var set = RecordSet()
        if let leads {
            set = try RecordsLoader(plan: plan, asOf: asOf).load(bytes: Array(leads.utf8), file: "leads.csv", source: 0)
        }
        if let deals {
            let d = try RecordsLoader(plan: plan, asOf: asOf).load(
                bytes: Array(deals.utf8), file: "deals.csv", source: plan.records!.sources.count - 1)
            set.deals = d.deals
            set.segments = d.segments
            set.quality.deals = d.quality.deals
        }
        return (plan, set)
    }

    /// The total (no team, no segment) of `metric` in `period`, summing breakdown rows.
    static func value(_ actuals: Actuals, _ metric: MetricID, _ period: Period) -> Double? {
        let rows = actuals.observations.filter { $0.metric == metric && $0.period == period }
        return rows.isEmpty ? nil : rows.map(\.value).reduce(0, +)
    }
}

@Suite struct RecordsDerivationTests {
    let aug = Period.month(2026, 8)
    let sep = Period.month(2026, 9)
    let oct = Period.month(2026, 10)
    let nov = Period.month(2026, 11)

    @Test func cohortConversionBySkippedStagesAndMaturity() throws {
        let (plan, set) = try RecordFixtures.load(RecordFixtures.plan())
        let derived = try RecordMetrics(plan: plan, records: set).derive(asOf: nov)
        let a = derived.actuals
        func v(_ m: MetricID, _ p: Period) -> Double? { RecordFixtures.value(a, m, p) }
        #expect(v("mqls_to_sqls_conversion", aug) == 0.5)
        #expect(v("mqls_to_sqls_conversion", sep) == nil)
        #expect(v("mqls_to_sqls_conversion", oct) == 0.5)
        #expect(v("mqls_to_sqls_conversion", nov) == nil)
        #expect(v("mqls_to_sqls_conversion_to_date", nov) == 1)
        #expect(v("mqls_to_sqls_conversion_to_date", oct) == nil)
        let cohort = try #require(derived.summary.cohorts.first { $0.from == "mqls" })
        #expect(cohort.horizonDays == 30)
        #expect(cohort.horizonFromData == false)
        #expect(cohort.periods.map(\.entered) == [4, 0, 2, 1])
        #expect(cohort.periods.map(\.converted) == [2, 0, 1, 1])
        #expect(cohort.periods.map(\.mature) == [true, true, true, false])
        // Stage volumes by entry period; e's MQL is October in Los Angeles.
        #expect(v("mqls", aug) == 4)
        #expect(v("mqls", oct) == 2)
        #expect(v("mqls", nov) == 1)
        #expect(v("sqls", aug) == 1)
        #expect(v("sqls", oct) == 1)
        #expect(v("sqls", nov) == 2)
        #expect(v("leads", oct) == 2)
        // Velocity from the MQL time to the SQL's own time, by the SQL's period: Aug a 17 d (c
        // has no SQL time: not counted); Oct b 52 d; Nov e 4.4375 d, g 1 h.
        #expect(v("mqls_to_sqls_days_median", aug) == 17)
        #expect(v("mqls_to_sqls_days_p75", aug) == 17)
        #expect(v("mqls_to_sqls_days_median", oct) == 52)
        #expect(v("mqls_to_sqls_days_median", nov) == (4.4375 + 1.0 / 24) / 2)
        // Pooled over the cycle: 1/24, 4.4375, 17, 52: median (4.4375 + 17) / 2, p75 17 + ¼ × 35.
        let velocity = try #require(derived.summary.velocity.first { $0.from == "mqls" })
        #expect(velocity.pairs == 4)
        #expect(velocity.negativeLags == 0)
        #expect(velocity.medianDays == 10.71875)
        #expect(velocity.p75Days == 25.75)
        // Data quality: the repeated a, c's skipped SQL stage, f and g never touched.
        #expect(set.quality.count(.duplicateIDs) == 1)
        #expect(set.quality.count(.skippedStages) == 1)
        #expect(set.quality.count(.untouchedLeads) == 3)
        #expect(
            set.quality.findings.first { $0.kind == .skippedStages }?.examples == [
                "leads.csv:4: lead 'c' entered opps without sqls"
            ])
    }

    /// h1 2 d and h3 6 d arrive in August, h4 10 d in September; h2's SQL comes 5 days before
    /// its MQL: excluded from velocity and counted.
    @Test func standardVelocityExcludesNegativeLags() throws {
        let leads = """
            id,created,mqls,sqls
            h1,2026-08-01T00:00:00Z,2026-08-02T00:00:00Z,2026-08-04T00:00:00Z
            h2,2026-08-01T00:00:00Z,2026-08-10T00:00:00Z,2026-08-05T00:00:00Z
            h3,2026-08-01T00:00:00Z,2026-08-03T00:00:00Z,2026-08-09T00:00:00Z
            h4,2026-09-01T00:00:00Z,2026-09-02T00:00:00Z,2026-09-12T00:00:00Z

            """
        let (plan, set) = try RecordFixtures.load(RecordFixtures.plan(timezone: "UTC"), leads: leads, deals: nil)
        let derived = try RecordMetrics(plan: plan, records: set).derive(asOf: nov)
        func v(_ m: MetricID, _ p: Period) -> Double? { RecordFixtures.value(derived.actuals, m, p) }
        #expect(v("mqls_to_sqls_days_median", aug) == 4)
        #expect(v("mqls_to_sqls_days_p75", aug) == 5)
        #expect(v("mqls_to_sqls_days_median", sep) == 10)
        let velocity = try #require(derived.summary.velocity.first { $0.from == "mqls" })
        #expect(velocity.pairs == 3)
        #expect(velocity.negativeLags == 1)
        #expect(velocity.medianDays == 6)
        #expect(velocity.p75Days == 8)
        #expect(set.quality.count(.outOfOrder) == 1)
        // Every derived series is in the summary per period, named or not by the plan.
        #expect(derived.summary.periods == [aug, sep, oct, nov])
        let median = try #require(derived.summary.series.first { $0.id == "mqls_to_sqls_days_median" })
        #expect(median.values == [4, 10, nil, nil])
        #expect(median.metric == "mqls_to_sqls_days_median")
        // Aug: h1, h2, h3 entered MQL, all reached SQL within the 30-day horizon; Sep: h4.
        let conversion = try #require(derived.summary.series.first { $0.id == "mqls_to_sqls_conversion" })
        #expect(conversion.values == [1, 1, nil, nil])
        #expect(derived.summary.series.contains { $0.id == "leads_to_mqls_days_median" && $0.metric == nil })
    }

    @Test func timeZoneDecidesTheMonth() throws {
        let (plan, set) = try RecordFixtures.load(RecordFixtures.plan(timezone: "UTC"), deals: nil)
        let a = try RecordMetrics(plan: plan, records: set).derive(asOf: nov).actuals
        // In UTC, e's MQL (2026-11-01T05:30:00Z) is November: October keeps f alone.
        #expect(RecordFixtures.value(a, "mqls", oct) == 1)
        #expect(RecordFixtures.value(a, "mqls", nov) == 1)
        #expect(RecordFixtures.value(a, "mqls_to_sqls_conversion", oct) == 0)
        // g's MQL (2026-12-01T06:00Z) is December in UTC, after the review date.
        #expect(RecordFixtures.value(a, "mqls_to_sqls_conversion_to_date", nov) == 1)
    }

    @Test func speedToLeadWithPendingAndBreaches() throws {
        let (plan, set) = try RecordFixtures.load(RecordFixtures.plan(), deals: nil)
        let a = try RecordMetrics(plan: plan, records: set).derive(asOf: nov).actuals
        func v(_ m: MetricID, _ p: Period) -> Double? { RecordFixtures.value(a, m, p) }
        #expect(v("speed_to_lead_hours", aug) == 2)
        #expect(v("speed_to_lead_within_sla", aug) == 0.5)
        #expect(v("speed_to_lead_breaches", aug) == 2)
        #expect(v("speed_to_lead_hours", oct) == 1)
        #expect(v("speed_to_lead_within_sla", oct) == 0.5)
        #expect(v("speed_to_lead_pending", nov) == 1)
        #expect(v("speed_to_lead_within_sla", nov) == nil)
        // As of October, November's records do not exist yet.
        let earlier = try RecordMetrics(plan: plan, records: set).derive(asOf: oct).actuals
        #expect(RecordFixtures.value(earlier, "speed_to_lead_pending", nov) == nil)
        // e's SQL (Nov 5) is after the October review date: 0 of 2 so far.
        #expect(RecordFixtures.value(earlier, "mqls_to_sqls_conversion_to_date", oct) == 0)
    }

    /// Aug: three MQLs touched after 1 h; Oct: one after 9 h. The months' medians are 1 h and
    /// 9 h (their mean 5 h) but the cycle's median lead waited 1 h; within 4 h: 3 of 3 and 0 of
    /// 1 (a mean of 50 %), 3 of 4 leads = 75 % pooled.
    @Test func cycleToDateMediansAndSharesArePooledOverTheRecords() throws {
        let leads = """
            id,created,mqls,first_touch
            p,2026-08-03T16:00:00Z,2026-08-03T16:00:00Z,2026-08-03T17:00:00Z
            q,2026-08-04T16:00:00Z,2026-08-04T16:00:00Z,2026-08-04T17:00:00Z
            r,2026-08-05T16:00:00Z,2026-08-05T16:00:00Z,2026-08-05T17:00:00Z
            s,2026-10-05T16:00:00Z,2026-10-05T16:00:00Z,2026-10-06T01:00:00Z

            """
        let speed =
            "\n" + String(repeating: " ", count: 6)
            + "- {id: kr-speed, title: Speed, metric: speed_to_lead_hours, kind: decrease_to, baseline: 3, target: 2}"
        let text = RecordFixtures.plan().replacingOccurrences(
            of: "kind: increase_to, target: 600}", with: "kind: increase_to, target: 600}" + speed)
        let (plan, set) = try RecordFixtures.load(text, leads: leads, deals: nil)
        let records = try RecordMetrics(plan: plan, records: set)
        let derived = records.derive(asOf: nov)
        #expect(RecordFixtures.value(derived.actuals, "speed_to_lead_hours", aug) == 1)
        #expect(RecordFixtures.value(derived.actuals, "speed_to_lead_hours", oct) == 9)
        #expect(derived.pooled["speed_to_lead_hours"] == 1)
        #expect(derived.pooled["speed_to_lead_within_sla"] == 0.75)
        let series = try #require(derived.summary.series.first { $0.id == "speed_to_lead_within_sla" })
        #expect(series.pooled == 0.75)
        // The review judges the key result on the pooled median, not the mean of the months.
        let review = try Review(plan: plan, actuals: Actuals(), records: records, asOf: nov)
        let kr = try #require(review.keyResults.first { $0.id == "kr-speed" })
        #expect(kr.actual == 1)
        // Its forecast starts from the pooled value: the periods' forecast moved by 1 h − 5 h.
        let months: [Double?] = [1, nil, 9, nil]
        let byPeriod = try #require(
            ForecastSubject(quantity: .average, values: months, unit: .hours).forecast(known: 4, target: 4, level: 0.8))
        let f = try #require(kr.forecastRange)
        #expect(f.base == max(0, byPeriod.base - 4) && f.high == max(0, byPeriod.high - 4))
        let row = try #require(review.data.first { $0.metric == "speed_to_lead_hours" && $0.rowKind == .cycleEnd })
        #expect(row.actual == 1)
    }

    @Test func wonRevenueAndOpenPipeline() throws {
        let (plan, set) = try RecordFixtures.load(RecordFixtures.plan(), leads: nil)
        let a = try RecordMetrics(plan: plan, records: set).derive(asOf: nov).actuals
        func v(_ m: MetricID, _ p: Period) -> Double? { RecordFixtures.value(a, m, p) }
        #expect(v("won", sep) == 1)
        #expect(v("won", oct) == 1)
        #expect(v("arr", sep) == 24000)
        #expect(v("arr", oct) == 30000)
        #expect([aug, sep, oct, nov].map { v("pipeline", $0) } == [34000, 15000, 5000, 5000])
        #expect(v("opps", aug) == 2)
        // Summed series ride along by team and segment.
        let arr = a.observations.filter { $0.metric == "arr" && $0.period == oct }
        #expect(arr.map(\.team) == ["sales"])
        #expect(arr.map(\.segment) == ["Enterprise"])
    }

    @Test func reviewReadsDerivedMetrics() throws {
        let (plan, set) = try RecordFixtures.load(RecordFixtures.plan())
        let derived = try RecordMetrics(plan: plan, records: set).derive(asOf: nov)
        var review = try Review(plan: plan, actuals: derived.actuals, asOf: nov)
        review.records = derived.summary
        let sqls = try #require(review.keyResults.first { $0.id == "kr-sqls" })
        #expect(sqls.actual == 4)
        let digest = TextDigest().render(review)
        #expect(digest.contains("DATA QUALITY"))
        #expect(digest.contains("mqls→sqls within 30 d, Nov to date"))
    }
}

@Suite struct RecordPresetTests {
    static let hubspotSources = """
            - {kind: leads, preset: hubspot}
            - {kind: deals, preset: hubspot}
        """

    @Test(arguments: [
        "hs_object_id,createdate,hs_v2_date_entered_marketingqualifiedlead,hs_v2_date_entered_salesqualifiedlead,hs_first_outreach_date",
        "Record ID,Create Date,Date entered “Marketing Qualified Lead (Lifecycle Stage Pipeline)”,\"Date entered \"\"Sales Qualified Lead (Lifecycle Stage Pipeline)\"\"\",First outreach date",
        "hs_object_id,createdate,hs_lifecyclestage_marketingqualifiedlead_date,hs_lifecyclestage_salesqualifiedlead_date,hs_first_outreach_date",
        "Contact ID,Create Date,Became a Marketing Qualified Lead Date,Became a Sales Qualified Lead Date,First outreach date",
    ])
    func hubspotContactHeaders(header: String) throws {
        let text = header + "\n1,2026-08-01 09:00,2026-08-02 09:00,2026-09-01 09:00,2026-08-02 10:30\n"
        let (plan, set) = try RecordFixtures.load(
            RecordFixtures.plan(sources: Self.hubspotSources), leads: text, deals: nil)
        let a = try RecordMetrics(plan: plan, records: set).derive(asOf: .month(2026, 11)).actuals
        #expect(RecordFixtures.value(a, "mqls", .month(2026, 8)) == 1)
        #expect(RecordFixtures.value(a, "sqls", .month(2026, 9)) == 1)
        #expect(RecordFixtures.value(a, "speed_to_lead_hours", .month(2026, 8)) == 1.5)
    }

    @Test(arguments: [
        "hs_object_id,createdate,closedate,amount,dealstage,pipeline,hs_is_closed_won",
        "Record ID,Create Date,Close Date,Amount,Deal Stage,Pipeline,Is Closed Won",
    ])
    func hubspotDealHeaders(header: String) throws {
        let text =
            header + "\n"
            + "7,2026-08-03T10:00:00Z,2026-09-04T10:00:00Z,1200.50,closedwon,default,true\n"
            + "8,2026-08-03T10:00:00Z,2026-09-04T10:00:00Z,900,closedlost,default,false\n"
            + "9,2026-08-03T10:00:00Z,2026-12-04T10:00:00Z,500,contractsent,default,false\n"
        let (plan, set) = try RecordFixtures.load(
            RecordFixtures.plan(sources: Self.hubspotSources), leads: nil, deals: text)
        let a = try RecordMetrics(plan: plan, records: set).derive(asOf: .month(2026, 11)).actuals
        #expect(RecordFixtures.value(a, "won", .month(2026, 9)) == 1)
        #expect(RecordFixtures.value(a, "arr", .month(2026, 9)) == 1200.5)
        #expect(RecordFixtures.value(a, "pipeline", .month(2026, 9)) == 500)
        #expect(set.quality.findings.isEmpty)
    }

    static let salesforceSources = """
            - {kind: leads, preset: salesforce, date_format: MM/DD/YYYY}
            - {kind: deals, preset: salesforce, date_format: DD/MM/YYYY}
        """

    @Test func salesforceReportsWithFooter() throws {
        let leads = """
            "Lead ID","Created Date","Status","Lead Source","Converted Date"
            "00Q1","8/3/2026, 9:15 AM","Working","Web","9/1/2026"
            "00Q2","8/4/2026, 4:00 PM","Open","Webinar",""

            "Grand Totals (2 records)"

            "Confidential Information - Do Not Distribute"
            "Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."

            """
        let deals = """
            "Opportunity ID","Created Date","Stage","Close Date","Amount","Won","Closed"
            "0061","3/8/2026","Closed Won","4/9/2026","USD 24,000.00","1","1"
            "0062","5/8/2026","Negotiation/Review","1/12/2026","USD 8,000.00","0","0"
            "0063","6/8/2026","Closed Lost","1/10/2026","USD 5,000.00","0","1"

            "Grand Totals (3 records)"
            "Confidential Information - Do Not Distribute"
            "Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."
            """
        let (plan, set) = try RecordFixtures.load(
            RecordFixtures.plan(sources: Self.salesforceSources), leads: leads, deals: deals)
        #expect(set.leads.count == 2)
        #expect(set.deals.count == 3)
        let a = try RecordMetrics(plan: plan, records: set).derive(asOf: .month(2026, 11)).actuals
        // Converted Date is the SQL stage; 9/1/2026 is September 1 (MM/DD/YYYY).
        #expect(RecordFixtures.value(a, "sqls", .month(2026, 9)) == 1)
        #expect(RecordFixtures.value(a, "leads", .month(2026, 8)) == 2)
        // Deals in DD/MM/YYYY: won 4 September, lost 1 October.
        #expect(RecordFixtures.value(a, "won", .month(2026, 9)) == 1)
        #expect(RecordFixtures.value(a, "arr", .month(2026, 9)) == 24000)
        #expect(RecordFixtures.value(a, "pipeline", .month(2026, 10)) == 8000)
        #expect(set.quality.findings.isEmpty)
    }

    @Test func encodings() throws {
        let sources = """
                - {kind: leads, preset: generic, encoding: windows-1252}
                - {kind: deals, preset: generic, encoding: utf-16}
            """
        let plan = try PlanLoader().load(text: RecordFixtures.plan(sources: sources), file: "plan.yaml")
        let leads: [UInt8] =
            Array("id,created,mqls,segment\nJos".utf8) + [0xE9] + Array(",2026-08-01,2026-08-02,Caf".utf8) + [
                0xE9, 0x0A,
            ]
        let set = try RecordsLoader(plan: plan).load(bytes: leads, file: "l.csv", source: 0)
        #expect(set.segments == ["Café"])
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in "id,created,close,amount,outcome\nx,2026-08-01,2026-09-01,5,won\n".utf16 {
            utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        let deals = try RecordsLoader(plan: plan).load(bytes: utf16, file: "d.csv", source: 1)
        #expect(deals.deals.count == 1)
        #expect(deals.deals.outcome == [.won])
    }

    @Test func recordsSplitAcrossChunksKeepLinesAndValues() throws {
        let plan = try PlanLoader().load(text: RecordFixtures.plan(), file: "plan.yaml")
        var loader = RecordsLoader(plan: plan)
        loader.chunkSize = 7
        let set = try loader.load(bytes: Array(RecordFixtures.leads.utf8), file: "leads.csv", source: 0)
        #expect(set.leads.count == 7)
        #expect(
            set.quality.findings.first { $0.kind == .duplicateIDs }?.examples == ["leads.csv:9: lead 'a' appears again"]
        )
        let bad = RecordFixtures.leads.replacingOccurrences(of: "2026-10-10T16:00:00Z", with: "2026-10-10T16:00:00X")
        #expect(throws: InputError.self) { try loader.load(bytes: Array(bad.utf8), file: "leads.csv", source: 0) }
        do {
            _ = try loader.load(bytes: Array(bad.utf8), file: "leads.csv", source: 0)
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "leads.csv:7:24: error: 'mqls': unexpected text after the time, found '2026-10-10T16:00:00X'"
                ])
        }
    }
}

/// Bad records inputs and their exact messages.
@Suite struct RecordsBadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var old: String
        var new: String
        var messages: [String]
        var testDescription: String { name }
    }

    static let planCases: [Case] = [
        Case(
            name: "unknown-timezone", old: "timezone: America/Los_Angeles", new: "timezone: America/Springfield",
            messages: [
                "plan.yaml:39:13: error: unknown time zone 'America/Springfield' (expected an IANA name like America/New_York)"
            ]),
        Case(
            name: "horizon-unknown-stage", old: "horizon_days: {mqls: 30}", new: "horizon_days: {mql: 30}",
            messages: [
                "plan.yaml:40:18: error: unknown stage 'mql'; did you mean 'mqls'? (known: leads, mqls, opps, sqls, won)"
            ]),
        Case(
            name: "horizon-zero", old: "horizon_days: {mqls: 30}", new: "horizon_days: {mqls: 0}",
            messages: [
                "plan.yaml:40:24: error: expected a whole number of days from 1 to 3660 for 'horizon_days.mqls', found '0'"
            ]),
        Case(
            name: "horizon-last-stage", old: "horizon_days: {mqls: 30}", new: "horizon_days: {won: 30}",
            messages: ["plan.yaml:40:18: error: 'won' is the last stage; no transition starts there"]),
        Case(
            name: "unknown-preset", old: "{kind: leads, preset: generic}", new: "{kind: leads, preset: pipedrive}",
            messages: [
                "plan.yaml:44:29: error: expected one of hubspot, salesforce, generic for 'preset', found 'pipedrive'"
            ]),
        Case(
            name: "unknown-kind", old: "{kind: leads, preset: generic}", new: "{kind: contacts, preset: generic}",
            messages: ["plan.yaml:44:14: error: expected one of leads, deals for 'kind', found 'contacts'"]),
        Case(
            name: "bad-date-format", old: "{kind: deals, preset: generic}",
            new: "{kind: deals, preset: generic, date_format: MM-DD-YY}",
            messages: [
                "plan.yaml:45:51: error: expected one of MM/DD/YYYY, DD/MM/YYYY, DD.MM.YYYY, YYYY-MM-DD for 'date_format', found 'MM-DD-YY'"
            ]),
        Case(
            name: "bad-encoding", old: "{kind: deals, preset: generic}",
            new: "{kind: deals, preset: generic, encoding: latin1}",
            messages: [
                "plan.yaml:45:48: error: expected one of utf-8, utf-16, windows-1252 for 'encoding', found 'latin1'"
            ]),
        Case(
            name: "unknown-series", old: "metrics: {open_pipeline: pipeline}", new: "metrics: {open_pipe: pipeline}",
            messages: [
                "plan.yaml:42:13: error: unknown derived series 'open_pipe' (known: leads_to_mqls_conversion, leads_to_mqls_conversion_to_date, leads_to_mqls_days_median, leads_to_mqls_days_p75, lost_deals, mqls_to_sqls_conversion, mqls_to_sqls_conversion_to_date, mqls_to_sqls_days_median, mqls_to_sqls_days_p75, open_pipeline, opps_to_won_conversion, opps_to_won_conversion_to_date, …)"
            ]),
        Case(
            name: "unknown-target-metric", old: "metrics: {open_pipeline: pipeline}",
            new: "metrics: {open_pipeline: pipe}",
            messages: [
                "plan.yaml:42:13: error: unknown metric 'pipe' (known: arr, leads, mqls, mqls_to_sqls_conversion, mqls_to_sqls_conversion_to_date, mqls_to_sqls_days_median, mqls_to_sqls_days_p75, opps, pipeline, speed_to_lead_breaches, speed_to_lead_hours, speed_to_lead_pending, …)"
            ]),
        Case(
            name: "deals-field-on-leads", old: "{kind: leads, preset: generic}",
            new: "{kind: leads, preset: generic, columns: {amount: Amount}}",
            messages: ["plan.yaml:44:56: error: 'amount' is not a field of leads records"]),
        Case(
            name: "deal-stage-on-leads", old: "{kind: leads, preset: generic}",
            new: "{kind: leads, preset: generic, deal_stage: opps}",
            messages: ["plan.yaml:44:50: error: 'deal_stage' applies to deals sources only"]),
        Case(
            name: "unknown-source-field", old: "{kind: leads, preset: generic}",
            new: "{kind: leads, preset: generic, path: x.csv}",
            messages: [
                "plan.yaml:44:38: error: unknown field 'path' in a record source (known: columns, date_format, deal_stage, encoding, file, history, kind, preset, snapshot, timezone)"
            ]),
        Case(
            name: "snapshot-on-leads", old: "{kind: leads, preset: generic}",
            new: "{kind: leads, preset: generic, file: a.csv, snapshot: 2026-10-31}",
            messages: ["plan.yaml:44:61: error: 'snapshot' applies to deals sources only"]),
        Case(
            name: "snapshot-not-a-day", old: "{kind: deals, preset: generic}",
            new: "{kind: deals, preset: generic, file: a.csv, snapshot: 2026-10-32}",
            messages: [
                "plan.yaml:45:61: error: expected the day the export was taken as YYYY-MM-DD, found '2026-10-32'"
            ]),
        Case(
            name: "snapshot-without-file", old: "{kind: deals, preset: generic}",
            new: "{kind: deals, preset: generic, snapshot: 2026-10-31}",
            messages: [
                "plan.yaml:45:7: error: a snapshot needs a 'file:' pattern: its export has the same columns as the current one"
            ]),
        Case(
            name: "snapshot-without-ids", old: "{kind: deals, preset: generic}",
            new: "{kind: deals, preset: generic, file: a.csv, snapshot: 2026-10-31, columns: {id: null}}",
            messages: ["plan.yaml:45:87: error: a snapshot's deals are matched by id; its export needs an id column"]),
        Case(
            name: "current-deals-without-ids", old: "{kind: deals, preset: generic}",
            new:
                "{kind: deals, preset: generic, file: old.csv, snapshot: 2026-10-31}\n    - {kind: deals, preset: generic, columns: {id: null}}",
            messages: [
                "plan.yaml:46:52: error: the deals are matched to the plan's snapshots by id; this export needs an id column too"
            ]),
        Case(
            name: "history-on-leads", old: "{kind: leads, preset: generic}",
            new: "{kind: leads, preset: generic, file: h.csv, history: true}",
            messages: ["plan.yaml:44:60: error: 'history' applies to deals sources only"]),
        Case(
            name: "history-and-snapshot", old: "{kind: deals, preset: generic}",
            new:
                "{kind: deals, preset: generic, file: h.csv, history: true}\n    - {kind: deals, preset: generic, file: o.csv, snapshot: 2026-10-31}",
            messages: [
                "plan.yaml:45:60: error: a deal history gives every period's start; drop the snapshot sources or the history"
            ]),
        Case(
            name: "unknown-stage-column", old: "{kind: leads, preset: generic}",
            new: "{kind: leads, preset: generic, columns: {stages: {mql: MQL Date}}}",
            messages: [
                "plan.yaml:44:57: error: unknown stage 'mql'; did you mean 'mqls'? (known: leads, mqls, opps, sqls, won)"
            ]),
    ]

    @Test(arguments: planCases)
    func badPlans(_ c: Case) throws {
        let text = RecordFixtures.plan().replacingOccurrences(of: c.old, with: c.new)
        #expect(text != RecordFixtures.plan())
        do {
            _ = try PlanLoader().load(text: text, file: "plan.yaml")
            Issue.record("expected errors")
        } catch {
            #expect(error.diagnostics.map(\.description) == c.messages)
        }
    }

    static let fileCases: [Case] = [
        Case(
            name: "missing-created-column", old: "id,created,mqls", new: "id,made,mqls",
            messages: [
                "leads.csv:1:1: error: missing column 'created' for field 'created' of this generic leads export (records.sources[0])"
            ]),
        Case(
            name: "no-stage-columns", old: "id,created,mqls,sqls,opps,first_touch",
            new: "id,created,m,s,o,first_touch",
            messages: [
                "leads.csv:1:1: error: no column holds a stage entry time after 'leads'; map them under columns: stages:"
            ]),
        Case(
            name: "unparseable-time", old: "2026-08-10T16:00:00Z,2026-10-01", new: "yesterday,2026-10-01",
            messages: ["leads.csv:3:24: error: 'mqls': expected a date like 2026-11-03 or 11/3/2026, found 'yesterday'"]
        ),
        Case(
            name: "ambiguous-date", old: "2026-08-10T16:00:00Z,2026-10-01", new: "8/10/2026,2026-10-01",
            messages: [
                "leads.csv:3:24: error: 'mqls' holds the locale date '8/10/2026', which could be month/day or day/month; set date_format: MM/DD/YYYY or DD/MM/YYYY on records.sources[0]"
            ]),
        Case(
            name: "no-such-date", old: "2026-08-10T16:00:00Z,2026-10-01", new: "2026-02-30,2026-10-01",
            messages: ["leads.csv:3:24: error: 'mqls': no such date, found '2026-02-30'"]),
        Case(
            name: "bad-offset", old: "2026-08-10T16:00:00Z,2026-10-01", new: "2026-08-10T16:00:00+25:00,2026-10-01",
            messages: [
                "leads.csv:3:24: error: 'mqls': expected an offset like +02:00, found '2026-08-10T16:00:00+25:00'"
            ]),
        Case(
            name: "bad-hour", old: "2026-08-10T16:00:00Z,2026-10-01", new: "2026-08-10T24:00:00Z,2026-10-01",
            messages: ["leads.csv:3:24: error: 'mqls': no such time, found '2026-08-10T24:00:00Z'"]),
        Case(
            name: "field-count", old: "d,2026-08-19T16:00:00Z,", new: "d,2026-08-19T16:00:00Z,x,",
            messages: ["leads.csv:5:48: error: expected 6 fields as in the header, found 7"]),
        Case(
            name: "unterminated-quote", old: "f,2026-10-09", new: "\"f,2026-10-09",
            messages: ["leads.csv:7:1: error: unterminated quoted field (the quote opened here is never closed)"]),
        Case(
            name: "empty-id", old: "d,2026-08-19", new: ",2026-08-19",
            messages: ["leads.csv:5:1: error: 'id' is empty; every record needs an id"]),
        // A column read twice: which copy holds the field cannot be told (probe 3).
        Case(
            name: "repeated-column", old: "id,created,mqls,sqls,opps,first_touch",
            new: "id,created,mqls,sqls,opps,MQLS",
            messages: [
                "leads.csv:1:1: error: column 'mqls' appears twice in the header (columns 3 and 6); which one holds 'mqls' cannot be told: remove or rename one"
            ]),
    ]

    @Test(arguments: fileCases)
    func badLeadFiles(_ c: Case) throws {
        let plan = try PlanLoader().load(text: RecordFixtures.plan(), file: "plan.yaml")
        let text = RecordFixtures.leads.replacingOccurrences(of: c.old, with: c.new)
        #expect(text != RecordFixtures.leads)
        do {
            _ = try RecordsLoader(plan: plan).load(bytes: Array(text.utf8), file: "leads.csv", source: 0)
            Issue.record("expected errors")
        } catch {
            #expect(error.diagnostics.map(\.description) == c.messages)
        }
    }

    /// `a` and `c` in UTF-16 little-endian with a byte-order mark, `middle`'s raw bytes between.
    static func utf16LE(_ a: String, then middle: [UInt8], _ c: String) -> [UInt8] {
        var out: [UInt8] = [0xFF, 0xFE]
        for unit in a.utf16 { out += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        out += middle
        for unit in c.utf16 { out += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        return out
    }

    static let byteCases: [(String, [UInt8], Int, String, [String])] = [
        (
            "invalid-utf8", Array("id,created,mqls\nx,2026-08-01,".utf8) + [0xC3, 0x28] + [0x0A], 0,
            "{kind: leads, preset: generic}",
            [
                "l.csv:2:14: error: invalid UTF-8 byte 0xC3; declare the source's 'encoding:' (utf-16 or windows-1252) if it is not UTF-8"
            ]
        ),
        (
            "utf16-without-bom", Array("i\0d\0".utf8), 0, "{kind: leads, preset: generic, encoding: utf-16}",
            ["l.csv:1:1: error: UTF-16 needs a byte-order mark (FF FE or FE FF) at the start"]
        ),
        (
            "windows-1252-undefined", Array("id,created,mqls\nx".utf8) + [0x81] + Array(",2026-08-01,\n".utf8), 0,
            "{kind: leads, preset: generic, encoding: windows-1252}",
            // The byte's own line and column (after the "x" on line 2).
            ["l.csv:2:2: error: byte 0x81 is undefined in Windows-1252"]
        ),
        (
            // CR-only line ends count as lines, as in the actuals reader: the byte is on line 3.
            "windows-1252-undefined-cr-only",
            Array("id,created,mqls\rx,2026-08-01,\ryz,".utf8) + [0x8D] + Array("2026-08-01,\r".utf8), 0,
            "{kind: leads, preset: generic, encoding: windows-1252}",
            ["l.csv:3:4: error: byte 0x8D is undefined in Windows-1252"]
        ),
        (
            // A lone low surrogate (DC00) in the third line's second field, after "a,".
            "utf16-lone-surrogate",
            utf16LE("id,created,mqls\r\nx,2026-08-01,\r\na,", then: [0x00, 0xDC], ",2026-08-01,\r\n"), 0,
            "{kind: leads, preset: generic, encoding: utf-16}",
            ["l.csv:3:3: error: invalid UTF-16: an unpaired surrogate"]
        ),
        (
            // CRLF line ends: the bad byte is on line 3, not 5.
            "invalid-utf8-crlf",
            Array("id,created,mqls\r\nx,2026-08-01,\r\ny,2026-08-01,".utf8) + [0xFF] + [0x0D, 0x0A], 0,
            "{kind: leads, preset: generic}",
            [
                "l.csv:3:14: error: invalid UTF-8 byte 0xFF; declare the source's 'encoding:' (utf-16 or windows-1252) if it is not UTF-8"
            ]
        ),
        (
            "bad-amount", Array("id,created,close,amount,outcome\nx,2026-08-01,2026-09-01,12abc,won\n".utf8), 1,
            "{kind: deals, preset: generic}",
            ["l.csv:2:25: error: 'amount': expected a number, found '12abc'"]
        ),
        (
            "record-after-footer",
            Array(
                "\"Opportunity ID\",\"Created Date\",\"Close Date\",\"Amount\"\n\"1\",\"2026-08-01\",\"2026-09-01\",\"5\"\n\"Grand Totals (1 records)\"\n\"2\",\"2026-08-01\",\"2026-09-01\",\"5\"\n"
                    .utf8),
            1, "{kind: deals, preset: salesforce}",
            ["l.csv:4:1: error: a record after the report's footer lines"]
        ),
        (
            "missing-deal-columns", Array("id,created\nx,2026-08-01\n".utf8), 1, "{kind: deals, preset: generic}",
            [
                "l.csv:1:1: error: missing column 'close' for field 'close' of this generic deals export (records.sources[1])",
                "l.csv:1:1: error: missing column 'amount' for field 'amount' of this generic deals export (records.sources[1])",
            ]
        ),
    ]

    @Test(arguments: 0..<9)
    func badBytes(_ i: Int) throws {
        let (_, bytes, source, line, messages) = Self.byteCases[i]
        let sources =
            source == 0
            ? "    - \(line)\n    - {kind: deals, preset: generic}"
            : "    - {kind: leads, preset: generic}\n    - \(line)"
        let plan = try PlanLoader().load(text: RecordFixtures.plan(sources: sources), file: "plan.yaml")
        do {
            _ = try RecordsLoader(plan: plan).load(bytes: bytes, file: "l.csv", source: source)
            Issue.record("expected errors")
        } catch {
            #expect(error.diagnostics.map(\.description) == messages)
        }
    }
}
