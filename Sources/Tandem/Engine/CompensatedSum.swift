/// A running sum with Neumaier compensation: adding millions of amounts keeps the total exact to
/// the cent where a plain `+=` would drift.
struct CompensatedSum: Sendable {
    private var sum = 0.0
    private var compensation = 0.0

    init() {}

    init(_ values: some Sequence<Double>) {
        for v in values { add(v) }
    }

    mutating func add(_ value: Double) {
        let t = sum + value
        if abs(sum) >= abs(value) {
            compensation += (sum - t) + value
        } else {
            compensation += (value - t) + sum
        }
        sum = t
    }

    var value: Double { sum + compensation }
}
