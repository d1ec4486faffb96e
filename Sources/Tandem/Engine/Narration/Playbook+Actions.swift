/// The built-in rules' fixed words: the actions that name nothing from the review, and the plan
/// problems' titles and impacts. The actions that name a stage, a team or a number are written
/// beside their rationales (`Playbook+Sentences.swift`, `Playbook+Funnel+Sentences.swift`).
extension Playbook {
    // MARK: Funnel

    static let enablementAction =
        "Refresh enablement content together: battlecards, objection handling and case studies for the deals that stall."
    static let enablementBeforeSlideAction =
        "Refresh enablement content together before the slide reaches revenue: battlecards, objection handling, case studies."

    // MARK: Pipeline, key results, SLAs

    static let pushedDealsAction =
        "Inspect the pushed deals together before the forecast counts them: for each deal pushed out of the period, a next step and a dated close plan agreed with the buyer; a deal pushed twice leaves the commit until it has one."
    static let planTacticAction =
        "Plan one tactic together this week, with an owner from each team and a date to check it."
    static let speedToLeadAction =
        "Fix routing and capacity: round-robin assignment with alerts at half the SLA, and cover peaks with SDR time."

    // MARK: Alignment health

    static let contentGapTitle = "No content for a funnel stage"
    static let contentGapAction =
        "Plan content for this stage together: sales brings the questions buyers ask there, marketing writes the piece."
    static let arithmeticTitle = "The targets cannot add up"
    static let arithmeticImpact = "a plan that adds up"
    static let arithmeticAction =
        "Re-plan together: raise the stage target, the planned rates or the deal value, or lower the revenue target."
    static let ownershipTitle = "An objective owned by one team"
    static let ownershipImpact = "shared targets"
    static let ownershipAction = "Add a co-owner from the other team so both teams answer for the objective."
    static let dataGapTitle = "Missing data"
    static let dataGapImpact = "a review on complete data"
    static let dataGapAction = "Fix the CRM or marketing-automation sync for this metric before the meeting."
    static let metricOwnerTitle = "A metric without an owner"
    static let metricOwnerImpact = "clear accountability"
    static let metricOwnerAction = "Name the team that answers for this metric."

    // MARK: The plan's rules

    /// The impact of a plan rule's own problem.
    static let planRuleImpact = "see the rule"
}
