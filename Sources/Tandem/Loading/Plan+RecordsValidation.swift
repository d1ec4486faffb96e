import Foundation

extension Plan {
    /// The problems of the `records:` section: unknown stages, time zones and metrics, fields that
    /// do not fit the source's kind.
    func recordProblems() -> [PlanProblem] {
        guard let records else { return [] }
        var out: [PlanProblem] = []
        func fail(_ path: String, _ code: Diagnostic.Code, _ message: String) {
            out.append(PlanProblem(path: path, code: code, message: message))
        }
        guard let funnel, funnel.stages.count >= 2 else {
            fail("records", .missingField, "records need a funnel with at least two stages to measure")
            return out
        }
        let stageIDs = funnel.stages.map(\.id.rawValue)
        func checkStage(_ id: StageID, _ path: String, notLast: Bool) {
            if !stageIDs.contains(id.rawValue) {
                fail(path, .unknownReference, "unknown stage '\(id)'\(suggestion(id.rawValue, among: stageIDs))")
            } else if notLast && id.rawValue == stageIDs.last {
                fail(path, .invalidValue, "'\(id)' is the last stage; no transition starts there")
            }
        }
        if TimeZone(identifier: records.timezone) == nil {
            fail(
                "records.timezone", .invalidValue,
                "unknown time zone '\(records.timezone)' (expected an IANA name like America/New_York)")
        }
        if records.sources.isEmpty { fail("records.sources", .missingField, "records need at least one source") }
        for stage in records.horizonDays.keys.sorted() {
            checkStage(stage, "records.horizon_days.\(stage)", notLast: true)
        }
        if let stage = records.speedToLeadStage { checkStage(stage, "records.speed_to_lead.stage", notLast: false) }
        if let hours = records.speedToLeadHours, !(hours > 0 && hours <= 24 * 366) {
            fail("records.speed_to_lead.hours", .invalidValue, "speed-to-lead hours must be above 0 and at most a year")
        }
        let series = RecordMetrics.seriesIDs(funnel: funnel)
        let metricIDs = metrics.map(\.id.rawValue)
        for (key, target) in records.metrics.sorted(by: { $0.key < $1.key }) {
            let path = "records.metrics.\(key)"
            if !series.contains(key) {
                fail(path, .unknownReference, "unknown derived series '\(key)'\(suggestion(key, among: series))")
            } else if let metric = metric(target) {
                if metric.formula != nil {
                    fail(path, .invalidValue, "metric '\(target)' has a formula; a derived series cannot feed it")
                }
            } else {
                fail(
                    path, .unknownReference,
                    "unknown metric '\(target)'\(suggestion(target.rawValue, among: metricIDs))")
            }
        }
        var snapshotDays: [String: Int] = [:]
        let leadsOnly: Set<RecordField> = [.firstTouch, .recycled]
        let dealsOnly: Set<RecordField> = [.amount, .close, .won, .closed]
        for (i, source) in records.sources.enumerated() {
            let path = "records.sources[\(i)]"
            if let zone = source.timezone, TimeZone(identifier: zone) == nil {
                fail(
                    "\(path).timezone", .invalidValue,
                    "unknown time zone '\(zone)' (expected an IANA name like America/New_York)")
            }
            for stage in source.stageColumns.keys.sorted() {
                checkStage(stage, "\(path).columns.stages.\(stage)", notLast: false)
            }
            for field in source.columns.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
                let wrong = source.kind == .leads ? dealsOnly.contains(field) : leadsOnly.contains(field)
                if wrong {
                    fail(
                        "\(path).columns.\(field.rawValue)", .invalidValue,
                        "'\(field.rawValue)' is not a field of \(source.kind.rawValue) records")
                }
            }
            if let stage = source.dealStage {
                if source.kind == .deals {
                    checkStage(stage, "\(path).deal_stage", notLast: true)
                } else {
                    fail("\(path).deal_stage", .invalidValue, "'deal_stage' applies to deals sources only")
                }
            }
            if let day = source.snapshot {
                let at = "\(path).snapshot"
                if source.kind != .deals {
                    fail(at, .invalidValue, "'snapshot' applies to deals sources only")
                } else if RecordsPlan.snapshotDay(day) == nil {
                    fail(
                        at, .invalidValue,
                        "expected the day the export was taken as YYYY-MM-DD, found '\(day.prefix(60))'")
                } else if let other = snapshotDays[day] {
                    fail(at, .invalidValue, "records.sources[\(other)] is already the snapshot of \(day)")
                } else {
                    snapshotDays[day] = i
                    if source.file == nil {
                        fail(
                            "\(path).file", .missingField,
                            "a snapshot needs a 'file:' pattern: its export has the same columns as the current one")
                    }
                    if source.columns[.id] == "" {
                        fail(
                            "\(path).columns.id", .invalidValue,
                            "a snapshot's deals are matched by id; its export needs an id column")
                    }
                }
            } else if source.kind == .deals, source.columns[.id] == "", records.tracksDeals {
                fail(
                    "\(path).columns.id", .invalidValue,
                    "the deals are matched to the plan's snapshots by id; this export needs an id column too")
            }
            if source.history {
                if source.kind != .deals {
                    fail("\(path).history", .invalidValue, "'history' applies to deals sources only")
                } else if source.snapshot != nil {
                    fail("\(path).history", .invalidValue, "a source is a snapshot or a history, not both")
                } else if records.sources.contains(where: { $0.snapshot != nil }) {
                    fail(
                        "\(path).history", .invalidValue,
                        "a deal history gives every period's start; drop the snapshot sources or the history")
                } else if source.file == nil {
                    fail(
                        "\(path).file", .missingField,
                        "a deal history needs a 'file:' pattern: its export has the same columns as the current one")
                } else if source.columns[.id] == "" {
                    fail(
                        "\(path).columns.id", .invalidValue,
                        "a deal history's rows are matched to deals by id; its export needs an id column")
                }
            }
            if source.kind == .deals, !source.stageColumns.isEmpty {
                fail(
                    "\(path).columns.stages", .invalidValue,
                    "deals enter stages by their created and close times; use 'deal_stage' instead of stage columns")
            }
        }
        return out
    }
}
