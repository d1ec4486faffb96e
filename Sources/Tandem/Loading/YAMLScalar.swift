/// A YAML scalar as the files Tandem writes hold it: the decision log's appended entries and the
/// dbt properties `tandem sql --emit dbt` writes.
enum YAMLScalar {
    /// `text` as a YAML scalar: plain when it is a simple id (letters, digits, `-_.`, starting
    /// with a letter or `_`, not a word YAML reads as a boolean or null), otherwise double-quoted
    /// with escapes. A leading digit is quoted: `2024`, `1.10` and `2026-11-30` would be read
    /// back as a number or a date by other YAML readers (dbt's).
    static func written(_ text: String) -> String {
        let plain =
            !text.isEmpty
            && text.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    || "-_.".unicodeScalars.contains($0)
            } && !["true", "false", "null", "yes", "no", "on", "off", "~"].contains(text.lowercased())
            && text.first.map { !"-.0123456789".contains($0) } ?? false
        if plain { return text }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
