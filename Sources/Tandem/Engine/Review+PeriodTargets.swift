extension Review {
    /// Each metric's plan for the review period (the whole company: no team, no segment), from the
    /// flat data, read once.
    package func periodTargets() -> [MetricID: Double] {
        var targets: [MetricID: Double] = [:]
        for row in data where row.period == period && row.team == nil && row.segment == nil && row.rowKind != .cycleEnd
        {
            if let target = row.target, target.isFinite { targets[row.metric] = target }
        }
        return targets
    }
}
