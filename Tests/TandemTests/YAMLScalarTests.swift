import Testing
import Yams

@testable import Tandem

/// The YAML scalars Tandem writes (decision-log entries, dbt properties) read back as the same
/// text, in Yams and in readers that take `2024` for a number or `2026-11-30` for a date.
@Suite struct YAMLScalarTests {
    @Test(arguments: [
        ("marketing", "marketing"), ("kr-mql_sql.2", "kr-mql_sql.2"), ("_x", "_x"),
        ("2024", "\"2024\""), ("1.10", "\"1.10\""), ("2026-11-30", "\"2026-11-30\""), ("on", "\"on\""),
        ("No", "\"No\""), ("-x", "\"-x\""), ("a b", "\"a b\""), ("o'brien \"x\"", "\"o'brien \\\"x\\\"\""),
        ("", "\"\""), ("line\nbreak", "\"line\\nbreak\""),
    ])
    func writtenAndReadBack(_ text: String, _ written: String) throws {
        #expect(YAMLScalar.written(text) == written)
        let read = try Yams.load(yaml: "name: \(YAMLScalar.written(text))\n") as? [String: Any]
        #expect(read?["name"] as? String == text)
    }
}
