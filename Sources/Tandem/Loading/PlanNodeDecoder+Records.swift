import Yams

extension PlanNodeDecoder {
    /// The `records:` section: time zone, horizons, speed-to-lead settings, metric renames and
    /// the sources.
    func records(_ node: Node, _ path: String) -> RecordsPlan? {
        let keys = ["timezone", "sources", "horizon_days", "speed_to_lead", "metrics"]
        guard let f = fields(node, path, what: "the records section", allowed: keys, required: ["sources"]) else {
            return nil
        }
        var records = RecordsPlan()
        if let zone = string(f, "timezone", required: true) { records.timezone = zone }
        if let node = f.value("horizon_days") {
            for (key, value) in pairs(node, f.sub("horizon_days"), what: "'horizon_days' (stage id: days)") {
                let name = "horizon_days.\(key)"
                guard case .scalar(let scalar) = value, let days = Int(scalar.string), days >= 1, days <= 3660 else {
                    report(
                        .invalidNumber,
                        "expected a whole number of days from 1 to 3660 for '\(name)', found \(describe(value))",
                        at: value.mark, field: "\(path).\(name)")
                    continue
                }
                records.horizonDays[StageID(key)] = days
            }
        }
        if let node = f.value("speed_to_lead"),
            let s = fields(
                node, f.sub("speed_to_lead"), what: "the speed-to-lead settings", allowed: ["stage", "hours"],
                required: [])
        {
            records.speedToLeadStage = string(s, "stage", required: true).map { StageID($0) }
            records.speedToLeadHours = number(s, "hours", .plain)
        }
        if let node = f.value("metrics") {
            for (key, value) in pairs(node, f.sub("metrics"), what: "'metrics' (derived series: plan metric)") {
                guard case .scalar(let scalar) = value, !scalar.string.isEmpty else {
                    report(
                        .wrongType, "expected a metric id for 'metrics.\(key)', found \(describe(value))",
                        at: value.mark, field: "\(path).metrics.\(key)")
                    continue
                }
                records.metrics[key] = MetricID(scalar.string)
            }
        }
        for (i, item) in list(f.value("sources"), f.sub("sources"), what: "record sources").enumerated() {
            if let source = recordSource(item, "\(path).sources[\(i)]") { records.sources.append(source) }
        }
        return records
    }

    /// A mapping's entries with scalar keys, each value's mark remembered under `path.key`.
    private func pairs(_ node: Node, _ path: String, what: String) -> [(String, Node)] {
        marks[path] = node.mark
        guard case .mapping(let mapping) = node else {
            report(.wrongType, "expected \(what) as a mapping, found \(describe(node))", at: node.mark, field: path)
            return []
        }
        var out: [(String, Node)] = []
        for (k, v) in mapping {
            guard case .scalar(let key) = k else {
                report(.wrongType, "expected a key name, found \(describe(k))", at: k.mark, field: path)
                continue
            }
            marks["\(path).\(key.string)"] = k.mark
            out.append((key.string, v))
        }
        return out
    }

    func recordSource(_ node: Node, _ path: String) -> RecordSource? {
        let keys = [
            "kind", "preset", "file", "columns", "timezone", "date_format", "encoding", "deal_stage", "snapshot",
            "history",
        ]
        guard let f = fields(node, path, what: "a record source", allowed: keys, required: ["kind", "preset"]),
            let kind = choice(f, "kind", RecordKind.allCases.map { ($0.rawValue, $0) }),
            let preset = choice(f, "preset", RecordPreset.allCases.map { ($0.rawValue, $0) })
        else { return nil }
        var source = RecordSource(kind: kind, preset: preset)
        source.file = string(f, "file", required: true)
        source.timezone = string(f, "timezone", required: true)
        if let node = f.value("date_format") {
            let spellings = RecordDateFormat.allCases.map(\.rawValue)
            if case .scalar(let scalar) = node, let format = RecordDateFormat(spelling: scalar.string) {
                source.dateFormat = format
            } else {
                report(
                    .invalidValue,
                    "expected one of \(spellings.joined(separator: ", ")) for 'date_format', found \(describe(node))",
                    at: node.mark, field: f.sub("date_format"))
            }
        }
        source.encoding = choice(f, "encoding", RecordEncoding.allCases.map { ($0.rawValue, $0) }) ?? .utf8
        source.dealStage = string(f, "deal_stage", required: true).map { StageID($0) }
        source.snapshot = string(f, "snapshot", required: true)
        source.history = choice(f, "history", [("true", true), ("false", false)]) ?? false
        if let node = f.value("columns") {
            let allowed = RecordField.allCases.map(\.rawValue) + ["stages"]
            if let c = fields(node, f.sub("columns"), what: "a column map", allowed: allowed, required: []) {
                for field in RecordField.allCases {
                    // `id: null` (or `~`, or nothing): the export has no such column, whatever the
                    // preset would look for (without an id, each row is one record).
                    if let value = c.value(field.rawValue), case .scalar(let scalar) = value, scalar.style == .plain,
                        ["", "~", "null", "Null", "NULL"].contains(scalar.string)
                    {
                        source.columns[field] = ""
                    } else if let header = string(c, field.rawValue, required: true) {
                        source.columns[field] = header
                    }
                }
                if let stages = c.value("stages") {
                    for (key, value) in pairs(stages, c.sub("stages"), what: "'stages' (stage id: header)") {
                        guard case .scalar(let scalar) = value, !scalar.string.isEmpty else {
                            report(
                                .wrongType, "expected a header name for stage '\(key)', found \(describe(value))",
                                at: value.mark, field: "\(c.sub("stages")).\(key)")
                            continue
                        }
                        source.stageColumns[StageID(key)] = scalar.string
                    }
                }
            }
        }
        return source
    }
}
