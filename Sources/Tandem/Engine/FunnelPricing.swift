/// What a change at one funnel stage is worth at the bottom: the one pricing rule the bottleneck,
/// the playbook and the reverse funnel share.
///
/// Each transition converts at its actual cycle-to-date rate where that rate is positive, and at
/// its planned rate where there is no actual rate yet or it is zero (a stage with no volume yet
/// says nothing about its conversion).
struct FunnelPricing: Sendable {
    /// `rates[i]`: the conversion used from stage i to stage i + 1.
    let rates: [Double]
    let valuePerWon: Double

    init(funnel: Funnel, actualRates: [Double?]) {
        rates = funnel.plannedRates.indices.map { i in
            actualRates[i].flatMap { $0 > 0 ? $0 : nil } ?? funnel.plannedRates[i]
        }
        valuePerWon = funnel.valuePerWon
    }

    /// Won deals that `count` more at stage `stage` become through the rates below it.
    func won(adding count: Double, atStage stage: Int) -> Double {
        var won = count
        for j in stage..<rates.count { won *= rates[j] }
        return won
    }

    /// Each stage's volume needed for `won` at the bottom: the reverse funnel at these rates.
    func volumesReaching(won: Double) -> [Double] {
        Funnel.volumesReaching(won: won, through: rates)
    }
}
