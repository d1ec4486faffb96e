import Foundation

/// A review as a mail message ready to open and send (`.eml`, RFC 5322 and MIME): the plain-text
/// digest and the HTML digest as alternatives of one body, and attachments such as the workbook.
///
/// The bytes are reproducible: the MIME boundaries and the `Message-ID` are derived from the
/// message's own content (SHA-256), and there is no `Date` header (a mail client sets it when the
/// message is sent). `X-Unsent: 1` makes Outlook open the file as a draft. The text part is
/// ``TextDigest``'s output byte for byte in MIME's canonical line endings (CRLF), quoted-printable;
/// the HTML part is ``HTMLDigest``'s; attachments are base64.
///
/// ```swift
/// let message = try MailMessage(
///     review: review, from: MailAddress(parsing: "RevOps <revops@example.com>"),
///     to: [MailAddress(parsing: "leads@example.com")],
///     attachments: [MailAttachment(workbook: workbookBytes, filename: "tandem-2026-11.xlsx")])
/// let eml: [UInt8] = message.render()
/// ```
public struct MailMessage: Sendable, Hashable {
    /// The sender.
    public var from: MailAddress
    /// The recipients.
    public var to: [MailAddress]
    /// The recipients in copy.
    public var cc: [MailAddress]
    /// The subject line, any text on one line.
    public var subject: String
    /// The plain-text body.
    public var text: String
    /// The HTML body, an alternative to ``text``; `nil` for a plain-text message.
    public var html: String?
    /// The files attached, in order.
    public var attachments: [MailAttachment]

    /// A message from its parts.
    /// - Throws: ``MailError`` with ``MailError/Code/missingRecipient`` when `to` and `cc` are both
    ///   empty.
    public init(
        from: MailAddress, to: [MailAddress], cc: [MailAddress] = [], subject: String, text: String,
        html: String? = nil, attachments: [MailAttachment] = []
    ) throws(MailError) {
        guard !(to.isEmpty && cc.isEmpty) else {
            throw MailError(.missingRecipient, value: "", expected: "at least one address to send to")
        }
        self.from = from
        self.to = to
        self.cc = cc
        self.subject = subject
        self.text = text
        self.html = html
        self.attachments = attachments
    }

    /// The review's message: ``subject(for:)``, the text digest and the HTML digest rendered with
    /// `options`, and `attachments`.
    /// - Throws: ``MailError`` when there is no recipient.
    public init(
        review: Review, from: MailAddress, to: [MailAddress], cc: [MailAddress] = [],
        attachments: [MailAttachment] = [], options: DigestOptions = DigestOptions()
    ) throws(MailError) {
        try self.init(
            from: from, to: to, cc: cc, subject: Self.subject(for: review),
            text: TextDigest(options: options).render(review), html: HTMLDigest(options: options).render(review),
            attachments: attachments)
    }

    /// The subject of a review's message: the plan, the period and the overall status, e.g.
    /// `Brightwell FY2026 H2 shared plan — review of Nov 2026: at risk`.
    public static func subject(for review: Review) -> String {
        "\(review.plan.name) — review of \(review.period.label): \(review.headline.status.label)"
    }

    /// The message as the bytes of an `.eml` file (ASCII, CRLF line endings).
    public func render() -> [UInt8] {
        let textBody = MIME.quotedPrintable(Array(text.utf8))
        let htmlBody = html.map { MIME.quotedPrintable(Array($0.utf8)) }
        var hash = SHA256()
        for part in [Array(subject.utf8), textBody, htmlBody ?? []] + attachments.map(\.bytes) {
            hash.update(Array(String(part.count).utf8) + [0])
            hash.update(part)
        }
        hash.update(Array(([from] + to + cc).map(\.description).joined(separator: "\n").utf8))
        let digest = String(hash.finalize().prefix(24))
        let domain = from.address.split(separator: "@").last.map(String.init) ?? "tandem.invalid"

        var out = MIME.Writer()
        out.header("From", MIME.mailboxes([from]))
        if !to.isEmpty { out.header("To", MIME.mailboxes(to)) }
        if !cc.isEmpty { out.header("Cc", MIME.mailboxes(cc)) }
        out.header("Subject", MIME.unstructured(subject, field: "Subject"))
        out.header("Message-ID", "<tandem.\(digest)@\(domain)>")
        out.header("MIME-Version", "1.0")
        out.header("X-Unsent", "1")

        let alternative = "=_tandem_alt_\(digest)"
        func body(_ out: inout MIME.Writer) {
            if let htmlBody {
                out.header("Content-Type", "multipart/alternative;\r\n boundary=\"\(alternative)\"")
                out.line("")
                out.line("--\(alternative)")
                textPart(&out)
                out.line("--\(alternative)")
                out.header("Content-Type", "text/html; charset=utf-8")
                out.header("Content-Transfer-Encoding", "quoted-printable")
                out.line("")
                out.raw(htmlBody)
                out.line("")  // the line break before a boundary belongs to the boundary
                out.line("--\(alternative)--")
            } else {
                textPart(&out)
            }
        }
        func textPart(_ out: inout MIME.Writer) {
            out.header("Content-Type", "text/plain; charset=utf-8")
            out.header("Content-Transfer-Encoding", "quoted-printable")
            out.line("")
            out.raw(textBody)
            out.line("")
        }
        if attachments.isEmpty {
            body(&out)
        } else {
            let mixed = "=_tandem_mixed_\(digest)"
            out.header("Content-Type", "multipart/mixed;\r\n boundary=\"\(mixed)\"")
            out.line("")
            out.line("This is a MIME message: the review as text and as HTML, with attachments.")
            out.line("")
            out.line("--\(mixed)")
            body(&out)
            for attachment in attachments {
                out.line("")
                out.line("--\(mixed)")
                let name = MIME.parameter("name", attachment.filename)
                let filename = MIME.parameter("filename", attachment.filename)
                out.header("Content-Type", "\(attachment.contentType);\r\n \(name)")
                out.header("Content-Disposition", "attachment;\r\n \(filename)")
                out.header("Content-Transfer-Encoding", "base64")
                out.line("")
                let base64 = Data(attachment.bytes).base64EncodedString(
                    options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
                if !base64.isEmpty { out.line(base64) }
            }
            out.line("--\(mixed)--")
        }
        return out.bytes
    }
}
