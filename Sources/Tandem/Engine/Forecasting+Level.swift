extension Forecasting {
    /// The central probability every forecast range is meant to hold: 0.8, an 80 % range from
    /// P10 to P90 (see the *Forecasts* article). The flat data's `forecast_level` is this value,
    /// beside every range it carries.
    static let level = 0.8
}
