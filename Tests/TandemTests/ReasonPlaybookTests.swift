import Foundation
import Testing

@testable import Tandem

/// The playbook reads the reasons and the pipeline's movement: Brightwell's MQL→SQL leak (below
/// plan since September) with rejection reasons, and two periods of deal snapshots.
@Suite struct ReasonPlaybookTests {
    static func step(_ month: Int, rate: Double, pushedOut: Double, slipped: [PipelineMovement.Slip] = [])
        -> PipelineMovement.Step
    {
        var deals = PipelineMovement.Counts()
        deals.pushedOut = pushedOut > 0 ? 1 : 0
        return PipelineMovement.Step(
            period: .month(2026, month), from: "", to: "", start: 100_000, created: 0, pulledIn: 0, increased: 0,
            decreased: 0, pushedOut: pushedOut, lost: 0, won: 0, end: 100_000 - pushedOut,
            deals: deals, removed: 0, pushRate: rate, slipped: slipped,
            slippedDeals: slipped.count, movedBack: [], movedBackDeals: 0)
    }

    /// Rejected MQLs, July to November: over the cycle "Not ICP" leads (45 vs 40), but since
    /// September, when the leak began, "No response" does: 30 of 45 = 66.7 %.
    static func reasons(noResponse: String = "No response") -> ReasonShares {
        let rows = [
            ReasonShares.Row(
                reason: "Not ICP", source: "Webinar", segment: "Enterprise", counts: [20, 10, 5, 5, 5], total: 45,
                share: 45.0 / 85),
            ReasonShares.Row(
                reason: noResponse, source: "Paid Social", segment: "SMB", counts: [5, 5, 10, 10, 10], total: 40,
                share: 40.0 / 85),
        ]
        let group = ReasonShares.Group(
            counts: [25, 15, 15, 15, 15], total: 85, unknown: 0, unknownShare: 0,
            reasons: rows.map {
                ReasonShares.Reason(reason: $0.reason, counts: $0.counts, total: $0.total, share: $0.share)
            },
            rows: rows)
        return ReasonShares(
            periods: (7...11).map { .month(2026, $0) }, stage: "mqls", rejected: group, recycled: nil, lost: nil)
    }

    static func review(_ reasons: ReasonShares?, _ movement: PipelineMovement?) throws -> Review {
        let (plan, actuals) = try Fixtures.loadExample()
        let records = RecordsReview(
            quality: DataQuality(), cohorts: [], speedToLeadHours: 4, pipelineMovement: movement, reasons: reasons)
        return try Review(plan: plan, actuals: actuals, asOf: .month(2026, 11), records: records)
    }

    @Test func noResponseLeadsToSpeedToLead() throws {
        let review = try Self.review(Self.reasons(), nil)
        let leak = try #require(review.agenda.first { $0.id == "transition:mqls>sqls" })
        let sentence = "No response from Paid Social in SMB is 66.7 % of rejected MQLs since Sep"
        #expect(leak.rationale.hasSuffix(sentence))
        #expect(leak.proposal?.rule == "unanswered-leads")
        #expect(leak.alternatives?.map(\.rule) == ["lead-quality", "mql-quality-review", "conversion-slide"])
        let adjustment = try #require(review.adjustments.first { $0.rule == "lead-quality" })
        #expect(adjustment.rationale.hasSuffix("; " + sentence))
    }

    @Test(arguments: [("Bad timing", "not-now-leads"), ("Too small", "lead-quality")])
    func theTopReasonPicksTheProposal(_ reason: String, _ rule: String) throws {
        let review = try Self.review(Self.reasons(noResponse: reason), nil)
        let leak = try #require(review.agenda.first { $0.id == "transition:mqls>sqls" })
        #expect(leak.proposal?.rule == RuleID(rule))
        #expect(leak.rationale.contains("\(reason) from Paid Social in SMB is 66.7 % of rejected MQLs since Sep"))
    }

    /// Without reasons the agenda is the one the example always had.
    @Test func withoutReasonsNothingChanges() throws {
        let (plan, actuals) = try Fixtures.loadExample()
        let plain = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 11))
        let empty = try Self.review(nil, nil)
        #expect(plain.agenda == empty.agenda)
        #expect(plain.adjustments == empty.adjustments)
    }

    @Test func risingPushRateIsAForecastRisk() throws {
        let twice = PipelineMovement.Slip(
            deal: "B", segment: nil, amount: 25_000, fromClose: "2026-11-20", toClose: "2026-12-15", days: 25,
            pushes: 2, pushedOut: true)
        let movement = PipelineMovement(periods: [
            Self.step(10, rate: 0.10, pushedOut: 10_000),
            Self.step(11, rate: 0.30, pushedOut: 40_000, slipped: [twice]),
        ])
        let review = try Self.review(nil, movement)
        let risk = try #require(review.agenda.first { $0.id == .forecastRisk("pushed_deals") })
        #expect(risk.id.description == "forecast_risk:pushed_deals")
        #expect(risk.kind == .forecastRisk)
        #expect(
            risk.rationale
                == "push rate 30.0 % in Nov vs 10.0 % in Oct; $40k pushed out vs $10k; 1 pushed more than once ($25k)")
        #expect(risk.impact.description == "$40k slipped past the end of Nov")
        #expect(risk.proposal?.rule == "pushed-deals")
        #expect(risk.proposal?.measure == "Push rate")
        #expect(risk.proposal?.current == 0.30)
        #expect(risk.proposal?.target == nil)
        #expect(risk.owners == ["sales"])
        // A push rate that held is no risk.
        let held = PipelineMovement(periods: [
            Self.step(10, rate: 0.30, pushedOut: 40_000), Self.step(11, rate: 0.30, pushedOut: 40_000),
        ])
        #expect(try Self.review(nil, held).agenda.allSatisfy { $0.kind != .forecastRisk })
        #expect(ProblemID(parsing: "forecast_risk:pushed_deals") == .forecastRisk("pushed_deals"))
    }
}
