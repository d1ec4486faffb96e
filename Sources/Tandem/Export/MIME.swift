import Foundation

/// The MIME encodings a ``MailMessage`` needs: quoted-printable bodies, encoded words in headers
/// (RFC 2047), parameter values (RFC 2231) and folded header lines.
enum MIME {
    /// Accumulates CRLF-terminated lines.
    struct Writer {
        var bytes: [UInt8] = []

        mutating func line(_ text: String) {
            bytes += text.utf8
            bytes += [0x0D, 0x0A]
        }

        mutating func raw(_ encoded: [UInt8]) { bytes += encoded }

        mutating func header(_ name: String, _ value: String) { line("\(name): \(value)") }
    }

    static let hex = Array("0123456789ABCDEF".utf8)

    /// Quoted-printable (RFC 2045 §6.7) with CRLF hard line breaks for the text's line feeds, lines of
    /// at most 76 characters; a line starting with `.` or `From ` has its first character encoded, so
    /// no transport or mailbox format can alter it. Ends with a line break.
    static func quotedPrintable(_ input: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count + input.count / 8)
        var lines = input.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        for rawLine in lines {
            var line = rawLine
            if line.last == 0x0D { line = line.dropLast() }
            var column = 0
            let fromPrefix = Array("From ".utf8)
            for (offset, byte) in zip(line.indices, line) {
                let atEnd = offset == line.index(before: line.endIndex)
                let first = offset == line.startIndex
                let literal: Bool
                switch byte {
                case 0x3D: literal = false  // '='
                case 0x20, 0x09: literal = !atEnd
                case 0x21...0x7E:
                    literal = !(first && (byte == 0x2E || line.starts(with: fromPrefix)))
                default: literal = false
                }
                let width = literal ? 1 : 3
                // Room for this character and, unless it ends the line, a soft break "=".
                if column + width > (atEnd ? 76 : 75) {
                    out += [0x3D, 0x0D, 0x0A]
                    column = 0
                }
                if literal {
                    out.append(byte)
                } else {
                    out += [0x3D, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                }
                column += width
            }
            out += [0x0D, 0x0A]
        }
        return out
    }

    /// Whether text can stand in a header as it is: printable ASCII and spaces.
    static func isPlain(_ text: String) -> Bool { text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }

    /// RFC 2047 `B` encoded words of at most 64 characters (so a header line holding one stays
    /// within 76), never splitting a character, separated by folding white space.
    static func encodedWords(_ text: String) -> String {
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if !chunk.isEmpty && chunk.count + bytes.count > 39 {
                words.append("=?utf-8?b?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?utf-8?b?" + Data(chunk).base64EncodedString() + "?=") }
        return words.joined(separator: "\r\n ")
    }

    /// An unstructured header value (a subject): as it is when plain ASCII, folded at spaces to keep
    /// lines within 78 characters; otherwise (or with a word too long for a line) encoded words. Line breaks in the text become spaces.
    static func unstructured(_ text: String, field: String) -> String {
        let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        // A word too long for a line cannot be folded: encoded words split it (RFC 5322 allows
        // no line over 998 characters).
        guard isPlain(oneLine), !oneLine.split(separator: " ").contains(where: { $0.count > 76 - field.count })
        else { return encodedWords(oneLine) }
        var lines: [String] = []
        var current = ""
        var limit = 78 - field.count - 2
        for word in oneLine.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty && current.count + 1 + word.count > limit {
                lines.append(current)
                current = String(word)
                limit = 77
            } else {
                current = current.isEmpty ? String(word) : current + " " + word
            }
        }
        lines.append(current)
        return lines.joined(separator: "\r\n ")
    }

    /// Addresses as a header value, one a line: `Name <local@domain>`, the name quoted when it holds
    /// punctuation and encoded when it is not ASCII.
    static func mailboxes(_ addresses: [MailAddress]) -> String {
        addresses.map { address in
            guard let name = address.name else { return address.address }
            return "\(phrase(name)) <\(address.address)>"
        }.joined(separator: ",\r\n ")
    }

    /// A display name as an RFC 5322 phrase; encoded words when it is not ASCII or is longer than
    /// 64 bytes.
    static func phrase(_ name: String) -> String {
        // A name too long for one header line is encoded words too, which fold.
        guard isPlain(name), name.utf8.count <= 64 else { return encodedWords(name) }
        let atext = Set("!#$%&'*+-/=?^_`{|}~ ".utf8)
        if name.utf8.allSatisfy({ isAlphanumeric($0) || atext.contains($0) }) && !name.hasPrefix(" ") {
            return name
        }
        return "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }

    /// A MIME parameter: `name="value"`, or RFC 2231 `name*=utf-8''%XX…` when the value is not plain.
    static func parameter(_ name: String, _ value: String) -> String {
        if isPlain(value) {
            return "\(name)=\""
                + value.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var encoded = ""
        for byte in value.utf8 {
            if isAlphanumeric(byte) || "-._~".utf8.contains(byte) {
                encoded.append(Character(Unicode.Scalar(byte)))
            } else {
                encoded += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]], as: UTF8.self)
            }
        }
        return "\(name)*=utf-8''\(encoded)"
    }

    static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }
}
