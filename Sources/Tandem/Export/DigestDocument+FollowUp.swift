extension DigestDocument {
    /// "Since last review": the decisions followed up, problems new, resolved and persisting,
    /// status changes, the bottleneck then and now, tactic effects on the agenda's problems and
    /// restated numbers. It only arranges what ``FollowUp`` holds.
    static func sinceLastReview(_ review: Review, _ u: FollowUp, options: DigestOptions) -> Section {
        let f = Formatting(currency: review.plan.currency)
        let arrow = options.ascii ? "->" : "→"
        let teamName = Dictionary(review.plan.teams.map { ($0.id, $0.name) }) { a, _ in a }
        let unitWord = review.period.kind.noun
        func capped<T>(_ items: [T], _ what: String, _ sheet: String) -> ([T], [Block]) {
            guard items.count > options.maxItems else { return (items, []) }
            let rest = items.count - options.maxItems
            return (
                Array(items.prefix(options.maxItems)),
                [.paragraph("… and \(rest) more \(what): see the workbook's \(sheet) sheet.")]
            )
        }
        func effect(_ e: BeforeAfter) -> String {
            func span(_ a: Period, _ b: Period) -> String { a == b ? a.shortLabel : "\(a.shortLabel)–\(b.shortLabel)" }
            return
                "\(e.measure) \(f.value(e.before, e.unit)) in \(span(e.beforeFrom, e.beforeTo)) \(arrow) \(f.value(e.after, e.unit)) in \(span(e.afterFrom, e.afterTo)): \(e.verdict.rawValue) (\(FollowUp.caveat))."
        }
        var blocks: [Block] = []
        if let note = u.note { blocks.append(.paragraph(note)) }

        // Decisions.
        if !u.decisions.isEmpty {
            let counts = DecisionFollowUp.State.allCases.compactMap { state -> String? in
                let n = u.decisions.filter { $0.state == state }.count
                return n == 0 ? nil : "\(n) \(state.rawValue)"
            }
            blocks.append(.paragraph("Decisions of earlier meetings: \(counts.joined(separator: ", "))."))
            let order: [DecisionFollowUp.State] = [.overdue, .due, .open, .done, .deferred, .declined]
            let sorted = u.decisions.enumerated().sorted {
                let a = order.firstIndex(of: $0.element.state)!
                let b = order.firstIndex(of: $1.element.state)!
                return a != b ? a < b : $0.offset < $1.offset
            }.map(\.element)
            let (shown, more) = capped(sorted, "decisions", "Decisions")
            blocks.append(
                .list(
                    shown.map { d in
                        let x = d.decision
                        var title =
                            "\(d.state.rawValue.uppercased())\(d.late == true ? ", LATE" : ""): \(d.problemTitle.map { "\($0) [\(x.problem)]" } ?? "\(x.problem)"), \(x.verdict.rawValue) in \(x.period.label)"
                        title += " (\(teamName[x.owner] ?? x.owner.rawValue)"
                        if let due = x.due { title += ", due \(due)" }
                        if let done = x.done, d.state == .done { title += ", done \(done)" }
                        title += ")"
                        var lines: [String] = []
                        if let action = x.action {
                            let name = Review.builtInRules.first { $0.id == action }?.title ?? action.rawValue
                            lines.append("Action: \(name).")
                        }
                        if let note = x.note { lines.append("Note: \(note)") }
                        if let e = d.effect { lines.append(effect(e)) }
                        if x.verdict != .declined {
                            lines.append(
                                d.problemTitle.map { "Still on the agenda: \($0)." } ?? "No longer on the agenda.")
                        }
                        return Item(title: title, lines: lines)
                    }, numbered: false))
            blocks += more
        }

        // Problems.
        if u.previousPeriod != nil {
            let new = u.problems.filter { $0.change == .new }
            let resolved = u.problems.filter { $0.change == .resolved }
            let unresolved = u.problems.filter { $0.change == .unresolved }
            let persisting = u.problems.filter { $0.change == .persisting }
            blocks.append(
                .paragraph(
                    "Problems: \(new.count) new, \(resolved.count) resolved, \(persisting.count) persisting"
                        + (unresolved.isEmpty ? "." : ", \(unresolved.count) off the agenda but not resolved.")))
            func ordinal(_ n: Int) -> String {
                let suffix =
                    (11...13).contains(n % 100)
                    ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th"
                return "\(n)\(suffix)"
            }
            let items =
                persisting.map {
                    Item(title: "Persisting: \($0.title), \(ordinal($0.streak)) \(unitWord) running", lines: [])
                }
                + new.map { Item(title: "New: \($0.title)", lines: []) }
                + resolved.map { Item(title: "Resolved: \($0.title)", lines: []) }
                + unresolved.map { p in
                    let cause = review.funnel?.stages.first { ProblemID.stageVolume($0.id) == p.id }?.cause
                    let title = review.agenda.first { $0.id == cause }?.title
                    return Item(
                        title: "Off the agenda, not resolved: \(p.title)"
                            + (title.map { " (now explained by \($0))" } ?? " (still off plan)"), lines: [])
                }
            let (shown, more) = capped(items, "problems", "Decisions")
            if !shown.isEmpty { blocks.append(.list(shown, numbered: false)) }
            blocks += more

            if !u.keyResults.isEmpty {
                let (changes, moreChanges) = capped(u.keyResults, "status changes", "Key Results")
                blocks.append(.paragraph("Key results that changed status:"))
                blocks.append(
                    .list(
                        changes.map {
                            Item(title: "\($0.title): \($0.before.label) \(arrow) \($0.after.label)", lines: [])
                        }, numbered: false))
                blocks += moreChanges
            } else {
                blocks.append(.paragraph("No key result changed status."))
            }
            if let b = u.bottleneck, let previous = u.previousPeriod {
                func window(_ w: ProblemImpact.Window?) -> String {
                    switch w {
                    case .cycleToDate: " (cycle to date)"
                    case .recent: " (over the last \(review.funnel?.recentPeriods ?? 3) periods)"
                    case .remaining: " (rest of the cycle)"
                    case nil: ""
                    }
                }
                let then =
                    b.beforeName.map { "\($0) worth \(f.money(b.beforeRevenue ?? 0))\(window(b.beforeWindow))" }
                    ?? "none"
                let now =
                    b.afterName.map { "\($0) worth \(f.money(b.afterRevenue ?? 0))\(window(b.afterWindow))" } ?? "none"
                blocks.append(.paragraph("Bottleneck: \(then) at the \(previous.label) review; now \(now)."))
            }
        }

        // Tactic effects on the agenda's problems.
        var seen: Set<TacticID> = []
        let tactics = u.tactics.filter { $0.onAgenda && $0.effect != nil && seen.insert($0.tactic).inserted }
        if !tactics.isEmpty {
            let (shown, more) = capped(tactics, "tactic effects", "Decisions")
            blocks.append(.paragraph("Tactics on this agenda's problems, before and after their start:"))
            blocks.append(
                .list(
                    shown.map { t in
                        Item(
                            title: "Tactic \(t.title) (since \(t.start.label), for \(t.keyResult))",
                            lines: [effect(t.effect!)])
                    }, numbered: false))
            blocks += more
        }

        // Restatements.
        if let previous = u.previousPeriod {
            if u.restatements.isEmpty {
                blocks.append(.paragraph("No number restated since the \(previous.label) review."))
            } else {
                let (shown, more) = capped(u.restatements, "restated numbers", "Restatements")
                blocks.append(.paragraph("Restated since the \(previous.label) review (for finance):"))
                blocks.append(
                    .list(
                        shown.map { r in
                            let scope = [r.team.map { teamName[$0] ?? $0.rawValue }, r.segment].compactMap { $0 }
                            let name = r.metricName + (scope.isEmpty ? "" : " (\(scope.joined(separator: ", ")))")
                            let change =
                                r.change.map {
                                    " (\(f.exact($0, r.unit).hasPrefix("−") ? "" : "+")\(f.exact($0, r.unit)))"
                                } ?? ""
                            return Item(
                                title:
                                    "\(r.period.shortLabel) \(name) restated \(f.exact(r.before, r.unit)) \(arrow) \(f.exact(r.after, r.unit))\(change)",
                                lines: [])
                        }, numbered: false))
                blocks += more
            }
        }
        if blocks.isEmpty { blocks.append(.paragraph("Nothing to follow up: no earlier decisions.")) }
        func ascii(_ text: String) -> String { text.replacingOccurrences(of: "→", with: arrow) }
        return Section(
            title: "Since last review",
            blocks: blocks.map { block in
                switch block {
                case .paragraph(let text): return .paragraph(ascii(text))
                case .list(let items, let numbered):
                    return .list(
                        items.map { Item(title: ascii($0.title), lines: $0.lines.map(ascii)) }, numbered: numbered)
                case .table: return block
                }
            })
    }
}
