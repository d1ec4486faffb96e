import Foundation
import Yams

/// Loads a ``Plan`` from YAML or JSON (one schema; JSON is read as YAML's flow style) and
/// validates it, collecting every problem with its line and column.
///
/// ```swift
/// let plan = try PlanLoader().load(contentsOf: URL(fileURLWithPath: "plan.yaml"))
/// ```
public struct PlanLoader: Sendable {
    /// Larger files are refused before they are parsed.
    public var maxInputBytes: Int = 8 << 20
    /// YAML aliases may not expand the document past this many nodes (alias bombs), or four
    /// nodes per input byte for larger plans.
    public var maxNodes: Int = 200_000

    /// A loader with the default limits (8 MB, 200,000 nodes).
    public init() {}

    /// Reads and validates the plan at `url`.
    /// - Throws: ``InputError`` listing every problem, each with file, line and column.
    public func load(contentsOf url: URL) throws(InputError) -> Plan {
        let file = url.relativePath
        let text = try readInputText(url, limit: maxInputBytes, what: "plan")
        return try load(text: text, file: file)
    }

    /// Parses and validates plan text; `file` names it in messages.
    /// - Throws: ``InputError`` listing every problem.
    public func load(text: String, file: String = "plan") throws(InputError) -> Plan {
        try loadWithWarnings(text: text, file: file).plan
    }

    /// Reads and validates the plan at `url`, and returns the warnings too (targets two sources
    /// set differently, see ``PlanTargets``), each located like an error.
    /// - Throws: ``InputError`` listing every error.
    public func loadWithWarnings(contentsOf url: URL) throws(InputError) -> (plan: Plan, warnings: [Diagnostic]) {
        let file = url.relativePath
        let text = try readInputText(url, limit: maxInputBytes, what: "plan")
        return try loadWithWarnings(text: text, file: file)
    }

    /// Parses and validates plan text, and returns the warnings too.
    /// - Throws: ``InputError`` listing every error.
    public func loadWithWarnings(text: String, file: String = "plan") throws(InputError) -> (
        plan: Plan, warnings: [Diagnostic]
    ) {
        if text.utf8.count > maxInputBytes {
            throw InputError([
                Diagnostic(
                    code: .tooLarge, message: "plan is \(text.utf8.count) bytes, over the \(maxInputBytes)-byte limit",
                    file: file)
            ])
        }
        let lines = sourceLines(of: text)
        guard let root = try composeYAML(text, file: file, lines: lines) else {
            throw InputError([Diagnostic(code: .missingField, message: "plan is empty", file: file)])
        }
        let limit = max(maxNodes, text.utf8.count * 4)
        var budget = limit
        guard countNodes(root, &budget) else {
            throw InputError([
                Diagnostic(
                    code: .tooLarge,
                    message:
                        "plan expands to more than \(maxNodes) YAML nodes (through aliases?); refusing to expand it",
                    file: file)
            ])
        }
        let decoder = PlanNodeDecoder(file: file, lines: lines)
        var plan = decoder.decodePlan(root)
        let mail = decoder.mail(in: root)  // decoded even when the rest failed, to report its errors too
        plan?.mail = mail
        var diagnostics = decoder.diagnostics
        if let plan, diagnostics.allSatisfy({ $0.severity != .error }) {
            for problem in plan.problems() {
                diagnostics.append(decoder.diagnostic(for: problem))
            }
            if diagnostics.isEmpty {
                for problem in plan.periodTargets().conflicts { diagnostics.append(decoder.diagnostic(for: problem)) }
            }
        }
        let errors = diagnostics.filter { $0.severity == .error }
        if let plan, errors.isEmpty { return (plan, diagnostics.filter { $0.severity == .warning }) }
        throw InputError(diagnostics)
    }

    private func countNodes(_ node: Node, _ budget: inout Int) -> Bool {
        budget -= 1
        if budget < 0 { return false }
        switch node {
        case .scalar, .alias: return true
        case .mapping(let mapping):
            for (key, value) in mapping {
                guard countNodes(key, &budget), countNodes(value, &budget) else { return false }
            }
        case .sequence(let sequence):
            for item in sequence { guard countNodes(item, &budget) else { return false } }
        }
        return true
    }
}

/// The YAML node tree of `text` (`nil` when it holds no document), YAML errors located in `file`.
func composeYAML(_ text: String, file: String, lines: [Substring]) throws(InputError) -> Node? {
    do {
        return try Yams.compose(yaml: text, .basic)
    } catch let error as YamlError {
        throw InputError([yamlDiagnostic(error, file: file, lines: lines)])
    } catch {
        throw InputError([Diagnostic(code: .syntax, message: "\(error)", file: file)])
    }
}

func yamlDiagnostic(_ error: YamlError, file: String, lines: [Substring]) -> Diagnostic {
    func source(_ line: Int) -> String? { line >= 1 && line <= lines.count ? String(lines[line - 1]) : nil }
    switch error {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
        .composer(_, let problem, let mark, _):
        if problem.localizedCaseInsensitiveContains("nesting level") {
            // libyaml's own words name its C API; say what it means for a plan.
            return Diagnostic(
                code: .tooLarge, message: "the plan nests lists and mappings more than 1,000 levels deep",
                file: file, line: mark.line, column: mark.column, sourceLine: source(mark.line))
        }
        return Diagnostic(
            code: .syntax, message: "invalid YAML: \(problem)", file: file, line: mark.line, column: mark.column,
            sourceLine: source(mark.line))
    case .duplicatedKeysInMapping(let duplicates, let context):
        let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
        return Diagnostic(
            code: .duplicateKey, message: "duplicate key \(keys) in one mapping", file: file,
            line: context.mark.line, column: context.mark.column, sourceLine: source(context.mark.line))
    case .reader(let problem, _, _, _):
        return Diagnostic(code: .unreadable, message: "unreadable text: \(problem)", file: file)
    default:
        return Diagnostic(code: .syntax, message: "invalid YAML: \(error)", file: file)
    }
}
