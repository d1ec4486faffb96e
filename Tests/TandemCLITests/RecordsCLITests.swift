import Foundation
import Testing

/// `tandem init --records`: the starter plan's records section reads the example exports.
@Suite struct RecordsCLITests {
    static let exports = CLI.root.appendingPathComponent("Examples/Brightwell/records")

    @Test func initWithBothCRMsReadsTheExampleExports() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let made = try CLI.run(["init", dir.path, "--records", "hubspot", "--records", "salesforce"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("actuals").path))
        let files = ["hubspot-contacts.csv", "salesforce-opportunities.csv"].map {
            Self.exports.appendingPathComponent($0).path
        }
        let validate = try CLI.run(["validate", "plan.yaml", "--records"] + files, in: dir)
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(
            validate.stdout
                == "plan.yaml: ok: 2 objectives, 4 key results, 7 metrics; 11160 leads and 515 deals; 0 decisions in decisions.yaml\n"
        )
        // Each source says its zone: no zone is assumed.
        #expect(!validate.stderr.contains("has no 'timezone:'"))
        let review = try CLI.run(
            ["review", "plan.yaml", "--records"] + files + [
                "--format", "json", "--out", dir.appendingPathComponent("out").path,
            ],
            in: dir)
        #expect(review.status == 0, "\(review.stderr)")
    }

    @Test func validateRefusesAMetricFromBothRecordsAndActuals() throws {
        // The records feed the stage metrics; the main example's actuals have them too.
        let r = try CLI.run([
            "validate", "Examples/Brightwell/records/plan.yaml", "--actuals", "Examples/Brightwell/actuals",
            "--records", "Examples/Brightwell/records",
        ])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: metric 'leads' comes from both the records and the actuals"))
    }

    @Test(arguments: [
        ("hubspot", "hubspot-contacts.csv", "11160 leads and 0 deals"),
        ("salesforce", "salesforce-opportunities.csv", "0 leads and 515 deals"),
    ])
    func initWithOneCRM(_ crm: String, _ file: String, _ counts: String) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try CLI.run(["init", dir.path, "--records", crm]).status == 0)
        let validate = try CLI.run(
            ["validate", "plan.yaml", "--records", Self.exports.appendingPathComponent(file).path], in: dir)
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stdout.contains("; \(counts);"))
        // The other export's pattern matched no file: said, not an error.
        #expect(validate.stderr.contains("matches none of the records files given"))
    }
}
