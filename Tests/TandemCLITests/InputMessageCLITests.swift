import Foundation
import Testing

/// What the command line says about odd inputs: stray files, devices, periods outside the cycle.
@Suite struct InputMessageCLITests {
    @Test func aStrayFileInAnActualsFolderIsNamedInAWarning() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = CLI.root.appendingPathComponent(CLI.actuals)
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            try FileManager.default.copyItem(
                at: source.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        try Data("PK".utf8).write(to: dir.appendingPathComponent("forecast.xlsx"))
        try Data().write(to: dir.appendingPathComponent(".DS_Store"))
        let r = try CLI.run(["validate", CLI.plan, "--actuals", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        // The plan's own warnings (targets set twice) come first.
        #expect(r.stderr.hasPrefix("\(CLI.plan):46:17: warning: MQLs: key result 'kr-mqls' targets 3,600"))
        #expect(
            r.stderr.hasSuffix(
                "\n\(dir.path)/forecast.xlsx: warning: not an actuals file (only .csv and .json files of a folder are read); skipped\n"
            ))
    }

    @Test func aDeviceIsRefusedAtOnce() throws {
        let r = try CLI.run(["validate", CLI.plan, "--actuals", "/dev/zero"])
        #expect(r.status == 1)
        #expect(
            r.stderr.hasSuffix(
                "\n/dev/zero: error: actuals file is not a regular file (a device, pipe or socket?); only regular files and folders of them are read\n1 error\n"
            ))
    }

    @Test func aPeriodOutsideTheCycleNamesThePlan() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["review", CLI.plan, "--actuals", CLI.actuals, "--period", "2027-03", "--out", dir.path])
        #expect(r.status == 1)
        #expect(
            r.stderr == "\(CLI.plan): error: period 2027-03 is outside the cycle 2026-07…2026-12\n1 error\n")
    }

    @Test func errorsInTwoActualsFilesAreBothReported() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "period,metric,value\n2026-07,mqls,x\n".write(
            to: dir.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        try "period,metric,value\n2026-07,sqls,y\n".write(
            to: dir.appendingPathComponent("b.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["validate", CLI.plan, "--actuals", dir.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(dir.path)/a.csv:2:14: error: expected a number"))
        #expect(r.stderr.contains("\(dir.path)/b.csv:2:14: error: expected a number"))
        #expect(r.stderr.hasSuffix("2 errors\n"))
    }
}
