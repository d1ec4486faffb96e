/// The playbook: the built-in rules and the plan's own, run over the computed facts, and the
/// agenda they make: one item per problem, its impact counted once, the rules' actions as its
/// options.
enum Playbook {
    /// Every built-in rule, one family per file, in the order they run.
    static let builtIn: [PlaybookRule] =
        reasonRules + funnelRules + pipelineRules + slaRules + keyResultRules + healthRules

    /// The agenda and the flat list of its actions.
    static func run(_ facts: ReviewFacts) -> (agenda: [Problem], adjustments: [Adjustment]) {
        let rules = builtIn + facts.plan.rules.map(planRule)
        var problems: [Problem] = []
        var position: [ProblemID: Int] = [:]
        var rationales: [ProblemID: [String]] = [:]
        var fromPlan: [ProblemID: [Bool]] = [:]
        for rule in rules {
            for proposal in rule.evaluate(facts) {
                let id = proposal.problem.id
                let p: Int
                if let known = position[id] {
                    p = known
                } else {
                    p = problems.count
                    position[id] = p
                    problems.append(proposal.problem)
                }
                // One action per rule and problem.
                guard !problems[p].actions.contains(where: { $0.rule == rule.id }) else { continue }
                problems[p].actions.append(
                    ProblemAction(
                        rule: rule.id, title: rule.title, teams: ordered(proposal.teams, facts.teamRank),
                        action: proposal.action, priority: proposal.priority ?? rule.priority))
                rationales[id, default: []].append(proposal.rationale)
                fromPlan[id, default: []].append(rule.fromPlan)
            }
        }
        // The actions of a problem: highest priority first, then in rule order.
        for p in problems.indices {
            let id = problems[p].id
            let order = problems[p].actions.indices.sorted {
                (problems[p].actions[$0].priority, $0) < (problems[p].actions[$1].priority, $1)
            }
            problems[p].actions = order.map { problems[p].actions[$0] }
            rationales[id] = order.map { rationales[id]![$0] }
            fromPlan[id] = order.map { fromPlan[id]![$0] }
        }
        let kindOrder: [Problem.Kind] = [.transition, .stageVolume, .sla, .keyResult, .forecastRisk, .plan]
        func rank(_ p: Problem) -> (Double, Int, Int) {
            (
                -(p.impact.revenue ?? -1), p.actions.map(\.priority).min() ?? 3,
                kindOrder.firstIndex(of: p.kind) ?? kindOrder.count
            )
        }
        var agenda = problems.indices.sorted { a, b in
            let ra = rank(problems[a])
            let rb = rank(problems[b])
            return ra != rb ? ra < rb : a < b
        }.map { problems[$0] }
        capToRevenueGap(&agenda, facts)
        propose(&agenda, facts)
        var adjustments: [Adjustment] = []
        for problem in agenda {
            for (n, action) in problem.actions.enumerated() {
                adjustments.append(
                    Adjustment(
                        rule: action.rule, title: action.title, teams: action.teams,
                        rationale: rationales[problem.id]![n], action: action.action, priority: action.priority,
                        fromPlan: fromPlan[problem.id]![n], problem: problem.id))
            }
        }
        return (agenda, adjustments)
    }

    /// The priced impacts, in agenda order, add up to at most the revenue still to book: a later
    /// problem gets what is left.
    static func capToRevenueGap(_ agenda: inout [Problem], _ facts: ReviewFacts) {
        guard let gap = facts.revenueGap, let value = facts.pricing?.valuePerWon, value > 0 else { return }
        var left = gap
        for i in agenda.indices {
            guard let revenue = agenda[i].impact.revenue else { continue }
            if revenue > left {
                agenda[i].impact.revenue = left
                agenda[i].impact.won = left / value
                agenda[i].impact.description += cappedWords(left, gap: gap, facts)
            }
            left -= agenda[i].impact.revenue ?? 0
        }
    }

    /// The plan's teams first, in plan order (`rank`: each plan team's position), then any
    /// others in their order; each team once.
    static func ordered(_ teams: [TeamID], _ rank: [TeamID: Int]) -> [TeamID] {
        if teams.count <= 1 { return teams }
        var seen = Set<TeamID>()
        let unique = teams.filter { seen.insert($0).inserted }
        let known = unique.filter { rank[$0] != nil }.sorted { rank[$0]! < rank[$1]! }
        return known + unique.filter { rank[$0] == nil }
    }

    /// Fell in each of the last three periods (or mature cohorts), by more than the on-track
    /// tolerance of the plan rate overall, and by more than the sizes behind the rates explain:
    /// the first and last of the three differ by at least 1.645 standard errors of a binomial
    /// share (one-sided, 5 %) when the entrants behind them are known. A win rate read from 200
    /// deals a month moves by three points by chance; that is not a slide.
    static func falling(_ t: TransitionReview, _ facts: ReviewFacts) -> Bool {
        let rates = t.judgedRates
        let last = rates.suffix(3)
        guard last.count == 3, last.allSatisfy({ $0 != nil }) else { return false }
        let v = last.map { $0! }
        guard v[0] > v[1] && v[1] > v[2] && v[0] - v[2] >= t.plannedRate * facts.plan.tolerance.onTrack else {
            return false
        }
        let sizes = facts.entrants(t).suffix(3)
        guard sizes.count == 3, let n0 = sizes.first ?? nil, let n2 = sizes.last ?? nil, n0 > 0, n2 > 0 else {
            return true
        }
        let pooled = (v[0] * n0 + v[2] * n2) / (n0 + n2)
        let se = (pooled * (1 - pooled) * (1 / n0 + 1 / n2)).squareRoot()
        return se == 0 || (v[0] - v[2]) / se >= 1.645
    }
}
