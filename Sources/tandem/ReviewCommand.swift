import ArgumentParser
import Foundation
import Tandem
import TandemXLSX

/// The output formats of `tandem review`.
enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
    case xlsx, txt, md, json, csv
}

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review the actuals against the plan and write the reports.",
        discussion: """
            Writes OUT/tandem-PERIOD.{xlsx,txt,md,json,csv}, all or nothing: the files are written into a \
            hidden staging folder in OUT and put in place together under a lock on OUT, with a journal, \
            so a failed, interrupted or killed run leaves the earlier reports complete (the next run \
            finishes the cleanup). A second run into the same folder waits up to 10 seconds for the lock.

            Examples:
              tandem review plan.yaml --actuals exports/
              tandem review plan.yaml --actuals crm.csv --actuals web.csv --period 2026-10
              tandem review plan.yaml --actuals exports/ --out reports --format txt,xlsx
              tandem review plan.yaml --records hubspot-contacts.csv salesforce-opps.csv --actuals content.csv
            """
    )

    @OptionGroup var input: ReviewInput

    @Option(help: "The folder to write the reports into.")
    var out: String = "Reports"

    @Option(
        help: ArgumentHelp(
            "The formats to write, comma-separated: xlsx, txt, md, json, csv.", valueName: "formats"))
    var format: String = "xlsx,txt,md,json,csv"

    @Flag(help: "Use ASCII instead of Unicode sparklines and symbols in the text digest.")
    var ascii = false

    @Flag(help: "Start the CSV with a UTF-8 byte-order mark (for older Excel).")
    var csvBom = false

    @Flag(help: "Also write the reports of every earlier period of the cycle that has actuals.")
    var everyPeriod = false

    @Option(help: "Workbook memory: auto (table up to 250,000 data rows), table, or constant.")
    var memory: String = "auto"

    func formats() throws -> [OutputFormat] {
        var out: [OutputFormat] = []
        for name in format.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
            guard let f = OutputFormat(rawValue: name) else {
                throw ValidationError("unknown format '\(name)' in --format (known: xlsx, txt, md, json, csv)")
            }
            if !out.contains(f) { out.append(f) }
        }
        if out.isEmpty { throw ValidationError("--format needs at least one of xlsx, txt, md, json, csv") }
        return out
    }

    func memoryMode() throws -> WorkbookMemoryMode {
        switch memory {
        case "auto": .automatic(threshold: 250_000)
        case "table": .table
        case "constant": .constantMemory
        default: throw ValidationError("--memory must be auto, table or constant, not '\(memory)'")
        }
    }

    func validate() throws {
        _ = try formats()
        _ = try memoryMode()
    }

    func run() throws {
        let loaded = try input.load(keepActuals: everyPeriod)
        var reviews = [loaded.review]
        if everyPeriod {
            let withData = loaded.actuals.periods(through: loaded.review.period)
            reviews = try loaded.plan.cycle.periods.filter { $0 <= loaded.review.period && withData.contains($0) }.map {
                p in
                p == loaded.review.period ? loaded.review : try loaded.actuals.review(asOf: p)
            }
        }
        try input.attachFollowUp(to: &reviews, loaded: loaded, out: URL(fileURLWithPath: out))
        var files = OutputFiles(directory: URL(fileURLWithPath: out))
        if let step = ProcessInfo.processInfo.environment["TANDEM_TEST_CRASH_AT"] {
            // A test hook: die at this step of the commit, as `kill -9` would (see OutputFiles).
            files.faultInjection = { if $0.description == step { _exit(99) } else { .proceed } }
        }
        let progress = Progress()
        do {
            let metadata = WorkbookMetadata(inputs: loaded.inputs, inputsSHA256: loaded.inputsSHA256)
            for review in reviews {
                progress.show(
                    "Writing the \(review.period.label) reports (\(try formats().map(\.rawValue).joined(separator: ", ")))…"
                )
                try stage(review, metadata: metadata, into: &files)
            }
            progress.clear()
            let written = try files.commit()
            let review = reviews.last ?? loaded.review
            let terminal = Terminal()
            StandardOutput.write(
                terminal.bold("\(review.plan.name) — \(review.period.label): ")
                    + terminal.paint(review.headline.status.label, review.headline.status))
            StandardOutput.write(review.headline.sentence)
            for url in written { StandardOutput.write("wrote \(url.relativePath)") }
            // Everything is written: leave without tearing down a large review piece by piece.
            StandardOutput.finish()
            fflush(nil)
            Foundation.exit(0)
        } catch {
            progress.clear()
            files.discard()
            StandardError().write("\(error)")
            throw ExitCode(74)
        }
    }

    /// Stages every requested format of one review: the workbook on one core while the other
    /// formats are written on the other.
    func stage(_ review: Review, metadata: WorkbookMetadata, into files: inout OutputFiles) throws {
        let name = "tandem-\(review.period)"
        var jobs: [@Sendable () throws -> Void] = []
        let formats = try formats()
        for f in formats {
            let file = "\(name).\(f.rawValue)"
            let url = try files.reserve(file)
            let display = files.directory.appendingPathComponent(file).relativePath
            switch f {
            case .xlsx:
                let exporter = WorkbookExporter(metadata: metadata, memory: try memoryMode())
                jobs.insert(
                    { try OutputFiles.attributing(display) { try exporter.writeDirectly(review, to: url) } }, at: 0)
            case .txt:
                let options = DigestOptions(ascii: ascii)
                jobs.append {
                    try OutputFiles.attributing(display) {
                        try OutputFiles.writeText(TextDigest(options: options).render(review), to: url)
                    }
                }
            case .md:
                jobs.append {
                    try OutputFiles.attributing(display) {
                        try OutputFiles.writeText(MarkdownDigest().render(review), to: url)
                    }
                }
            case .json:
                jobs.append { try OutputFiles.attributing(display) { try JSONExporter().write(review, to: url) } }
            case .csv:
                let exporter = CSVExporter(byteOrderMark: csvBom)
                jobs.append { try OutputFiles.attributing(display) { try exporter.write(review, to: url) } }
            }
        }
        // Two lanes: the workbook (the longest job) alone, everything else in order.
        let lanes: [[@Sendable () throws -> Void]] =
            jobs.count > 1 && formats.contains(.xlsx) ? [[jobs[0]], Array(jobs.dropFirst())] : [jobs]
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: lanes.count) { lane in
            for job in lanes[lane] {
                do { try job() } catch {
                    failures.record(error)
                    return
                }
            }
        }
        if let error = failures.first { throw error }
    }
}

/// The first error of concurrent jobs.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [any Error] = []

    func record(_ error: any Error) {
        lock.lock()
        errors.append(error)
        lock.unlock()
    }

    var first: (any Error)? {
        lock.lock()
        defer { lock.unlock() }
        return errors.first
    }
}

struct DigestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Print the review's digest to standard output (plain text or Markdown).",
        discussion: """
            Examples:
              tandem digest plan.yaml --actuals exports/ | mail -s "Smarketing review" team@example.com
              tandem digest plan.yaml --actuals exports/ --markdown > review.md
            """
    )

    @OptionGroup var input: ReviewInput

    @Flag(help: "Print Markdown instead of plain text.")
    var markdown = false

    @Flag(help: "Use ASCII instead of Unicode sparklines and symbols.")
    var ascii = false

    func run() throws {
        let loaded = try input.load()
        var reviews = [loaded.review]
        try input.attachFollowUp(to: &reviews, loaded: loaded, out: nil)
        let review = reviews[0]
        let options = DigestOptions(ascii: ascii)
        StandardOutput.write(
            markdown ? MarkdownDigest(options: options).render(review) : TextDigest(options: options).render(review),
            terminator: "")
    }
}
