import Foundation
import Testing

@testable import Tandem

/// Actuals are read in chunks: results never depend on where a chunk ends, a bad row deep in a
/// large file is found at its line, and bytes that are not UTF-8 are errors at their place.
@Suite struct StreamingInputTests {
    let plan: Plan

    init() throws {
        plan = try PlanLoader().load(contentsOf: Fixtures.examplePlan)
    }

    /// Feeds `bytes` in chunks of `size`.
    static func chunks(_ bytes: [UInt8], _ size: Int) -> () throws(InputError) -> [UInt8]? {
        var offset = 0
        return { () throws(InputError) -> [UInt8]? in
            guard offset < bytes.count else { return nil }
            defer { offset += size }
            return Array(bytes[offset..<min(bytes.count, offset + size)])
        }
    }

    func load(_ bytes: [UInt8], json: Bool = false, chunk: Int, file: String = "a.csv") -> Result<
        LoadedActuals, InputError
    > {
        do {
            let sink = try ObservationSink(plan: plan, options: ActualsOptions())
            if json {
                sink.readJSON(file: file, size: bytes.count, feed: Self.chunks(bytes, chunk))
            } else {
                sink.readCSV(file: file, size: bytes.count, feed: Self.chunks(bytes, chunk))
            }
            return .success(try sink.finish())
        } catch {
            return .failure(error)
        }
    }

    /// Found by the 2 GB measurement: the tables were sized from the file's size before its first
    /// row was read, so a 2 GB file with a bad row on line 2 took 2.1 GB. Reservations follow only
    /// what was read, and stop at the first error.
    @Test(arguments: [false, true])
    func aLargeFileThatFailsEarlyReservesLittle(_ json: Bool) throws {
        let bytes = Array(
            (json
                ? #"{"tandem": 1, "observations": [{"period": "2026-07", "metric": "leads", "value": "x"}]}"#
                : "period,leads\n2026-07,x\n").utf8)
        let sink = try ObservationSink(plan: plan, options: ActualsOptions())
        let claimed = 2 << 30  // what the file's size says; only `bytes` arrive
        if json {
            sink.readJSON(file: "a", size: claimed, feed: Self.chunks(bytes, 1 << 20))
        } else {
            sink.readCSV(file: "a", size: claimed, feed: Self.chunks(bytes, 1 << 20))
        }
        #expect(throws: InputError.self) { try sink.finish() }
        // At most the first chunk's share (rounded up by the allocator), not the 71 million the
        // claimed size would make.
        #expect(sink.observations.capacity < 2 * ObservationSink.chunkBytes / 30)
    }

    static let tricky = Array(
        ("\u{FEFF}period,metric,value,team,segment\r\n2026-07,sqls,171,sales,\"Mid\r\nmarket\"\r\n\r\n"
            + "2026-07,won,23,sales,Zürich ☃\r2026-08,won,\"2\"\"\",sales,\n2026-08,sqls,5,sales,\"a,b\"").utf8)

    @Test(arguments: [1, 2, 3, 5, 7, 64, 1 << 20])
    func csvChunkBoundariesDoNotMatter(_ chunk: Int) throws {
        let whole = load(Self.tricky, chunk: Self.tricky.count)
        let chunked = load(Self.tricky, chunk: chunk)
        #expect(whole.map(\.actuals) == chunked.map(\.actuals))
        if case .failure(let error) = chunked {
            // The '2"' value is a deliberate error: it must be found at the same place every time.
            #expect(
                error.diagnostics.map(\.description) == [
                    "a.csv:6:14: error: expected a number in 'value' (metric 'won', unit count), found '2\"'"
                ])
        } else {
            Issue.record("expected the bad value to be reported")
        }
    }

    @Test(arguments: [1, 3, 11, 1 << 20])
    func exampleFilesLoadTheSameInAnyChunks(_ chunk: Int) throws {
        for url in Fixtures.exampleActuals {
            let bytes = Array(try Data(contentsOf: url))
            let whole = try load(bytes, chunk: bytes.count).get()
            let chunked = try load(bytes, chunk: chunk).get()
            #expect(whole.actuals == chunked.actuals)
            #expect(!chunked.actuals.observations.isEmpty)
        }
    }

    @Test(arguments: [1, 2, 9, 1 << 20])
    func jsonChunkBoundariesDoNotMatter(_ chunk: Int) throws {
        let text =
            "\u{FEFF} {\"tandem\": 1, \"observations\": [\n {\"period\": \"2026-07\", \"metric\": \"sqls\", \"value\": 5, \"segment\": \"Zü\\\"rich\"},\n"
            + " {\"period\": \"2026-07\", \"metric\": \"won\", \"value\": \"7\"}, {\"period\": \"2026-08\", \"metric\": \"won\", \"value\": 1e3}\n]}  \n"
        let bytes = Array(text.utf8)
        let whole = load(bytes, json: true, chunk: bytes.count, file: "a.json")
        let chunked = load(bytes, json: true, chunk: chunk, file: "a.json")
        guard case .failure(let error) = chunked else {
            Issue.record("expected the exponent on a count to be reported")
            return
        }
        // Same messages; the excerpt may be left out when the line began in an earlier chunk.
        #expect((try? whole.get()) == nil)
        #expect(
            error.diagnostics.map(\.description) == [
                "a.json:3:104: error: scientific notation is not allowed for a count (is this a long id a spreadsheet turned into a number?) in 'value' (metric 'won'), found a number"
            ])
        let good = Array(text.replacingOccurrences(of: "1e3", with: "1000").utf8)
        let loaded = try load(good, json: true, chunk: chunk, file: "a.json").get()
        #expect(loaded.actuals.observations.map(\.value) == [5, 7, 1000])
        #expect(loaded.actuals.observations.first?.segment == "Zü\"rich")
    }

    /// A file several chunks long with a bad row early and one after the first chunk: both found
    /// at their lines, and nothing is kept after the first error.
    @Test func badRowsInALargeFileAreFoundAtTheirLines() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("big.csv")
        var text = "period,metric,value,team,segment\n2026-07,sqls,1,sales,S0\n2026-07,sqls,oops,sales,S1\n"
        let rows = 400_000  // about 12 MB: three chunks
        text.reserveCapacity(rows * 32)
        for i in 2..<rows { text += "2026-07,sqls,\(i),sales,S\(i)\n" }
        text += "2026-08,sqls,x,sales,S\n"
        try text.write(to: url, atomically: true, encoding: .utf8)
        #expect(text.utf8.count > 3 * ObservationSink.chunkBytes)
        do {
            _ = try ActualsLoader(plan: plan).load(contentsOf: [url])
            Issue.record("expected errors")
        } catch {
            let path = url.relativePath
            #expect(
                error.diagnostics.map(\.description) == [
                    "\(path):3:14: error: expected a number in 'value' (metric 'sqls', unit count), found 'oops'",
                    "\(path):\(rows + 2):14: error: expected a number in 'value' (metric 'sqls', unit count), found 'x'",
                ])
        }
    }

    @Test func devicesAreRefusedAtOnce() throws {
        do {
            _ = try ActualsLoader(plan: plan).load(contentsOf: [URL(fileURLWithPath: "/dev/zero")])
            Issue.record("expected an error")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "/dev/zero: error: actuals file is not a regular file (a device, pipe or socket?); only regular files and folders of them are read"
                ])
        }
        #expect(throws: InputError.self) { _ = try PlanLoader().load(contentsOf: URL(fileURLWithPath: "/dev/zero")) }
    }

    /// An input given as a symbolic link reads its target (probe 3: a linked plan, actuals, records
    /// or previous review was refused as "not a regular file"); a link to a device still is refused.
    @Test func linksToFilesAreReadLinksToDevicesRefused() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("export-2026-11-30.csv")
        try "period,metric,value\n2026-07,mqls,5\n".write(to: target, atomically: true, encoding: .utf8)
        let link = dir.appendingPathComponent("latest.csv")
        #expect(symlink(target.lastPathComponent, link.path) == 0)
        let actuals = try ActualsLoader(plan: plan).load(contentsOf: [link])
        #expect(actuals.actuals.observations.count == 1)
        let device = dir.appendingPathComponent("zero.csv")
        #expect(symlink("/dev/zero", device.path) == 0)
        #expect(throws: InputError.self) { _ = try ActualsLoader(plan: plan).load(contentsOf: [device]) }
        let loop = dir.appendingPathComponent("loop.csv")
        #expect(symlink("loop.csv", loop.path) == 0)
        #expect(throws: InputError.self) { _ = try ActualsLoader(plan: plan).load(contentsOf: [loop]) }
        // Given on the command line, a link that leads nowhere says which it is.
        let dangling = dir.appendingPathComponent("gone.csv")
        #expect(symlink("export-2026-10-31.csv", dangling.path) == 0)
        for (path, reason) in [
            (loop.path, "a symbolic link in a loop (its links lead back to themselves)"),
            (dangling.path, "a symbolic link to 'export-2026-10-31.csv', which does not exist"),
            (dir.appendingPathComponent("none.csv").path, "no such file or folder"),
        ] {
            do {
                _ = try expandInputPaths([path], extensions: ["csv"], what: "actuals")
                Issue.record("expected an error for \(path)")
            } catch {
                #expect(error.diagnostics.map(\.message) == ["cannot read actuals: \(reason)"])
            }
        }
        // A file read directly (the plan here) says it in the same words.
        do {
            _ = try PlanLoader().load(contentsOf: dangling)
            Issue.record("expected an error")
        } catch {
            #expect(
                error.diagnostics.map(\.message) == [
                    "cannot read plan: a symbolic link to 'export-2026-10-31.csv', which does not exist"
                ])
        }
    }

    @Test func errorsInTwoFilesAreAllReported() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.csv")
        let b = dir.appendingPathComponent("b.csv")
        try "period,metric,value\n2026-07,mqls,x\n".write(to: a, atomically: true, encoding: .utf8)
        try "period,metric,value\n2026-07,sqls,y\n".write(to: b, atomically: true, encoding: .utf8)
        do {
            _ = try ActualsLoader(plan: plan).load(contentsOf: [a, b])
            Issue.record("expected errors")
        } catch {
            #expect(error.diagnostics.map(\.file) == [a.relativePath, b.relativePath])
        }
    }

    @Test(arguments: [1, 4, 1 << 20])
    func invalidUTF8IsAnErrorAtItsPlace(_ chunk: Int) {
        // "Zürich" in Latin-1 (0xFC), after a valid multi-byte character on the line before.
        let bytes =
            Array("period,metric,value,team,segment\n2026-07,sqls,1,sales,Zürich\n2026-07,won,2,sales,Z".utf8)
            + [0xFC] + Array("rich\n".utf8)
        guard case .failure(let error) = load(bytes, chunk: chunk) else {
            Issue.record("expected an error")
            return
        }
        #expect(
            error.diagnostics.map(\.description) == [
                "a.csv:3:22: error: invalid UTF-8 (byte 0xFC); save the file as UTF-8 (it may be Latin-1 or Windows-1252)"
            ])
    }

    @Test(arguments: [
        [0xC3, 0x28] as [UInt8], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0xE2, 0x82],
    ])
    func malformedSequencesAreFound(_ bad: [UInt8]) {
        let bytes = Array("ok ☃ ".utf8) + bad + Array(" tail".utf8)
        #expect(firstInvalidUTF8(bytes, from: 0, to: bytes.count, final: true).invalid == 7)
    }

    @Test func invalidUTF8InThePlanHasLineAndColumn() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("plan.yaml")
        var bytes = Array(Fixtures.smallPlan.utf8)
        let at = bytes.firstIndex(of: UInt8(ascii: "S"))!  // "name: Small" on line 2
        bytes[at] = 0xA7
        try Data(bytes).write(to: url)
        do {
            _ = try PlanLoader().load(contentsOf: url)
            Issue.record("expected an error")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "\(url.relativePath):2:7: error: invalid UTF-8 (byte 0xA7); save the file as UTF-8 (it may be Latin-1 or Windows-1252)"
                ])
        }
    }
}

extension StreamingInputTests {
    @Test(arguments: [1, 2, 5, 1 << 20])
    func csvFieldsSurviveChunking(_ chunk: Int) throws {
        let text = Array(
            "\u{FEFF}period,metric,value,team,segment\r\n2026-07,sqls,171,sales,\"Mid\r\nmarket\"\r\n\r\n2026-07,won,23,sales,Zürich ☃\r2026-08,sqls,5,sales,\"a,b\""
                .utf8)
        let loaded = try load(text, chunk: chunk).get()
        #expect(loaded.actuals.observations.map(\.segment) == ["Mid\r\nmarket", "Zürich ☃", "a,b"])
        #expect(loaded.actuals.observations.map(\.value) == [171, 23, 5])
    }
}

/// A total row beside its parts would be counted twice.
@Suite struct SubtotalTests {
    @Test func aTotalBesideItsSegmentsIsAnError() throws {
        let plan = try PlanLoader().load(contentsOf: Fixtures.examplePlan)
        let text = """
            period,metric,value,team,segment
            2026-07,sqls,171,sales,Mid-market
            2026-07,sqls,640,sales,Enterprise
            2026-07,sqls,300,sales,SMB
            2026-07,sqls,1111,sales,
            2026-08,sqls,5,sales,SMB
            2026-08,won,5,,
            2026-08,won,2,sales,

            """
        do {
            let loaded = try ActualsLoader(plan: plan).load(csv: text, file: "crm.csv")
            Issue.record("expected an error, read \(loaded.actuals.observations.map(\.value))")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "crm.csv:5: error: the 2026-07 sqls row without a segment looks like the total of 3 rows with one (lines 2, 3, 4); summed together they would count twice: keep either the total or the parts",
                    "crm.csv:7: error: the 2026-08 won row without a team or segment looks like the total of 1 row with one (line 8); summed together they would count twice: keep either the total or the parts",
                ])
        }
        // Without the total, the parts are read as they are.
        let parts = text.split(separator: "\n").filter {
            !$0.hasSuffix(",1111,sales,") && !$0.hasPrefix("2026-08,won,5")
        }
        let loaded = try ActualsLoader(plan: plan).load(csv: parts.joined(separator: "\n"), file: "crm.csv")
        let sqls = loaded.actuals.observations.filter { $0.metric == "sqls" && $0.period == .month(2026, 7) }
        #expect(sqls.map(\.value).reduce(0, +) == 1111)
    }

    @Test func aTotalInAnotherFileIsNamedWithItsFile() throws {
        let plan = try PlanLoader().load(contentsOf: Fixtures.examplePlan)
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.csv")
        let b = dir.appendingPathComponent("b.csv")
        try "period,metric,value,segment\n2026-07,sqls,4,EMEA\n".write(to: a, atomically: true, encoding: .utf8)
        try "period,metric,value\n2026-07,sqls,4\n".write(to: b, atomically: true, encoding: .utf8)
        do {
            _ = try ActualsLoader(plan: plan).load(contentsOf: [a, b])
            Issue.record("expected an error")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "\(b.relativePath):2: error: the 2026-07 sqls row without a team or segment looks like the total of 1 row with one (line \(a.relativePath):2); summed together they would count twice: keep either the total or the parts"
                ])
        }
    }
}
