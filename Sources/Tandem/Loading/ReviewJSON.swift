import Foundation

extension Review {
    /// Reads a review back from the JSON ``JSONExporter`` wrote, e.g. last period's
    /// `tandem-2026-10.json`, to follow up on it.
    ///
    /// ```swift
    /// let october = try Review(json: Data(contentsOf: url), file: url.relativePath)
    /// ```
    /// - Throws: ``InputError``: ``Diagnostic/Code/unsupportedVersion`` when the file was written
    ///   with another schema version, ``Diagnostic/Code/syntax`` when it is not a review.
    public init(json: Data, file: String) throws(InputError) {
        struct Version: Decodable { var schemaVersion: Int? }
        let decoder = JSONDecoder()
        let version: Int?
        do {
            version = try decoder.decode(Version.self, from: json).schemaVersion
        } catch {
            throw InputError([
                Diagnostic(code: .syntax, message: "not a Tandem review JSON: \(Review.reason(error))", file: file)
            ])
        }
        guard let version, version == Review.schemaVersion else {
            throw InputError([
                Diagnostic(
                    code: .unsupportedVersion,
                    message:
                        "review schema version \(version.map(String.init) ?? "missing") is not the version this Tandem writes (\(Review.schemaVersion))",
                    file: file, field: "schemaVersion")
            ])
        }
        do {
            self = try decoder.decode(Review.self, from: json)
        } catch {
            throw InputError([
                Diagnostic(code: .syntax, message: "not a Tandem review JSON: \(Review.reason(error))", file: file)
            ])
        }
    }

    private static func reason(_ error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
        }
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing '\(path(context.codingPath + [key]))'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "unexpected value at '\(path(context.codingPath))'"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "invalid JSON" : "\(context.debugDescription) at '\(path(context.codingPath))'"
        default:
            return "\(error)"
        }
    }
}
