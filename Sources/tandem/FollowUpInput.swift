import ArgumentParser
import Foundation
import Tandem

extension ReviewInput {
    /// Attaches "since last review" to each review, in period order: the first is compared with
    /// `--previous`, or with `OUT/tandem-PREVIOUS.json` when that exists; each later one with the
    /// review before it. An unreadable `--previous` is an input error (exit 1); an unusable review
    /// found in the folder only becomes the follow-up's note.
    func attachFollowUp(to reviews: inout [Review], loaded: LoadedReview, out: URL?) throws {
        for i in reviews.indices {
            var earlier: Review?
            var note: String?
            if i > 0 {
                earlier = reviews[i - 1]
            } else if let path = previousPath(explicit: true, for: reviews[i].period, out: out) {
                do {
                    earlier = try Review(json: Data(contentsOf: URL(fileURLWithPath: path)), file: path)
                } catch let error as InputError {
                    throw reportInvalidInput(error)
                } catch {
                    throw reportInvalidInput(
                        InputError([
                            Diagnostic(code: .unreadable, message: "cannot read the previous review", file: path)
                        ]))
                }
            } else if let path = previousPath(explicit: false, for: reviews[i].period, out: out) {
                let name = URL(fileURLWithPath: path).lastPathComponent
                do {
                    earlier = try Review(json: Data(contentsOf: URL(fileURLWithPath: path)), file: name)
                } catch let error as InputError {
                    note =
                        "The previous review \(name) cannot be compared (\(error.diagnostics.first?.message ?? "unreadable")): nothing compared."
                } catch {
                    note = "The previous review \(name) cannot be read: nothing compared."
                }
            }
            reviews[i] = reviews[i].followedUp(
                previous: earlier, decisions: loaded.decisions, tactics: loaded.plan.tactics, note: note)
        }
    }

    /// `--previous` when `explicit`, else the previous period's JSON in `out` when it exists.
    private func previousPath(explicit: Bool, for period: Period, out: URL?) -> String? {
        if explicit { return self.previous }
        guard self.previous == nil, let out else { return nil }
        let url = out.appendingPathComponent("tandem-\(period.advanced(by: -1)).json")
        return FileManager.default.fileExists(atPath: url.path) ? url.relativePath : nil
    }
}
