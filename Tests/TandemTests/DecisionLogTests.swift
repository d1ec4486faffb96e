import Foundation
import Testing

@testable import Tandem

/// A decision log with one entry; `entry` replaces the entry's lines.
private func log(_ entry: String) -> String {
    "# decisions\ntandem: 1\ndecisions:\n" + entry
}

private let goodEntry = """
      - period: 2026-10
        problem: transition:mqls>sqls
        decision: accepted
        owner: marketing
        due: 2026-11

    """

@Suite struct DecisionLogTests {
    let plan: Plan

    init() throws { plan = try PlanLoader().load(contentsOf: Fixtures.examplePlan) }

    @Test func readsTheExampleLog() throws {
        let url = Fixtures.root.appendingPathComponent("Examples/Brightwell/decisions.yaml")
        let log = try DecisionLogLoader(plan: plan).load(contentsOf: url)
        #expect(log.decisions.count == 5)
        let lead = try #require(log.decisions.first { $0.problem == "transition:mqls>sqls" })
        #expect(lead.period == .month(2026, 10))
        #expect(lead.verdict == .accepted)
        #expect(lead.action == "lead-quality")
        #expect(lead.owner == "marketing")
        #expect(lead.due == DueDate(period: .month(2026, 11)))
        #expect(lead.tactics == ["t-case-studies"])
        let speed = try #require(log.decisions.first { $0.problem == "key_result:kr-speed" })
        #expect(speed.done == DueDate(period: .month(2026, 10), day: 20))
        #expect(log.decisions.map(\.verdict) == [.accepted, .deferred, .accepted, .accepted, .declined])
    }

    @Test func dueDatesParse() {
        #expect(DueDate(parsing: "2026-12-15")?.description == "2026-12-15")
        #expect(DueDate(parsing: "2026-12")?.day == nil)
        #expect(DueDate(parsing: "2026-Q4")?.period == .quarter(2026, 4))
        #expect(DueDate(parsing: "2026-02-29") == nil)
        #expect(DueDate(parsing: "2028-02-29")?.day == 29)
        #expect(DueDate(parsing: "2026-12-15")?.period(as: .quarter) == .quarter(2026, 4))
        #expect(DueDate(parsing: "15/12/2026") == nil)
    }

    static let bad: [BadInput] = [
        BadInput(
            name: "unknown-field",
            text: log(goodEntry.replacingOccurrences(of: "    due:", with: "    deu:")),
            messages: [
                "decisions.yaml:8:5: error: unknown field 'deu' in a decision (known: action, decision, done, due, note, owner, period, problem, tactics)"
            ]),
        BadInput(
            name: "missing-owner",
            text: log(goodEntry.replacingOccurrences(of: "    owner: marketing\n", with: "")),
            messages: ["decisions.yaml:4:5: error: missing required field 'owner' in a decision"]),
        BadInput(
            name: "bad-verdict",
            text: log(goodEntry.replacingOccurrences(of: "accepted", with: "approved")),
            messages: [
                "decisions.yaml:6:15: error: expected one of accepted, declined, deferred for 'decision', found 'approved'"
            ]),
        BadInput(
            name: "bad-period",
            text: log(goodEntry.replacingOccurrences(of: "period: 2026-10", with: "period: October")),
            messages: [
                "decisions.yaml:4:13: error: expected a period like 2026-07 or 2026-Q3 for 'period', found 'October'"
            ]),
        BadInput(
            name: "bad-due",
            text: log(goodEntry.replacingOccurrences(of: "due: 2026-11", with: "due: 2026-11-31")),
            messages: [
                "decisions.yaml:8:10: error: expected a period like 2026-12 or a day like 2026-12-15 for 'due', found '2026-11-31'"
            ]),
        BadInput(
            name: "due-before-meeting",
            text: log(goodEntry.replacingOccurrences(of: "due: 2026-11", with: "due: 2026-09-30")),
            messages: ["decisions.yaml:8:10: error: due 2026-09-30 is before the meeting's period 2026-10"]),
        BadInput(
            name: "problem-kind",
            text: log(goodEntry.replacingOccurrences(of: "transition:mqls>sqls", with: "funnel:mqls")),
            messages: [
                "decisions.yaml:5:14: error: expected a problem id like 'transition:mqls>sqls' (kinds: transition, stage_volume, sla, key_result, plan, forecast_risk) for 'problem', found 'funnel:mqls'"
            ]),
        BadInput(
            name: "unknown-transition",
            text: log(goodEntry.replacingOccurrences(of: "mqls>sqls", with: "mqls>won")),
            messages: [
                "decisions.yaml:5:14: error: unknown transition 'mqls>won' (known: leads>mqls, mqls>sqls, opportunities>won, sqls>opportunities)"
            ]),
        BadInput(
            name: "unknown-key-result",
            text: log(goodEntry.replacingOccurrences(of: "transition:mqls>sqls", with: "key_result:kr-sql")),
            messages: [
                "decisions.yaml:5:14: error: unknown key result 'kr-sql'; did you mean 'kr-sqls'? (known: kr-arr, kr-battlecards, kr-content, kr-follow-up, kr-mql-sql, kr-mqls, kr-pipeline, kr-speed, kr-sqls, kr-win-rate, kr-won)"
            ]),
        BadInput(
            name: "unknown-owner-and-tactic",
            text: log(
                goodEntry.replacingOccurrences(of: "owner: marketing", with: "owner: marketting")
                    + "    tactics: [t-case-study]\n"),
            messages: [
                "decisions.yaml:7:12: error: unknown team 'marketting'; did you mean 'marketing'? (known: marketing, sales)",
                "decisions.yaml:9:15: error: unknown tactic 't-case-study'; did you mean 't-case-studies'? (known: t-abm, t-battlecards, t-case-studies, t-cfo-webinars, t-nurture, t-proposal, t-roi-guide)",
            ]),
        BadInput(
            name: "unknown-rule",
            text: log(goodEntry + "    action: lead-qualty\n"),
            messages: [
                "decisions.yaml:9:13: error: unknown rule 'lead-qualty'; did you mean 'lead-quality'? (known: content-gap, conversion-slide, data-gap, kr-without-tactic, lead-quality, metric-owner, mql-quality-review, not-now-leads, plan-arithmetic, pushed-deals, revenue-gap, run-rate-gap, …)"
            ]),
        BadInput(
            name: "done-when-declined",
            text: log(goodEntry.replacingOccurrences(of: "accepted", with: "declined") + "    done: 2026-11\n"),
            messages: ["decisions.yaml:9:11: error: only an accepted decision can be done; this one is declined"]),
        BadInput(
            name: "outside-cycle",
            text: log(
                goodEntry.replacingOccurrences(of: "period: 2026-10", with: "period: 2027-02").replacingOccurrences(
                    of: "due: 2026-11", with: "due: 2027-03")),
            messages: ["decisions.yaml:4:13: error: period 2027-02 is outside the cycle 2026-07…2026-12"]),
        BadInput(
            name: "version",
            text: "tandem: 2\ndecisions:\n",
            messages: [
                "decisions.yaml:1:9: error: decision log schema version 2 is not supported; this Tandem reads version 1"
            ]),
        BadInput(
            name: "not-a-list",
            text: "tandem: 1\ndecisions: accepted\n",
            messages: ["decisions.yaml:2:12: error: expected a list of decisions, found 'accepted'"]),
        BadInput(
            name: "yaml-syntax",
            text: "tandem: 1\ndecisions:\n  - period: 2026-10\n    problem: [oops\n",
            messages: [
                "decisions.yaml:5:1: error: invalid YAML: did not find expected ',' or ']'"
            ]),
    ]

    @Test(arguments: bad) func badLogsGetCompilerStyleErrors(_ input: BadInput) {
        do {
            _ = try DecisionLogLoader(plan: plan).load(text: input.text, file: "decisions.yaml")
            Issue.record("\(input.name) was accepted")
        } catch {
            #expect(error.diagnostics.map(\.description) == input.messages)
        }
    }

    @Test func appendingKeepsCommentsAndOrder() throws {
        let url = Fixtures.root.appendingPathComponent("Examples/Brightwell/decisions.yaml")
        let original = try String(contentsOf: url, encoding: .utf8)
        let entry = Decision(
            period: .month(2026, 11), problem: "transition:mqls>sqls", verdict: .accepted, action: "lead-quality",
            owner: "marketing", due: DueDate(parsing: "2026-12-15"), note: "raise score threshold to 65: \"now\"",
            tactics: ["t-case-studies"])
        let loader = DecisionLogLoader(plan: plan)
        let updated = try loader.appending(entry, to: original)
        #expect(updated.hasPrefix(original))
        #expect(
            String(updated.dropFirst(original.count)) == """
                  - period: 2026-11
                    problem: "transition:mqls>sqls"
                    decision: accepted
                    action: lead-quality
                    owner: marketing
                    due: 2026-12-15
                    note: "raise score threshold to 65: \\"now\\""
                    tactics: [t-case-studies]

                """)
        let log = try loader.load(text: updated)
        #expect(log.decisions.count == 6)
        #expect(log.decisions.last == entry)
        // An empty log (as `tandem init` writes it) takes its first entry.
        let first = try loader.appending(entry, to: "# log\ntandem: 1\ndecisions:\n# nothing yet\n")
        #expect(try loader.load(text: first).decisions == [entry])
        // Without a decisions section, one is added.
        #expect(try loader.load(text: loader.appending(entry, to: "tandem: 1")).decisions == [entry])
    }

    @Test func appendingRefusesWhatItCannotKeep() throws {
        let loader = DecisionLogLoader(plan: plan)
        let entry = Decision(period: .month(2026, 11), problem: "sla:sla-speed", verdict: .deferred, owner: "sales")
        // An empty flow list becomes a block list; a non-empty one cannot take a block entry.
        #expect(
            try loader.appending(entry, to: "tandem: 1\ndecisions: []  # none yet\n")
                == "tandem: 1\ndecisions:  # none yet\n  - period: 2026-11\n    problem: \"sla:sla-speed\"\n    decision: deferred\n    owner: sales\n"
        )
        #expect(throws: InputError.self) {
            try loader.appending(
                entry,
                to:
                    "tandem: 1\ndecisions: [{period: 2026-11, problem: plan:revenue, decision: deferred, owner: sales}]\n"
            )
        }
        #expect(throws: InputError.self) { try loader.appending(entry, to: "decisions:\ntandem: 1\n") }
        do {
            _ = try loader.appending(
                Decision(period: .month(2026, 11), problem: "sla:sla-sped", verdict: .deferred, owner: "sales"),
                to: "tandem: 1\ndecisions:\n")
            Issue.record("an unknown SLA was appended")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "decisions.yaml: error: new entry: unknown SLA 'sla-sped'; did you mean 'sla-speed'? (known: sla-follow-up, sla-mql-volume, sla-speed)"
                ])
        }
    }
}
