import Foundation
import Tandem

/// The records benchmark: Tandem's loader and derivation against DuckDB and pandas computing the
/// same numbers from the same CSV files, run alternately as separate processes.
///
///   tandem-bench records [--sizes 1M,10M] [--data DIR] [--rounds N] [--peers DIR] [--python BIN]
///                        [--tandem BIN]
///   tandem-bench records-load DIR     (one timed run; prints the numbers as JSON)
///
/// With `--tandem`, the command a user runs is timed too, end to end: `tandem review PLAN
/// --records DIR --format json`, on the generic ISO files and on the same records written as a
/// HubSpot export (every field quoted, labels, `YYYY-MM-DD HH:MM`), each paired with DuckDB
/// reading that same format, alternating.
enum RecordsBench {
    /// Loads and derives the records in `dir`; prints the canonical numbers (see the peers).
    static func load(_ dir: URL) throws {
        let clock = ContinuousClock()
        let start = clock.now
        let plan = try PlanLoader().load(contentsOf: dir.appendingPathComponent("plan.yaml"))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".csv") }
            .sorted().map { dir.appendingPathComponent($0) }
        let set = try RecordsLoader(plan: plan).load(contentsOf: files)
        let loaded = clock.now
        let metrics = try RecordMetrics(plan: plan, records: set)
        let derived = metrics.derive(asOf: .month(2026, 12))
        let end = clock.now
        var totals: [String: [String: Double]] = [:]
        for o in derived.actuals.observations {
            totals[o.metric.rawValue, default: [:]][o.period.description, default: 0] += o.value
        }
        func series(_ metric: String) -> [String: Double] { totals[metric] ?? [:] }
        var out: [String: Any] = [:]
        out["volumes"] = ["leads": series("leads"), "mqls": series("mqls"), "sqls": series("sqls")]
        var cohorts: [String: [String: [Int]]] = [:]
        for c in derived.summary.cohorts where c.from != "opps" {
            cohorts["\(c.from)_\(c.to)"] = Dictionary(
                uniqueKeysWithValues: c.periods.filter { $0.entered > 0 }.map {
                    ($0.period.description, [$0.entered, $0.converted])
                })
        }
        out["cohorts"] = cohorts
        let median = series("mqls_to_sqls_days_median")
        let p75 = series("mqls_to_sqls_days_p75")
        out["velocity"] = Dictionary(uniqueKeysWithValues: median.map { ($0.key, [$0.value, p75[$0.key] ?? -1]) })
        let hours = series("speed_to_lead_hours")
        let within = series("speed_to_lead_within_sla_count")
        let pending = series("speed_to_lead_pending")
        let breaches = series("speed_to_lead_breaches")
        out["speed"] = Dictionary(
            uniqueKeysWithValues: pending.keys.map { k in
                (k, [hours[k] ?? -1, within[k] ?? 0, pending[k] ?? 0, breaches[k] ?? 0])
            })
        let won = series("won")
        let arr = series("arr")
        out["won"] = Dictionary(uniqueKeysWithValues: won.map { ($0.key, [$0.value, arr[$0.key] ?? 0]) })
        out["records"] = set.leads.count + set.deals.count
        out["loadSeconds"] = seconds(loaded - start)
        out["deriveSeconds"] = seconds(end - loaded)
        let data = try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys])
        FileHandle.standardOutput.write(data)
    }

    struct Row {
        var size: String
        var records = 0
        var tandem: [Double] = []
        var tandemLoad: [Double] = []
        var tandemDerive: [Double] = []
        var peak: [Double] = []
        var duckdb: [Double] = []
        var duckdbPeak: [Double] = []
        var pandas: [Double] = []
        var pandasPeak: [Double] = []
        /// `tandem review … --format json` end to end, and DuckDB, per format.
        var cli: [Double] = []
        var cliPeak: [Double] = []
        var hubspotCLI: [Double] = []
        var hubspotCLIPeak: [Double] = []
        var hubspotDuckDB: [Double] = []
        var cliDuckDB: [Double] = []
    }

    static func run(_ arguments: [String]) throws {
        let options = parseOptions(
            arguments, usage: "usage: tandem-bench records [--sizes 1M,10M] [--data DIR] [--rounds N] [--peers DIR]")
        let sizes = (options["sizes"] ?? "1M,10M").split(separator: ",").map { s -> (String, Int) in
            let text = String(s)
            let scale = text.hasSuffix("M") ? 1_000_000 : text.hasSuffix("k") ? 1000 : 1
            guard let n = Int(text.trimmingCharacters(in: .letters)) else { fail("unknown size \(text)") }
            return (text, n * scale)
        }
        let root = URL(fileURLWithPath: options["data"] ?? ".build/bench-data")
        let rounds = Int(options["rounds"] ?? "3") ?? 3
        let peers = options["peers"] ?? "Benchmarks/peers"
        let python = options["python"] ?? which("python3")
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).path
        var rows: [Row] = []
        for (name, leads) in sizes {
            let dir = root.appendingPathComponent("records-\(name)")
            let marker = dir.appendingPathComponent(".generated-v1")
            if !FileManager.default.fileExists(atPath: marker.path) {
                var generator = RecordsGenerator(leads: leads)
                let (_, t) = try time { try generator.write(to: dir) }
                try Data().write(to: marker)
                FileHandle.standardError.write(
                    Data("generated records-\(name) in \(String(format: "%.1f", t)) s\n".utf8))
            }
            let tandemCLI = options["tandem"]
            let hubspotDir = dir.appendingPathComponent("hubspot")
            let hubspotMarker = hubspotDir.appendingPathComponent(".generated-v1")
            if tandemCLI != nil, !FileManager.default.fileExists(atPath: hubspotMarker.path) {
                var generator = RecordsGenerator(leads: leads, hubspot: true)
                let (_, t) = try time { try generator.write(to: hubspotDir) }
                try Data().write(to: hubspotMarker)
                FileHandle.standardError.write(
                    Data("generated records-\(name)/hubspot in \(String(format: "%.1f", t)) s\n".utf8))
            }
            var row = Row(size: name)
            var reference: [String: Any]?
            func check(_ output: String, _ who: String) {
                guard let object = try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] else {
                    fail("\(who) printed no JSON")
                }
                let numbers = object.filter { ["volumes", "cohorts", "velocity", "speed", "won"].contains($0.key) }
                if let reference {
                    if let difference = firstDifference(reference, numbers, path: "") {
                        fail("\(who) differs from Tandem at \(difference)")
                    }
                } else {
                    reference = numbers
                }
            }
            for round in 0..<rounds {
                let t = spawn(me, ["records-load", dir.path])
                check(t.output, "tandem")
                let object = try JSONSerialization.jsonObject(with: Data(t.output.utf8)) as! [String: Any]
                row.records = object["records"] as! Int
                row.tandem.append(t.seconds)
                row.tandemLoad.append(object["loadSeconds"] as! Double)
                row.tandemDerive.append(object["deriveSeconds"] as! Double)
                row.peak.append(t.peakMB)
                let d = spawn(python, ["\(peers)/records_duckdb.py", dir.path])
                check(d.output, "duckdb")
                row.duckdb.append(d.seconds)
                row.duckdbPeak.append(d.peakMB)
                // pandas at 10M takes minutes: once is enough.
                if round == 0 || leads < 5_000_000 {
                    let p = spawn(python, ["\(peers)/records_pandas.py", dir.path])
                    check(p.output, "pandas")
                    row.pandas.append(p.seconds)
                    row.pandasPeak.append(p.peakMB)
                }
                if let tandemCLI {
                    // The command a user runs, paired with DuckDB on the same files, per format.
                    let out = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-bench-\(getpid())")
                    defer { try? FileManager.default.removeItem(at: out) }
                    for (folder, hubspot) in [(dir, false), (hubspotDir, true)] {
                        let review = spawn(
                            tandemCLI,
                            [
                                "review", folder.appendingPathComponent("plan.yaml").path, "--records", folder.path,
                                "--period", "2026-12", "--format", "json", "--out", out.path,
                            ])
                        let peer = spawn(
                            python, ["\(peers)/records_duckdb.py", folder.path] + (hubspot ? ["--hubspot"] : []))
                        check(peer.output, hubspot ? "duckdb (HubSpot export)" : "duckdb")
                        if hubspot {
                            row.hubspotCLI.append(review.seconds)
                            row.hubspotCLIPeak.append(review.peakMB)
                            row.hubspotDuckDB.append(peer.seconds)
                        } else {
                            row.cli.append(review.seconds)
                            row.cliPeak.append(review.peakMB)
                            row.cliDuckDB.append(peer.seconds)
                        }
                    }
                    if round == 0 {
                        // Tandem's HubSpot path reads the same numbers as its ISO path.
                        check(spawn(me, ["records-load", hubspotDir.path]).output, "tandem (HubSpot export)")
                    }
                }
                FileHandle.standardError.write(Data("records-\(name) round \(round + 1): ok\n".utf8))
            }
            rows.append(row)
        }
        print(table(rows, rounds: rounds))
    }

    static func table(_ rows: [Row], rounds: Int) -> String {
        var lines: [(String, [String])] = []
        func add(_ label: String, _ values: (Row) -> String) { lines.append((label, rows.map(values))) }
        add("records (leads + deals)") { "\($0.records)" }
        add("tandem load") { fmt(median($0.tandemLoad)) }
        add("tandem derive") { fmt(median($0.tandemDerive)) }
        add("tandem process (wall)") { fmt(median($0.tandem)) }
        add("records/s (load + derive)") {
            String(format: "%.2fM", Double($0.records) / (median($0.tandemLoad) + median($0.tandemDerive)) / 1e6)
        }
        add("tandem peak memory") { fmt(median($0.peak), "MB") }
        add("duckdb (wall)") { fmt(median($0.duckdb)) }
        add("duckdb peak memory") { fmt(median($0.duckdbPeak), "MB") }
        add("pandas (wall)") { fmt(median($0.pandas)) }
        add("pandas peak memory") { fmt(median($0.pandasPeak), "MB") }
        add("duckdb / tandem") { fmt(median($0.duckdb) / median($0.tandem), "x") }
        add("pandas / tandem") { fmt(median($0.pandas) / median($0.tandem), "x") }
        if rows.contains(where: { !$0.cli.isEmpty }) {
            add("tandem review CLI, ISO (wall)") { fmt(median($0.cli)) }
            add("  its peak memory") { fmt(median($0.cliPeak), "MB") }
            add("duckdb, ISO, paired (wall)") { fmt(median($0.cliDuckDB)) }
            add("  tandem CLI / duckdb") { fmt(median($0.cli) / median($0.cliDuckDB), "x") }
            add("tandem review CLI, HubSpot (wall)") { fmt(median($0.hubspotCLI)) }
            add("  its peak memory") { fmt(median($0.hubspotCLIPeak), "MB") }
            add("duckdb, HubSpot export (wall)") { fmt(median($0.hubspotDuckDB)) }
            add("  tandem CLI / duckdb") { fmt(median($0.hubspotCLI) / median($0.hubspotDuckDB), "x") }
        }
        let width = lines.map(\.0.count).max()!
        let columns = rows.indices.map { c in max(rows[c].size.count, lines.map { $0.1[c].count }.max()!) }
        var out = "".padding(toLength: width, withPad: " ", startingAt: 0)
        for (c, row) in rows.enumerated() {
            out += "  " + String(repeating: " ", count: columns[c] - row.size.count) + row.size
        }
        out += "\n" + String(repeating: "-", count: width)
        for c in columns.indices { out += "  " + String(repeating: "-", count: columns[c]) }
        for (label, values) in lines {
            out += "\n" + label.padding(toLength: width, withPad: " ", startingAt: 0)
            for (c, v) in values.enumerated() { out += "  " + String(repeating: " ", count: columns[c] - v.count) + v }
        }
        return out + "\n(medians of \(rounds) alternating rounds; pandas once at 10M)"
    }

    /// The first `name` on the PATH.
    static func which(_ name: String) -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
        for dir in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
            return "\(dir)/\(name)"
        }
        return "/usr/bin/\(name)"
    }

    /// The first path where two JSON values differ (numbers within 1e-9 relative), or `nil`.
    static func firstDifference(_ a: Any, _ b: Any, path: String) -> String? {
        if let a = a as? [String: Any], let b = b as? [String: Any] {
            for key in Set(a.keys).union(b.keys).sorted() {
                guard let x = a[key], let y = b[key] else { return "\(path)/\(key) (present in one only)" }
                if let d = firstDifference(x, y, path: "\(path)/\(key)") { return d }
            }
            return nil
        }
        if let a = a as? [Any], let b = b as? [Any] {
            guard a.count == b.count else { return "\(path) (lengths)" }
            for i in a.indices { if let d = firstDifference(a[i], b[i], path: "\(path)[\(i)]") { return d } }
            return nil
        }
        if let x = (a as? NSNumber)?.doubleValue, let y = (b as? NSNumber)?.doubleValue {
            return abs(x - y) <= 1e-9 * max(1, abs(x), abs(y)) ? nil : "\(path): \(x) vs \(y)"
        }
        return "\(path) (types)"
    }
}
