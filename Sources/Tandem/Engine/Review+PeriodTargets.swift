extension Review {
    /// Each metric's plan for the review period (the whole company: no team, no segment), from the
    /// flat data, read once.
    package func periodTargets() -> [MetricID: Double] {
        var targets: [MetricID: Double] = [:]
        // By index: a row is read where it is, not copied (a million rows at `large`).
        for i in data.indices
        where data[i].period == period && data[i].team == nil && data[i].segment == nil
            && data[i].rowKind != .cycleEnd
        {
            if let target = data[i].target, target.isFinite { targets[data[i].metric] = target }
        }
        return targets
    }
}
