import Foundation
import Testing

@testable import Tandem

@Suite struct ReviewExampleTests {
    let plan: Plan
    let actuals: Actuals
    let review: Review

    init() throws {
        (plan, actuals) = try Fixtures.loadExample()
        review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 11))
    }

    @Test func findsTheStory() throws {
        #expect(Review.latestPeriod(of: actuals, in: plan) == .month(2026, 11))
        let bottleneck = try #require(review.funnel?.bottleneck)
        #expect(bottleneck.from == "mqls")
        #expect(bottleneck.to == "sqls")
        #expect(
            bottleneck.sentence
                == "MQLs→SQLs at 32.5 % cycle to date vs 40.0 % planned: back to plan = +257 SQLs = +32 won = +$777k")
        let followUp = try #require(review.sla.first { $0.id == "sla-follow-up" })
        #expect(followUp.periods.map(\.met) == [true, true, true, false, false])
        #expect(followUp.from == "sales")
        let volume = try #require(review.sla.first { $0.id == "sla-mql-volume" })
        #expect(volume.met == true)
        #expect(volume.actual == 684)
        // One MQL→SQL problem, priced once, with its three actions as options.
        let first = try #require(review.agenda.first)
        #expect(first.id == "transition:mqls>sqls")
        #expect(first.kind == .transition)
        #expect(first.subject == Problem.Subject(from: "mqls", to: "sqls"))
        #expect(first.impact.revenue.map { ($0 / 1000).rounded() } == 777)
        #expect(first.impact.window == .cycleToDate)
        #expect(first.actions.map(\.rule) == ["lead-quality", "mql-quality-review", "conversion-slide"])
        #expect(review.agenda.filter { $0.id == "transition:mqls>sqls" }.count == 1)
        #expect(review.adjustments.filter { $0.problem == first.id }.count == 3)
        #expect(review.adjustments.first?.rule == "lead-quality")
        // Priced impacts add up to at most the revenue still to book.
        let priced = review.agenda.compactMap(\.impact.revenue).reduce(0, +)
        #expect(priced <= 4_200_000 - (review.funnel?.revenueToDate ?? 0))
        #expect(review.adjustments.contains { $0.rule == "speed-to-lead" && $0.teams == ["marketing", "sales"] })
        #expect(
            review.adjustments.contains { $0.rule == "sla-breach" && $0.rationale.contains("breached in Oct, Nov") })
        #expect(review.adjustments.contains { $0.rule == "mql-quality-review" && $0.fromPlan })
        #expect(review.health.map(\.code) == [.singleTeamObjective, .offTrackWithoutTactic, .stageWithoutContent])
        let mqlToSql = try #require(review.keyResults.first { $0.id == "kr-mql-sql" })
        #expect(mqlToSql.status == .offTrack)
        #expect(mqlToSql.actual == 1111.0 / 3420.0)
        #expect(mqlToSql.breachedPeriods.map(\.description) == ["2026-08", "2026-09", "2026-10", "2026-11"])
    }

    @Test func reviewIsAGoldenJSON() throws {
        let json = String(decoding: try JSONExporter().render(review), as: UTF8.self)
        try assertSnapshot(json, named: "review-2026-11.json")
    }

    @Test func jsonDecodesBackToTheSameReview() throws {
        let data = try JSONExporter().render(review)
        let decoded = try JSONDecoder().decode(Review.self, from: data)
        #expect(try JSONExporter().render(decoded) == data)
    }

    @Test func everyPeriodOfTheExampleReviews() throws {
        for month in 7...11 {
            let r = try Review(plan: plan, actuals: actuals, asOf: .month(2026, month))
            #expect(r.periods.count == month - 6)
            #expect(r.keyResults.allSatisfy { ($0.score ?? 0) >= 0 && ($0.score ?? 0) <= 1 })
        }
        let july = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 7))
        #expect(july.keyResults.allSatisfy { $0.change == nil })
        #expect(july.trends.allSatisfy { $0.change == nil })
    }

    @Test func periodOutsideTheCycleIsAnError() {
        #expect {
            _ = try Review(plan: plan, actuals: actuals, asOf: .month(2027, 1))
        } throws: { error in
            "\(error)" == "error: period 2027-01 is outside the cycle 2026-07…2026-12"
        }
    }
}

/// The headline score is what its documentation says: the plain mean of the objectives' scores.
@Suite struct HeadlineScoreTests {
    @Test func theHeadlineScoreIsThePlainMeanOfTheObjectivesScores() throws {
        let (plan, actuals) = try Fixtures.loadExample()
        let review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 11))
        let scores = review.objectives.compactMap(\.score)
        #expect(scores.count == review.objectives.count)
        let mean = scores.reduce(0, +) / Double(scores.count)
        let headline = try #require(review.headline.score)
        #expect(abs(headline - mean) < 1e-12)
    }
}
