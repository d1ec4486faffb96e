import Foundation

/// One output format of a review: its file extension and how it writes a review to a file.
///
/// Tandem's own formats are static members (``text``, ``markdown``, ``json``, ``csv``; `TandemXLSX`
/// adds `.xlsx`); a format of your own is one more value:
///
/// ```swift
/// let summary = ReportFormat(fileExtension: "summary") { review, url in
///     try Data(review.headline.sentence.utf8).write(to: url)
/// }
/// try ReportWriter(directory: out, formats: [.text, .json, summary]).write(review)
/// ```
public struct ReportFormat: Sendable {
    /// The file extension, without the dot: `txt`, `json`. One to ten lowercase ASCII letters or
    /// digits (``ReportWriter`` refuses others).
    public var fileExtension: String
    /// Written on a core of its own while the other formats are written in turn (the workbook, the
    /// longest to write).
    public var writesAlone: Bool
    /// Writes `review` to the file at the URL it is given (a temporary file inside the writer's
    /// private staging folder, created empty): the whole file, without renaming it.
    public var write: @Sendable (_ review: Review, _ url: URL) throws -> Void

    /// A format of your own.
    /// - Parameters:
    ///   - fileExtension: the extension without the dot, e.g. `html`.
    ///   - writesAlone: write it on a core of its own (for a long job).
    ///   - write: writes the whole file at the URL given.
    public init(
        fileExtension: String, writesAlone: Bool = false,
        write: @escaping @Sendable (_ review: Review, _ url: URL) throws -> Void
    ) {
        self.fileExtension = fileExtension
        self.writesAlone = writesAlone
        self.write = write
    }

    /// The plain-text digest (``TextDigest``), `.txt`.
    public static var text: ReportFormat { text(DigestOptions()) }

    /// The plain-text digest with `options` (e.g. ASCII only), `.txt`.
    public static func text(_ options: DigestOptions) -> ReportFormat {
        ReportFormat(fileExtension: "txt") { review, url in
            try OutputFiles.writeText(TextDigest(options: options).render(review), to: url)
        }
    }

    /// The Markdown digest (``MarkdownDigest``), `.md`.
    public static var markdown: ReportFormat { markdown(DigestOptions()) }

    /// The Markdown digest with `options`, `.md`.
    public static func markdown(_ options: DigestOptions) -> ReportFormat {
        ReportFormat(fileExtension: "md") { review, url in
            try OutputFiles.writeText(MarkdownDigest(options: options).render(review), to: url)
        }
    }

    /// The whole review as JSON (``JSONExporter``), `.json`.
    public static var json: ReportFormat {
        ReportFormat(fileExtension: "json") { review, url in try JSONExporter().writeDirectly(review, to: url) }
    }

    /// The flat data as CSV (``CSVExporter``), `.csv`.
    public static var csv: ReportFormat { csv(CSVExporter()) }

    /// The flat data as CSV written by `exporter` (e.g. with a byte-order mark), `.csv`.
    public static func csv(_ exporter: CSVExporter) -> ReportFormat {
        ReportFormat(fileExtension: "csv") { review, url in try exporter.writeDirectly(review, to: url) }
    }

    /// The mail-ready HTML digest (``HTMLDigest``), `.html`.
    public static var html: ReportFormat { html(DigestOptions()) }

    /// The mail-ready HTML digest with `options`, `.html`.
    public static func html(_ options: DigestOptions) -> ReportFormat {
        ReportFormat(fileExtension: "html") { review, url in
            try OutputFiles.writeText(HTMLDigest(options: options).render(review), to: url)
        }
    }

    /// Whether `fileExtension` is one ``ReportWriter`` accepts.
    var hasValidExtension: Bool {
        (1...10).contains(fileExtension.utf8.count)
            && fileExtension.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }
    }
}
