import Foundation

/// The entry points of the fuzz targets (`make fuzz`), shared with the test that replays their
/// corpus in `make test`, so a crash found once stays fixed. Not part of the public API: the
/// `TandemFuzzing` target (`Sources/TandemFuzzing`) publishes them to the fuzz package
/// (`Tests/Fuzz`); they live here because they reach the readers' internals.
///
/// Each entry reads arbitrary bytes the way Tandem reads a file and returns normally, whatever the
/// bytes: with the value read, or with the ``InputError`` that rejects them. It returns `false`
/// only when an invariant of Tandem's own breaks (the fuzz harness then crashes on purpose).
package enum FuzzTargets {
    /// The targets by name, as `make fuzz` and the corpus folders call them.
    package static let all: [String: @Sendable ([UInt8]) -> Bool] = [
        "plan": plan, "csv": csv, "json": json, "formula": formula, "number": number, "decisions": decisions,
        "records": records,
    ]

    /// A plan with one metric of each unit, for the actuals targets.
    static let actualsPlan: Plan = {
        let text = """
            tandem: 1
            name: Fuzz
            cycle: {start: 2026-07, end: 2026-12}
            teams: [{id: marketing}, {id: sales}]
            metrics:
              - {id: mqls, unit: count}
              - {id: arr, unit: currency}
              - {id: rate, unit: percent}
              - {id: hours, unit: hours}
              - {id: ratio, unit: ratio, formula: mqls / arr}
            objectives:
              - {id: o, title: O, owners: [sales], key_results: [{id: k, title: K, metric: mqls, kind: increase_to, target: 5}]}
            """
        do {
            return try PlanLoader().load(text: text, file: "fuzz-plan.yaml")
        } catch {
            preconditionFailure("the fuzz plan is valid: \(error)")
        }
    }()

    /// The plan loader, on the bytes as text (invalid UTF-8 replaced, as a `String` must be).
    @Sendable package static func plan(_ bytes: [UInt8]) -> Bool {
        guard let plan = try? PlanLoader().load(text: String(decoding: bytes, as: UTF8.self), file: "plan.yaml")
        else { return true }
        // A plan that loads reviews without trapping.
        _ = try? Review(plan: plan, actuals: Actuals(), asOf: plan.cycle.start)
        return true
    }

    /// The CSV reader: the whole input at once and in chunks (sized by the first byte) must give
    /// the same result; the options come from the second byte.
    @Sendable package static func csv(_ bytes: [UInt8]) -> Bool { actuals(bytes, json: false) }

    /// The JSON reader, like ``csv(_:)``.
    @Sendable package static func json(_ bytes: [UInt8]) -> Bool { actuals(bytes, json: true) }

    private static func actuals(_ bytes: [UInt8], json: Bool) -> Bool {
        let chunk = 1 + Int(bytes.first ?? 0)
        let flags = bytes.count > 1 ? bytes[1] : 0
        var options = ActualsOptions(sumDuplicates: flags & 1 != 0)
        if flags & 2 != 0 {
            options.delimiter = ";"
            options.numberFormat = NumberFormat(decimalSeparator: ",", thousandsSeparator: flags & 4 != 0 ? "." : nil)
        } else if flags & 4 != 0 {
            options.numberFormat.thousandsSeparator = ","
        }
        let input = Array(bytes.dropFirst(min(2, bytes.count)))
        func load(_ size: Int) -> Result<LoadedActuals, InputError> {
            do {
                let sink = try ObservationSink(plan: actualsPlan, options: options)
                var offset = 0
                let feed = { () throws(InputError) -> [UInt8]? in
                    guard offset < input.count else { return nil }
                    defer { offset += size }
                    return Array(input[offset..<min(input.count, offset + size)])
                }
                if json {
                    sink.readJSON(file: "a", size: input.count, feed: feed)
                } else {
                    sink.readCSV(file: "a", size: input.count, feed: feed)
                }
                return .success(try sink.finish())
            } catch {
                return .failure(error)
            }
        }
        let whole = load(max(1, input.count))
        let chunked = load(chunk)
        switch (whole, chunked) {
        case (.success(let a), .success(let b)):
            // Every value read is finite and within the ceiling.
            return a.actuals == b.actuals
                && a.actuals.observations.allSatisfy { $0.value.magnitude <= NumberFormat.maximumMagnitude }
        case (.failure(let a), .failure(let b)):
            // The same problems at the same places (excerpts may differ at chunk edges).
            return a.diagnostics.map(\.description) == b.diagnostics.map(\.description)
        default:
            return false
        }
    }

    /// The formula parser: a formula that parses evaluates, and its printed form parses again.
    @Sendable package static func formula(_ bytes: [UInt8]) -> Bool {
        guard let formula = try? Formula(parsing: String(decoding: bytes, as: UTF8.self)) else { return true }
        _ = formula.evaluate { _ in 3 }
        return (try? Formula(parsing: formula.description)) != nil
    }

    /// The number parser under every combination of rules: whatever it accepts is finite and
    /// within the ceiling.
    @Sendable package static func number(_ bytes: [UInt8]) -> Bool {
        for format in [
            NumberFormat(), NumberFormat(thousandsSeparator: ","),
            NumberFormat(decimalSeparator: ",", thousandsSeparator: "."),
        ] {
            for suffixes in [false, true] {
                let parser = NumberParser(format: format, scaleSuffixes: suffixes)
                for rules in [
                    NumberRules.plain, .fraction, .unit(.count, currency: .usd), .unit(.currency, currency: .usd),
                ] {
                    if case .value(let v) = parser.parse(bytes, 0, bytes.count, rules),
                        !(v.magnitude <= NumberFormat.maximumMagnitude)
                    {
                        return false
                    }
                }
            }
        }
        return true
    }

    /// The decision-log loader and `tandem decide`'s append: a log that loads takes a new entry
    /// (or refuses it with an error), and the appended log loads with one entry more, the earlier
    /// text kept in front.
    @Sendable package static func decisions(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        for plan in [nil, actualsPlan] {
            let loader = DecisionLogLoader(plan: plan)
            guard let log = try? loader.load(text: text) else { continue }
            let entry = Decision(
                period: .month(2026, 8), problem: .plan("revenue"), verdict: .accepted, owner: "sales",
                due: DueDate(parsing: "2026-09"), note: "fuzz: \"quoted\"\n# not a comment")
            guard let updated = try? loader.appending(entry, to: text) else { continue }
            guard let after = try? loader.load(text: updated), after.decisions.count == log.decisions.count + 1,
                after.decisions.last == entry
            else { return false }
        }
        return true
    }
}
