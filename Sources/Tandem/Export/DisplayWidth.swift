/// How many terminal columns text takes: East Asian wide and fullwidth characters and emoji take
/// two, combining marks none, everything else one. Used to keep the digest within its width.
enum DisplayWidth {
    static func of(_ text: some StringProtocol) -> Int {
        // ASCII without carriage returns (a CR LF pair is one character): one column a byte.
        if text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) { return text.utf8.count }
        var total = 0
        for c in text { total += of(c) }
        return total
    }

    static func of(_ c: Character) -> Int {
        guard let first = c.unicodeScalars.first else { return 0 }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        return isWide(first.value) ? 2 : 1
    }

    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
            0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// The longest prefix of `text` that fits in `columns` (at least one character), its width,
    /// and the rest. Walks only the prefix.
    static func split(_ text: Substring, columns: Int) -> (Substring, Int, Substring) {
        // ASCII fast path: one column a byte, as long as the byte after the cut is ASCII too (a
        // combining mark would join the last character taken).
        let utf8 = text.utf8
        var cut = utf8.startIndex
        var taken = 0
        while taken < columns, cut < utf8.endIndex, utf8[cut] < 0x80, utf8[cut] != 0x0D {
            cut = utf8.index(after: cut)
            taken += 1
        }
        if taken > 0, taken == columns || cut == utf8.endIndex, cut == utf8.endIndex || utf8[cut] < 0x80 {
            return (text[..<cut], taken, text[cut...])
        }
        var used = 0
        var index = text.startIndex
        while index < text.endIndex {
            let w = of(text[index])
            if used + w > columns && index != text.startIndex { break }
            used += w
            index = text.index(after: index)
        }
        return (text[..<index], used, text[index...])
    }
}
