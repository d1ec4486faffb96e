// tandem-bench: generates a large company deterministically and times every phase of a review.
//
//   tandem-bench generate SIZE DIR
//   tandem-bench records-generate LEADS DIR   (the records benchmark's plan and exports, LEADS leads)
//   tandem-bench run [--sizes small,medium,large] [--tandem BIN] [--c BIN] [--data DIR] [--json OUT] [--rounds N]
//                    [--phases-only yes]   (the in-process phases only, for profiling)
//   tandem-bench records [--sizes 1M,10M] [--data DIR] [--rounds N]   (records vs DuckDB and pandas)
import Foundation
import Tandem
import TandemXLSX

#if canImport(Glibc)
    import Glibc
#endif

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("tandem-bench: \(message)\n".utf8))
    exit(2)
}

/// `--key value` pairs of a subcommand's arguments; anything else fails with `usage`.
func parseOptions(_ arguments: [String], usage: String) -> [String: String] {
    var options: [String: String] = [:]
    var args = arguments
    while !args.isEmpty {
        let key = args.removeFirst()
        guard key.hasPrefix("--"), !args.isEmpty else { fail(usage) }
        options[String(key.dropFirst(2))] = args.removeFirst()
    }
    return options
}

func seconds(_ d: Duration) -> Double {
    let c = d.components
    return Double(c.seconds) + Double(c.attoseconds) / 1e18
}

func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let clock = ContinuousClock()
    var result: T?
    let d = try clock.measure { result = try body() }
    return (result!, seconds(d))
}

/// Runs a program, returning its wall time, peak resident memory (MB) and standard output.
func spawn(_ path: String, _ arguments: [String]) -> (seconds: Double, peakMB: Double, output: String) {
    var pipe: [Int32] = [0, 0]
    guard pipe.withUnsafeMutableBufferPointer({ Glibc.pipe($0.baseAddress!) }) == 0 else { fail("pipe failed") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
    posix_spawn_file_actions_addclose(&actions, pipe[0])
    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let start = ContinuousClock.now
    guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { fail("cannot run \(path)") }
    close(pipe[1])
    var output = Data()
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let n = read(pipe[0], &buffer, buffer.count)
        if n <= 0 { break }
        output.append(contentsOf: buffer[0..<n])
    }
    close(pipe[0])
    var status: Int32 = 0
    var usage = rusage()
    wait4(pid, &status, 0, &usage)
    let elapsed = seconds(ContinuousClock.now - start)
    posix_spawn_file_actions_destroy(&actions)
    if status != 0 { fail("\(path) \(arguments.joined(separator: " ")) exited with status \(status)") }
    return (elapsed, Double(usage.ru_maxrss) / 1024, String(decoding: output, as: UTF8.self))
}

func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

// MARK: Arguments

var args = Array(CommandLine.arguments.dropFirst())
if args.first == "generate" {
    guard args.count == 3, let size = Generator.Size(rawValue: args[1]) else {
        fail("usage: tandem-bench generate small|medium|large DIR")
    }
    var generator = Generator(size: size)
    let rows = try generator.write(to: URL(fileURLWithPath: args[2]))
    print("wrote \(rows) actual rows to \(args[2])")
    exit(0)
}
if args.first == "records-generate" {
    guard args.count == 3, let leads = Int(args[1]), leads > 0 else {
        fail("usage: tandem-bench records-generate LEADS DIR")
    }
    var generator = RecordsGenerator(leads: leads)
    let (written, deals) = try generator.write(to: URL(fileURLWithPath: args[2]))
    print("wrote \(written) leads and \(deals) deals to \(args[2])")
    exit(0)
}
if args.first == "records-load", args.count == 2 {
    try RecordsBench.load(URL(fileURLWithPath: args[1]))
    exit(0)
}
if args.first == "movement" {
    try MovementBench.run(Array(args.dropFirst()))
    exit(0)
}
if args.first == "records" {
    try RecordsBench.run(Array(args.dropFirst()))
    exit(0)
}
if args.first == "run" { args.removeFirst() }
let options = parseOptions(
    args,
    usage:
        "usage: tandem-bench run [--sizes …] [--tandem BIN] [--c BIN] [--data DIR] [--json OUT] [--rounds N] [--phases-only yes]"
)
let sizes = (options["sizes"] ?? "small,medium,large").split(separator: ",").map { s -> Generator.Size in
    guard let size = Generator.Size(rawValue: String(s)) else { fail("unknown size \(s)") }
    return size
}
let dataRoot = URL(fileURLWithPath: options["data"] ?? ".build/bench-data")
let rounds = Int(options["rounds"] ?? "3") ?? 3
let tandem = options["tandem"]
let cProgram = options["c"]
/// `--phases-only yes`: time the in-process phases and stop (no exporter or end-to-end runs).
let phasesOnly = options["phases-only"] == "yes"

struct Result: Codable {
    var size: String
    var actualRows: Int
    var actualBytes: Int
    var dataRows: Int
    var keyResults: Int
    var phases: [String: Double]
    var loadRowsPerSecond: Double
    var loadMBPerSecond: Double
    var xlsxSeconds: Double?
    /// The workbook exporter writing the Data sheet alone (`WorkbookContent.dataOnly`): the same
    /// work as the C program.
    var xlsxDataSeconds: Double?
    var cSeconds: Double?
    var xlsxOverC: Double?
    var xlsxDataOverC: Double?
    var endToEndSeconds: Double?
    var endToEndOverC: Double?
    var peakMemoryMB: Double?
    var workbookMode: String
}

var results: [Result] = []
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-bench-\(getpid())")
try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: scratch) }

for size in sizes {
    let dir = dataRoot.appendingPathComponent(size.rawValue)
    let marker = dir.appendingPathComponent(".generated-v1")
    if !FileManager.default.fileExists(atPath: marker.path) {
        var generator = Generator(size: size)
        let (rows, t) = try time { try generator.write(to: dir) }
        try Data().write(to: marker)
        FileHandle.standardError.write(
            Data("generated \(size.rawValue): \(rows) rows in \(String(format: "%.1f", t)) s\n".utf8))
    }
    let planURL = dir.appendingPathComponent("plan.yaml")
    let files = [dir.appendingPathComponent("actuals/crm.csv"), dir.appendingPathComponent("actuals/automation.csv")]
    let bytes = try files.map { try FileManager.default.attributesOfItem(atPath: $0.path)[.size] as! Int }.reduce(0, +)
    let repeats = size == .large ? 1 : rounds

    func best<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        var out: (T, Double)?
        for _ in 0..<repeats {
            let r = try time(body)
            if out == nil || r.1 < out!.1 { out = r }
        }
        return out!
    }

    var phases: [String: Double] = [:]
    let (plan, tPlan) = try best { try PlanLoader().load(contentsOf: planURL) }
    phases["load plan"] = tPlan
    let (loaded, tActuals) = try best { try ActualsLoader(plan: plan).load(contentsOf: files) }
    phases["load actuals"] = tActuals
    let period = Period.month(2026, 12)
    let (review, tReview) = try best { try Review(plan: plan, actuals: loaded.actuals, asOf: period) }
    phases["review"] = tReview
    phases["text digest"] = best { TextDigest().render(review) }.1
    phases["markdown digest"] = best { MarkdownDigest().render(review) }.1
    phases["json"] = try best { try JSONExporter().render(review) }.1
    let (csv, tCSV) = best { CSVExporter().render(review) }
    phases["csv"] = tCSV
    // Memory: a decision log with one accepted decision per key result, and the follow-up on the
    // previous month's review (problems, status changes and the restatement diff of the flat data).
    var log = "tandem: 1\ndecisions:\n"
    let owner = plan.teams.first?.id.rawValue ?? "marketing"
    for kr in plan.keyResults {
        log +=
            "  - period: 2026-11\n    problem: key_result:\(kr.id)\n    decision: accepted\n    owner: \(owner)\n    due: 2026-12\n"
    }
    let (decisions, tDecisions) = try best { try DecisionLogLoader(plan: plan).load(text: log) }
    phases["decision log"] = tDecisions
    let previous = try Review(plan: plan, actuals: loaded.actuals, asOf: period.advanced(by: -1))
    phases["follow-up"] =
        best { FollowUp(current: review, previous: previous, decisions: decisions, tactics: plan.tactics) }.1
    let workbook = scratch.appendingPathComponent("swift.xlsx")
    let constant = review.data.count > 250_000
    var result = Result(
        size: size.rawValue, actualRows: loaded.actuals.observations.count, actualBytes: bytes,
        dataRows: review.data.count,
        keyResults: review.keyResults.count, phases: phases,
        loadRowsPerSecond: Double(loaded.actuals.observations.count) / tActuals,
        loadMBPerSecond: Double(bytes) / 1e6 / tActuals,
        workbookMode: constant ? "constant memory" : "table")

    if phasesOnly {
        results.append(result)
        continue
    }
    // The exporter against the plain C program, alternately: the whole workbook, and the Data
    // sheet alone (the same cells as the C program, with the same options). The page cache is
    // flushed before each run, so none pays for the writeback of the one before.
    let flat = scratch.appendingPathComponent("flat.csv")
    try Data(csv).write(to: flat)
    let dataOnly = scratch.appendingPathComponent("swift-data.xlsx")
    var swiftTimes: [Double] = []
    var dataTimes: [Double] = []
    var cTimes: [Double] = []
    for _ in 0..<rounds {
        if let cProgram {
            sync()
            let out = spawn(
                cProgram, [flat.path, scratch.appendingPathComponent("c.xlsx").path, constant ? "constant" : "table"]
            ).output
            cTimes.append(Double(out.split(separator: " ").first ?? "") ?? .nan)
        }
        sync()
        dataTimes.append(try time { try WorkbookExporter(content: .dataOnly).writeDirectly(review, to: dataOnly) }.1)
        sync()
        swiftTimes.append(try time { try WorkbookExporter().writeDirectly(review, to: workbook) }.1)
    }
    result.xlsxSeconds = median(swiftTimes)
    result.xlsxDataSeconds = median(dataTimes)
    result.phases["xlsx"] = result.xlsxSeconds
    if !cTimes.isEmpty {
        result.cSeconds = median(cTimes)
        result.xlsxOverC = median(swiftTimes) / median(cTimes)
        result.xlsxDataOverC = median(dataTimes) / median(cTimes)
    }
    if let tandem {
        let out = scratch.appendingPathComponent("reports").path
        // /usr/bin/time reports the peak resident memory of the command alone. The page cache is
        // flushed first so the writes of the runs above do not land on this one; median of rounds.
        let timing = scratch.appendingPathComponent("time.txt").path
        var runs: [(seconds: Double, peak: Double)] = []
        for _ in 0..<rounds {
            sync()
            _ = spawn(
                "/usr/bin/time",
                [
                    "-f", "%e %M", "-o", timing, tandem, "review", planURL.path, "--actuals",
                    dir.appendingPathComponent("actuals").path, "--out", out, "--period", "2026-12",
                ])
            let measured = ((try? String(contentsOfFile: timing, encoding: .utf8)) ?? "").split {
                $0 == " " || $0 == "\n"
            }
            guard measured.count >= 2, let wall = Double(measured[0]), let peak = Double(measured[1]) else {
                fail("cannot read /usr/bin/time's report")
            }
            runs.append((wall, peak / 1024))
        }
        let run = (seconds: median(runs.map(\.seconds)), peak: runs.map(\.peak).max()!)
        result.endToEndSeconds = run.seconds
        result.peakMemoryMB = run.peak
        if let c = result.cSeconds { result.endToEndOverC = run.seconds / c }
    }
    results.append(result)
}

// MARK: Report

func fmt(_ v: Double?, _ unit: String = "s") -> String {
    guard let v, v.isFinite else { return "–" }
    switch unit {
    case "s": return v < 0.1 ? String(format: "%.1f ms", v * 1000) : String(format: "%.2f s", v)
    case "x": return String(format: "%.2f×", v)
    case "MB": return String(format: "%.0f MB", v)
    default: return String(format: "%.0f", v)
    }
}

let phaseNames = [
    "load plan", "load actuals", "review", "decision log", "follow-up", "text digest", "markdown digest", "json", "csv",
    "xlsx",
]
var lines: [[String]] = [[""] + results.map(\.size)]
lines.append(["actual rows"] + results.map { String($0.actualRows) })
lines.append(["key results"] + results.map { String($0.keyResults) })
lines.append(["data rows"] + results.map { String($0.dataRows) })
for name in phaseNames { lines.append([name] + results.map { fmt($0.phases[name]) }) }
lines.append(["load rows/s"] + results.map { String(format: "%.2fM", $0.loadRowsPerSecond / 1e6) })
lines.append(["load MB/s"] + results.map { String(format: "%.1f", $0.loadMBPerSecond) })
lines.append(["workbook mode"] + results.map(\.workbookMode))
lines.append(["xlsx, Data sheet only"] + results.map { fmt($0.xlsxDataSeconds) })
lines.append(["C Data sheet"] + results.map { fmt($0.cSeconds) })
lines.append(["Data sheet only / C"] + results.map { fmt($0.xlsxDataOverC, "x") })
lines.append(["xlsx / C"] + results.map { fmt($0.xlsxOverC, "x") })
lines.append(
    ["other sheets (xlsx − Data only)"]
        + results.map { r in fmt(r.xlsxSeconds.flatMap { x in r.xlsxDataSeconds.map { x - $0 } }) })
lines.append(["tandem review (all formats)"] + results.map { fmt($0.endToEndSeconds) })
lines.append(["end-to-end / C"] + results.map { fmt($0.endToEndOverC, "x") })
lines.append(["peak memory"] + results.map { fmt($0.peakMemoryMB, "MB") })
let widths = (0..<lines[0].count).map { c in lines.map { $0[c].count }.max()! }
for (i, line) in lines.enumerated() {
    print(
        line.enumerated().map { c, t in
            c == 0
                ? t.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                : String(repeating: " ", count: widths[c] - t.count) + t
        }.joined(separator: "  "))
    if i == 0 { print(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
}
if let m = results.first(where: { $0.size == "medium" }), let l = results.first(where: { $0.size == "large" }),
    let me = m.endToEndSeconds, let le = l.endToEndSeconds
{
    print(
        String(
            format: "large / medium end-to-end: %.1f× for %.1f× the rows", le / me,
            Double(l.actualRows) / Double(m.actualRows)))
}
var info = utsname()
uname(&info)
let machine = withUnsafeBytes(of: &info.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
print(
    "machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory >> 30) GiB, \(machine)"
)
if let path = options["json"] {
    struct Report: Codable {
        var cores: Int
        var memoryGiB: UInt64
        var results: [Result]
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(
        Report(
            cores: ProcessInfo.processInfo.activeProcessorCount,
            memoryGiB: ProcessInfo.processInfo.physicalMemory >> 30, results: results)
    )
    .write(to: URL(fileURLWithPath: path))
    print("wrote \(path)")
}
