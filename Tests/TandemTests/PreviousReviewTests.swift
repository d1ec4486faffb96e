import Foundation
import Testing

@testable import Tandem

/// A previous review read back is range-checked and compared only when it is of the same plan;
/// formulas are capped in size.
@Suite struct PreviousReviewTests {
    let plan: Plan
    let november: Review
    let october: Review

    init() throws {
        plan = try PlanLoader().load(contentsOf: Fixtures.examplePlan)
        let actuals = try ActualsLoader(plan: plan).load(contentsOf: Fixtures.exampleActuals).actuals
        november = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 11))
        var october = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 10))
        let september = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 9))
        october.sinceLastReview = FollowUp(current: october, previous: september, decisions: DecisionLog())
        self.october = october
    }

    /// October's JSON with `edit` applied to the decoded object.
    func tampered(_ edit: (inout [String: Any]) -> Void) throws -> Data {
        var object = try #require(JSONSerialization.jsonObject(with: JSONExporter().render(october)) as? [String: Any])
        edit(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    @Test func aStreakNearInt64MaxIsRefusedNotTrapped() throws {
        let data = try tampered { object in
            var since = object["sinceLastReview"] as! [String: Any]
            var problems = since["problems"] as! [[String: Any]]
            problems[0]["streak"] = Int64.max
            since["problems"] = problems
            object["sinceLastReview"] = since
        }
        let error = #expect(throws: InputError.self) { try Review(json: data, file: "tandem-2026-10.json") }
        #expect(
            error?.diagnostics.first?.description
                == "tandem-2026-10.json: error: not a review Tandem wrote: 'sinceLastReview.problems[0].streak' is 9223372036854775807, outside 0…1000000"
        )
    }

    @Test func aHugeStreakBuiltInCodeSaturates() throws {
        var previous = october
        let id = try #require(previous.sinceLastReview?.problems.first?.id)
        previous.sinceLastReview?.problems[0].streak = .max
        let followUp = FollowUp(current: november, previous: previous, decisions: DecisionLog())
        #expect(followUp.problems.first { $0.id == id }?.streak == Review.maxCount + 1)
    }

    @Test func aNegativeCountIsRefused() throws {
        let data = try tampered { object in
            var headline = object["headline"] as! [String: Any]
            var counts = headline["counts"] as! [[String: Any]]
            counts[0]["count"] = -5
            headline["counts"] = counts
            object["headline"] = headline
        }
        let error = #expect(throws: InputError.self) { try Review(json: data, file: "p.json") }
        #expect(error?.diagnostics.first?.field == "headline.counts[0].count")
    }

    @Test(arguments: [
        (
            "name", "Another plan",
            "The previous review (2026-10) is of another plan ('Another plan', not 'Brightwell FY2026 H2 shared plan'): nothing compared."
        ),
        (
            "cycle", "FY2027 H1",
            "The previous review (2026-10) is of another cycle (FY2027 H1 2026-07…2026-12, not FY2026 H2 2026-07…2026-12): nothing compared."
        ),
    ])
    func anotherPlanIsNotCompared(_ field: String, _ value: String, _ note: String) throws {
        var previous = october
        if field == "name" { previous.plan.name = value } else { previous.plan.cycle = value }
        let followUp = FollowUp(current: november, previous: previous, decisions: DecisionLog())
        #expect(followUp.note == note)
        #expect(followUp.restatements.isEmpty)
        #expect(followUp.problems.isEmpty)
        #expect(followUp.previousPeriod == nil)
    }

    @Test func anotherCurrencyIsNotCompared() {
        var previous = october
        previous.plan.currency = Currency(code: "EUR")
        let followUp = FollowUp(current: november, previous: previous, decisions: DecisionLog())
        #expect(
            followUp.note == "The previous review (2026-10) is in another currency (EUR, not USD): nothing compared.")
    }

    @Test func theSamePlanIsCompared() {
        #expect(november.notComparable(with: october) == nil)
        let followUp = FollowUp(current: november, previous: october, decisions: DecisionLog())
        #expect(followUp.previousPeriod == .month(2026, 10))
    }

    // MARK: Formula size

    @Test func aFormulaOf100000TermsIsRefusedWithoutOverflowingTheStack() {
        let text = Array(repeating: "a", count: 100_000).joined(separator: "+")
        let error = #expect(throws: Formula.ParseError.self) { try Formula(parsing: text) }
        #expect(error?.message == "formula is longer than 10000 characters")
    }

    @Test func aFormulaOverTheTermCapIsRefused() throws {
        let error = #expect(throws: Formula.ParseError.self) {
            try Formula(parsing: Array(repeating: "a", count: 201).joined(separator: "+"))
        }
        #expect(error?.message == "formula has more than 200 terms; split it into metrics of their own")
        let most = try Formula(parsing: Array(repeating: "a", count: 200).joined(separator: "+"))
        #expect(most.evaluate { _ in 1 } == 200)
    }
}
