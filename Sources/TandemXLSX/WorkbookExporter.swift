import Foundation
import Tandem

/// Where the review's inputs came from, for the About sheet.
public struct WorkbookMetadata: Sendable, Hashable {
    /// The input files' names, as given.
    public var inputs: [String]
    /// SHA-256 over the inputs' bytes, in order.
    public var inputsSHA256: String?

    /// Metadata naming the inputs and their fingerprint.
    public init(inputs: [String] = [], inputsSHA256: String? = nil) {
        self.inputs = inputs
        self.inputsSHA256 = inputsSHA256
    }
}

/// How the workbook trades features for memory.
public enum WorkbookMemoryMode: Sendable, Hashable {
    /// The Data sheet is an Excel table (`TandemData`); libxlsxwriter keeps every cell in memory
    /// until the file is written (about 1.2 KB a data row).
    case table
    /// libxlsxwriter streams rows to disk and memory stays flat; Excel tables are not available in
    /// this mode, so `TandemData` is a workbook-wide defined name over the Data range, with an
    /// autofilter on the header.
    case constantMemory
    /// `table` up to `threshold` data rows, `constantMemory` above.
    case automatic(threshold: Int)
}

/// Which sheets a workbook holds.
public enum WorkbookContent: Sendable, Hashable {
    /// The meeting-room workbook: Summary (with native charts), Key Results, Funnel, SLA,
    /// Adjustments, Trends, the follow-up sheets when there is a previous review, Data Quality
    /// when there are records, the Data table and About.
    case review
    /// The Data sheet alone (continued on `Data 2`, … past Excel's row limit): the flat data of
    /// the CSV as a typed table (`TandemData`, date cells, numbers as numbers) for finance's own
    /// pivots, written exactly as in the full workbook. The benchmark times it against the plain
    /// C program writing the same cells.
    case dataOnly
}

/// Writes a `Review` as an `.xlsx` workbook: Summary (with native charts), Key Results, Funnel,
/// SLA, Adjustments, Trends, the flat Data table for finance and an About sheet.
///
/// ```swift
/// try WorkbookExporter().write(review, to: URL(fileURLWithPath: "tandem-2026-11.xlsx"))
/// ```
/// The file is written to a private temporary file beside the destination and renamed into place,
/// so a failure never leaves a partial workbook or damages an earlier one. The same review gives
/// the same bytes. To write the workbook with other formats as one set, use `ReportWriter` with
/// `ReportFormat.xlsx`.
public struct WorkbookExporter: Sendable {
    /// What the About sheet records about the inputs.
    public var metadata: WorkbookMetadata
    /// How the Data sheet is held while it is written.
    public var memory: WorkbookMemoryMode
    /// Which sheets the workbook holds: the whole review (the default) or the Data sheet alone.
    public var content: WorkbookContent
    /// Data rows per Data sheet before continuing on `Data 2`, … (Excel's limit less the header).
    var dataRowsPerSheet = ExcelLimits.maxRows - 1

    /// An exporter; by default the whole review, the Data sheet a table up to 250,000 rows and
    /// streamed above.
    ///
    /// ```swift
    /// // The flat data alone, as a typed Excel table:
    /// try WorkbookExporter(content: .dataOnly).write(review, to: URL(fileURLWithPath: "data.xlsx"))
    /// ```
    public init(
        metadata: WorkbookMetadata = WorkbookMetadata(), memory: WorkbookMemoryMode = .automatic(threshold: 250_000),
        content: WorkbookContent = .review
    ) {
        self.metadata = metadata
        self.memory = memory
        self.content = content
    }

    /// Writes the workbook to `url` atomically: into a temporary file beside it, then renamed
    /// over it. An existing file keeps its permissions; a read-only one is refused.
    /// - Throws: `OutputError` naming `url`, with the reason (for names or values Excel
    ///   would reject and libxlsxwriter failures, the ``WorkbookError``'s text).
    public func write(_ review: Review, to url: URL) throws(OutputError) {
        try AtomicFile.write(to: url) { temporary in try writeDirectly(review, to: temporary) }
    }

    /// Writes the workbook at `url` itself, without the temporary-file step (the caller stages).
    ///
    /// libxlsxwriter may print a line of its own to standard error when the file system fails it
    /// (`[ERROR] workbook_close(): …`); the library leaves the process's descriptors alone, so a
    /// program that wants only its own messages there (as `tandem` does) diverts it itself.
    /// - Throws: ``WorkbookError``.
    package func writeDirectly(_ review: Review, to url: URL) throws(WorkbookError) {
        let layout = LayoutBuilder(review: review, metadata: metadata, dataRowsPerSheet: dataRowsPerSheet).build(
            content)
        try ExcelLimits.check(layout)
        let constantMemory: Bool =
            switch memory {
            case .table: false
            case .constantMemory: true
            case .automatic(let threshold): review.data.count > threshold
            }
        try NativeWorkbook.withCNumericLocale { () throws(WorkbookError) in
            let book = try NativeWorkbook(
                path: url.path, constantMemory: constantMemory, temporaryDirectory: url.deletingLastPathComponent().path
            )
            try book.setProperties(
                title: layout.title, subject: layout.subject, company: layout.company, created: layout.created)
            for var sheet in layout.sheets {
                if constantMemory && !sheet.tables.isEmpty {
                    // Tables need every cell in memory; name the range and filter the header instead.
                    for table in sheet.tables {
                        try book.defineName(table.name, sheet: sheet.name, range: table.range)
                        sheet.autofilter = table.range
                    }
                    sheet.tables = []
                }
                try book.write(sheet, data: review.data)
            }
            try book.close()
        }
    }
}

extension ReportFormat {
    /// The workbook (``WorkbookExporter``), `.xlsx`, written on a core of its own.
    public static var xlsx: ReportFormat { xlsx(WorkbookExporter()) }

    /// The workbook written by `exporter` (its metadata, memory mode and content), `.xlsx`.
    public static func xlsx(_ exporter: WorkbookExporter) -> ReportFormat {
        ReportFormat(fileExtension: "xlsx", writesAlone: true) { review, url in
            try exporter.writeDirectly(review, to: url)
        }
    }

    /// The review as a ready-to-send message (`MailMessage`): the text digest and the HTML
    /// digest as alternatives, the workbook written by `workbook` attached, `.eml`. The workbook is
    /// written into the message's own file first, then replaced by the message.
    /// - Parameters:
    ///   - mail: the sender and recipients (a message without both is refused with `MailError`).
    ///   - workbook: the exporter of the attached workbook.
    ///   - options: the digests' options.
    public static func eml(
        _ mail: MailSettings, workbook: WorkbookExporter = WorkbookExporter(), options: DigestOptions = DigestOptions()
    ) -> ReportFormat {
        ReportFormat(fileExtension: "eml", writesAlone: true) { review, url in
            guard let from = mail.from else {
                throw MailError(.missingRecipient, value: "", expected: "a sender (from) for the message")
            }
            try workbook.writeDirectly(review, to: url)
            let bytes = [UInt8](try Data(contentsOf: url))
            let message = try MailMessage(
                review: review, from: from, to: mail.to, cc: mail.cc,
                attachments: [MailAttachment(workbook: bytes, filename: "tandem-\(review.period).xlsx")],
                options: options)
            try OutputFiles.writeText(String(decoding: message.render(), as: UTF8.self), to: url)
        }
    }
}
