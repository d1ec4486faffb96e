import Foundation
import Testing

@testable import Tandem

/// Gmail clips a message whose HTML is larger than this.
let gmailClipBytes = 102 * 1024

@Suite struct HTMLDigestTests {
    let review: Review

    init() throws {
        let (plan, actuals) = try Fixtures.loadExample()
        review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 11))
    }

    @Test func htmlDigestIsGolden() throws {
        try assertSnapshot(HTMLDigest().render(review), named: "digest-2026-11.html")
    }

    /// The same sections in the same order as the text digest, every heading and list item of it.
    @Test func htmlFollowsTheDigest() throws {
        let html = HTMLDigest().render(review)
        let doc = DigestDocument(review: review, options: DigestOptions())
        var position = html.startIndex
        for section in doc.sections {
            let heading = ">\(section.title)</h2>"
            let found = try #require(html.range(of: heading, range: position..<html.endIndex), "\(section.title)")
            position = found.upperBound
        }
        #expect(doc.sections.count == html.components(separatedBy: "</h2>").count - 1)
        #expect(html.contains("<title>Brightwell FY2026 H2 shared plan — review of Nov 2026</title>"))
        // Status by word and colour: the word inside a badge of its colour.
        #expect(
            html.contains(
                "Overall: <b style=\"padding:0 4px;background:#fcd34d;color:#713f12\">at&nbsp;risk</b>.</p>"))
        #expect(
            html.contains(
                "<div style=\"font-weight:bold\"><b style=\"padding:0 4px;background:#b91c1c;color:#fff\">OFF&nbsp;TRACK</b> Keep MQL→SQL conversion at or above 40 % (Marketing + Sales)</div>"
            ))
        #expect(
            html.contains(
                "<b style=\"padding:0 4px;background:#b91c1c;color:#fff\">BREACHED</b> Sales → Marketing: Sales follows up 90 % of MQLs within 4 hours (≥ 90.0 %)</div>"
            ))
        // The bottleneck mark sits under the transition's name.
        #expect(
            html.contains(
                "<td>MQLs→<wbr>SQLs<br><b style=\"font-size:12px;padding:0 4px;background:#b91c1c;color:#fff\">◀ bottleneck</b></td>"
            ))
        // Numbers keep their unit on their line.
        #expect(html.contains("<td align=\"right\" nowrap>27.0&nbsp;%</td>"))
    }

    /// A sparkline's glyphs become bars of 3 px a level, the plan a blue bar beside the word.
    @Test func sparklinesAreDrawnAsTableBars() {
        let bars = HTMLDigest().sparkline("█▆▄▂▁ plan █")
        let heights = (bars ?? "").components(separatedBy: "<div style=\"width:7px;height:").dropFirst().compactMap {
            Int($0.prefix { $0.isNumber })
        }
        // Bars of 24, 18, 12, 6, 3 px, then the plan's.
        #expect(heights == [24, 18, 12, 6, 3, 24])
        #expect(bars?.contains(">plan</td>") == true)
        #expect(HTMLDigest().sparkline("▁▂ ▃") != nil)
        #expect(HTMLDigest().sparkline("27.0 %") == nil)
        #expect(HTMLDigest().sparkline("") == nil)
        #expect(HTMLDigest().sparkline("▁ plan x") == nil)
    }

    /// Self-contained and under Gmail's clipping size in every month; the same bytes every time.
    @Test(arguments: [7, 8, 9, 10, 11])
    func selfContainedSmallAndReproducible(_ month: Int) throws {
        let (plan, actuals) = try Fixtures.loadExample()
        let review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, month))
        let html = HTMLDigest().render(review)
        #expect(html.utf8.count < gmailClipBytes, "\(html.utf8.count) bytes")
        for forbidden in ["<script", "<img", "<link", "http:", "https:", "url(", "@import", "javascript:", "<style"] {
            #expect(!html.lowercased().contains(forbidden), "\(forbidden)")
        }
        #expect(html == HTMLDigest().render(review))
        #expect(html.hasPrefix("<!DOCTYPE html>\n") && html.hasSuffix("</html>\n"))
    }

    /// The worst case a company can send: every list at its cap of 25 (problems, key results, SLAs,
    /// findings, trends), long names everywhere, still under Gmail's 102 KB.
    @Test func worstCaseWith25ProblemsFitsGmail() throws {
        let review = try WorstCase.review()
        #expect(review.agenda.count >= 25)
        #expect(review.keyResults.filter { $0.status == .offTrack }.count >= 25)
        #expect(review.sla.filter { $0.metInPeriod == false }.count >= 25)
        let html = HTMLDigest().render(review)
        #expect(html.utf8.count < gmailClipBytes, "\(html.utf8.count) bytes")
        #expect(html.contains("… and \(review.agenda.count - 25) more problems: see the workbook's Adjustments sheet."))
        #expect(html.components(separatedBy: ">25. ").count == 2)
    }

    @Test func textIsEscaped() throws {
        var (plan, actuals) = try Fixtures.loadExample()
        plan.name = "R&D <script>alert(\"x\")</script>"
        let html = HTMLDigest().render(try Review(plan: plan, actuals: actuals, asOf: .month(2026, 11)))
        #expect(
            html.contains(
                "<title>R&amp;D &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; — review of Nov 2026</title>"))
        #expect(!html.contains("<script"))
    }
}

/// A company whose every list overflows: 30 off-track key results with long names, a breached SLA
/// each, a six-stage funnel converting far below plan.
enum WorstCase {
    static func review() throws -> Review {
        let long = "for the enterprise segment in the northern European region, counted every week"
        var metrics: [Metric] = []
        var keyResults: [KeyResult] = []
        var slas: [ServiceLevelAgreement] = []
        var observations: [Observation] = []
        for i in 0..<30 {
            let id = MetricID("m\(i)")
            metrics.append(Metric(id: id, name: "Metric \(i) \(long)", owner: i % 2 == 0 ? "marketing" : "sales"))
            keyResults.append(
                KeyResult(
                    id: KeyResultID("kr-\(i)"), title: "Grow metric \(i) \(long)", metric: id, kind: .increaseTo,
                    target: 60_000, owners: ["marketing", "sales"]))
            slas.append(
                ServiceLevelAgreement(
                    id: SLAID("sla-\(i)"), title: "Deliver metric \(i) \(long)", from: "marketing", to: "sales",
                    metric: id, comparison: .atLeast, amount: 9_000))
            for month in 7...11 {
                observations.append(
                    Observation(
                        period: .month(2026, month), metric: id, value: Double(1_000 * (6 - i % 6) + month * 10)))
            }
        }
        let stages = (0..<6).map {
            FunnelStage(id: StageID("s\($0)"), name: "Stage \($0) \(long)", metric: MetricID("m\($0)"))
        }
        let plan = Plan(
            name: "Worst case \(long)", cycle: Cycle(name: "H2", start: .month(2026, 7), end: .month(2026, 12)),
            teams: [Team(id: "marketing", name: "Marketing"), Team(id: "sales", name: "Sales")], metrics: metrics,
            objectives: [
                Objective(id: "o1", title: "Grow everything \(long)", owners: ["marketing"], keyResults: keyResults)
            ],
            funnel: Funnel(stages: stages, plannedRates: [0.9, 0.9, 0.9, 0.9, 0.9], valuePerWon: 50_000),
            slas: slas)
        try plan.validate()
        return try Review(plan: plan, actuals: Actuals(observations), asOf: .month(2026, 11))
    }
}

@Suite struct MailMessageTests {
    let review: Review
    let from: MailAddress
    let to: [MailAddress]

    init() throws {
        let (plan, actuals) = try Fixtures.loadExample()
        review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 11))
        from = try MailAddress(parsing: "Brightwell RevOps <revops@brightwell.example>")
        to = [
            try MailAddress(parsing: "Marketing leads <marketing-leads@brightwell.example>"),
            try MailAddress(parsing: "sales-leads@brightwell.example"),
        ]
    }

    func message(workbook: [UInt8] = Array("PK\u{3}\u{4} not really a workbook".utf8)) throws -> MailMessage {
        try MailMessage(
            review: review, from: from, to: to, cc: [MailAddress(name: "Finance, EMEA", address: "fin@b.example")],
            attachments: [MailAttachment(workbook: workbook, filename: "tandem-2026-11.xlsx")])
    }

    /// Splits a MIME entity into its header lines (unfolded) and its body.
    func entity(_ text: String) -> (headers: [String: String], body: String) {
        let parts = text.components(separatedBy: "\r\n\r\n")
        var headers: [String: String] = [:]
        let unfolded = parts[0].replacingOccurrences(of: "\r\n ", with: " ")
        for line in unfolded.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[String(line[..<colon])] = String(line[line.index(colon, offsetBy: 2)...])
        }
        return (headers, parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    /// Quoted-printable decoded, with MIME's CRLF line breaks as line feeds.
    func decodeQuotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        let input = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
        var i = 0
        while i < input.count {
            if input[i] == UInt8(ascii: "="), i + 2 < input.count,
                let byte = UInt8(String(decoding: input[i + 1...i + 2], as: UTF8.self), radix: 16)
            {
                bytes.append(byte)
                i += 3
            } else {
                bytes.append(input[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
    }

    @Test func theMessageCarriesTheDigestTheHTMLAndTheWorkbook() throws {
        let workbook = (0..<300).map { UInt8($0 % 256) }
        let bytes = try message(workbook: workbook).render()
        #expect(bytes.allSatisfy { $0 < 0x80 })
        let eml = String(decoding: bytes, as: UTF8.self)
        // Lines within RFC 5322's 78 characters, but for the workbook's type (80, of at most 998).
        let lines = eml.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { !$0.contains("\n") && !$0.contains("\r") })
        #expect(
            lines.filter { $0.utf8.count > 78 } == [
                "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;"
            ])
        let (headers, body) = entity(eml)
        #expect(headers["From"] == "Brightwell RevOps <revops@brightwell.example>")
        #expect(
            headers["To"] == "Marketing leads <marketing-leads@brightwell.example>, sales-leads@brightwell.example")
        #expect(headers["Cc"] == "\"Finance, EMEA\" <fin@b.example>")
        #expect(
            headers["Subject"]
                == "=?utf-8?b?QnJpZ2h0d2VsbCBGWTIwMjYgSDIgc2hhcmVkIHBsYW4g4oCUIHJl?= =?utf-8?b?dmlldyBvZiBOb3YgMjAyNjogYXQgcmlzaw==?="
        )
        #expect(headers["Date"] == nil)
        #expect(headers["X-Unsent"] == "1" && headers["MIME-Version"] == "1.0")
        let digest = String(try #require(headers["Message-ID"]).dropFirst("<tandem.".count).prefix(24))
        #expect(headers["Message-ID"] == "<tandem.\(digest)@brightwell.example>")
        #expect(headers["Content-Type"] == "multipart/mixed; boundary=\"=_tandem_mixed_\(digest)\"")

        let mixed = body.components(separatedBy: "\r\n--=_tandem_mixed_\(digest)")
        #expect(mixed.count == 4 && mixed[3] == "--\r\n")
        let (altHeaders, altBody) = entity(String(mixed[1].dropFirst()))
        #expect(altHeaders["Content-Type"] == "multipart/alternative; boundary=\"=_tandem_alt_\(digest)\"")
        let alternatives = ("\r\n" + altBody).components(separatedBy: "\r\n--=_tandem_alt_\(digest)")
        #expect(alternatives.count == 4 && alternatives[3] == "--\r\n")
        let text = entity(String(alternatives[1].dropFirst()))
        #expect(text.headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(text.headers["Content-Transfer-Encoding"] == "quoted-printable")
        #expect(decodeQuotedPrintable(text.body) == TextDigest().render(review))
        let html = entity(String(alternatives[2].dropFirst()))
        #expect(html.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(decodeQuotedPrintable(html.body) == HTMLDigest().render(review))

        let attachment = entity(String(mixed[2].dropFirst()))
        #expect(
            attachment.headers["Content-Type"]
                == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; name=\"tandem-2026-11.xlsx\"")
        #expect(attachment.headers["Content-Disposition"] == "attachment; filename=\"tandem-2026-11.xlsx\"")
        let decoded = Data(base64Encoded: attachment.body.replacingOccurrences(of: "\r\n", with: ""))
        #expect(decoded.map([UInt8].init) == workbook)
    }

    /// The same inputs give the same bytes; another workbook, another Message-ID and boundary.
    @Test func theBytesFollowTheInputsOnly() throws {
        #expect(try message().render() == message().render())
        let a = String(decoding: try message().render(), as: UTF8.self)
        let b = String(decoding: try message(workbook: [1, 2, 3]).render(), as: UTF8.self)
        #expect(entity(a).headers["Message-ID"] != entity(b).headers["Message-ID"])
    }

    @Test func aMessageNeedsARecipient() throws {
        #expect(throws: MailError(.missingRecipient, value: "", expected: "at least one address to send to")) {
            _ = try MailMessage(from: from, to: [], subject: "s", text: "t\n")
        }
    }

    /// A plain-text message without HTML or attachments is a single part.
    @Test func aPlainMessageIsOnePart() throws {
        let eml = String(
            decoding: try MailMessage(from: from, to: to, subject: "Hello", text: "a = b\n").render(), as: UTF8.self)
        #expect(
            eml.hasSuffix(
                "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\na =3D b\r\n\r\n"
            ))
        #expect(eml.contains("\r\nSubject: Hello\r\n"))
    }

    @Test(arguments: [
        ("a = b\n", "a =3D b\r\n"),
        ("trailing space \nx\n", "trailing space=20\r\nx\r\n"),
        ("tab\t\n", "tab=09\r\n"),
        (".dot\nFrom here\n", "=2Edot\r\n=46rom here\r\n"),
        ("é→\n", "=C3=A9=E2=86=92\r\n"),
        ("no final line feed", "no final line feed\r\n"),
        (String(repeating: "x", count: 80) + "\n", String(repeating: "x", count: 75) + "=\r\nxxxxx\r\n"),
        (String(repeating: "x", count: 76) + "\n", String(repeating: "x", count: 76) + "\r\n"),
        (String(repeating: "x", count: 74) + "é\n", String(repeating: "x", count: 74) + "=\r\n=C3=A9\r\n"),
    ])
    func quotedPrintable(_ input: String, _ expected: String) {
        let encoded = String(decoding: MIME.quotedPrintable(Array(input.utf8)), as: UTF8.self)
        #expect(encoded == expected)
        #expect(encoded.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 76 })
    }

    @Test func headersAreEncodedAndFolded() throws {
        #expect(MIME.unstructured("Plain subject", field: "Subject") == "Plain subject")
        let long = (1...20).map { "word\($0)" }.joined(separator: " ")
        let folded = MIME.unstructured(long, field: "Subject")
        #expect(folded.replacingOccurrences(of: "\r\n ", with: " ") == long)
        #expect(("Subject: " + folded).components(separatedBy: "\r\n").allSatisfy { $0.count <= 78 })
        #expect(MIME.encodedWords("Prüfung") == "=?utf-8?b?UHLDvGZ1bmc=?=")
        // 50 two-byte characters: no character split between words of at most 75 characters.
        let words = MIME.encodedWords(String(repeating: "é", count: 50)).components(separatedBy: "\r\n ")
        #expect(words.count == 3 && words.allSatisfy { $0.count <= 75 })
        #expect(MIME.phrase("Zoë Müller") == "=?utf-8?b?Wm/DqyBNw7xsbGVy?=")
        #expect(MIME.phrase("O'Brien & Co") == "O'Brien & Co")
        #expect(MIME.phrase("Doe, \"Jo\"") == "\"Doe, \\\"Jo\\\"\"")
        #expect(MIME.parameter("filename", "tändem.xlsx") == "filename*=utf-8''t%C3%A4ndem.xlsx")
        #expect(MIME.unstructured("two\nlines", field: "Subject") == "two lines")
        // A name or a word too long for a line is encoded words, folded: no header line passes
        // RFC 5322's 998 characters (probe 3: a 2,000-character sender name was one line).
        let from = MIME.mailboxes([try MailAddress(name: String(repeating: "A", count: 2000), address: "a@b.c")])
        #expect(("From: " + from).components(separatedBy: "\r\n").allSatisfy { $0.count <= 78 })
        let subject = MIME.unstructured("Review " + String(repeating: "x", count: 2000), field: "Subject")
        #expect(("Subject: " + subject).components(separatedBy: "\r\n").allSatisfy { $0.count <= 78 })
    }
}

@Suite struct MailAddressTests {
    @Test(
        arguments: [
            ("ops@example.com", nil, "ops@example.com"),
            ("  RevOps <revops@brightwell.example> ", "RevOps", "revops@brightwell.example"),
            ("\"Doe, Jo\" <jo.doe+review@mail.example.co.uk>", "Doe, Jo", "jo.doe+review@mail.example.co.uk"),
            ("<x@y.example>", nil, "x@y.example"),
            ("Zoë <zoe@xn--mller-kva.example>", "Zoë", "zoe@xn--mller-kva.example"),
        ] as [(String, String?, String)])
    func validAddressesParse(_ text: String, _ name: String?, _ address: String) throws {
        let parsed = try MailAddress(parsing: text)
        #expect(parsed.name == name)
        #expect(parsed.address == address)
    }

    @Test(arguments: [
        ("", "error: invalid mail address '': expected an address like name@example.com"),
        (
            "ops@", "error: invalid mail address 'ops@': expected an address like name@example.com, with exactly one @"
        ),
        (
            "a@b@c.example",
            "error: invalid mail address 'a@b@c.example': expected an address like name@example.com, with exactly one @"
        ),
        (
            "ops@localhost",
            "error: invalid mail address 'ops@localhost': expected an address like name@example.com: the domain is dot-separated names of letters, digits and hyphens"
        ),
        (
            "ops@-x.example",
            "error: invalid mail address 'ops@-x.example': expected an address like name@example.com: the domain is dot-separated names of letters, digits and hyphens"
        ),
        (
            "jo..doe@x.example",
            "error: invalid mail address 'jo..doe@x.example': expected an address like name@example.com: the part before @ is letters, digits and !#$%&'*+-/=?^_`{|}~, dots between"
        ),
        (
            "Jo <jo doe@x.example>",
            "error: invalid mail address 'Jo <jo doe@x.example>': expected an address like name@example.com, in ASCII without spaces (write an international domain in its xn-- form)"
        ),
        (
            "zoë@x.example",
            "error: invalid mail address 'zoë@x.example': expected an address like name@example.com, in ASCII without spaces (write an international domain in its xn-- form)"
        ),
    ])
    func invalidAddressesAreRejected(_ text: String, _ message: String) {
        do {
            _ = try MailAddress(parsing: text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.code == .invalidAddress)
            #expect(error.description == message)
        }
    }

    @Test func aDisplayNameStaysOnOneLine() {
        #expect(throws: MailError.self) { _ = try MailAddress(name: "Two\nLines", address: "a@b.example") }
    }

    /// The plan's `mail:` section: one address or a list; a bad address is located like any plan error.
    @Test func thePlanHasAMailSection() throws {
        let plan = try PlanLoader().load(contentsOf: Fixtures.examplePlan)
        let mail = try #require(plan.mail)
        #expect(mail.from?.description == "Brightwell RevOps <revops@brightwell.example>")
        #expect(mail.to.map(\.address) == ["marketing-leads@brightwell.example", "sales-leads@brightwell.example"])
        #expect(mail.cc.map(\.description) == ["finance@brightwell.example"])

        let bad = Fixtures.smallPlan + "\nmail:\n  from: ops@\n  to: [a@b.example, 7]\n  bcc: x@y.example\n"
        do {
            _ = try PlanLoader().load(text: bad, file: "plan.yaml")
            Issue.record("accepted a bad mail section")
        } catch {
            let messages = error.diagnostics.map(\.description).map { $0.components(separatedBy: "\n")[0] }
            let lines = Fixtures.smallPlan.components(separatedBy: "\n").count
            #expect(
                messages == [
                    "plan.yaml:\(lines + 4):3: error: unknown field 'bcc' in the mail section; did you mean 'cc'? (known: cc, from, to)",
                    "plan.yaml:\(lines + 2):9: error: invalid mail address 'ops@' for 'from': expected an address like name@example.com, with exactly one @",
                    "plan.yaml:\(lines + 3):21: error: invalid mail address '7' for 'to': expected an address like name@example.com, with exactly one @",
                ])
        }
    }
}
