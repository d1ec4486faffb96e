/// The forecast methods of the review, as pure functions of a metric's period values: the recent
/// run-rate (summed metrics), the least-squares trend (level metrics) and the open pipeline
/// converted at its observed rate and lag (revenue and won deals). The *Forecasts* DocC article
/// states each method's assumptions.
enum Forecasting {
    /// How many recent periods the run-rate averages.
    static let window = 3
    /// The longest pipeline-to-won lag tried, in periods.
    static let maxLag = 3

    /// Sample standard deviation (n − 1), 0 for fewer than two values.
    static func spread(_ values: [Double]) -> Double {
        guard values.count >= 2 else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        let ss = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (ss / Double(values.count - 1)).squareRoot()
    }

    /// Summed metric: `toDate + r·R`, with `r` the mean of the last ``window`` periods with data and
    /// the range `± s·√R`, `s` their sample standard deviation (periods taken as independent).
    static func runRate(_ values: [Double?], toDate: Double, remaining: Int) -> Forecast? {
        let recent = values.suffix(window).compactMap { $0 }
        guard !recent.isEmpty else { return nil }
        let rate = recent.reduce(0, +) / Double(recent.count)
        let r = Double(max(0, remaining))
        let base = toDate + rate * r
        let half = spread(recent) * r.squareRoot()
        return Forecast(method: .runRate, base: base, low: base - half, high: base + half, periods: recent.count)
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
    struct PipelineConversion {
        /// Revenue booked in a period per unit of pipeline open `lag` periods before.
        var rate: Double
        var lag: Int
        /// The per-period ratios the rate pools, for the spread.
        var ratios: [Double]
    }

    /// The pipeline-to-won conversion: for each lag L in 1…``maxLag`` with at least two pairs,
    /// the per-period ratios `revenue[i] / pipeline[i − L]`; the lag whose ratios vary least
    /// (coefficient of variation; the shorter lag on a tie) wins, and its rate is the pooled
    /// `Σ revenue[i] / Σ pipeline[i − L]`.
    static func conversion(revenue: [Double?], pipeline: [Double?]) -> PipelineConversion? {
        var best: (cv: Double, PipelineConversion)?
        for lag in 1...maxLag {
            var ratios: [Double] = []
            var won = 0.0
            var open = 0.0
            for i in lag..<max(lag, revenue.count) {
                guard let r = revenue[i], i - lag < pipeline.count, let p = pipeline[i - lag], p > 0 else { continue }
                ratios.append(r / p)
                won += r
                open += p
            }
            guard ratios.count >= 2, open > 0 else { continue }
            let rate = won / open
            let mean = ratios.reduce(0, +) / Double(ratios.count)
            let cv = mean > 0 ? spread(ratios) / mean : .infinity
            if best == nil || cv < best!.cv { best = (cv, PipelineConversion(rate: rate, lag: lag, ratios: ratios)) }
        }
        return best?.1
    }

    /// Revenue (or anything booked from the pipeline): `toDate + Σ c·pipeline[e − 1 + j − L]` over
    /// the remaining periods j = 1…R, the pipeline held at its latest value where period
    /// `e − 1 + j − L` is still to come; the range replaces `c` by `c ± s`, `s` the spread of the
    /// per-period ratios. `scale` turns revenue into won deals (1 / value per won).
    static func pipeline(
        revenue: [Double?], pipeline: [Double?], toDate: Double, remaining: Int, scale: Double = 1
    ) -> (Forecast, PipelineConversion)? {
        guard let conversion = conversion(revenue: revenue, pipeline: pipeline),
            let latest = pipeline.compactMap({ $0 }).last
        else { return nil }
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
        return (
            Forecast(method: .pipeline, base: base, low: low, high: high, periods: conversion.ratios.count), conversion
        )
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
