/// The names of the measures a follow-up and a proposal's check show.
extension Measure {
    /// "Speed to lead (mean)": the measure averaged over a window of periods.
    var meanName: String { "\(name) (mean)" }
}

extension Playbook {
    /// "SQLs a period": a stage's volume as a proposal checks it.
    static func perPeriodName(_ s: StageReview) -> String { "\(s.name) a period" }

    /// The pipeline's push rate as a proposal checks it.
    static let pushRateName = "Push rate"
}
