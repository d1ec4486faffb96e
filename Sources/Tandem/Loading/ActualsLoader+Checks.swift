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
        guard let index = metricIndex[name] else {
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

    func checkTeam(_ name: String, _ origin: @autoclosure () -> Origin, field: String) -> Check<Int32> {
        if name.isEmpty { return .ok(-1) }
        guard let index = teamIndex[name] else {
            let o = origin()
            error(
                .unknownReference, "unknown team '\(name.prefix(60))'\(suggestion(name, among: teamNames))",
                file: o.file, line: o.line, column: o.column, field: field, source: o.source)
            return .skip
        }
        return .ok(Int32(index))
    }

    func add(
        period: Period, metric: Int, team: Int32, segment: String?, value: Double, file: String, line: Int,
        _ origin: @autoclosure () -> Origin
    ) {
        // Once the load has failed, rows are still checked for errors of their own, but nothing is
        // kept: memory stays bounded however long the file goes on after its first bad row.
        guard errors.isEmpty else { return }
        var segmentID: Int32 = -1
        if let segment {
            if let id = segments[segment] {
                segmentID = id
            } else {
                segmentID = Int32(segments.count)
                segments[segment] = segmentID
            }
        }
        let key = Key(
            period: Int32(truncatingIfNeeded: period.ordinal), metric: Int32(metric), team: team, segment: segmentID)
        if let first = seen[key] {
            if options.sumDuplicates {
                observations[Int(first.index)].value += value
                return
            }
            var what = "\(period) \(metricNames[metric])"
            if team >= 0 { what += " team \(teamNames[Int(team)])" }
            if let segment { what += " segment '\(segment)'" }
            let origin = origin()
            let firstFile = files[Int(first.file)]
            let firstAt = firstFile == origin.file ? "line \(first.line)" : "\(firstFile):\(first.line)"
            error(
                .duplicateObservation,
                "duplicate observation for \(what) (first at \(firstAt)); use --sum-duplicates to add them up",
                file: origin.file, line: origin.line, column: origin.column, field: nil, source: origin.source)
            return
        }
        if files.last != file { files.append(file) }
        seen[key] = Seen(index: Int32(observations.count), line: Int32(clamping: line), file: Int32(files.count - 1))
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
        // For each general row, the rows it would total.
        var parts: [Key: [Seen]] = [:]
        for (key, where_) in seen where key.team >= 0 || key.segment >= 0 {
            var general: [Key] = []
            if key.team >= 0 && key.segment >= 0 {
                general = [
                    Key(period: key.period, metric: key.metric, team: key.team, segment: -1),
                    Key(period: key.period, metric: key.metric, team: -1, segment: key.segment),
                ]
            }
            general.append(Key(period: key.period, metric: key.metric, team: -1, segment: -1))
            for g in general where seen[g] != nil { parts[g, default: []].append(where_) }
        }
        let byPlace = parts.sorted { a, b in
            let (x, y) = (seen[a.key]!, seen[b.key]!)
            return (x.file, x.line) < (y.file, y.line)
        }
        for (key, rows) in byPlace {
            let total = seen[key]!
            let file = files[Int(total.file)]
            let rows = rows.sorted { ($0.file, $0.line) < ($1.file, $1.line) }
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
