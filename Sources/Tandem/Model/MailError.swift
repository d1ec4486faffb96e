/// A mail address or message that cannot be written, with the text concerned and what was expected:
/// `error: invalid mail address 'ops@': expected an address like name@example.com, …`.
public struct MailError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong. Match on these, not on the message text.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// An address that is not `local@domain`, or a display name with a line break.
        public static let invalidAddress = Code(rawValue: "invalid_address")
        /// A message without a sender.
        public static let missingSender = Code(rawValue: "missing_sender")
        /// A message without any recipient.
        public static let missingRecipient = Code(rawValue: "missing_recipient")
    }

    /// What went wrong.
    public var code: Code
    /// The text concerned, as given (empty for a missing part).
    public var value: String
    /// What was expected instead.
    public var expected: String

    /// An error with its code, the text concerned and what was expected.
    public init(_ code: Code, value: String, expected: String) {
        self.code = code
        self.value = value
        self.expected = expected
    }

    /// `error: invalid mail address 'x': expected …` or `error: the message has no sender: expected …`.
    public var description: String {
        switch code {
        case .invalidAddress: "error: invalid mail address '\(value)': expected \(expected)"
        case .missingSender: "error: the message has no sender: expected \(expected)"
        case .missingRecipient: "error: the message has no recipient: expected \(expected)"
        default: "error: \(code): '\(value)': expected \(expected)"
        }
    }
}
