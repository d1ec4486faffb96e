/// The forecast methods of the review, as pure functions of a metric's period values: the recent
/// run-rate (summed metrics), the least-squares trend (level metrics) and the open pipeline
/// converted at its observed rate and lag (revenue and won deals). The *Forecasts* DocC article
/// states each method's assumptions.
enum Forecasting {
    /// How many recent periods the run-rate averages.
    static let window = 3
    /// The longest pipeline-to-won lag tried, in periods.
    static let maxLag = 3

    /// The period (index from the cycle's start) a backtest's forecast is made as of, with
    /// `elapsed` periods reviewed: two periods before the review period, one when only two have
    /// passed; `nil` before the second period.
    static func backtestOrigin(elapsed: Int) -> Int? {
        elapsed >= 2 ? elapsed - 1 - min(2, elapsed - 1) : nil
    }

    /// Sample standard deviation (n − 1), 0 for fewer than two values.
    static func spread(_ values: [Double]) -> Double {
        guard values.count >= 2 else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        let ss = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (ss / Double(values.count - 1)).squareRoot()
    }

    /// Summed metric: `toDate + r·R`, with `r` the mean of the last ``window`` periods with data and
    /// the range `± s·√R`, `s` their sample standard deviation (periods taken as independent).
    ///
    /// With `plan` (the planned volume of every period of the cycle) phased over the recent and
    /// remaining periods, the run-rate is scaled by the phasing instead (see ``phasing(_:plan:remaining:)``):
    /// `toDate + q·P`, `q` the recent performance ratio and `P` the volume still planned, with the
    /// range `± s_q·√Σ p_j²` over the remaining periods' planned volumes `p_j`. A flat plan gives the
    /// plain run-rate (the same number). The low end never falls below `toDate` when the recent
    /// periods are all ≥ 0: what is booked stays booked.
    static func runRate(_ values: [Double?], toDate: Double, remaining: Int, plan: [Double]? = nil) -> Forecast? {
        let recent = values.suffix(window).compactMap { $0 }
        guard !recent.isEmpty else { return nil }
        let floor = recent.allSatisfy { $0 >= 0 } ? toDate : -Double.infinity
        if let plan, let phased = phasing(values, plan: plan, remaining: remaining) {
            let base = toDate + phased.ratio * phased.remainingPlan
            let half = spread(phased.ratios) * phased.remainingSquares.squareRoot()
            return Forecast(
                method: .phasedRunRate, base: base, low: max(floor, base - half), high: base + half,
                periods: phased.ratios.count)
        }
        let rate = recent.reduce(0, +) / Double(recent.count)
        let r = Double(max(0, remaining))
        let base = toDate + rate * r
        let half = spread(recent) * r.squareRoot()
        return Forecast(
            method: .runRate, base: base, low: max(floor, base - half), high: base + half, periods: recent.count)
    }

    /// The recent performance against a phased plan.
    struct Phasing: Equatable {
        /// `Σ a / Σ p` over the recent periods with data (actual `a`, planned `p`).
        var ratio: Double
        /// `a / p` of each recent period with `p > 0`, for the spread.
        var ratios: [Double]
        /// The volume the plan still has to come: `Σ p_j` over the remaining periods.
        var remainingPlan: Double
        /// `Σ p_j²` over the remaining periods.
        var remainingSquares: Double

        /// The forecast of a remaining period planned at `planned`.
        func forecast(planned: Double) -> Double { ratio * planned }
    }

    /// How the recent periods did against a phased plan, or `nil` when the plan is flat over the
    /// recent and remaining periods (the run-rate is then the same), when those recent periods
    /// plan nothing or less (no ratio), or when a remaining period plans less than nothing.
    /// `values` are the periods so far (the recent ones are the last ``window`` with data), `plan`
    /// the planned volume of every period of the cycle, `remaining` the periods after `values`.
    static func phasing(_ values: [Double?], plan: [Double], remaining: Int) -> Phasing? {
        let e = values.count
        guard remaining > 0, e + remaining <= plan.count else { return nil }
        let recent = (max(0, e - window)..<e).filter { values[$0] != nil }
        let ahead = plan[e..<(e + remaining)]
        let used = recent.map { plan[$0] } + ahead
        guard let lo = used.min(), let hi = used.max(), hi - lo > 1e-9 * max(abs(lo), abs(hi)) else { return nil }
        let planned = recent.reduce(0) { $0 + plan[$1] }
        guard planned > 0, ahead.allSatisfy({ $0 >= 0 }) else { return nil }
        let actual = recent.reduce(0) { $0 + values[$1]! }
        return Phasing(
            ratio: actual / planned,
            ratios: recent.filter { plan[$0] > 0 }.map { values[$0]! / plan[$0] },
            remainingPlan: ahead.reduce(0, +), remainingSquares: ahead.reduce(0) { $0 + $1 * $1 })
    }

    /// Level metric: the least-squares line through the periods with data, evaluated at index `x`,
    /// with the range `± σ·√(1 + 1/n + (x − x̄)²/Sxx)` (one standard error of prediction; σ from
    /// the residuals, so no range below three points).
    static func trend(_ values: [Double?], at x: Int) -> Forecast? {
        let points = values.enumerated().compactMap { i, v in v.map { (Double(i), $0) } }
        guard let last = points.last else { return nil }
        guard points.count >= 2 else {
            return Forecast(method: .trend, base: last.1, low: last.1, high: last.1, periods: 1)
        }
        let n = Double(points.count)
        let mx = points.reduce(0) { $0 + $1.0 } / n
        let my = points.reduce(0) { $0 + $1.1 } / n
        let sxx = points.reduce(0) { $0 + ($1.0 - mx) * ($1.0 - mx) }
        let sxy = points.reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let slope = sxx > 0 ? sxy / sxx : 0
        let xd = Double(x)
        let base = my + slope * (xd - mx)
        var half = 0.0
        if points.count >= 3 {
            let sse = points.reduce(0) { acc, p in
                let e = p.1 - (my + slope * (p.0 - mx))
                return acc + e * e
            }
            let sigma = (sse / (n - 2)).squareRoot()
            half = sigma * (1 + 1 / n + (sxx > 0 ? (xd - mx) * (xd - mx) / sxx : 0)).squareRoot()
        }
        return Forecast(method: .trend, base: base, low: base - half, high: base + half, periods: points.count)
    }

    /// What the open pipeline converts to.
    struct PipelineConversion: Equatable {
        /// Revenue booked in a period per unit of pipeline open `lag` periods before.
        var rate: Double
        var lag: Int
        /// The per-period ratios the rate pools, for the spread.
        var ratios: [Double]
    }

    /// The lag the pipeline forecast uses and why (``chooseLag(revenue:pipeline:recordsLag:)``).
    struct PipelineLag: Equatable {
        /// `nil` when the history is too short.
        var conversion: PipelineConversion?
        var source: PipelineLagSource?
        var reason: String
    }

    /// The fewest (pipeline, revenue) period pairs a conversion rate is read from: with fewer the
    /// review makes no pipeline forecast and says so.
    static let minPairs = 3
    /// A lag longer than 1 is taken from the history only when its ratios' coefficient of
    /// variation is at most this share of lag 1's: clearly steadier, not steadier by chance.
    static let steadier = 0.8

    /// The ratios `revenue[i] / pipeline[i − lag]` of every period pair with both values (pipeline
    /// above 0), pooled into `Σ revenue / Σ pipeline`; `nil` without a pair.
    static func conversion(revenue: [Double?], pipeline: [Double?], lag: Int) -> PipelineConversion? {
        var ratios: [Double] = []
        var won = 0.0
        var open = 0.0
        for i in lag..<max(lag, revenue.count) {
            guard let r = revenue[i], i - lag < pipeline.count, let p = pipeline[i - lag], p > 0 else { continue }
            ratios.append(r / p)
            won += r
            open += p
        }
        guard !ratios.isEmpty, open > 0 else { return nil }
        return PipelineConversion(rate: won / open, lag: lag, ratios: ratios)
    }

    /// The coefficient of variation of a conversion's ratios (∞ when their mean is not positive).
    static func variation(_ c: PipelineConversion) -> Double {
        let mean = c.ratios.reduce(0, +) / Double(c.ratios.count)
        return mean > 0 ? spread(c.ratios) / mean : .infinity
    }

    /// The pipeline-to-revenue lag and rate, and why that lag (the rule of the *Forecasts*
    /// article): the records' lag when the records give one and it has at least ``minPairs``
    /// pairs; else lag 1 (the pipeline open at the start of the period), unless a longer lag of up
    /// to ``maxLag`` with at least ``minPairs`` pairs has ratios clearly steadier (coefficient of
    /// variation at most ``steadier`` × lag 1's; the steadiest such lag); with fewer than
    /// ``minPairs`` pairs at lag 1, no conversion and the reason.
    static func chooseLag(revenue: [Double?], pipeline: [Double?], recordsLag: Int? = nil) -> PipelineLag {
        func pairs(_ n: Int) -> String { "\(n) (pipeline, revenue) period pair\(n == 1 ? "" : "s")" }
        var noted = ""
        if let recordsLag {
            let lag = min(maxLag, max(1, recordsLag))
            let c = conversion(revenue: revenue, pipeline: pipeline, lag: lag)
            let n = c?.ratios.count ?? 0
            if let c, n >= minPairs {
                return PipelineLag(
                    conversion: c, source: .records,
                    reason:
                        "lag \(lag) from the records (the won deals' median age at close), rate from \(pairs(n))")
            }
            if lag != 1 { noted = "; the records' lag \(lag) has only \(pairs(n))" }
        }
        guard let one = conversion(revenue: revenue, pipeline: pipeline, lag: 1), one.ratios.count >= minPairs else {
            let n = conversion(revenue: revenue, pipeline: pipeline, lag: 1)?.ratios.count ?? 0
            return PipelineLag(
                conversion: nil, source: nil,
                reason:
                    "none yet: \(pairs(n)) at lag 1, at least \(minPairs) needed\(noted); the run-rate forecast stands alone"
            )
        }
        let base = variation(one)
        var best: (cv: Double, PipelineConversion)?
        for lag in stride(from: 2, through: maxLag, by: 1) {
            guard let c = conversion(revenue: revenue, pipeline: pipeline, lag: lag), c.ratios.count >= minPairs
            else { continue }
            let cv = variation(c)
            if cv <= steadier * base && (best == nil || cv < best!.cv) { best = (cv, c) }
        }
        if let (cv, c) = best {
            return PipelineLag(
                conversion: c, source: .history,
                reason:
                    "lag \(c.lag): its \(pairs(c.ratios.count)) vary clearly less than lag 1's (coefficient of variation \(Formatting.fixed(cv, 2)) vs \(Formatting.fixed(base, 2)))\(noted)"
            )
        }
        return PipelineLag(
            conversion: one, source: .standard,
            reason:
                "lag 1, the pipeline open at the start of the period (no longer lag with at least \(minPairs) pairs is clearly steadier), rate from \(pairs(one.ratios.count))\(noted)"
        )
    }

    /// Revenue (or anything booked from the pipeline): `toDate + Σ c·pipeline[e − 1 + j − L]` over
    /// the remaining periods j = 1…R, the pipeline held at its latest value where period
    /// `e − 1 + j − L` is still to come; the range replaces `c` by `c ± s`, `s` the spread of the
    /// per-period ratios. `scale` turns revenue into won deals (1 / value per won).
    static func pipeline(
        _ conversion: PipelineConversion, pipeline: [Double?], toDate: Double, remaining: Int, scale: Double = 1
    ) -> Forecast? {
        guard let latest = pipeline.compactMap({ $0 }).last else { return nil }
        let e = pipeline.count
        var open = 0.0
        for j in stride(from: 1, through: max(0, remaining), by: 1) {
            let source = e - 1 + j - conversion.lag
            open += source < e ? pipeline[source] ?? latest : latest
        }
        let s = spread(conversion.ratios)
        let base = toDate + conversion.rate * open * scale
        let low = toDate + max(0, conversion.rate - s) * open * scale
        let high = toDate + (conversion.rate + s) * open * scale
        return Forecast(method: .pipeline, base: base, low: low, high: high, periods: conversion.ratios.count)
    }

    /// Where a forecast leaves a target: the whole range, the base or none of it reaching.
    static func outlook(_ f: Forecast, target: Double, lowerIsBetter: Bool) -> Outlook {
        func reaches(_ v: Double) -> Bool { lowerIsBetter ? v <= target : v >= target }
        let worst = lowerIsBetter ? f.high : f.low
        let best = lowerIsBetter ? f.low : f.high
        if reaches(worst) { return .reaches }
        if reaches(f.base) { return .likely }
        if reaches(best) { return .short }
        return .misses
    }
}
