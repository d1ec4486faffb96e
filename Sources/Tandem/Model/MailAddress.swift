/// A mail address with an optional display name, as written in a plan's `mail:` section or on the
/// command line: `revops@brightwell.example` or `RevOps <revops@brightwell.example>`.
///
/// Only plain ASCII addresses are accepted (`local@domain`, the local part a dot-atom, the domain
/// letters, digits and hyphens with at least one dot); a display name may be any text.
///
/// ```swift
/// let sender = try MailAddress(parsing: "RevOps <revops@brightwell.example>")
/// sender.address  // "revops@brightwell.example"
/// sender.name     // "RevOps"
/// ```
public struct MailAddress: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The display name, or `nil` for a bare address.
    public var name: String?
    /// The address itself, `local@domain`.
    public var address: String

    /// An address from its parts.
    /// - Throws: ``MailError`` when `address` is not a plain `local@domain` address or `name`
    ///   holds a line break.
    public init(name: String? = nil, address: String) throws(MailError) {
        try Self.check(address, given: address)
        if let name, name.contains(where: \.isNewline) {
            throw MailError(.invalidAddress, value: name, expected: "a display name on one line")
        }
        self.name = name.flatMap { $0.isEmpty ? nil : $0 }
        self.address = address
    }

    /// Parses `local@domain` or `Display Name <local@domain>` (the name may be quoted).
    /// - Throws: ``MailError`` naming the text and what was expected.
    public init(parsing text: String) throws(MailError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            var name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
                name = String(name.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
                    .replacingOccurrences(of: "\\\\", with: "\\")
            }
            let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            try Self.check(address, given: text)
            if name.contains(where: \.isNewline) {
                throw MailError(.invalidAddress, value: text, expected: "a display name on one line")
            }
            self.name = name.isEmpty ? nil : name
            self.address = address
        } else {
            try Self.check(trimmed, given: text)
            self.name = nil
            self.address = trimmed
        }
    }

    /// `Name <local@domain>`, or the bare address.
    public var description: String { name.map { "\($0) <\(address)>" } ?? address }

    /// Characters a dot-atom may hold besides letters and digits (RFC 5322 `atext`).
    private static let atextSymbols = Set("!#$%&'*+-/=?^_`{|}~".utf8)

    /// Checks `address` is `local@domain`; errors quote `given`, the text as written.
    private static func check(_ address: String, given: String) throws(MailError) {
        let expected = "an address like name@example.com"
        guard !address.isEmpty else { throw MailError(.invalidAddress, value: given, expected: expected) }
        guard address.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw MailError(
                .invalidAddress, value: given,
                expected: "\(expected), in ASCII without spaces (write an international domain in its xn-- form)")
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw MailError(.invalidAddress, value: given, expected: "\(expected), with exactly one @")
        }
        let local = parts[0]
        let domain = parts[1]
        let atoms = local.split(separator: ".", omittingEmptySubsequences: false)
        guard local.utf8.count <= 64,
            atoms.allSatisfy({ atom in
                !atom.isEmpty
                    && atom.utf8.allSatisfy { isLetterOrDigit($0) || atextSymbols.contains($0) }
            })
        else {
            throw MailError(
                .invalidAddress, value: given,
                expected: "\(expected): the part before @ is letters, digits and !#$%&'*+-/=?^_`{|}~, dots between")
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard domain.utf8.count <= 253, labels.count >= 2,
            labels.allSatisfy({ label in
                !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                    && label.utf8.allSatisfy { isLetterOrDigit($0) || $0 == UInt8(ascii: "-") }
            })
        else {
            throw MailError(
                .invalidAddress, value: given,
                expected: "\(expected): the domain is dot-separated names of letters, digits and hyphens")
        }
    }

    private static func isLetterOrDigit(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }
}
