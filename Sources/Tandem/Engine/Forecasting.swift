import Foundation

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

    /// The level every range states unless the plan sets `review.forecast_level`.
    static let defaultLevel = 0.8

    /// The fewest periods a line is fitted to for a level metric (a summed metric needs one
    /// more): with fewer the recent level is the forecast.
    static let minTrendPoints = 3
    /// The slope's t statistic (slope ÷ its standard error) from which a line is preferred to
    /// the recent level: the slope is larger than its own uncertainty. Chosen on the calibration
    /// test's generated companies (``ForecastCalibrationTests``): a stricter test (10 %
    /// significance) left trending companies at the recent level and their ranges held half the
    /// time.
    static let trendThreshold = 1.0

    /// What a forecast can never leave: counts, money, hours and days are never below zero,
    /// shares stay within 0…1 (when every value seen so far does), a summed quantity never falls
    /// below what is booked.
    struct Bounds: Equatable {
        var lower = -Double.infinity
        var upper = Double.infinity

        /// The bounds of `unit`'s values, given the values seen so far (a unit of its own
        /// is bounded below by zero when every value seen is).
        static func of(_ unit: MetricUnit, seen: [Double]) -> Bounds {
            let p = unit.presentation
            let nonNegative = p.neverNegative || seen.allSatisfy { $0 >= 0 }
            let withinOne = p.isFraction && seen.allSatisfy { $0 <= 1 }
            return Bounds(lower: nonNegative ? 0 : -.infinity, upper: withinOne ? 1 : .infinity)
        }

        func clamp(_ v: Double) -> Double { min(upper, max(lower, v)) }
    }

    /// A model of a metric's period values fitted to its history: the recent level (the mean
    /// of the last ``window`` periods with data, or a pooled ratio), or a least-squares line when
    /// its slope is clearly not noise.
    struct LevelFit: Equatable {
        enum Kind: Equatable { case recent, trend }
        var kind: Kind
        /// The level (recent) or the line's value at `mx` (trend).
        var level: Double
        var slope = 0.0
        var mx = 0.0
        var sxx = 0.0
        /// The variance of the level's estimate in units of the period variance: `1/n` for a
        /// mean of `n` periods, `Σ vᵢ² / (Σ vᵢ)²` for a mean weighted by `vᵢ`.
        var inverseN: Double
        /// The period values' variance around the model, `nil` when it cannot be estimated
        /// (a single period).
        var variance: Double?
        /// Its degrees of freedom.
        var df: Int
        /// The points the model read.
        var points: Int

        func predict(_ x: Double) -> Double { kind == .trend ? level + slope * (x - mx) : level }

        /// The variance of `Σ wⱼ · predict(xⱼ)`, in units of the period variance.
        func estimation(_ at: [(x: Double, w: Double)]) -> Double {
            let total = at.reduce(0) { $0 + $1.w }
            guard kind == .trend, sxx > 0 else { return total * total * inverseN }
            let lever = at.reduce(0) { $0 + $1.w * ($1.x - mx) }
            return total * total * inverseN + lever * lever / sxx
        }
    }

    /// Fits the level model to `values` (index = period): a line through every period with
    /// data when at least `minPoints` have data and the slope is at least ``trendThreshold``
    /// times its standard error (`n − 2` degrees of freedom), else the mean of the last
    /// ``window`` periods with data and their sample variance (`k − 1` degrees of freedom).
    static func fitLevel(_ values: [Double?], minPoints: Int? = minTrendPoints) -> LevelFit? {
        let points = values.enumerated().compactMap { i, v in v.map { (Double(i), $0) } }
        guard !points.isEmpty else { return nil }
        if let minPoints, points.count >= max(3, minPoints) {
            let n = Double(points.count)
            let mx = points.reduce(0) { $0 + $1.0 } / n
            let my = points.reduce(0) { $0 + $1.1 } / n
            let sxx = points.reduce(0) { $0 + ($1.0 - mx) * ($1.0 - mx) }
            let sxy = points.reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
            if sxx > 0 {
                let slope = sxy / sxx
                let sse = points.reduce(0) { acc, p in
                    let e = p.1 - (my + slope * (p.0 - mx))
                    return acc + e * e
                }
                let df = points.count - 2
                let variance = sse / Double(df)
                let t = variance > 0 ? abs(slope) / (variance / sxx).squareRoot() : (slope != 0 ? .infinity : 0)
                if t >= trendThreshold {
                    return LevelFit(
                        kind: .trend, level: my, slope: slope, mx: mx, sxx: sxx, inverseN: 1 / n, variance: variance,
                        df: df, points: points.count)
                }
            }
        }
        let recent = points.suffix(window).map(\.1)
        let k = recent.count
        let mean = recent.reduce(0, +) / Double(k)
        let variance = k >= 2 ? recent.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(k - 1) : nil
        return LevelFit(kind: .recent, level: mean, inverseN: 1 / Double(k), variance: variance, df: k - 1, points: k)
    }

    /// The prediction interval at `level` of `constant + Σ wⱼ yⱼ`, the future period values `yⱼ`
    /// at `xⱼ` predicted by `fit`: half-width `q · √(σ² · (Σ wⱼ² + estimation))`, `q` Student's t
    /// at the fit's degrees of freedom. `floor` is a variance the period values cannot be below
    /// (a count's Poisson variance, a rate's binomial one): it stands in for σ² when that is
    /// smaller or unknown (then with the normal quantile, the variance being known). Without
    /// either, no range: `low == high == base` and `level` `nil`. Base and range are clamped to
    /// `bounds`.
    static func interval(
        _ fit: LevelFit, at points: [(x: Double, w: Double)], constant: Double, level: Double,
        floor: Double? = nil, bounds: Bounds = Bounds(), method: Forecast.Method
    ) -> Forecast {
        let base = bounds.clamp(constant + points.reduce(0) { $0 + $1.w * fit.predict($1.x) })
        var variance = fit.variance
        var df: Int? = fit.df
        if let floor, floor > 0 {
            if let v = variance { variance = max(v, floor) } else { (variance, df) = (floor, nil) }
        }
        guard let variance else {
            return Forecast(method: method, base: base, low: base, high: base, periods: fit.points, level: nil)
        }
        let spread = (variance * (points.reduce(0) { $0 + $1.w * $1.w } + fit.estimation(points))).squareRoot()
        let half = Quantiles.central(level, df: df) * spread
        return Forecast(
            method: method, base: base, low: bounds.clamp(base - half), high: bounds.clamp(base + half),
            periods: fit.points, level: level)
    }

    /// Summed metric: `toDate` plus the next `remaining` periods (the run-rate).
    ///
    /// Without a phased plan, the mean `r` of the last ``window`` periods with data predicts each
    /// remaining period: `toDate + r·R`. The 80 % (or `level`) range is the prediction interval
    /// of their sum, `± t · s · √(R + R²/n)` for the mean of `n` periods (the periods' own noise
    /// plus the error of the estimated rate), `t` Student's with `n − 1` degrees of freedom. A
    /// count's period variance is at least its mean (Poisson), so a count has a range from one
    /// period on. No trend is extrapolated for volumes: on the calibration test's companies a line
    /// through a volume's history mistook regime changes for trends.
    ///
    /// With `plan` (the planned volume of every period of the cycle) phased over the recent and
    /// remaining periods, the recent performance ratio `q = Σ a / Σ p` scales the volume still
    /// planned (``phasing(_:plan:remaining:)``): `toDate + q·P`, the range
    /// `± t · s_q · √(Σ pⱼ² + P² · Σ pᵢ² / (Σ pᵢ)²)`, `s_q` the spread of the per-period ratios.
    /// A flat plan gives the plain run-rate. Nothing is ever below what is booked when the
    /// recent periods are all ≥ 0.
    static func runRate(
        _ values: [Double?], toDate: Double, remaining: Int, plan: [Double]? = nil, level: Double = defaultLevel,
        unit: MetricUnit? = nil
    ) -> Forecast? {
        let seen = values.compactMap { $0 }
        guard !seen.isEmpty else { return nil }
        let recent = values.suffix(window).compactMap { $0 }
        var bounds = unit.map { Bounds.of($0, seen: seen) } ?? Bounds()
        if recent.allSatisfy({ $0 >= 0 }) { bounds.lower = max(bounds.lower, toDate) }
        let counts = unit == .count && seen.allSatisfy { $0 >= 0 && $0 == $0.rounded() }
        let e = values.count
        let r = max(0, remaining)
        if let plan, let phased = phasing(values, plan: plan, remaining: remaining) {
            let ahead = (0..<r).map { (x: Double(e + $0), w: plan[e + $0]) }
            let fit = LevelFit(
                kind: .recent, level: phased.ratio, inverseN: phased.inverseN,
                variance: phased.ratios.count >= 2 ? pow(spread(phased.ratios), 2) : nil,
                df: phased.ratios.count - 1, points: phased.ratios.count)
            let floor = counts && phased.recentPlan > 0 ? phased.ratio / phased.recentPlan : nil
            return interval(
                fit, at: ahead, constant: toDate, level: level, floor: floor, bounds: bounds, method: .phasedRunRate)
        }
        guard let fit = fitLevel(values, minPoints: nil) else { return nil }
        let ahead = (0..<r).map { (x: Double(e + $0), w: 1.0) }
        return interval(
            fit, at: ahead, constant: toDate, level: level, floor: counts ? max(0, fit.level) : nil, bounds: bounds,
            method: .runRate)
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
        /// `Σ pᵢ² / (Σ pᵢ)²` over the recent periods: the pooled ratio's variance in units of a
        /// period ratio's.
        var inverseN: Double = 1
        /// The mean planned volume of the recent periods.
        var recentPlan: Double = 0

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
        let recent = values.indices.filter { values[$0] != nil }.suffix(window)
        let ahead = plan[e..<(e + remaining)]
        let used = recent.map { plan[$0] } + ahead
        guard let lo = used.min(), let hi = used.max(), hi - lo > 1e-9 * max(abs(lo), abs(hi)) else { return nil }
        let planned = recent.reduce(0) { $0 + plan[$1] }
        guard planned > 0, ahead.allSatisfy({ $0 >= 0 }) else { return nil }
        let actual = recent.reduce(0) { $0 + values[$1]! }
        let squares = recent.reduce(0) { $0 + plan[$1] * plan[$1] }
        return Phasing(
            ratio: actual / planned,
            ratios: recent.filter { plan[$0] > 0 }.map { values[$0]! / plan[$0] },
            remainingPlan: ahead.reduce(0, +), remainingSquares: ahead.reduce(0) { $0 + $1 * $1 },
            inverseN: squares / (planned * planned), recentPlan: planned / Double(recent.count))
    }

    /// Level metric: the value at period index `x` (or any weighted sum of future periods, see
    /// ``interval(_:at:constant:level:floor:bounds:method:)``), on the trend when its slope is
    /// significant and at the recent level otherwise (method `trend` or `recent_level`), with
    /// the prediction interval at `level`. One period gives its value and no range.
    static func trend(_ values: [Double?], at x: Int, level: Double = defaultLevel, bounds: Bounds = Bounds())
        -> Forecast?
    {
        guard let fit = fitLevel(values) else { return nil }
        return interval(
            fit, at: [(x: Double(x), w: 1)], constant: 0, level: level, bounds: bounds,
            method: fit.kind == .trend ? .trend : .recentLevel)
    }

    /// What the open pipeline converts to.
    struct PipelineConversion: Equatable {
        /// Revenue booked in a period per unit of pipeline open `lag` periods before.
        var rate: Double
        var lag: Int
        /// The per-period ratios the rate pools, for the spread.
        var ratios: [Double]
        /// The pipeline each ratio divides by: the pooled rate's weights.
        var weights: [Double] = []
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
        var weights: [Double] = []
        var won = 0.0
        var open = 0.0
        for i in lag..<max(lag, revenue.count) {
            guard let r = revenue[i], i - lag < pipeline.count, let p = pipeline[i - lag], p > 0 else { continue }
            ratios.append(r / p)
            weights.append(p)
            won += r
            open += p
        }
        guard !ratios.isEmpty, open > 0 else { return nil }
        return PipelineConversion(rate: won / open, lag: lag, ratios: ratios, weights: weights)
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
        // The records' lag passed over for too few pairs, noted in the reason.
        var passed: (lag: Int, pairs: Int)?
        if let recordsLag {
            let lag = min(maxLag, max(1, recordsLag))
            let c = conversion(revenue: revenue, pipeline: pipeline, lag: lag)
            let n = c?.ratios.count ?? 0
            if let c, n >= minPairs {
                return PipelineLag(conversion: c, source: .records, reason: recordsLagReason(lag, pairs: n))
            }
            if lag != 1 { passed = (lag, n) }
        }
        guard let one = conversion(revenue: revenue, pipeline: pipeline, lag: 1), one.ratios.count >= minPairs else {
            let n = conversion(revenue: revenue, pipeline: pipeline, lag: 1)?.ratios.count ?? 0
            return PipelineLag(conversion: nil, source: nil, reason: noLagReason(pairs: n, passed: passed))
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
                reason: steadierLagReason(c, variation: cv, lagOne: base, passed: passed))
        }
        return PipelineLag(
            conversion: one, source: .standard, reason: standardLagReason(pairs: one.ratios.count, passed: passed))
    }

    /// Revenue (or anything booked from the pipeline): `toDate + c · Σ Pⱼ` over the remaining
    /// periods j = 1…R, `Pⱼ = pipeline[e − 1 + j − L]`; where that period is still to come the
    /// pipeline's own level model predicts it (its recent level, or its trend when significant).
    /// The range at `level` adds three variances: each period's conversion noise
    /// `s² · Σ Pⱼ²`, the pooled rate's error `s² · (Σ Pⱼ)² · Σ pᵢ² / (Σ pᵢ)²` (`pᵢ` the
    /// pipeline the history's ratios divide by), and `c² ·` the prediction variance of the
    /// pipeline still to come; Student's t with one less degree of freedom than ratios. `scale`
    /// turns revenue into won deals (1 / value per won). Never below what is booked.
    static func pipeline(
        _ conversion: PipelineConversion, pipeline: [Double?], toDate: Double, remaining: Int, scale: Double = 1,
        level: Double = defaultLevel
    ) -> Forecast? {
        guard let fit = fitLevel(pipeline) else { return nil }
        let e = pipeline.count
        var known = 0.0
        var knownSquares = 0.0
        var future: [(x: Double, w: Double)] = []
        for j in stride(from: 1, through: max(0, remaining), by: 1) {
            let source = e - 1 + j - conversion.lag
            if source < e, source >= 0, let p = pipeline[source] {
                known += p
                knownSquares += p * p
            } else {
                future.append((x: Double(source), w: 1))
            }
        }
        let predicted = future.reduce(0) { $0 + max(0, fit.predict($1.x)) }
        let predictedSquares = future.reduce(0) { $0 + pow(max(0, fit.predict($1.x)), 2) }
        let open = known + predicted
        let c = conversion.rate
        let base = toDate + c * open * scale
        let n = conversion.ratios.count
        guard n >= 2 else {
            return Forecast(method: .pipeline, base: base, low: base, high: base, periods: n, level: nil)
        }
        let s2 = pow(spread(conversion.ratios), 2)
        let w = conversion.weights
        let total = w.reduce(0, +)
        let squares: Double = w.reduce(0) { $0 + $1 * $1 }
        let inverseN: Double = w.count == n && total > 0 ? squares / (total * total) : 1 / Double(n)
        var variance = s2 * (knownSquares + predictedSquares + open * open * inverseN)
        if !future.isEmpty, let v = fit.variance {
            variance += c * c * v * (Double(future.count) + fit.estimation(future))
        }
        let half = Quantiles.central(level, df: n - 1) * variance.squareRoot() * scale
        return Forecast(
            method: .pipeline, base: base, low: max(toDate, base - half), high: base + half, periods: n, level: level)
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
