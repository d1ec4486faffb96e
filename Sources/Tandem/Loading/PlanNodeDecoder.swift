import Yams

/// Walks a composed YAML/JSON node tree into a ``Plan``, collecting every problem with its mark
/// and remembering where each key path stands so semantic problems can be located too.
final class PlanNodeDecoder {
    let file: String
    let lines: [Substring]
    private(set) var diagnostics: [Diagnostic] = []
    var marks: [String: Mark] = [:]
    private let numbers = NumberParser(format: NumberFormat(thousandsSeparator: ","), scaleSuffixes: true)
    /// The plan's currency, once read: the only one its amounts may name.
    private var currency = Currency.usd
    /// Each metric's unit, once the metrics are read: what values of that metric may carry.
    private var units: [String: MetricUnit] = [:]

    init(file: String, lines: [Substring]) {
        self.file = file
        self.lines = lines
    }

    // MARK: Diagnostics

    func report(_ code: Diagnostic.Code, _ message: String, at mark: Mark?, field: String?, columnOffset: Int = 0) {
        guard diagnostics.count < 200 else { return }
        let line = mark?.line
        let source = line.flatMap { $0 >= 1 && $0 <= lines.count ? String(lines[$0 - 1]) : nil }
        diagnostics.append(
            Diagnostic(
                code: code, message: message, file: file, line: line, column: mark.map { $0.column + columnOffset },
                field: field, sourceLine: source))
    }

    /// Locates a semantic problem at its key path, or the nearest enclosing one that was seen.
    func diagnostic(for problem: PlanProblem) -> Diagnostic {
        var path = problem.path
        var mark = marks[path]
        while mark == nil, let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) {
            path = String(path[..<cut])
            mark = marks[path]
        }
        let line = mark?.line
        let source = line.flatMap { $0 >= 1 && $0 <= lines.count ? String(lines[$0 - 1]) : nil }
        return Diagnostic(
            problem.severity, code: problem.code, message: problem.message, file: file, line: line,
            column: mark?.column, field: problem.path, sourceLine: source)
    }

    // MARK: Structure

    struct Fields {
        let node: Node
        let path: String
        let pairs: [(key: String, keyNode: Node, value: Node)]
        func value(_ key: String) -> Node? { pairs.first { $0.key == key }?.value }
        func has(_ key: String) -> Bool { pairs.contains { $0.key == key } }
        func sub(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
    }

    /// The node as a mapping whose keys are all among `allowed`, or `nil` after reporting.
    func fields(_ node: Node, _ path: String, what: String, allowed: [String], required: [String]) -> Fields? {
        marks[path] = node.mark
        guard case .mapping(let mapping) = node else {
            report(
                .wrongType, "expected \(what) (a mapping of keys to values), found \(describe(node))", at: node.mark,
                field: path)
            return nil
        }
        var pairs: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                report(.wrongType, "expected a key name, found \(describe(keyNode))", at: keyNode.mark, field: path)
                continue
            }
            let key = scalar.string
            let sub = path.isEmpty ? key : "\(path).\(key)"
            marks[sub] = value.mark
            if !allowed.contains(key) {
                report(
                    .unknownField, "unknown field '\(key)' in \(what)\(suggestion(key, among: allowed))",
                    at: keyNode.mark, field: sub)
                continue
            }
            pairs.append((key, keyNode, value))
        }
        let result = Fields(node: node, path: path, pairs: pairs)
        for key in required where !result.has(key) {
            report(.missingField, "missing required field '\(key)' in \(what)", at: node.mark, field: result.sub(key))
        }
        return result
    }

    func list(_ node: Node?, _ path: String, what: String) -> [Node] {
        guard let node else { return [] }
        marks[path] = node.mark
        switch node {
        case .sequence(let sequence): return Array(sequence)
        case .scalar(let scalar) where scalar.style == .plain && ["", "null", "~"].contains(scalar.string): return []
        default:
            report(.wrongType, "expected a list of \(what), found \(describe(node))", at: node.mark, field: path)
            return []
        }
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return scalar.string.isEmpty ? "nothing" : "'\(scalar.string.prefix(40))'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    // MARK: Scalars

    func string(_ f: Fields, _ key: String, required: Bool = false) -> String? {
        guard let node = f.value(key) else { return nil }
        guard case .scalar(let scalar) = node, !(scalar.style == .plain && scalar.string.isEmpty && required) else {
            report(.wrongType, "expected text for '\(key)', found \(describe(node))", at: node.mark, field: f.sub(key))
            return nil
        }
        if required && scalar.string.unicodeScalars.allSatisfy(\.properties.isWhitespace) {
            report(.invalidValue, "'\(key)' must not be empty", at: node.mark, field: f.sub(key))
            return nil
        }
        return scalar.string
    }

    func number(_ f: Fields, _ key: String, _ rules: NumberRules) -> Double? {
        guard let node = f.value(key) else { return nil }
        return number(node, f.sub(key), name: key, rules)
    }

    /// The rules for a value of `metric`; lenient for an unknown metric (reported elsewhere).
    func rules(for metric: String) -> NumberRules {
        units[metric].map { NumberRules.unit($0, currency: currency) }
            ?? NumberRules(currency: currency, percent: true, exponent: true)
    }

    /// An amount of money in the plan's currency.
    var money: NumberRules { NumberRules(currency: currency, percent: false, exponent: true) }

    func number(_ node: Node, _ path: String, name: String, _ rules: NumberRules) -> Double? {
        guard case .scalar(let scalar) = node else {
            report(.wrongType, "expected a number for '\(name)', found \(describe(node))", at: node.mark, field: path)
            return nil
        }
        switch numbers.parse(scalar.string, rules) {
        case .value(let v): return v
        case .missing:
            report(.invalidNumber, "expected a number for '\(name)', found nothing", at: node.mark, field: path)
        case .invalid(let why):
            report(
                .invalidNumber, "\(why) for '\(name)', found '\(scalar.string.prefix(40))'", at: node.mark, field: path)
        }
        return nil
    }

    func integer(_ f: Fields, _ key: String) -> Int? {
        guard let node = f.value(key) else { return nil }
        guard case .scalar(let scalar) = node, let value = Int(scalar.string.trimmingCharacters(in: .whitespaces))
        else {
            report(
                .invalidNumber, "expected a whole number for '\(key)', found \(describe(node))", at: node.mark,
                field: f.sub(key))
            return nil
        }
        return value
    }

    func period(_ f: Fields, _ key: String) -> Period? {
        guard let node = f.value(key) else { return nil }
        return period(node, f.sub(key), name: key)
    }

    func period(_ node: Node, _ path: String, name: String) -> Period? {
        guard case .scalar(let scalar) = node,
            let period = Period(parsing: scalar.string.trimmingCharacters(in: .whitespaces))
        else {
            report(
                .invalidValue, "expected a period like 2026-07 or 2026-Q3 for '\(name)', found \(describe(node))",
                at: node.mark, field: path)
            return nil
        }
        return period
    }

    func choice<T>(_ f: Fields, _ key: String, _ options: [(String, T)]) -> T? {
        guard let node = f.value(key) else { return nil }
        let names = options.map(\.0)
        guard case .scalar(let scalar) = node, let match = options.first(where: { $0.0 == scalar.string }) else {
            let found = describe(node)
            report(
                .invalidValue, "expected one of \(names.joined(separator: ", ")) for '\(key)', found \(found)",
                at: node.mark, field: f.sub(key))
            return nil
        }
        return match.1
    }

    /// One id or a list of ids.
    func ids(_ f: Fields, _ key: String) -> [String]? {
        guard let node = f.value(key) else { return nil }
        let path = f.sub(key)
        if case .scalar(let scalar) = node {
            return scalar.string.isEmpty ? [] : [scalar.string]
        }
        var out: [String] = []
        for (i, item) in list(node, path, what: "ids").enumerated() {
            marks["\(path)[\(i)]"] = item.mark
            guard case .scalar(let scalar) = item else {
                report(
                    .wrongType, "expected an id in '\(key)', found \(describe(item))", at: item.mark,
                    field: "\(path)[\(i)]")
                continue
            }
            out.append(scalar.string)
        }
        return out
    }

    // MARK: The plan

    func decodePlan(_ root: Node) -> Plan? {
        let keys = [
            "tandem", "name", "currency", "cycle", "tolerance", "teams", "metrics", "objectives", "funnel",
            "slas", "tactics", "rules", "records", "review", "mail",
        ]
        guard
            let top = fields(
                root, "", what: "the plan", allowed: keys, required: ["tandem", "name", "cycle", "teams", "metrics"])
        else { return nil }
        if let versionNode = top.value("tandem") {
            if let version = integer(top, "tandem"), version != Plan.schemaVersion {
                report(
                    .unsupportedVersion,
                    "plan schema version \(version) is not supported; this Tandem reads version \(Plan.schemaVersion)",
                    at: versionNode.mark, field: "tandem")
            }
        }
        let name = string(top, "name", required: true) ?? ""
        var currency = Currency.usd
        if let node = top.value("currency") {
            if case .scalar(let scalar) = node {
                let code = scalar.string.uppercased()
                if code.count == 3, code.allSatisfy(\.isLetter) {
                    currency = Currency(code: code)
                } else {
                    report(
                        .invalidValue,
                        "expected a 3-letter currency code like USD for 'currency', found '\(scalar.string)'",
                        at: node.mark, field: "currency")
                }
            } else if let f = fields(
                node, "currency", what: "a currency", allowed: ["code", "symbol"], required: ["code"])
            {
                currency = Currency(code: string(f, "code", required: true)?.uppercased() ?? "USD")
                if let symbol = string(f, "symbol") { currency.symbol = symbol }
            }
        }
        self.currency = currency
        var cycle = Cycle(name: "", start: .month(2000, 1), end: .month(2000, 1))
        var cycleOK = false
        if let node = top.value("cycle"),
            let f = fields(
                node, "cycle", what: "the cycle", allowed: ["name", "start", "end"], required: ["start", "end"])
        {
            let start = period(f, "start")
            let end = period(f, "end")
            if let start, let end {
                cycle = Cycle(name: string(f, "name") ?? "\(start)…\(end)", start: start, end: end)
                cycleOK = true
            }
        }
        var tolerance = Tolerance()
        if let node = top.value("tolerance"),
            let f = fields(node, "tolerance", what: "the tolerance", allowed: ["on_track", "at_risk"], required: [])
        {
            if let v = number(f, "on_track", .fraction) { tolerance.onTrack = v }
            if let v = number(f, "at_risk", .fraction) { tolerance.atRisk = v }
        }
        var recentPeriods = 3
        var forecastLevel = Forecasting.defaultLevel
        if let node = top.value("review"),
            let f = fields(
                node, "review", what: "the review settings", allowed: ["recent_periods", "forecast_level"], required: []
            )
        {
            if let v = integer(f, "recent_periods") { recentPeriods = v }
            if let v = number(f, "forecast_level", .fraction) {
                if v >= 0.5 && v <= 0.99 {
                    forecastLevel = v
                } else {
                    report(
                        .invalidNumber,
                        "expected a level between 0.5 and 0.99 (e.g. 0.8 or 80%) for 'forecast_level', found \(v)",
                        at: f.value("forecast_level")?.mark, field: f.sub("forecast_level"))
                }
            }
        }
        let teams = list(top.value("teams"), "teams", what: "teams").enumerated().compactMap {
            team($1, "teams[\($0)]")
        }
        let metrics = list(top.value("metrics"), "metrics", what: "metrics").enumerated().compactMap {
            metric($1, "metrics[\($0)]")
        }
        units = Dictionary(metrics.map { ($0.id.rawValue, $0.unit) }) { first, _ in first }
        let objectives = list(top.value("objectives"), "objectives", what: "objectives").enumerated().compactMap {
            objective($1, "objectives[\($0)]")
        }
        let funnel = top.value("funnel").flatMap { self.funnel($0, "funnel") }
        let slas = list(top.value("slas"), "slas", what: "SLAs").enumerated().compactMap { sla($1, "slas[\($0)]") }
        let tactics = list(top.value("tactics"), "tactics", what: "tactics").enumerated().compactMap {
            tactic($1, "tactics[\($0)]")
        }
        let rules = list(top.value("rules"), "rules", what: "rules").enumerated().compactMap {
            rule($1, "rules[\($0)]")
        }
        let records = top.value("records").flatMap { self.records($0, "records") }
        guard cycleOK else { return nil }
        var plan = Plan(
            name: name, cycle: cycle, currency: currency, tolerance: tolerance, teams: teams, metrics: metrics,
            objectives: objectives, funnel: funnel, slas: slas, tactics: tactics, rules: rules, records: records,
            recentPeriods: recentPeriods)
        plan.forecastLevel = forecastLevel
        return plan
    }

    func team(_ node: Node, _ path: String) -> Team? {
        guard let f = fields(node, path, what: "a team", allowed: ["id", "name"], required: ["id"]),
            let id = string(f, "id", required: true)
        else { return nil }
        return Team(id: TeamID(id), name: string(f, "name") ?? id)
    }

    func metric(_ node: Node, _ path: String) -> Metric? {
        let keys = ["id", "name", "unit", "direction", "rollup", "owner", "formula"]
        guard let f = fields(node, path, what: "a metric", allowed: keys, required: ["id"]),
            let id = string(f, "id", required: true)
        else { return nil }
        let unit = choice(f, "unit", MetricUnit.builtIn.map { ($0.rawValue, $0) }) ?? .count
        var metric = Metric(id: MetricID(id), name: string(f, "name") ?? id, unit: unit)
        metric.direction = choice(f, "direction", Direction.allCases.map { ($0.rawValue, $0) }) ?? .higherIsBetter
        metric.rollup =
            choice(f, "rollup", Rollup.allCases.map { ($0.rawValue, $0) })
            ?? (unit == .count || unit == .currency ? .sum : .average)
        metric.owner = string(f, "owner").map { TeamID($0) }
        if let text = string(f, "formula"), let node = f.value("formula") {
            do {
                metric.formula = try Formula(parsing: text)
            } catch {
                var offset = 0
                if case .scalar(let s) = node, s.style == .plain { offset = error.offset }
                report(.invalidValue, error.message, at: node.mark, field: f.sub("formula"), columnOffset: offset)
            }
        }
        return metric
    }

    func objective(_ node: Node, _ path: String) -> Objective? {
        let keys = ["id", "title", "owners", "parent", "key_results"]
        guard let f = fields(node, path, what: "an objective", allowed: keys, required: ["id", "title", "owners"]),
            let id = string(f, "id", required: true)
        else { return nil }
        let owners = (ids(f, "owners") ?? []).map { TeamID($0) }
        let keyResults = list(f.value("key_results"), f.sub("key_results"), what: "key results").enumerated().compactMap
        {
            keyResult($1, "\(path).key_results[\($0)]", owners: owners)
        }
        return Objective(
            id: ObjectiveID(id), title: string(f, "title", required: true) ?? id, owners: owners,
            parent: string(f, "parent").map { ObjectiveID($0) }, keyResults: keyResults)
    }

    func keyResult(_ node: Node, _ path: String, owners: [TeamID]) -> KeyResult? {
        let keys = ["id", "title", "metric", "kind", "baseline", "target", "phasing", "weight", "owners"]
        guard
            let f = fields(
                node, path, what: "a key result", allowed: keys, required: ["id", "title", "metric", "kind", "target"]),
            let id = string(f, "id", required: true), let metric = string(f, "metric", required: true),
            let kind = choice(f, "kind", KeyResultKind.allCases.map { ($0.rawValue, $0) }),
            let target = number(f, "target", rules(for: metric))
        else { return nil }
        var phasing: [PeriodValue] = []
        if let node = f.value("phasing") {
            let pp = f.sub("phasing")
            if case .mapping(let mapping) = node {
                for (i, (k, v)) in mapping.enumerated() {
                    marks["\(pp)[\(i)]"] = k.mark
                    if let period = period(k, "\(pp)[\(i)]", name: "phasing"),
                        let value = number(v, "\(pp)[\(i)]", name: "phasing \(period)", rules(for: metric))
                    {
                        phasing.append(PeriodValue(period: period, value: value))
                    }
                }
            } else {
                report(
                    .wrongType, "expected 'phasing' as a mapping of periods to targets, found \(describe(node))",
                    at: node.mark, field: pp)
            }
        }
        return KeyResult(
            id: KeyResultID(id), title: string(f, "title", required: true) ?? id, metric: MetricID(metric), kind: kind,
            baseline: number(f, "baseline", rules(for: metric)) ?? 0, target: target,
            phasing: phasing.sorted { $0.period < $1.period },
            weight: number(f, "weight", .plain) ?? 1, owners: ids(f, "owners").map { $0.map { TeamID($0) } } ?? owners)
    }

    func funnel(_ node: Node, _ path: String) -> Funnel? {
        let keys = ["stages", "value_per_won", "revenue_target", "revenue_metric", "pipeline_metric"]
        guard let f = fields(node, path, what: "the funnel", allowed: keys, required: ["stages", "value_per_won"])
        else { return nil }
        var stages: [FunnelStage] = []
        var rates: [Double] = []
        for (i, item) in list(f.value("stages"), f.sub("stages"), what: "stages").enumerated() {
            let sp = "\(path).stages[\(i)]"
            guard
                let s = fields(
                    item, sp, what: "a funnel stage", allowed: ["id", "name", "metric", "rate"],
                    required: ["id", "metric"]),
                let id = string(s, "id", required: true), let metric = string(s, "metric", required: true)
            else { continue }
            if i == 0 {
                if let rateNode = s.value("rate") {
                    report(
                        .invalidValue, "the first stage has no planned rate (rates convert from the stage before)",
                        at: rateNode.mark, field: "\(sp).rate")
                }
            } else if let rate = number(s, "rate", .fraction) {
                rates.append(rate)
            } else if !s.has("rate") {
                report(
                    .missingField, "missing required field 'rate' (planned conversion from the stage before)",
                    at: item.mark, field: "\(sp).rate")
            }
            stages.append(FunnelStage(id: StageID(id), name: string(s, "name") ?? id, metric: MetricID(metric)))
        }
        guard let valuePerWon = number(f, "value_per_won", money) else { return nil }
        return Funnel(
            stages: stages, plannedRates: rates, valuePerWon: valuePerWon,
            revenueTarget: number(f, "revenue_target", money),
            revenueMetric: string(f, "revenue_metric").map { MetricID($0) },
            pipelineMetric: string(f, "pipeline_metric").map { MetricID($0) })
    }

    func sla(_ node: Node, _ path: String) -> ServiceLevelAgreement? {
        let keys = ["id", "title", "from", "to", "metric", "at_least", "at_most"]
        guard let f = fields(node, path, what: "an SLA", allowed: keys, required: ["id", "from", "to", "metric"]),
            let id = string(f, "id", required: true), let from = string(f, "from", required: true),
            let to = string(f, "to", required: true), let metric = string(f, "metric", required: true)
        else { return nil }
        let hasLeast = f.has("at_least")
        let hasMost = f.has("at_most")
        guard hasLeast != hasMost else {
            report(
                hasLeast ? .invalidValue : .missingField, "an SLA needs exactly one of 'at_least' or 'at_most'",
                at: node.mark, field: path)
            return nil
        }
        let comparison: Comparison = hasLeast ? .atLeast : .atMost
        guard let amount = number(f, comparison.rawValue, rules(for: metric)) else { return nil }
        return ServiceLevelAgreement(
            id: SLAID(id), title: string(f, "title") ?? id, from: TeamID(from), to: TeamID(to),
            metric: MetricID(metric),
            comparison: comparison, amount: amount)
    }

    func tactic(_ node: Node, _ path: String) -> Tactic? {
        let keys = ["id", "title", "kind", "owners", "key_results", "stage", "status", "start", "end"]
        guard let f = fields(node, path, what: "a tactic", allowed: keys, required: ["id", "title", "kind", "owners"]),
            let id = string(f, "id", required: true),
            let kind = choice(f, "kind", TacticKind.builtIn.map { ($0.rawValue, $0) })
        else { return nil }
        return Tactic(
            id: TacticID(id), title: string(f, "title", required: true) ?? id, kind: kind,
            owners: (ids(f, "owners") ?? []).map { TeamID($0) },
            keyResults: (ids(f, "key_results") ?? []).map { KeyResultID($0) },
            stage: string(f, "stage").map { StageID($0) },
            status: choice(f, "status", TacticStatus.allCases.map { ($0.rawValue, $0) }) ?? .planned,
            start: period(f, "start"), end: period(f, "end"))
    }

    func rule(_ node: Node, _ path: String) -> Rule? {
        let keys = ["id", "title", "when", "action", "teams", "priority"]
        guard let f = fields(node, path, what: "a rule", allowed: keys, required: ["id", "when", "action", "teams"]),
            let id = string(f, "id", required: true), let action = string(f, "action", required: true),
            let whenNode = f.value("when"),
            let when = fields(whenNode, f.sub("when"), what: "a rule condition", allowed: ["all", "any"], required: [])
        else { return nil }
        guard when.pairs.count == 1,
            let (combinatorName, _, clausesNode) = when.pairs.first.map({ ($0.key, $0.keyNode, $0.value) })
        else {
            report(
                .invalidValue, "'when' needs exactly one of 'all' or 'any' with a list of conditions",
                at: whenNode.mark, field: f.sub("when"))
            return nil
        }
        let combinator: Rule.Condition.Combinator = combinatorName == "all" ? .all : .any
        var clauses: [Rule.Clause] = []
        let cp = "\(f.sub("when")).\(combinatorName)"
        for (i, item) in list(clausesNode, cp, what: "conditions").enumerated() {
            let ip = "\(cp)[\(i)]"
            let ops: [(String, Rule.Clause.Operator)] = [
                ("below", .below), ("at_most", .atMost), ("above", .above), ("at_least", .atLeast),
            ]
            guard
                let c = fields(
                    item, ip, what: "a condition", allowed: ["metric", "measure", "periods"] + ops.map(\.0),
                    required: ["metric"]),
                let metric = string(c, "metric", required: true)
            else { continue }
            let present = ops.filter { c.has($0.0) }
            guard present.count == 1, let op = present.first else {
                report(
                    .invalidValue, "a condition needs exactly one of below, at_most, above, at_least", at: item.mark,
                    field: ip)
                continue
            }
            let measure =
                choice(c, "measure", [("value", Rule.Clause.Measure.value), ("attainment", .attainment)]) ?? .value
            guard let threshold = number(c, op.0, measure == .attainment ? .fraction : rules(for: metric)) else {
                continue
            }
            clauses.append(
                Rule.Clause(
                    metric: MetricID(metric), measure: measure, op: op.1, threshold: threshold,
                    periods: integer(c, "periods") ?? 1))
        }
        return Rule(
            id: RuleID(id), title: string(f, "title") ?? id, condition: Rule.Condition(combinator, clauses),
            action: action,
            teams: (ids(f, "teams") ?? []).map { TeamID($0) }, priority: integer(f, "priority") ?? 2)
    }
}
