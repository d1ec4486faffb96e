import Foundation
import TandemTestSupport
import Testing

/// `--format html,eml` and the mail addresses on the command line.
@Suite(.serialized) struct MailCLITests {
    /// The example plan without its `mail:` section, in a temporary folder.
    func planWithoutMail(in dir: URL) throws -> String {
        let text = try String(contentsOf: CLI.root.appendingPathComponent(CLI.plan), encoding: .utf8)
        let cut = try #require(text.range(of: "\n# Who the review's mail goes to"))
        let url = dir.appendingPathComponent("plan.yaml")
        try String(text[..<cut.lowerBound]).write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Without xlsx, the .eml still attaches the workbook, and nothing else is left in the folder.
    @Test func htmlAndEmlAloneAttachTheWorkbook() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let r = try CLI.run([
            "review", CLI.plan, "--actuals", CLI.actuals, "--out", out.path, "--format", "html,eml",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasSuffix("wrote \(out.path)/tandem-2026-11.html\nwrote \(out.path)/tandem-2026-11.eml\n"))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == [
                "tandem-2026-11.eml", "tandem-2026-11.html",
            ])
        let eml = try String(contentsOf: out.appendingPathComponent("tandem-2026-11.eml"), encoding: .utf8)
        #expect(eml.hasPrefix("From: Brightwell RevOps <revops@brightwell.example>\r\n"))
        // The workbook's zip signature "PK\u{3}\u{4}" in base64.
        #expect(eml.contains("Content-Transfer-Encoding: base64\r\n\r\nUEsDB"))
        #expect(!eml.contains("\r\nDate:"))
    }

    @Test func theOptionsOverrideThePlan() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = try planWithoutMail(in: dir)
        let r = try CLI.run([
            "review", plan, "--actuals", CLI.actuals, "--out", dir.appendingPathComponent("out").path, "--format",
            "eml", "--mail-from", "ops@example.com", "--mail-to", "Lead One <one@example.com>", "--mail-to",
            "two@example.com",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let eml = try String(
            contentsOf: dir.appendingPathComponent("out/tandem-2026-11.eml"), encoding: .utf8)
        #expect(
            eml.hasPrefix("From: ops@example.com\r\nTo: Lead One <one@example.com>,\r\n two@example.com\r\nSubject: "))
    }

    @Test func missingAddressesAreClearErrors() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = try planWithoutMail(in: dir)
        let out = dir.appendingPathComponent("out")
        let noSender = try CLI.run(["review", plan, "--actuals", CLI.actuals, "--out", out.path, "--format", "eml"])
        #expect(noSender.status == 1)
        #expect(
            noSender.stderr
                == "\(plan): error: --format eml needs a sender: give --mail-from, or 'from:' in the plan's mail: section\n"
        )
        let noRecipient = try CLI.run([
            "review", plan, "--actuals", CLI.actuals, "--out", out.path, "--format", "eml", "--mail-from",
            "a@b.example",
        ])
        #expect(noRecipient.status == 1)
        #expect(
            noRecipient.stderr
                == "\(plan): error: --format eml needs a recipient: give --mail-to, or 'to:' in the plan's mail: section\n"
        )
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let bad = try CLI.run([
            "review", plan, "--actuals", CLI.actuals, "--out", out.path, "--format", "eml", "--mail-to", "leads@",
        ])
        #expect(bad.status == 64)
        #expect(
            bad.stderr.hasPrefix(
                "Error: invalid mail address 'leads@': expected an address like name@example.com, with exactly one @ in --mail-to\n"
            ))
    }
}
