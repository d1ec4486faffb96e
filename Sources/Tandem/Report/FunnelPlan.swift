/// The reverse funnel of a plan: from the revenue target, the volume each stage needs over the
/// cycle and per period, through planned or actual conversion rates.
///
/// ```swift
/// let needs = try plan.funnelPlan()                 // planned rates
/// let now = try plan.funnelPlan(actuals: actuals)   // actual rates where there are any
/// ```
public struct FunnelPlan: Sendable, Hashable, Codable {
    /// One stage's need.
    public struct Stage: Sendable, Hashable, Codable {
        public var id: StageID
        /// The stage's display name.
        public var name: String
        /// The conversion from this stage to the next (nil for the last stage).
        public var rate: Double?
        /// Whether ``rate`` is the actual cycle-to-date rate rather than the planned one.
        public var rateIsActual: Bool
        /// The volume the stage needs over the whole cycle to make the revenue target (not
        /// rounded).
        public var total: Double
        /// ``total`` spread evenly over the cycle's periods.
        public var perPeriod: Double
    }

    /// The funnel's revenue target for the cycle, in the plan's currency.
    public var revenueTarget: Double
    /// The value of one won deal, in the plan's currency.
    public var valuePerWon: Double
    /// The number of periods in the cycle.
    public var periods: Int
    /// Every funnel stage, top to bottom.
    public var stages: [Stage]
    /// Plan arithmetic that cannot add up.
    public var findings: [HealthFinding]
}

extension Plan {
    /// The reverse funnel from the revenue target, using actual conversion rates (cycle to date,
    /// as of the latest period with actuals) where `actuals` has them, planned rates elsewhere.
    /// - Throws: ``InputError`` when the plan has problems, no funnel, or no revenue target.
    public func funnelPlan(actuals: Actuals? = nil) throws(InputError) -> FunnelPlan {
        try validate()
        guard let funnel else {
            throw InputError([Diagnostic(code: .missingField, message: "the plan has no funnel", field: "funnel")])
        }
        guard let target = funnel.revenueTarget else {
            throw InputError([
                Diagnostic(
                    code: .missingField, message: "the funnel has no revenue_target to plan back from",
                    field: "funnel.revenue_target")
            ])
        }
        var rates = funnel.plannedRates.map { ($0, false) }
        if let actuals, let latest = Review.latestPeriod(of: actuals, in: self) {
            let review = try Review(plan: self, actuals: actuals, asOf: latest)
            for (i, t) in (review.funnel?.transitions ?? []).enumerated() {
                if let r = t.actualRate, r > 0 { rates[i] = (r, true) }
            }
        }
        let totals = Funnel.volumesReaching(won: target / funnel.valuePerWon, through: rates.map(\.0))
        let periods = cycle.count
        let stages = funnel.stages.enumerated().map { i, s in
            FunnelPlan.Stage(
                id: s.id, name: s.name, rate: i < rates.count ? rates[i].0 : nil,
                rateIsActual: i < rates.count && rates[i].1,
                total: totals[i], perPeriod: totals[i] / Double(periods))
        }
        return FunnelPlan(
            revenueTarget: target, valuePerWon: funnel.valuePerWon, periods: periods, stages: stages,
            findings: arithmeticFindings())
    }

    /// Key results on a funnel stage whose target, through the planned rates and the deal value,
    /// cannot make the revenue target.
    public func arithmeticFindings() -> [HealthFinding] {
        guard let f = funnel, let revenueTarget = f.revenueTarget else { return [] }
        var out: [HealthFinding] = []
        for kr in keyResults where kr.kind == .increaseTo {
            guard let s = f.stages.firstIndex(where: { $0.metric == kr.metric }), let m = metric(kr.metric),
                m.formula == nil,
                m.rollup == .sum, s < f.plannedRates.count + 1
            else { continue }
            let rates = f.plannedRates[s...]
            let revenue = (kr.target - kr.baseline) * rates.reduce(1, *) * f.valuePerWon
            if revenue < revenueTarget * 0.995 {
                out.append(
                    HealthFinding(
                        code: .planArithmetic,
                        message: arithmeticMessage(
                            volume: kr.target - kr.baseline, stage: f.stages[s].name, rates: Array(rates),
                            valuePerWon: f.valuePerWon, revenue: revenue, revenueTarget: revenueTarget),
                        subject: kr.id.rawValue))
            }
        }
        return out
    }
}

extension Funnel {
    /// Each stage's volume needed for `won` at the bottom, going up through the conversion `rates`
    /// (`rates[i]` from stage i to i + 1): the reverse funnel.
    static func volumesReaching(won: Double, through rates: [Double]) -> [Double] {
        var volumes = [Double](repeating: 0, count: rates.count + 1)
        volumes[rates.count] = won
        for i in stride(from: rates.count - 1, through: 0, by: -1) { volumes[i] = volumes[i + 1] / rates[i] }
        return volumes
    }
}
