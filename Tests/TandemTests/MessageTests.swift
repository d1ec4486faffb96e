import Foundation
import Testing

@testable import Tandem

/// How problems read: short caret lines, Tandem's words rather than a library's, every file named.
@Suite struct MessageTests {
    @Test func caretLinesShowAtMostTwoHundredCharactersAroundTheColumn() {
        let long = String(repeating: "a", count: 150) + "X" + String(repeating: "b", count: 1_000_000)
        let d = Diagnostic(code: .syntax, message: "bad", file: "f.csv", line: 2, column: 151, sourceLine: long)
        let lines = d.descriptionWithCaret.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3)
        #expect(lines[1].count == 202)  // 200 characters and an ellipsis at each end
        #expect(lines[1].hasPrefix("…" + String(repeating: "a", count: 100) + "X"))
        #expect(lines[1].hasSuffix("b…"))
        #expect(lines[2] == String(repeating: " ", count: 101) + "^")
        // Short lines are shown whole, control characters as '?'.
        let short = Diagnostic(
            code: .syntax, message: "bad", file: "f.csv", line: 1, column: 3, sourceLine: "a\u{1B}b\tc")
        #expect(short.descriptionWithCaret == "f.csv:1:3: error: bad\na?b\tc\n  ^")
        // The caret near the end of a long line.
        let end = Diagnostic(
            code: .syntax, message: "bad", file: "f", line: 1, column: 1000,
            sourceLine: String(repeating: "z", count: 1000))
        let endLines = end.descriptionWithCaret.split(separator: "\n")
        #expect(endLines[1] == "…" + String(repeating: "z", count: 200))
        #expect(endLines[2] == String(repeating: " ", count: 200) + "^")
    }

    @Test func aWindowsPlanQuotesItsLineWithoutTheCarriageReturn() throws {
        let unix = try String(contentsOf: Fixtures.examplePlan, encoding: .utf8)
            .replacingOccurrences(of: "  - id: marketing\n", with: "  - id: marketing\n    colour: blue\n")
        let windows = unix.replacingOccurrences(of: "\n", with: "\r\n")
        func first(_ text: String) -> Diagnostic? {
            do {
                _ = try PlanLoader().load(text: text, file: "plan.yaml")
            } catch {
                return error.diagnostics.first
            }
            return nil
        }
        let u = try #require(first(unix))
        let w = try #require(first(windows))
        #expect(u.line == 17)
        #expect(w.line == u.line)
        #expect(w.sourceLine == "    colour: blue")
        #expect(w.descriptionWithCaret == u.descriptionWithCaret)
    }

    @Test(arguments: [2000, 100_000])
    func deepNestingInThePlanIsATandemMessage(_ depth: Int) {
        let text = "tandem: 1\nname: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        do {
            _ = try PlanLoader().load(text: text, file: "plan.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "plan.yaml:2:8: error: the plan nests lists and mappings more than 1,000 levels deep"
                ])
        }
    }
}
