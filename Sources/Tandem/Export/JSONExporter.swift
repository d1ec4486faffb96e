import Foundation

/// Renders a ``Review`` as JSON: pretty-printed, keys sorted, the same bytes for the same review.
///
/// ```swift
/// let text = try JSONExporter().render(review)
/// ```
public struct JSONExporter: Sendable {
    public init() {}

    /// The review as UTF-8 JSON, ending with a newline.
    /// - Throws: `EncodingError` only if a number is not finite, which a computed review never has.
    public func render(_ review: Review) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(review)
        data.append(0x0A)
        return data
    }
}
