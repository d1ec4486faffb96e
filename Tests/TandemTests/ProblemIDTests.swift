import Foundation
import Testing

@testable import Tandem

/// The typed problem id: printed and parsed in one place, so a malformed id is refused where it
/// is read instead of silently matching nothing.
@Suite struct ProblemIDTests {
    @Test(arguments: [
        "transition:mqls>sqls", "stage_volume:leads", "sla:sla-speed", "key_result:kr-won",
        "plan:content:opportunities", "plan:revenue",
    ])
    func printsWhatItParses(_ text: String) throws {
        let id = try #require(ProblemID(parsing: text))
        #expect(id.description == text)
        let json = try JSONEncoder().encode([id])
        #expect(
            String(decoding: json, as: UTF8.self) == "[\"\(text.replacingOccurrences(of: ">", with: "\\u003e"))\"]"
                || String(decoding: json, as: UTF8.self) == "[\"\(text)\"]")
        #expect(try JSONDecoder().decode([ProblemID].self, from: json) == [id])
    }

    @Test(arguments: [
        "transition:mqls->sqls", "transition:mqls", "transition:>sqls", "stage:leads", "key_result:", "kr-won",
        "sla:two words",
    ])
    func refusesWhatItWouldNeverPrint(_ text: String) {
        #expect(ProblemID(parsing: text) == nil)
    }

    @Test func constructorsBuildTheIdsTheAgendaUses() {
        #expect(ProblemID.transition("mqls", "sqls").description == "transition:mqls>sqls")
        #expect(ProblemID.transition("mqls", "sqls").stages?.from == "mqls")
        #expect(ProblemID.plan("content", "opportunities").description == "plan:content:opportunities")
        #expect(ProblemID.keyResult("kr-won").kind == .keyResult)
        #expect(ProblemID.sla("sla-speed").stages == nil)
    }

    @Test func aDecisionLogWithAMalformedIdIsAnErrorAtItsLine() throws {
        let plan = try Fixtures.smallPlanLoaded()
        let log = """
            decisions:
              - period: 2026-10
                problem: transition:mqls->sqls
                decision: accepted
                owner: marketing
            """
        #expect {
            _ = try DecisionLogLoader(plan: plan).load(text: log, file: "decisions.yaml")
        } throws: { error in
            "\(error)".contains(
                "decisions.yaml:3:14: error: expected a problem id like 'transition:mqls>sqls' (kinds: transition, stage_volume, sla, key_result, plan, forecast_risk) for 'problem', found 'transition:mqls->sqls'"
            )
        }
    }
}
