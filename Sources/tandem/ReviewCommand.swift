import ArgumentParser
import Foundation
import Tandem
import TandemXLSX

/// The output formats of `tandem review`.
enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
    case xlsx, txt, md, json, csv, html, eml

    /// What `--format` writes unless told otherwise.
    static let defaults: [OutputFormat] = [.xlsx, .txt, .md, .json, .csv]
}

/// `--format`'s comma-separated list of output formats.
struct OutputFormats: ExpressibleByArgument {
    var formats: [OutputFormat]

    init(_ formats: [OutputFormat]) { self.formats = formats }

    init?(argument: String) {
        var formats: [OutputFormat] = []
        for name in argument.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
            guard let format = OutputFormat(rawValue: name) else { return nil }
            if !formats.contains(format) { formats.append(format) }
        }
        guard !formats.isEmpty else { return nil }
        self.formats = formats
    }

    var defaultValueDescription: String { formats.map(\.rawValue).joined(separator: ",") }
    static var allValueStrings: [String] { OutputFormat.allValueStrings }
    static var defaultCompletionKind: CompletionKind { .list(OutputFormat.allValueStrings) }
}

/// How the workbook holds its Data sheet (`--memory`).
enum MemoryOption: String, CaseIterable, ExpressibleByArgument {
    case auto, table, constant

    var mode: WorkbookMemoryMode {
        switch self {
        case .auto: .automatic(threshold: 250_000)
        case .table: .table
        case .constant: .constantMemory
        }
    }
}

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review the actuals against the plan and write the reports.",
        discussion: """
            Writes OUT/tandem-PERIOD.{xlsx,txt,md,json,csv} (and .html, .eml with --format), all or nothing: the files are written into a \
            hidden staging folder in OUT and put in place together under a lock on OUT, with a journal, \
            so a failed, interrupted or killed run leaves the earlier reports complete (the next run \
            finishes the cleanup, before it reads its inputs). A second run into the same folder waits \
            up to 10 seconds for the lock. A journal or staging folder in OUT that Tandem did not leave \
            (another user's, a link, a FIFO) is refused with a message and left alone.

            Examples:
              tandem review plan.yaml --actuals exports/
              tandem review plan.yaml --actuals crm.csv --actuals web.csv --period 2026-10
              tandem review plan.yaml --actuals exports/ --out reports --format txt,xlsx
              tandem review plan.yaml --records hubspot-contacts.csv salesforce-opps.csv --actuals content.csv
            """
    )

    @OptionGroup var input: ReviewInput

    @Option(help: "The folder to write the reports into.", completion: .directory)
    var out: String = "Reports"

    @Option(
        help: ArgumentHelp(
            "The formats to write, comma-separated: xlsx, txt, md, json, csv, html (the mail-ready page), eml (a ready-to-send message with the workbook attached).",
            valueName: "formats"))
    var format = OutputFormats(OutputFormat.defaults)

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
    var memory: MemoryOption = .auto

    func validate() throws {
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
            StandardError.write("\(input.plan): error: --format eml needs \(missing)")
            throw ExitCode(1)
        }
        return settings
    }

    func run() throws {
        let outURL = URL(fileURLWithPath: out)
        // A run killed mid-commit is rolled back first, even when this run then fails on its input.
        do {
            try ReportWriter(directory: outURL, formats: []).recover()
        } catch {
            StandardError.write("\(error)")
            throw ExitCode(74)
        }
        let workbook = format.formats.contains(.xlsx) || format.formats.contains(.eml)
        let loaded = try input.load(keepActuals: everyPeriod, fingerprint: workbook)
        let mail = format.formats.contains(.eml) ? try mailSettings(loaded.plan) : nil
        var reviews = [loaded.review]
        if everyPeriod {
            let withData = loaded.actuals.periods(through: loaded.review.period)
            reviews = try loaded.plan.cycle.periods.filter { $0 <= loaded.review.period && withData.contains($0) }.map {
                p in
                p == loaded.review.period ? loaded.review : try loaded.actuals.review(asOf: p)
            }
        }
        try input.attachFollowUp(to: &reviews, loaded: loaded, out: outURL)
        let metadata = WorkbookMetadata(inputs: loaded.inputs, inputsSHA256: loaded.inputsSHA256)
        var writer = ReportWriter(
            directory: outURL, formats: format.formats.map { format(for: $0, metadata, mail: mail) })
        TestHooks.install(on: &writer)
        let progress = Progress()
        do {
            progress.show(
                "Writing the \(reviews.map(\.period.label).joined(separator: ", ")) reports (\(format.formats.map(\.rawValue).joined(separator: ", ")))…"
            )
            // libxlsxwriter prints a line of its own when the file system fails it: the CLI, which
            // owns the process, keeps it off standard error; Tandem's one message says it all.
            let written = try StandardError.diverted { try writer.write(reviews) }
            progress.clear()
            let review = reviews.last ?? loaded.review
            let terminal = Terminal()
            StandardOutput.write(
                terminal.bold("\(review.plan.name) — \(review.period.label): ")
                    + terminal.paint(review.headline.status.label, review.headline.status))
            StandardOutput.write(review.headline.sentence)
            for url in written { StandardOutput.write("wrote \(url.relativePath)") }
            // Everything is written: leave without tearing down a large review piece by piece.
            StandardOutput.finish()
            Foundation.exit(0)
        } catch {
            progress.clear()
            StandardError.write("\(error)")
            throw ExitCode(74)
        }
    }

    /// The library's format for one `--format` value, with this run's options.
    func format(for format: OutputFormat, _ metadata: WorkbookMetadata, mail: MailSettings?) -> ReportFormat {
        switch format {
        case .xlsx: .xlsx(WorkbookExporter(metadata: metadata, memory: memory.mode))
        case .txt: .text(DigestOptions(ascii: ascii))
        case .md: .markdown
        case .json: .json
        case .csv: .csv(CSVExporter(byteOrderMark: csvBom))
        case .html: .html(DigestOptions(ascii: ascii))
        case .eml:
            .eml(
                mail ?? MailSettings(), workbook: WorkbookExporter(metadata: metadata, memory: memory.mode),
                options: DigestOptions(ascii: ascii))
        }
    }
}
