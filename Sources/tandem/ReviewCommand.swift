import ArgumentParser
import Foundation
import Tandem
import TandemXLSX

/// The output formats of `tandem review`.
enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
    case xlsx, txt, md, json, csv, html, eml

    /// The formats' names, for messages: `xlsx, txt, md, json, csv, html, eml`.
    static let known = allCases.map(\.rawValue).joined(separator: ", ")
}

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review the actuals against the plan and write the reports.",
        discussion: """
            Writes OUT/tandem-PERIOD.{xlsx,txt,md,json,csv} (and .html, .eml with --format), all or nothing: the files are written into a \
            hidden staging folder in OUT and put in place together under a lock on OUT, with a journal, \
            so a failed, interrupted or killed run leaves the earlier reports complete (the next run \
            finishes the cleanup). A second run into the same folder waits up to 10 seconds for the lock.

            html is the digest as a self-contained page for mail (at most 600 px wide, no images or \
            scripts); eml is a message ready to open and send: the text digest and the HTML as \
            alternatives, the workbook attached, From/To from --mail-from/--mail-to or the plan's \
            mail: section (from, to, cc).

            Examples:
              tandem review plan.yaml --actuals exports/
              tandem review plan.yaml --actuals crm.csv --actuals web.csv --period 2026-10
              tandem review plan.yaml --actuals exports/ --out reports --format txt,xlsx
              tandem review plan.yaml --actuals exports/ --format xlsx,html,eml
              tandem review plan.yaml --records hubspot-contacts.csv salesforce-opps.csv --actuals content.csv
            """
    )

    @OptionGroup var input: ReviewInput

    @Option(help: "The folder to write the reports into.")
    var out: String = "Reports"

    @Option(
        help: ArgumentHelp(
            "The formats to write, comma-separated: xlsx, txt, md, json, csv, html, eml.", valueName: "formats"))
    var format: String = "xlsx,txt,md,json,csv"

    @Option(
        help: ArgumentHelp(
            "The sender of the .eml (default: the plan's mail: from), e.g. 'RevOps <ops@example.com>'.",
            valueName: "address"))
    var mailFrom: String?

    @Option(
        help: ArgumentHelp(
            "A recipient of the .eml; repeat for more (default: the plan's mail: to).", valueName: "address"))
    var mailTo: [String] = []

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
                throw ValidationError("unknown format '\(name)' in --format (known: \(OutputFormat.known))")
            }
            if !out.contains(f) { out.append(f) }
        }
        if out.isEmpty { throw ValidationError("--format needs at least one of \(OutputFormat.known)") }
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
        _ = try mailOverrides()
    }

    /// `--mail-from` and `--mail-to`, parsed.
    func mailOverrides() throws -> (from: MailAddress?, to: [MailAddress]) {
        func parse(_ text: String, _ option: String) throws -> MailAddress {
            do {
                return try MailAddress(parsing: text)
            } catch {
                throw ValidationError("\(error.description.dropFirst("error: ".count)) in \(option)")
            }
        }
        return (try mailFrom.map { try parse($0, "--mail-from") }, try mailTo.map { try parse($0, "--mail-to") })
    }

    /// The .eml's sender and recipients: the options over the plan's `mail:` section.
    /// - Throws: the error printed and exit status 1 when the sender or every recipient is missing.
    func mailSettings(_ plan: Plan) throws -> MailSettings {
        var settings = plan.mail ?? MailSettings()
        let overrides = try mailOverrides()
        if let from = overrides.from { settings.from = from }
        if !overrides.to.isEmpty { settings.to = overrides.to }
        let missing =
            settings.from == nil
            ? "a sender: give --mail-from, or 'from:' in the plan's mail: section"
            : settings.to.isEmpty && settings.cc.isEmpty
                ? "a recipient: give --mail-to, or 'to:' in the plan's mail: section" : nil
        if let missing {
            StandardError().write("\(input.plan): error: --format eml needs \(missing)")
            throw ExitCode(1)
        }
        return settings
    }

    func run() throws {
        let loaded = try input.load(keepActuals: everyPeriod)
        let mail = try formats().contains(.eml) ? mailSettings(loaded.plan) : nil
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
                try stage(review, metadata: metadata, mail: mail, into: &files)
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
    /// formats are written on the other; then the .eml, which attaches the workbook.
    func stage(
        _ review: Review, metadata: WorkbookMetadata, mail: MailSettings?, into files: inout OutputFiles
    ) throws {
        let name = "tandem-\(review.period)"
        var jobs: [@Sendable () throws -> Void] = []
        let formats = try formats()
        var workbookURL: URL?
        var message: (url: URL, display: String)?
        for f in formats {
            let file = "\(name).\(f.rawValue)"
            let url = try files.reserve(file)
            let display = files.directory.appendingPathComponent(file).relativePath
            switch f {
            case .xlsx:
                workbookURL = url
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
            case .html:
                let options = DigestOptions(ascii: ascii)
                jobs.append {
                    try OutputFiles.attributing(display) {
                        try OutputFiles.writeText(HTMLDigest(options: options).render(review), to: url)
                    }
                }
            case .eml:
                message = (url, display)
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
        if let message, let mail, let from = mail.from {
            try OutputFiles.attributing(message.display) {
                // The workbook staged beside it, or written first into the message's own file.
                if workbookURL == nil {
                    try WorkbookExporter(metadata: metadata, memory: try memoryMode()).writeDirectly(
                        review, to: message.url)
                }
                let workbook = [UInt8](try Data(contentsOf: workbookURL ?? message.url))
                let eml = try MailMessage(
                    review: review, from: from, to: mail.to, cc: mail.cc,
                    attachments: [MailAttachment(workbook: workbook, filename: "\(name).xlsx")],
                    options: DigestOptions(ascii: ascii)
                ).render()
                try OutputFiles.writeText(String(decoding: eml, as: UTF8.self), to: message.url)
            }
        }
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
