import Foundation
import Testing

/// Compares rendered text with a golden file in `Tests/TandemTests/Snapshots/`. Set
/// `TANDEM_RECORD=1` to write the golden files anew instead (never edit them by hand).
func assertSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = Fixtures.root.appendingPathComponent("Tests/TandemTests/Snapshots/\(name)")
    if ProcessInfo.processInfo.environment["TANDEM_RECORD"] == "1" {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return
    }
    guard let golden = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record(
            "missing golden file \(name); run the tests with TANDEM_RECORD=1 to record it",
            sourceLocation: sourceLocation)
        return
    }
    if golden != text {
        let a = golden.split(separator: "\n", omittingEmptySubsequences: false)
        let b = text.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
        Issue.record(
            "\(name) differs from its golden file at line \(first + 1):\n- \(first < a.count ? a[first] : "<end>")\n+ \(first < b.count ? b[first] : "<end>")",
            sourceLocation: sourceLocation)
    }
}
