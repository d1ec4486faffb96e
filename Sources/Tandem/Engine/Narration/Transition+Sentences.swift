/// A transition's windows and cohort method in words, for the evidence, the playbook and the
/// digest's conversion table.
extension TransitionReview {
    /// The cumulative window in words: "cycle to date", or "in mature cohorts Jul–Oct".
    var cumulativeWords: String {
        guard method == .cohort else { return "cycle to date" }
        return "in mature cohorts \(Self.span(maturePeriods))"
    }

    /// The recent window in words: "over the last 3 periods", or "in the last 3 mature cohorts,
    /// Aug–Oct".
    var recentWords: String {
        let window = recentWindow ?? []
        guard method == .cohort else {
            return window.isEmpty ? "over the recent window" : "over the last \(window.count) periods"
        }
        return "in the last \(window.count) mature cohort\(window.count == 1 ? "" : "s"), \(Self.span(window))"
    }

    /// "cohort conversion within 18 d; Nov cohort 12.0 % to date, not judged" with the cohort
    /// method, `nil` otherwise.
    func methodNote(_ format: Formatting) -> String? {
        guard method == .cohort, let cohorts else { return nil }
        var note = "cohort conversion within \(horizonDays ?? 0) d, from the records"
        let open = openCohorts(cohorts, format)
        if !open.isEmpty { note += "; to date, not judged: " + open.joined(separator: ", ") }
        return note
    }

    /// "three periods" or "three mature cohorts", for a run of falling rates.
    var runWords: String { method == .cohort ? "three mature cohorts" : "three periods" }

    /// "MQLs→SQLs: cohorts Jul–Oct (Nov 18.5 % to date)" with the cohort method, for the line
    /// under a conversion table; `nil` otherwise.
    func methodSummary(_ format: Formatting) -> String? {
        guard method == .cohort, let cohorts else { return nil }
        let open = openCohorts(cohorts, format)
        let toDate = open.isEmpty ? "" : " (\(open.joined(separator: ", ")) to date)"
        return "\(name) cohorts \(Self.span(maturePeriods))\(toDate)"
    }

    /// "Nov 18.5 %" for each cohort not mature yet that has entrants: its rate to date.
    private func openCohorts(_ cohorts: [CohortPeriod], _ format: Formatting) -> [String] {
        cohorts.filter { !$0.mature && $0.entered > 0 }.map { c in
            "\(c.period.shortLabel) \(format.percent(Double(c.converted) / Double(c.entered)))"
        }
    }

    /// "Jul–Oct", "Oct", or "none yet".
    static func span(_ periods: [Period]) -> String {
        guard let first = periods.first, let last = periods.last else { return "none yet" }
        return first == last ? first.shortLabel : "\(first.shortLabel)–\(last.shortLabel)"
    }
}
