import Yams

extension DecisionLogLoader {
    /// The log text with `decision` appended as the last entry, every comment, blank line and
    /// earlier entry kept byte for byte. The text is checked before, and the result after.
    ///
    /// ```swift
    /// let updated = try DecisionLogLoader(plan: plan).appending(decision, to: text, file: "decisions.yaml")
    /// ```
    /// - Throws: ``InputError`` when the log is invalid, when `decisions` is not the file's last
    ///   section written as a block list, or when the new entry is invalid (naming its field).
    public func appending(_ decision: Decision, to text: String, file: String = "decisions.yaml") throws(InputError)
        -> String
    {
        let (log, root) = try parse(text: text, file: file)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var indent = "  "
        var header = ""
        guard case .mapping(let mapping) = root else { return text }
        let lastKeyLine = mapping.keys.map(\.mark?.line).compactMap { $0 }.max() ?? 0
        var text = text
        if let (key, value) = mapping.first(where: { $0.key.string == "decisions" }) {
            let line = key.mark?.line ?? 0
            let column = key.mark?.column ?? 1
            let lastValueLine = lastLine(of: value)
            // A flow list starts with `[` where its node starts (Yams does not always say its style).
            let startsFlow: Bool =
                value.mark.map { mark in
                    guard mark.line >= 1, mark.line <= lines.count else { return false }
                    let source = Array(lines[mark.line - 1])
                    return mark.column >= 1 && mark.column <= source.count && source[mark.column - 1] == "["
                } ?? false
            var isBlock: Bool =
                switch value {
                case .sequence(let s): s.style != .flow && !startsFlow
                case .scalar(let s): s.string.isEmpty && s.style == .plain
                default: false
                }
            // `decisions: []` (an empty flow list on the key's line) becomes `decisions:`, then a block.
            if case .sequence(let s) = value, startsFlow, s.isEmpty, let mark = value.mark, mark.line == line,
                line == lastKeyLine, line >= 1, line <= lines.count,
                let emptied = Self.removingEmptyFlowList(from: String(lines[line - 1]), at: mark.column)
            {
                lines[line - 1] = Substring(emptied)
                text = lines.joined(separator: "\n")
                isBlock = true
            }
            guard isBlock, line == lastKeyLine, column == 1, lastValueLine >= line else {
                throw InputError([
                    Diagnostic(
                        code: .invalidValue,
                        message:
                            "cannot append: 'decisions' must be the file's last section, written as a block list ('decisions:' then '- …' lines)",
                        file: file, line: line, column: column, field: "decisions",
                        sourceLine: line >= 1 && line <= lines.count ? String(lines[line - 1]) : nil)
                ])
            }
            if case .sequence(let s) = value, let first = s.first, let l = first.mark?.line, l >= 1, l <= lines.count {
                let source = lines[l - 1]
                if let dash = source.firstIndex(of: "-") { indent = String(source[..<dash]) }
            }
        } else {
            header = "decisions:\n"
        }
        var out = text
        if !out.isEmpty && !out.hasSuffix("\n") { out += "\n" }
        out += header + DecisionLogLoader.entryText(decision, indent: indent)
        let after: DecisionLog
        do {
            after = try parse(text: out, file: file).log
        } catch {
            // The new entry's problems are about the entry, not about lines the user has not seen.
            throw InputError(
                error.diagnostics.map {
                    var d = $0
                    d.line = nil
                    d.column = nil
                    d.sourceLine = nil
                    d.message = "new entry: " + d.message
                    return d
                })
        }
        guard after.decisions.count == log.decisions.count + 1 else {
            throw InputError([
                Diagnostic(code: .invalidValue, message: "cannot append: the new entry did not read back", file: file)
            ])
        }
        return out
    }

    /// `line` with the `[]` that starts at the 1-based `column` removed (and the space before it),
    /// or `nil` when it is not there.
    static func removingEmptyFlowList(from line: String, at column: Int) -> String? {
        let chars = Array(line)
        guard column >= 1, column - 1 < chars.count, chars[column - 1] == "[" else { return nil }
        var end = column
        while end < chars.count, chars[end] == " " || chars[end] == "\t" { end += 1 }
        guard end < chars.count, chars[end] == "]" else { return nil }
        var start = column - 1
        while start > 0, chars[start - 1] == " " || chars[start - 1] == "\t" { start -= 1 }
        return String(chars[..<start]) + String(chars[(end + 1)...])
    }

    private func lastLine(of node: Node) -> Int {
        switch node {
        case .scalar, .alias: return node.mark?.line ?? 0
        case .sequence(let s): return s.last.map(lastLine) ?? node.mark?.line ?? 0
        case .mapping(let m): return m.map { max(lastLine(of: $0.key), lastLine(of: $0.value)) }.max() ?? 0
        }
    }

    /// One entry as block YAML at `indent`.
    static func entryText(_ d: Decision, indent: String) -> String {
        let pad = indent + "  "
        var lines = ["\(indent)- period: \(d.period)"]
        lines.append("\(pad)problem: \(YAMLScalar.written(d.problem.description))")
        lines.append("\(pad)decision: \(d.verdict.rawValue)")
        if let action = d.action { lines.append("\(pad)action: \(YAMLScalar.written(action.rawValue))") }
        lines.append("\(pad)owner: \(YAMLScalar.written(d.owner.rawValue))")
        if let due = d.due { lines.append("\(pad)due: \(due)") }
        if let done = d.done { lines.append("\(pad)done: \(done)") }
        if let note = d.note { lines.append("\(pad)note: \(YAMLScalar.written(note))") }
        if !d.tactics.isEmpty {
            lines.append(
                "\(pad)tactics: [\(d.tactics.map { YAMLScalar.written($0.rawValue) }.joined(separator: ", "))]")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
