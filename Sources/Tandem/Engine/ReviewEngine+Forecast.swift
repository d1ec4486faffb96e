import Foundation

/// What is forecast, and the review's own track record: every forecast is of the quantity the key
/// result (or the funnel's revenue) is judged on at the cycle's end, and the same function made
/// from every earlier period gives the backtests.
struct ForecastSubject {
    /// The quantity a key result is judged on, as a function of its metric's period values.
    enum Quantity: Equatable {
        /// The cycle-to-date sum (summed metrics).
        case sum
        /// The mean of the periods with data (levels rolled up as an average).
        case average
        /// `Σ numerator / Σ denominator` over the cycle (a derived ratio of two summed metrics).
        case pooledRatio
        /// The latest period's value (stocks, formulas of other shapes, stay-above/below key
        /// results, which are judged period by period).
        case last
    }

    var quantity: Quantity
    /// The metric's value in every elapsed period.
    var values: [Double?]
    /// For ``Quantity/pooledRatio``: the numerator's and denominator's period values.
    var numerator: [Double?] = []
    var denominator: [Double?] = []
    /// For ``Quantity/sum``: the planned volume of every period of the cycle (phasing).
    var plan: [Double]? = nil
    var unit: MetricUnit

    /// The quantity as of period index `i`: cycle to date up to `i`, or `i`'s value.
    func value(at i: Int) -> Double? {
        guard i >= 0, i < values.count else { return nil }
        switch quantity {
        case .sum:
            let seen = values[0...i].compactMap { $0 }
            return seen.isEmpty ? nil : CompensatedSum(seen).value
        case .average:
            let seen = values[0...i].compactMap { $0 }
            return seen.isEmpty ? nil : CompensatedSum(seen).value / Double(seen.count)
        case .pooledRatio:
            let n = numerator[0...i].compactMap { $0 }
            let d = denominator[0...i].compactMap { $0 }
            let den = CompensatedSum(d).value
            return n.isEmpty || d.isEmpty || den == 0 ? nil : CompensatedSum(n).value / den
        case .last:
            return values[i]
        }
    }

    /// The forecast at `level` of the quantity at period index `target`, made from the first
    /// `known` periods (`target ≥ known`).
    func forecast(known: Int, target: Int, level: Double) -> Forecast? {
        let history = Array(values.prefix(known))
        let seen = history.compactMap { $0 }
        let horizon = target - (known - 1)
        guard !seen.isEmpty, horizon >= 1 else { return nil }
        let ahead = (known...target).map(Double.init)
        let bounds = Forecasting.Bounds.of(unit, seen: seen)
        switch quantity {
        case .sum:
            return Forecasting.runRate(
                history, toDate: CompensatedSum(seen).value, remaining: horizon, plan: plan, level: level, unit: unit)
        case .average:
            guard let fit = Forecasting.fitLevel(history) else { return nil }
            let periods = Double(seen.count + horizon)
            return Forecasting.interval(
                fit, at: ahead.map { (x: $0, w: 1 / periods) }, constant: CompensatedSum(seen).value / periods,
                level: level, bounds: bounds, method: fit.kind == .trend ? .trend : .recentLevel)
        case .pooledRatio:
            let num = CompensatedSum(numerator.prefix(known).compactMap { $0 }).value
            let denSeen = denominator.prefix(known).compactMap { $0 }
            guard let fit = Forecasting.fitLevel(history),
                let volume = Forecasting.fitLevel(Array(denominator.prefix(known)), minPoints: nil)
            else { return nil }
            let future = ahead.map { max(0, volume.predict($0)) }
            let total = CompensatedSum(denSeen).value + future.reduce(0, +)
            guard total > 0 else { return nil }
            // A share of whole things varies at least binomially from period to period.
            let mean = future.reduce(0, +) / Double(future.count)
            let share = min(1, max(0, fit.level))
            let floor = unit == .percent && mean > 0 ? share * (1 - share) / mean : nil
            return Forecasting.interval(
                fit, at: zip(ahead, future).map { (x: $0, w: $1 / total) }, constant: num / total, level: level,
                floor: floor, bounds: bounds, method: fit.kind == .trend ? .trend : .recentLevel)
        case .last:
            guard let fit = Forecasting.fitLevel(history) else { return nil }
            return Forecasting.interval(
                fit, at: [(x: Double(target), w: 1)], constant: 0, level: level, bounds: bounds,
                method: fit.kind == .trend ? .trend : .recentLevel)
        }
    }

    /// The naive forecast the track record compares with: the cycle's average period so far
    /// for sums (`toDate + toDate / m · h`), the latest value for levels (for a mean, the latest
    /// value in every period still to come), the ratio to date for pooled ratios.
    func naive(known: Int, target: Int) -> Double? {
        let history = values.prefix(known)
        let seen = history.compactMap { $0 }
        let horizon = Double(target - (known - 1))
        guard let last = seen.last, horizon >= 1 else { return nil }
        switch quantity {
        case .sum:
            let toDate = CompensatedSum(seen).value
            return toDate + toDate / Double(seen.count) * horizon
        case .average:
            return (CompensatedSum(seen).value + horizon * last) / (Double(seen.count) + horizon)
        case .pooledRatio: return value(at: known - 1) ?? last
        case .last: return last
        }
    }
}

extension ReviewEngine {
    /// What a key result's forecast is of (see ``ForecastSubject/Quantity``).
    func forecastSubject(_ kr: KeyResult, metric: Metric) -> ForecastSubject {
        let values = series.series(kr.metric)
        if kr.kind == .stayAbove || kr.kind == .stayBelow {
            return ForecastSubject(quantity: .last, values: values, unit: metric.unit)
        }
        if isSummed(metric) {
            return ForecastSubject(
                quantity: .sum, values: values, plan: planned(kr, summed: true), unit: metric.unit)
        }
        if let parts = metric.formula?.ratioParts, case .metric(let n) = parts.numerator,
            case .metric(let d) = parts.denominator, let nm = metrics[n], let dm = metrics[d], isSummed(nm),
            isSummed(dm)
        {
            return ForecastSubject(
                quantity: .pooledRatio, values: values, numerator: series.series(n), denominator: series.series(d),
                unit: metric.unit)
        }
        if metric.formula == nil && metric.rollup == .average {
            return ForecastSubject(quantity: .average, values: values, unit: metric.unit)
        }
        return ForecastSubject(quantity: .last, values: values, unit: metric.unit)
    }

    /// The funnel's revenue as a forecast subject (summed, phased by the revenue plan).
    func revenueSubject(_ funnel: Funnel) -> ForecastSubject {
        ForecastSubject(quantity: .sum, values: revenueSeries(funnel), plan: revenuePlan(funnel), unit: .currency)
    }

    /// The forecast the review made two periods ago (one when only two have passed) of today's
    /// value of the same quantity, against today's value.
    func backtest(_ subject: ForecastSubject) -> Backtest? {
        guard let k = Forecasting.backtestOrigin(elapsed: elapsed),
            let forecast = subject.forecast(known: k + 1, target: index, level: plan.forecastLevel),
            let actual = subject.value(at: index)
        else { return nil }
        return Backtest(asOf: plan.cycle.start.advanced(by: k), period: period, forecast: forecast, actual: actual)
    }

    /// The track record: the forecast of every subject made from every earlier period of the
    /// cycle for the review period, against what happened and against the naive forecast.
    func forecastAccuracy(_ subjects: [ForecastSubject]) -> ForecastAccuracy {
        struct Part: Sendable {
            var held = 0
            var ranged = 0
            var errors: [Double] = []
            var naiveErrors: [Double] = []
        }
        /// Each lane writes only its own slot.
        final class Parts: @unchecked Sendable {
            var slots: [Part]
            init(_ n: Int) { slots = Array(repeating: Part(), count: n) }
        }
        // Tens of thousands of forecasts for a large plan: both cores, each on its half of the
        // subjects; the medians do not depend on the order.
        let lanes = subjects.count > 64 ? 2 : 1
        let parts = Parts(lanes)
        let level = plan.forecastLevel
        let index = index
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            var part = Part()
            for s in stride(from: lane, to: subjects.count, by: lanes) {
                let subject = subjects[s]
                guard let actual = subject.value(at: index), actual != 0 else { continue }
                for known in stride(from: 1, through: index, by: 1) {
                    guard let f = subject.forecast(known: known, target: index, level: level),
                        let naive = subject.naive(known: known, target: index)
                    else { continue }
                    if f.level != nil {
                        part.ranged += 1
                        let slack = 1e-9 * abs(actual)
                        if actual >= f.low - slack && actual <= f.high + slack { part.held += 1 }
                    }
                    part.errors.append((f.base - actual) / abs(actual))
                    part.naiveErrors.append((naive - actual) / abs(actual))
                }
            }
            parts.slots[lane] = part
        }
        let all = parts.slots
        let errors = all.flatMap(\.errors)
        let naiveErrors = all.flatMap(\.naiveErrors)
        return ForecastAccuracy(
            level: level, forecasts: all.reduce(0) { $0 + $1.ranged }, held: all.reduce(0) { $0 + $1.held },
            medianAbsError: Self.median(errors.map(abs)), bias: Self.median(errors),
            naiveMedianAbsError: Self.median(naiveErrors.map(abs)), naiveBias: Self.median(naiveErrors),
            pointForecasts: errors.count)
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let s = values.sorted()
        let m = s.count / 2
        return s.count % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2
    }
}
