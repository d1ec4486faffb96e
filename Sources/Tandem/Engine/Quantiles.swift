import Foundation

/// The quantiles the prediction intervals use: the standard normal and Student's t, by bisection
/// on their distribution functions (the normal's from `erfc`, Student's t from the regularized
/// incomplete beta function), accurate to about 1e-12.
enum Quantiles {
    /// The standard normal's `p` quantile, `0 < p < 1`.
    static func normal(_ p: Double) -> Double {
        invert(p) { x in 0.5 * erfc(-x / 2.0.squareRoot()) }
    }

    /// Student's t's `p` quantile with `df` degrees of freedom (`df ≥ 1`); the normal's for
    /// `df == nil`.
    static func studentT(_ p: Double, df: Int?) -> Double {
        guard let df else { return normal(p) }
        let nu = Double(max(1, df))
        return invert(p) { t in
            let tail = 0.5 * incompleteBeta(nu / (nu + t * t), a: nu / 2, b: 0.5)
            return t >= 0 ? 1 - tail : tail
        }
    }

    /// The upper end `q` of a central interval at `level` (e.g. 0.8 → the 0.9 quantile), so the
    /// interval is `estimate ± q · standard error`. The default level's quantiles for up to 64
    /// degrees of freedom are computed once (a review asks for them tens of thousands of times).
    static func central(_ level: Double, df: Int?) -> Double {
        if level == Forecasting.defaultLevel {
            let i = df ?? 0
            if i >= 0 && i < central80.count { return central80[i] }
        }
        return studentT(0.5 + level / 2, df: df)
    }

    /// The 0.9 quantiles: the normal's at index 0, Student's t with `i` degrees of freedom at `i`.
    private static let central80: [Double] = (0...64).map { $0 == 0 ? normal(0.9) : studentT(0.9, df: $0) }

    /// The `x` with `cdf(x) == p`, for an increasing `cdf` over the real line.
    private static func invert(_ p: Double, _ cdf: (Double) -> Double) -> Double {
        guard p > 0, p < 1 else { return p <= 0 ? -.infinity : .infinity }
        var lo = -1.0
        var hi = 1.0
        while cdf(lo) > p { lo *= 2 }
        while cdf(hi) < p { hi *= 2 }
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if cdf(mid) < p { lo = mid } else { hi = mid }
            if hi - lo <= 1e-13 * max(1, abs(mid)) { break }
        }
        return (lo + hi) / 2
    }

    /// The regularized incomplete beta function `I_x(a, b)`, by its continued fraction (modified
    /// Lentz), using the symmetry `I_x(a, b) = 1 − I_{1−x}(b, a)` where the fraction converges
    /// slowly.
    static func incompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logGammas: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let front = exp(logGammas + logPowers)
        if x < (a + 1) / (a + b + 2) { return front * fraction(x, a, b) / a }
        return 1 - front * fraction(1 - x, b, a) / b
    }

    private static func fraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...300 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d
            if abs(d) < tiny { d = tiny }
            c = 1 + even / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d
            if abs(d) < tiny { d = tiny }
            c = 1 + odd / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            h *= step
            if abs(step - 1) < 1e-15 { break }
        }
        return h
    }
}
