import Foundation

extension FuzzTargets {
    /// A plan with a generic leads source, a Salesforce deals source and a Windows-1252 leads
    /// source, for the records target.
    static let recordsPlan: Plan = {
        let text = """
            tandem: 1
            name: Fuzz
            cycle: {start: 2026-07, end: 2026-12}
            teams: [{id: marketing}, {id: sales}]
            metrics:
              - {id: leads}
              - {id: mqls}
              - {id: sqls}
              - {id: won}
            objectives:
              - {id: o, title: O, owners: [sales], key_results: [{id: k, title: K, metric: mqls, kind: increase_to, target: 5}]}
            funnel:
              value_per_won: 100
              stages:
                - {id: leads, metric: leads}
                - {id: mqls, metric: mqls, rate: 30%}
                - {id: sqls, metric: sqls, rate: 30%}
                - {id: won, metric: won, rate: 30%}
            records:
              timezone: America/New_York
              sources:
                - {kind: leads, preset: generic}
                - {kind: deals, preset: salesforce, date_format: MM/DD/YYYY}
                - {kind: leads, preset: hubspot, encoding: windows-1252, timezone: UTC}
            """
        do {
            return try PlanLoader().load(text: text, file: "fuzz-plan.yaml")
        } catch {
            preconditionFailure("the fuzz plan is valid: \(error)")
        }
    }()

    /// The records reader: the first byte sets a chunk size, the second the source (generic
    /// leads, a Salesforce deals report, Windows-1252 HubSpot contacts); the rest is the file.
    /// Read whole and in those chunks, it gives the same records, findings and errors.
    @Sendable public static func records(_ bytes: [UInt8]) -> Bool {
        let chunk = 1 + Int(bytes.first ?? 0)
        let source = Int(bytes.count > 1 ? bytes[1] % 3 : 0)
        let input = Array(bytes.dropFirst(min(2, bytes.count)))
        func load(_ size: Int) -> Result<String, InputError> {
            do {
                var loader = RecordsLoader(plan: recordsPlan, asOf: .month(2026, 11))
                loader.chunkSize = size
                let set = try loader.load(bytes: input, file: "r.csv", source: source)
                func table(_ t: RecordTable) -> String {
                    "\(t.count) \(t.stageTimes) \(t.created) \(t.firstTouch) \(t.team) \(t.segment) \(t.amount) \(t.close) \(t.outcome)"
                }
                return .success(
                    "\(table(set.leads)) | \(table(set.deals)) | \(set.segments) \(set.quality) \(set.warnings)")
            } catch {
                return .failure(error)
            }
        }
        switch (load(max(1, input.count)), load(chunk)) {
        case (.success(let a), .success(let b)): return a == b
        case (.failure(let a), .failure(let b)):
            return a.diagnostics.map(\.description) == b.diagnostics.map(\.description)
        default: return false
        }
    }
}
