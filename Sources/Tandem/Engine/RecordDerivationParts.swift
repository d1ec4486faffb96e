/// The parts of a records derivation, in the order their series are emitted: one description
/// shared by the native derivation (``RecordMetrics``) and the SQL it is also emitted as
/// (``WarehouseQuery``), so that the two choose the same table for each stage and transition and
/// feed each plan metric from the same series.
struct RecordDerivationParts {
    /// One part of the derivation.
    enum Part: Hashable {
        /// Entries into a stage per period, from the table that measures it.
        case volume(stage: Int, table: RecordKind)
        /// Cohort conversion and velocity from a stage to the next, reaching any of `later`.
        case transition(from: Int, table: RecordKind, later: [Int])
        /// Speed to lead from the leads' entry into the speed-to-lead stage.
        case speedToLead
        /// Won and lost deals, revenue and open pipeline.
        case deals

        /// The series the part emits, in order (`nil`: the stage's own volume, which feeds the
        /// stage's metric and has no id).
        func series(_ funnel: Funnel) -> [String?] {
            switch self {
            case .volume: return [nil]
            case .transition(let s, _, _):
                let t = "\(funnel.stages[s].id)_to_\(funnel.stages[s + 1].id)"
                return ["\(t)_conversion", "\(t)_conversion_to_date", "\(t)_days_median", "\(t)_days_p75"]
            case .speedToLead:
                return [
                    "speed_to_lead_hours", "speed_to_lead_within_sla", "speed_to_lead_within_sla_count",
                    "speed_to_lead_pending", "speed_to_lead_breaches",
                ]
            case .deals: return ["won_deals", "won_revenue", "lost_deals", "open_pipeline"]
            }
        }
    }

    /// The parts for a funnel of `stages` stages, given which stages each kind of record
    /// measures (natively: some record has a time for it; in SQL: the table has its column).
    /// Deals measure the stages they enter; leads the others.
    static func parts(stages: Int, measures: (RecordKind, Int) -> Bool) -> [Part] {
        var parts: [Part] = []
        for s in 0..<stages {
            if measures(.deals, s) {
                parts.append(.volume(stage: s, table: .deals))
            } else if measures(.leads, s) {
                parts.append(.volume(stage: s, table: .leads))
            }
        }
        for s in 0..<max(0, stages - 1) {
            if measures(.deals, s), measures(.deals, s + 1) {
                parts.append(
                    .transition(from: s, table: .deals, later: (s + 1..<stages).filter { measures(.deals, $0) }))
            } else if measures(.leads, s) {
                let later = (s + 1..<stages).filter { measures(.leads, $0) }
                if !later.isEmpty { parts.append(.transition(from: s, table: .leads, later: later)) }
            }
        }
        return parts + [.speedToLead, .deals]
    }
}
