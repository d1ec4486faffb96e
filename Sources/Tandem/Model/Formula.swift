import Foundation

/// An arithmetic formula over other metrics: `sqls / mqls`, `(won * 1000) / leads`,
/// `[sales-qualified] / [marketing-qualified]` for ids with other characters.
///
/// Formulas are data, parsed from a small grammar (numbers, metric ids, `+ - * /`, parentheses);
/// nothing is ever evaluated as code.
public indirect enum Formula: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The value of another metric (in the same period, or rolled up for cycle to date).
    case metric(MetricID)
    /// A number written in the formula.
    case constant(Double)
    /// The sum of two formulas.
    case add(Formula, Formula)
    /// The first formula minus the second.
    case subtract(Formula, Formula)
    /// The product of two formulas.
    case multiply(Formula, Formula)
    /// The first formula divided by the second; missing (`nil`) when the divisor is zero.
    case divide(Formula, Formula)

    /// A formula error: where in the text, and what was expected.
    public struct ParseError: Error, Sendable, Hashable {
        /// 0-based offset in the text, in characters.
        public var offset: Int
        /// What went wrong, e.g. `unexpected ')' in formula`.
        public var message: String
    }

    /// The most terms (numbers and metric ids) a formula may have: the formula is a tree as deep
    /// as its terms, and every pass over it (evaluating, printing, comparing) recurses that deep.
    public static let maxTerms = 200
    /// The longest formula text, in characters.
    public static let maxLength = 10_000

    /// Parses formula text.
    /// - Throws: ``ParseError`` naming the offset and what was expected, also for a formula with
    ///   more than ``maxTerms`` terms or ``maxLength`` characters.
    public init(parsing text: String) throws(ParseError) {
        guard text.count <= Self.maxLength else {
            throw ParseError(
                offset: Self.maxLength, message: "formula is longer than \(Self.maxLength) characters")
        }
        var parser = FormulaParser(chars: Array(text))
        let formula = try parser.expression()
        parser.skipSpaces()
        if parser.pos < parser.chars.count {
            throw ParseError(offset: parser.pos, message: "unexpected '\(parser.chars[parser.pos])' in formula")
        }
        self = formula
    }

    /// The metrics the formula reads, sorted, without repeats.
    public var metrics: [MetricID] {
        var out = Set<MetricID>()
        func walk(_ f: Formula) {
            switch f {
            case .metric(let id): out.insert(id)
            case .constant: break
            case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b), .divide(let a, let b):
                walk(a)
                walk(b)
            }
        }
        walk(self)
        return out.sorted()
    }

    /// Evaluates with `value` giving each metric's number; `nil` when a value is missing or a
    /// division by zero occurs.
    public func evaluate(_ value: (MetricID) -> Double?) -> Double? {
        switch self {
        case .metric(let id): return value(id)
        case .constant(let c): return c
        case .add(let a, let b):
            guard let x = a.evaluate(value), let y = b.evaluate(value) else { return nil }
            return x + y
        case .subtract(let a, let b):
            guard let x = a.evaluate(value), let y = b.evaluate(value) else { return nil }
            return x - y
        case .multiply(let a, let b):
            guard let x = a.evaluate(value), let y = b.evaluate(value) else { return nil }
            return x * y
        case .divide(let a, let b):
            guard let x = a.evaluate(value), let y = b.evaluate(value), y != 0 else { return nil }
            return x / y
        }
    }

    /// For `a / b` formulas, the numerator and denominator.
    public var ratioParts: (numerator: Formula, denominator: Formula)? {
        if case .divide(let a, let b) = self { return (a, b) }
        return nil
    }

    public var description: String {
        func render(_ f: Formula, _ parentPrecedence: Int) -> String {
            let (text, precedence): (String, Int)
            switch f {
            case .metric(let id):
                // Bare only as the parser reads a bare id: a letter or `_` first (`[55555b]` stays
                // bracketed, or it would read as the number 55555).
                let bare =
                    id.rawValue.first.map { $0.isASCII && ($0.isLetter || $0 == "_") } ?? false
                    && id.rawValue.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
                (text, precedence) = (bare ? id.rawValue : "[\(id.rawValue)]", 3)
            case .constant(let c):
                (text, precedence) = (c == c.rounded() && abs(c) < 1e15 ? String(Int64(c)) : Formula.decimal(c), 3)
            case .add(let a, let b): (text, precedence) = ("\(render(a, 1)) + \(render(b, 2))", 1)
            case .subtract(let a, let b): (text, precedence) = ("\(render(a, 1)) - \(render(b, 2))", 1)
            case .multiply(let a, let b): (text, precedence) = ("\(render(a, 2)) * \(render(b, 3))", 2)
            case .divide(let a, let b): (text, precedence) = ("\(render(a, 2)) / \(render(b, 3))", 2)
            }
            return precedence < parentPrecedence ? "(\(text))" : text
        }
        return render(self, 0)
    }

    /// The shortest text of `c` that reads back exactly, in plain decimals (`0.0000001`, not
    /// `1e-07`): the parser reads no exponents, and the printed form must parse again (it is how
    /// a formula is encoded).
    static func decimal(_ c: Double) -> String {
        let text = String(c)
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }),
            let exponent = Int(text[text.index(after: e)...])
        else { return text }
        let negative = text.hasPrefix("-")
        let mantissa = text[..<e].drop { $0 == "-" }
        let point = mantissa.firstIndex(of: ".")
        let whole = point.map { mantissa[..<$0] } ?? mantissa[...]
        let fraction = point.map { mantissa[mantissa.index(after: $0)...] } ?? ""
        var digits = String(whole + fraction)
        var pointAt = whole.count + exponent  // digits before the decimal point
        if pointAt <= 0 {
            digits = String(repeating: "0", count: 1 - pointAt) + digits
            pointAt = 1
        } else if pointAt >= digits.count {
            digits += String(repeating: "0", count: pointAt - digits.count)
        }
        var out = String(digits.prefix(pointAt))
        var rest = String(digits.dropFirst(pointAt))
        while rest.hasSuffix("0") { rest.removeLast() }
        if !rest.isEmpty { out += "." + rest }
        return (negative ? "-" : "") + out
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try Formula(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

private struct FormulaParser {
    let chars: [Character]
    var pos = 0
    var depth = 0
    /// Numbers, metric ids and parenthesised groups read so far.
    var terms = 0

    mutating func skipSpaces() {
        while pos < chars.count, chars[pos] == " " || chars[pos] == "\t" { pos += 1 }
    }

    mutating func expression() throws(Formula.ParseError) -> Formula {
        var lhs = try term()
        while true {
            skipSpaces()
            guard pos < chars.count, chars[pos] == "+" || chars[pos] == "-" else { return lhs }
            let op = chars[pos]
            pos += 1
            let rhs = try term()
            lhs = op == "+" ? .add(lhs, rhs) : .subtract(lhs, rhs)
        }
    }

    mutating func term() throws(Formula.ParseError) -> Formula {
        var lhs = try factor()
        while true {
            skipSpaces()
            guard pos < chars.count, chars[pos] == "*" || chars[pos] == "/" else { return lhs }
            let op = chars[pos]
            pos += 1
            skipSpaces()
            let rhsStart = pos
            let rhs = try factor()
            if op == "/", case .constant(0) = rhs {
                throw .init(offset: rhsStart, message: "division by zero in formula")
            }
            lhs = op == "*" ? .multiply(lhs, rhs) : .divide(lhs, rhs)
        }
    }

    mutating func factor() throws(Formula.ParseError) -> Formula {
        skipSpaces()
        terms += 1
        guard terms <= Formula.maxTerms else {
            throw .init(
                offset: pos,
                message: "formula has more than \(Formula.maxTerms) terms; split it into metrics of their own")
        }
        guard pos < chars.count else {
            throw .init(offset: pos, message: "expected a metric id, a number or '(' at the end of the formula")
        }
        let c = chars[pos]
        if c == "(" {
            depth += 1
            guard depth <= 64 else { throw .init(offset: pos, message: "formula nests deeper than 64 levels") }
            pos += 1
            let inner = try expression()
            skipSpaces()
            guard pos < chars.count, chars[pos] == ")" else {
                throw .init(offset: pos, message: "expected ')' in formula")
            }
            pos += 1
            depth -= 1
            return inner
        }
        if c.isNumber && c.isASCII || c == "." {
            let start = pos
            while pos < chars.count, chars[pos].isASCII, chars[pos].isNumber || chars[pos] == "." { pos += 1 }
            let text = String(chars[start..<pos])
            guard let value = Double(text), value.isFinite else {
                throw .init(offset: start, message: "'\(text)' is not a number")
            }
            guard value <= NumberFormat.maximumMagnitude else {
                throw .init(offset: start, message: "'\(text)' is beyond Tandem's limit of ±1e15")
            }
            return .constant(value)
        }
        if c == "[" {
            // [metric-id]: an id with characters the bare form cannot hold, such as '-'.
            let start = pos + 1
            guard let close = chars[start...].firstIndex(of: "]"), close > start else {
                throw .init(offset: pos, message: "expected a metric id and ']' after '['")
            }
            let id = String(chars[start..<close]).trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty else { throw .init(offset: pos, message: "expected a metric id between '[' and ']'") }
            pos = close + 1
            return .metric(MetricID(id))
        }
        if c.isASCII && (c.isLetter || c == "_") {
            let start = pos
            while pos < chars.count, chars[pos].isASCII,
                chars[pos].isLetter || chars[pos].isNumber || chars[pos] == "_"
            {
                pos += 1
            }
            return .metric(MetricID(String(chars[start..<pos])))
        }
        throw .init(offset: pos, message: "expected a metric id, a number or '(' but found '\(c)'")
    }
}
