/// A file attached to a ``MailMessage``.
public struct MailAttachment: Sendable, Hashable {
    /// The file name the recipient sees, e.g. `tandem-2026-11.xlsx`.
    public var filename: String
    /// The MIME type, e.g. `application/pdf`.
    public var contentType: String
    /// The file's bytes.
    public var bytes: [UInt8]

    /// An attachment of any type.
    public init(filename: String, contentType: String, bytes: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.bytes = bytes
    }

    /// An `.xlsx` workbook.
    public init(workbook bytes: [UInt8], filename: String) {
        self.init(
            filename: filename,
            contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bytes: bytes)
    }
}
