import Foundation

/// The checks every observation passes, whatever file format it came from.
extension ObservationSink {
    /// Where a value came from, for messages.
    struct Origin {
        var file: String
        var line: Int
        var column: Int?
        var source: String?
    }

    enum Check<T> {
        case ok(T)
        case skip
    }

    func checkPeriod(_ period: Period?, text: () -> String, _ origin: @autoclosure () -> Origin, field: String)
        -> Check<Period>
    {
        guard let period else {
            let origin = origin()
            error(
                .invalidValue, "expected a period like 2026-07 or 2026-Q3 in '\(field)', found '\(text().prefix(40))'",
                file: origin.file, line: origin.line, column: origin.column, field: field, source: origin.source)
            return .skip
        }
        if period.kind != plan.cycle.start.kind {
            let origin = origin()
            error(
                .invalidValue,
                "period \(period) is a \(period.kind.rawValue) but the plan's cycle is in \(plan.cycle.start.kind.rawValue)s",
                file: origin.file, line: origin.line, column: origin.column, field: field, source: origin.source)
            return .skip
        }
        if !plan.cycle.contains(period) {
            // Only the first value of a period outside the cycle is located; the rest are counted.
            if let existing = outside[period] {
                outside[period] = (existing.file, existing.line, existing.count + 1)
            } else {
                let origin = origin()
                outside[period] = (origin.file, origin.line, 1)
            }
            return .skip
        }
        return .ok(period)
    }

    func checkMetric(_ name: String, _ origin: @autoclosure () -> Origin, field: String) -> Int? {
        guard let index = metricPositions.position(of: name) else {
            let o = origin()
            error(
                .unknownReference, "unknown metric '\(name.prefix(60))'\(suggestion(name, among: metricNames))",
                file: o.file, line: o.line, column: o.column, field: field, source: o.source)
            return nil
        }
        if let formula = plan.metrics[index].formula {
            let o = origin()
            error(
                .invalidValue,
                "metric '\(name)' is derived (\(formula)) and computed by Tandem; leave it out of the actuals",
                file: o.file, line: o.line, column: o.column, field: field, source: o.source)
            return nil
        }
        return index
    }

    /// The number of a segment name (interned), -1 for none.
    func segmentNumber(_ name: String?) -> Int32 {
        // Once the load has failed nothing is kept, new names neither (memory stays bounded).
        guard let name, !name.isEmpty, errors.isEmpty else { return -1 }
        return segments.intern(name)
    }

    func checkTeam(_ name: String, _ origin: @autoclosure () -> Origin, field: String) -> Check<Int32> {
        if name.isEmpty { return .ok(-1) }
        guard let index = teamPositions.position(of: name) else {
            let o = origin()
            error(
                .unknownReference, "unknown team '\(name.prefix(60))'\(suggestion(name, among: teamNames))",
                file: o.file, line: o.line, column: o.column, field: field, source: o.source)
            return .skip
        }
        return .ok(Int32(index))
    }

    func add(
        period: Period, metric: Int, team: Int32, segment segmentID: Int32, value: Double, file: String, line: Int,
        _ origin: @autoclosure () -> Origin
    ) {
        // Once the load has failed, rows are still checked for errors of their own, but nothing is
        // kept: memory stays bounded however long the file goes on after its first bad row.
        guard errors.isEmpty else { return }
        let segment = segmentID >= 0 ? segments.names[Int(segmentID)] : nil
        let key = Key(
            period: Int32(truncatingIfNeeded: period.ordinal), metric: Int32(metric), team: team, segment: segmentID)
        if files.last != file { files.append(file) }
        let place = ObservationTable.Place(line: Int32(clamping: line), file: Int32(files.count - 1))
        let (index, inserted) = seen.insert(key, at: place)
        if !inserted {
            if options.sumDuplicates {
                observations[index].value += value
                return
            }
            var what = "\(period) \(metricNames[metric])"
            if team >= 0 { what += " team \(teamNames[Int(team)])" }
            if let segment { what += " segment '\(segment)'" }
            let origin = origin()
            let first = seen.places[index]
            let firstFile = files[Int(first.file)]
            let firstAt = firstFile == origin.file ? "line \(first.line)" : "\(firstFile):\(first.line)"
            error(
                .duplicateObservation,
                "duplicate observation for \(what) (first at \(firstAt)); use --sum-duplicates to add them up",
                file: origin.file, line: origin.line, column: origin.column, field: nil, source: origin.source)
            return
        }
        observations.append(
            Observation(
                period: period, metric: metricIDs[metric], value: value, team: team >= 0 ? teamIDs[Int(team)] : nil,
                segment: segment))
    }
}

extension ObservationSink {
    /// Reports every row that looks like the total of other rows of the same period and metric: a
    /// row without a segment (or team) beside rows with one. Summed together they would count the
    /// same deals twice.
    func checkSubtotals() {
        // Most exports have no general rows at all: then nothing can be a total.
        guard seen.generalCount > 0 else { return }
        // Only rows of a period and metric that has a general row can be parts of a total.
        let first = plan.cycle.start.ordinal
        let periods = plan.cycle.count
        let metrics = metricNames.count
        var hasGeneral = [Bool](repeating: false, count: periods * metrics)
        func cell(_ key: Key) -> Int? {
            let p = Int(key.period) - first
            return p >= 0 && p < periods ? p * metrics + Int(key.metric) : nil
        }
        for key in seen.keys where key.isGeneral {
            if let c = cell(key) { hasGeneral[c] = true }
        }
        // For each general row (by entry number), the rows it would total.
        var parts: [Int: [Int]] = [:]
        for (i, key) in seen.keys.enumerated() where key.team >= 0 || key.segment >= 0 {
            guard let c = cell(key), hasGeneral[c] else { continue }
            var general: [Key] = []
            if key.team >= 0 && key.segment >= 0 {
                general = [
                    Key(period: key.period, metric: key.metric, team: key.team, segment: -1),
                    Key(period: key.period, metric: key.metric, team: -1, segment: key.segment),
                ]
            }
            general.append(Key(period: key.period, metric: key.metric, team: -1, segment: -1))
            for g in general {
                if let total = seen.index(of: g) { parts[total, default: []].append(i) }
            }
        }
        func place(_ i: Int) -> (Int32, Int32) { (seen.places[i].file, seen.places[i].line) }
        for (totalIndex, rows) in parts.sorted(by: { place($0.key) < place($1.key) }) {
            let key = seen.keys[totalIndex]
            let total = seen.places[totalIndex]
            let file = files[Int(total.file)]
            let rows = rows.map { seen.places[$0] }.sorted { ($0.file, $0.line) < ($1.file, $1.line) }
            let places = rows.prefix(5).map {
                files[Int($0.file)] == file ? "\($0.line)" : "\(files[Int($0.file)]):\($0.line)"
            }
            let more = rows.count > 5 ? ", …" : ""
            let lacks = [key.team < 0 ? "team" : nil, key.segment < 0 ? "segment" : nil].compactMap { $0 }
            let period = plan.cycle.start.advanced(by: Int(key.period) - plan.cycle.start.ordinal)
            let what = "\(period) \(metricNames[Int(key.metric)])"
            error(
                .duplicateObservation,
                "the \(what) row without a \(lacks.joined(separator: " or ")) looks like the total of \(rows.count) row\(rows.count == 1 ? "" : "s") with one (line\(rows.count == 1 ? "" : "s") \(places.joined(separator: ", "))\(more)); summed together they would count twice: keep either the total or the parts",
                file: file, line: Int(total.line), column: nil, field: nil, source: nil)
        }
    }
}
