import Foundation
import Testing

@testable import Tandem

/// One bad input and the exact messages it must produce.
struct BadInput: CustomTestStringConvertible, Sendable {
    var name: String
    var text: String
    var messages: [String]
    var testDescription: String { name }
}

/// Edits of the small plan: each replaces `old` with `new` (or appends when `old` is empty).
enum BadInputs {
    static let plans: [BadInput] = [
        BadInput(
            name: "typo-field",
            text:
                "tandem: 1\nname: Small\ncycle: {start: 2026-07, end: 2026-12}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, traget: 600}\n",
            messages: [
                "plan.yaml:17:69: error: unknown field 'traget' in a key result; did you mean 'target'? (known: baseline, id, kind, metric, owners, phasing, target, title, weight)",
                "plan.yaml:17:9: error: missing required field 'target' in a key result",
            ]),
        BadInput(
            name: "unknown-metric",
            text:
                "tandem: 1\nname: Small\ncycle: {start: 2026-07, end: 2026-12}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls2, kind: increase_to, target: 600}\n",
            messages: [
                "plan.yaml:17:44: error: unknown metric 'sqls2'; did you mean 'sqls'? (known: arr, mqls, rate, sqls)"
            ]),
        BadInput(
            name: "duplicate-key",
            text:
                "tandem: 1\nname: Small\nname: Again\ncycle: {start: 2026-07, end: 2026-12}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600}\n",
            messages: [
                "plan.yaml:2:1: error: duplicate key 'name' in one mapping"
            ]),
        BadInput(
            name: "dup-team-id",
            text:
                "tandem: 1\nname: Small\ncycle: {start: 2026-07, end: 2026-12}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: marketing, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600}\n",
            messages: [
                "plan.yaml:6:10: error: duplicate team id 'marketing'",
                "plan.yaml:9:35: error: unknown team 'sales' (known: marketing)",
                "plan.yaml:10:49: error: unknown team 'sales' (known: marketing)",
                "plan.yaml:15:25: error: unknown team 'sales' (known: marketing)",
                "plan.yaml:17:9: error: unknown team 'sales' (known: marketing)",
            ]),
        BadInput(
            name: "missing-name",
            text:
                "tandem: 1\ncycle: {start: 2026-07, end: 2026-12}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600}\n",
            messages: [
                "plan.yaml:1:1: error: missing required field 'name' in the plan"
            ]),
        BadInput(
            name: "bad-period",
            text:
                "tandem: 1\nname: Small\ncycle: {start: 2026-07, end: 2026-13}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600}\n",
            messages: [
                "plan.yaml:3:30: error: expected a period like 2026-07 or 2026-Q3 for 'end', found '2026-13'"
            ]),
        BadInput(
            name: "self-formula",
            text:
                "tandem: 1\nname: Small\ncycle: {start: 2026-07, end: 2026-12}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: rate / mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600}\n",
            messages: [
                "plan.yaml:11:52: error: formula of metric 'rate' refers to itself"
            ]),
        BadInput(
            name: "formula-loop",
            text:
                "tandem: 1\nname: Small\ncycle: {start: 2026-07, end: 2026-12}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: other / mqls}\n  - {id: other, name: Other, formula: rate * 2}\nobjectives:\n  - id: grow\n    title: Grow\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600}\n",
            messages: [
                "plan.yaml:11:52: error: formulas refer to each other in a loop: rate → other → rate",
                "plan.yaml:12:39: error: formulas refer to each other in a loop: other → rate → other",
            ]),
        BadInput(
            name: "formula-syntax",
            text:
                "tandem: 1\nname: Small\ncycle: {start: 2026-07, end: 2026-12}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: sqls / (mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600}\n",
            messages: [
                "plan.yaml:11:64: error: expected ')' in formula"
            ]),
        BadInput(
            name: "baseline-eq-target",
            text:
                "tandem: 1\nname: Small\ncycle: {start: 2026-07, end: 2026-12}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, baseline: 600, target: 600}\n",
            messages: [
                "plan.yaml:17:92: error: target equals baseline (600): progress cannot be measured"
            ]),
        BadInput(
            name: "non-numeric-target",
            text:
                "tandem: 1\nname: Small\ncycle: {start: 2026-07, end: 2026-12}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: lots}\n",
            messages: [
                "plan.yaml:17:77: error: expected a number for 'target', found 'lots'"
            ]),
        BadInput(
            name: "nan-target",
            text:
                "tandem: 1\nname: Small\ncycle: {start: 2026-07, end: 2026-12}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: .nan}\n",
            messages: [
                "plan.yaml:17:77: error: expected a number for 'target', found '.nan'"
            ]),
        BadInput(
            name: "inf-target",
            text:
                "tandem: 1\nname: Small\ncycle: {start: 2026-07, end: 2026-12}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: inf}\n",
            messages: [
                "plan.yaml:17:77: error: expected a number for 'target', found 'inf'"
            ]),
        BadInput(
            name: "unknown-kind",
            text:
                "tandem: 1\nname: Small\ncycle: {start: 2026-07, end: 2026-12}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: grow_to, target: 600}\n",
            messages: [
                "plan.yaml:17:56: error: expected one of increase_to, decrease_to, stay_above, stay_below, milestone for 'kind', found 'grow_to'"
            ]),
        BadInput(
            name: "unknown-team-owner",
            text:
                "tandem: 1\nname: Small\ncycle: {start: 2026-07, end: 2026-12}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    owners: [marketing, salse]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600}\n",
            messages: [
                "plan.yaml:15:25: error: unknown team 'salse'; did you mean 'sales'? (known: marketing, sales)",
                "plan.yaml:17:9: error: unknown team 'salse'; did you mean 'sales'? (known: marketing, sales)",
            ]),
        BadInput(
            name: "parent-cycle",
            text:
                "tandem: 1\nname: Small\ncycle: {start: 2026-07, end: 2026-12}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    parent: other\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600}\n\n  - id: other\n    title: Other\n    parent: grow\n    owners: [sales]\n",
            messages: [
                "plan.yaml:15:13: error: objective 'grow' is its own ancestor through 'parent'",
                "plan.yaml:22:13: error: objective 'other' is its own ancestor through 'parent'",
            ]),
        BadInput(
            name: "unknown-parent",
            text:
                "tandem: 1\nname: Small\ncycle: {start: 2026-07, end: 2026-12}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    parent: nowhere\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600}\n",
            messages: [
                "plan.yaml:15:13: error: unknown objective 'nowhere' (known: grow)"
            ]),
        BadInput(
            name: "phasing-outside",
            text:
                "tandem: 1\nname: Small\ncycle: {start: 2026-07, end: 2026-12}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600, phasing: {2027-01: 100}}\n",
            messages: [
                "plan.yaml:17:92: error: period 2027-01 is outside the cycle 2026-07…2026-12"
            ]),
        BadInput(
            name: "wrong-version",
            text:
                "tandem: 2\nname: Small\ncycle: {start: 2026-07, end: 2026-12}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600}\n",
            messages: [
                "plan.yaml:1:9: error: plan schema version 2 is not supported; this Tandem reads version 1"
            ]),
        BadInput(
            name: "yaml-syntax",
            text:
                "tandem: 1\nname: Small\ncycle: {start: 2026-07, end: 2026-12}\nteams:\n  - {id: x, name: [\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600}\n",
            messages: [
                "plan.yaml:6:3: error: invalid YAML: did not find expected node content"
            ]),
        BadInput(
            name: "not-a-mapping", text: "- just\n- a list\n",
            messages: [
                "plan.yaml:1:1: error: expected the plan (a mapping of keys to values), found a list"
            ]),
        BadInput(
            name: "cycle-backwards",
            text:
                "tandem: 1\nname: Small\ncycle: {start: 2026-12, end: 2026-07}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600}\n",
            messages: [
                "plan.yaml:3:30: error: cycle ends (2026-07) before it starts (2026-12)"
            ]),
        BadInput(
            name: "sla-two-comparisons",
            text:
                "tandem: 1\nname: Small\ncycle: {start: 2026-07, end: 2026-12}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600}\nslas:\n  - {id: s, from: marketing, to: sales, metric: mqls, at_least: 600, at_most: 700}\n",
            messages: [
                "plan.yaml:19:5: error: an SLA needs exactly one of 'at_least' or 'at_most'"
            ]),
        BadInput(
            name: "sla-same-team",
            text:
                "tandem: 1\nname: Small\ncycle: {start: 2026-07, end: 2026-12}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600}\nslas:\n  - {id: s, from: sales, to: sales, metric: mqls, at_least: 600}\n",
            messages: [
                "plan.yaml:19:30: error: an SLA is between two different teams"
            ]),
        BadInput(
            name: "funnel-rate-over-100",
            text:
                "tandem: 1\nname: Small\ncycle: {start: 2026-07, end: 2026-12}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600}\nfunnel:\n  value_per_won: 1000\n  stages:\n    - {id: m, metric: mqls}\n    - {id: s, metric: sqls, rate: 140%}\n",
            messages: [
                "plan.yaml:22:35: error: planned conversion must be between 0.01% and 100%, found 140%"
            ]),
        BadInput(
            name: "tactic-unknown-stage",
            text:
                "tandem: 1\nname: Small\ncycle: {start: 2026-07, end: 2026-12}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600}\ntactics:\n  - {id: t, title: T, kind: content, owners: [marketing], stage: mqls}\n",
            messages: [
                "plan.yaml:19:66: error: tactic names stage 'mqls' but the plan has no funnel"
            ]),
        BadInput(
            name: "tactic-unknown-kr",
            text:
                "tandem: 1\nname: Small\ncycle: {start: 2026-07, end: 2026-12}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600}\ntactics:\n  - {id: t, title: T, kind: content, owners: [marketing], key_results: [kr-sql]}\n",
            messages: [
                "plan.yaml:19:73: error: unknown key result 'kr-sql'; did you mean 'kr-sqls'? (known: kr-sqls)"
            ]),
        BadInput(
            name: "rule-bad-op",
            text:
                "tandem: 1\nname: Small\ncycle: {start: 2026-07, end: 2026-12}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600}\nrules:\n  - {id: r, when: {all: [{metric: mqls, under: 5}]}, action: A, teams: [sales]}\n",
            messages: [
                "plan.yaml:19:41: error: unknown field 'under' in a condition (known: above, at_least, at_most, below, measure, metric, periods)",
                "plan.yaml:19:26: error: a condition needs exactly one of below, at_most, above, at_least",
            ]),
        BadInput(
            name: "decrease-wrong-way",
            text:
                "tandem: 1\nname: Small\ncycle: {start: 2026-07, end: 2026-12}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: decrease_to, baseline: 2, target: 5}\n",
            messages: [
                "plan.yaml:17:90: error: decrease_to target 5 is above the baseline 2; use increase_to"
            ]),
        BadInput(
            name: "empty", text: "",
            messages: [
                "plan.yaml: error: plan is empty"
            ]),
        BadInput(
            name: "weight-negative",
            text:
                "tandem: 1\nname: Small\ncycle: {start: 2026-07, end: 2026-12}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: currency, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600, weight: -1}\n",
            messages: [
                "plan.yaml:17:90: error: weight must be a positive number"
            ]),
        BadInput(
            name: "unknown-unit",
            text:
                "tandem: 1\nname: Small\ncycle: {start: 2026-07, end: 2026-12}\nteams:\n  - {id: marketing, name: Marketing}\n  - {id: sales, name: Sales}\nmetrics:\n  - {id: mqls, name: MQLs, owner: marketing}\n  - {id: sqls, name: SQLs, owner: sales}\n  - {id: arr, name: ARR, unit: dollars, owner: sales}\n  - {id: rate, name: Rate, unit: percent, formula: sqls / mqls}\nobjectives:\n  - id: grow\n    title: Grow\n    owners: [marketing, sales]\n    key_results:\n      - {id: kr-sqls, title: SQLs, metric: sqls, kind: increase_to, target: 600}\n",
            messages: [
                "plan.yaml:10:32: error: expected one of count, currency, percent, hours, days, ratio for 'unit', found 'dollars'"
            ]),
    ]

    static let csvs: [BadInput] = [
        BadInput(
            name: "field-count", text: "period,metric,value\n2026-07,mqls,5,extra\n",
            messages: [
                "actuals.csv:2:14: error: row has 4 fields but the header has 3"
            ]),
        BadInput(
            name: "unterminated", text: "period,metric,value\n2026-07,mqls,\"5\n",
            messages: [
                "actuals.csv:2:14: error: unterminated quoted field (the quote opened here is never closed)"
            ]),
        BadInput(
            name: "unknown-metric", text: "period,metric,value\n2026-07,sqls2,5\n",
            messages: [
                "actuals.csv:2:9: error: unknown metric 'sqls2'; did you mean 'sqls'? (known: battlecards_live, content_assets, follow_up_rate, leads, mql_to_sql, mqls, mqls_followed_4h, new_arr, opportunities, pipeline, speed_to_lead, sqls, …)"
            ]),
        BadInput(
            name: "unknown-wide-column", text: "period,leads,mqlz\n2026-07,5,6\n",
            messages: [
                "actuals.csv:1:14: error: unknown metric 'mqlz'; did you mean 'mqls'? (known: battlecards_live, content_assets, follow_up_rate, leads, mql_to_sql, mqls, mqls_followed_4h, new_arr, opportunities, pipeline, speed_to_lead, sqls, …)"
            ]),
        BadInput(
            name: "inf", text: "period,metric,value\n2026-07,mqls,inf\n",
            messages: [
                "actuals.csv:2:14: error: expected a number in 'value' (metric 'mqls', unit count), found 'inf'"
            ]),
        BadInput(
            name: "nan", text: "period,metric,value\n2026-07,mqls,NaN\n",
            messages: [
                "actuals.csv:2:14: error: expected a number in 'value' (metric 'mqls', unit count), found 'NaN'"
            ]),
        BadInput(
            name: "hex", text: "period,metric,value\n2026-07,mqls,0x1p3\n",
            messages: [
                "actuals.csv:2:14: error: expected a number in 'value' (metric 'mqls', unit count), found '0x1p3'"
            ]),
        BadInput(
            name: "text-number", text: "period,metric,value\n2026-07,mqls,twelve\n",
            messages: [
                "actuals.csv:2:14: error: expected a number in 'value' (metric 'mqls', unit count), found 'twelve'"
            ]),
        BadInput(
            name: "duplicate", text: "period,metric,value\n2026-07,mqls,5\n2026-07,mqls,6\n",
            messages: [
                "actuals.csv:3:14: error: duplicate observation for 2026-07 mqls (first at line 2); use --sum-duplicates to add them up"
            ]),
        BadInput(
            name: "bad-period", text: "period,metric,value\nJuly 2026,mqls,5\n",
            messages: [
                "actuals.csv:2:1: error: expected a period like 2026-07 or 2026-Q3 in 'period', found 'July 2026'"
            ]),
        BadInput(
            name: "quarter-period", text: "period,metric,value\n2026-Q3,mqls,5\n",
            messages: [
                "actuals.csv:2:1: error: period 2026-Q3 is a quarter but the plan's cycle is in months"
            ]),
        BadInput(
            name: "derived", text: "period,metric,value\n2026-07,mql_to_sql,40%\n",
            messages: [
                "actuals.csv:2:9: error: metric 'mql_to_sql' is derived (sqls / mqls) and computed by Tandem; leave it out of the actuals"
            ]),
        BadInput(
            name: "currency-in-count", text: "period,metric,value\n2026-07,mqls,$5\n",
            messages: [
                "actuals.csv:2:14: error: a currency symbol is only allowed in a currency metric in 'value' (metric 'mqls', unit count), found '$5'"
            ]),
        BadInput(
            name: "percent-in-count", text: "period,metric,value\n2026-07,mqls,5%\n",
            messages: [
                "actuals.csv:2:14: error: '%' is only allowed in a percent or ratio metric in 'value' (metric 'mqls', unit count), found '5%'"
            ]),
        BadInput(
            name: "unknown-team", text: "period,metric,value,team\n2026-07,mqls,5,markting\n",
            messages: [
                "actuals.csv:2:16: error: unknown team 'markting'; did you mean 'marketing'? (known: marketing, sales)"
            ]),
        BadInput(
            name: "no-period-col", text: "month,metric,value\n2026-07,mqls,5\n",
            messages: [
                "actuals.csv:1:1: error: the header has no 'period' column (found: month, metric, value)"
            ]),
        BadInput(
            name: "stray-quote", text: "period,metric,value\n2026-07,mq\"ls,5\n",
            messages: [
                "actuals.csv:2:11: error: a quote inside an unquoted field; quote the whole field and double inner quotes"
            ]),
        BadInput(
            name: "after-quote", text: "period,metric,value\n2026-07,\"mqls\"x,5\n",
            messages: [
                "actuals.csv:2:15: error: unexpected text after a closing quote; quote the whole field and double inner quotes"
            ]),
        BadInput(
            name: "thousands-unconfigured", text: "period,metric,value\n2026-07,mqls,\"1,200\"\n",
            messages: [
                "actuals.csv:2:15: error: expected a number (for digit grouping like 1,200 set a thousands separator) in 'value' (metric 'mqls', unit count), found '1,200'"
            ]),
        BadInput(
            name: "empty", text: "",
            messages: [
                "actuals.csv: error: the file is empty; expected a header such as period,metric,value"
            ]),
        BadInput(
            name: "long-missing-value", text: "period,metric,team\n2026-07,mqls,sales\n",
            messages: [
                "actuals.csv:1:1: error: a long-format header needs both 'metric' and 'value' columns (found: period, metric, team)"
            ]),
        BadInput(
            name: "dup-header", text: "period,leads,leads\n2026-07,1,2\n",
            messages: [
                "actuals.csv:1:14: error: column 'leads' appears twice in the header"
            ]),
    ]
}

@Suite struct BadInputTests {
    @Test(arguments: BadInputs.plans)
    func badPlanIsRejectedWithItsMessages(_ input: BadInput) {
        #expect(throws: InputError.self) { _ = try PlanLoader().load(text: input.text, file: "plan.yaml") }
        do {
            _ = try PlanLoader().load(text: input.text, file: "plan.yaml")
        } catch {
            #expect(error.diagnostics.map(\.description) == input.messages)
        }
    }

    @Test(arguments: BadInputs.csvs)
    func badActualsAreRejectedWithTheirMessages(_ input: BadInput) throws {
        let plan = try PlanLoader().load(contentsOf: Fixtures.examplePlan)
        #expect(throws: InputError.self) {
            _ = try ActualsLoader(plan: plan).load(csv: input.text, file: "actuals.csv")
        }
        do {
            _ = try ActualsLoader(plan: plan).load(csv: input.text, file: "actuals.csv")
        } catch {
            #expect(error.diagnostics.map(\.description) == input.messages)
        }
    }

    @Test func tableHasAtLeastThirtyCases() {
        #expect(BadInputs.plans.count + BadInputs.csvs.count >= 30)
    }
}
