/// Which header of an export holds which field: the `columns:` map first, then the preset's
/// names (HubSpot internal names and labels, Salesforce report labels, Tandem's own names).
struct RecordColumns {
    /// Column index per field.
    var fields: [RecordField: Int] = [:]
    /// Per funnel stage (by index), the columns holding its entry time, best first.
    var stages: [Int: [Int]] = [:]
    /// The file's header names, as written.
    var headers: [String]

    /// Header text normalised for matching: lower case, curly quotes straightened, inner runs of
    /// spaces collapsed.
    static func normalize(_ header: String) -> String {
        var out = ""
        var space = false
        for ch in header.lowercased() {
            let c: Character =
                switch ch {
                case "“", "”", "„": "\""
                case "‘", "’": "'"
                default: ch
                }
            if c == " " || c == "\t" {
                space = !out.isEmpty
                continue
            }
            if space { out.append(" ") }
            space = false
            out.append(c)
        }
        return out
    }

    /// Resolves the headers of one file for `source`.
    init(headers: [String], source: RecordSource, funnel: Funnel) {
        self.headers = headers
        let normalized = headers.map(RecordColumns.normalize)
        func find(_ names: [String]) -> Int? {
            for name in names {
                if let i = normalized.firstIndex(of: RecordColumns.normalize(name)) { return i }
            }
            return nil
        }
        for field in RecordField.allCases {
            if let header = source.columns[field] {
                // An empty name: the plan says the export has no such column.
                if !header.isEmpty, let i = find([header]) { fields[field] = i }
            } else if let i = find(RecordColumns.presetNames(field, source.preset, source.kind)) {
                fields[field] = i
            }
        }
        guard source.kind == .leads else { return }
        for (s, stage) in funnel.stages.enumerated() {
            if let header = source.stageColumns[stage.id] {
                if let i = find([header]) { stages[s] = [i] }
                continue
            }
            let candidates = RecordColumns.stageNames(stage, index: s, funnel: funnel, preset: source.preset)
                .compactMap { find([$0]) }
            if !candidates.isEmpty { stages[s] = candidates }
        }
    }

    /// The columns read whose header appears again in the file (the same name, once
    /// normalised): which of the two holds the field cannot be told. Per such column: what it is
    /// read for (a field name or a stage id), its header and both column numbers (from 1).
    func repeated(funnel: Funnel) -> [(what: String, header: String, first: Int, second: Int)] {
        let normalized = headers.map(RecordColumns.normalize)
        var used: [(String, Int)] = fields.sorted { $0.value < $1.value }.map { ($0.key.rawValue, $0.value) }
        for (s, columns) in stages.sorted(by: { $0.key < $1.key }) {
            for c in columns { used.append((funnel.stages[s].id.rawValue, c)) }
        }
        var result: [(what: String, header: String, first: Int, second: Int)] = []
        var seen: Set<Int> = []
        for (what, c) in used where seen.insert(c).inserted {
            let others = normalized.indices.filter { $0 != c && normalized[$0] == normalized[c] }
            if let other = others.first {
                result.append((what, headers[c], min(c, other) + 1, max(c, other) + 1))
            }
        }
        return result
    }

    /// The header a missing field would have, for messages.
    static func expectedName(_ field: RecordField, _ source: RecordSource) -> String {
        source.columns[field] ?? presetNames(field, source.preset, source.kind).first ?? field.rawValue
    }

    static func presetNames(_ field: RecordField, _ preset: RecordPreset, _ kind: RecordKind) -> [String] {
        switch preset {
        case .generic:
            return [field.rawValue]
        case .hubspot:
            switch field {
            case .id: return ["hs_object_id", "Record ID", kind == .leads ? "Contact ID" : "Deal ID"]
            case .created: return ["createdate", "Create Date"]
            case .firstTouch: return ["hs_first_outreach_date", "First outreach date"]
            case .ownerTeam: return ["hubspot_team_id", "HubSpot Team"]
            case .segment: return ["segment", "Segment"]
            case .source: return ["hs_analytics_source", "Original Traffic Source", "Original Source"]
            case .amount: return ["amount", "Amount"]
            case .close: return ["closedate", "Close Date"]
            case .outcome: return []
            case .status: return kind == .leads ? ["hs_lead_status", "Lead Status"] : ["dealstage", "Deal Stage"]
            case .won: return ["hs_is_closed_won", "Is Closed Won"]
            case .closed: return ["hs_is_closed", "Is Closed"]
            case .recycled: return ["recycle_date", "Recycle Date", "Recycled Date"]
            case .reason:
                return kind == .leads
                    ? ["hs_lead_disqualification_reason", "Disqualification Reason", "Lead Disqualification Reason"]
                    : ["closed_lost_reason", "Closed Lost Reason"]
            }
        case .salesforce:
            switch field {
            case .id: return kind == .leads ? ["Lead ID", "Record ID"] : ["Opportunity ID", "Record ID"]
            case .created: return ["Created Date"]
            case .firstTouch: return ["First Response Date", "First Touch"]
            case .ownerTeam: return ["Owner Team", "Team"]
            case .segment: return ["Segment"]
            case .source: return ["Lead Source"]
            case .amount: return ["Amount"]
            case .close: return ["Close Date"]
            case .outcome: return []
            case .status: return kind == .leads ? ["Status", "Lead Status"] : ["Stage"]
            case .won: return ["Won"]
            case .closed: return ["Closed"]
            case .reason: return kind == .leads ? ["Disqualification Reason", "Unqualified Reason"] : ["Loss Reason"]
            case .recycled: return ["Recycled Date", "Recycle Date"]
            }
        }
    }

    /// HubSpot's lifecycle stage for a funnel stage, by its id or name.
    static func hubspotStage(_ stage: FunnelStage) -> (value: String, label: String)? {
        let key = (stage.id.rawValue + " " + stage.name).lowercased().filter { $0.isLetter || $0 == " " }
        let words = key.split(separator: " ").map(String.init)
        func has(_ w: String) -> Bool { words.contains { $0.hasPrefix(w) } || key.contains(w) }
        if has("mql") || key.contains("marketing qualified") || key.contains("marketingqualified") {
            return ("marketingqualifiedlead", "Marketing Qualified Lead")
        }
        if has("sql") || key.contains("sales qualified") || key.contains("salesqualified") {
            return ("salesqualifiedlead", "Sales Qualified Lead")
        }
        if has("opportunit") || words.contains("opps") || words.contains("opp") {
            return ("opportunity", "Opportunity")
        }
        if has("customer") || words.contains("won") { return ("customer", "Customer") }
        if has("subscriber") { return ("subscriber", "Subscriber") }
        if has("evangelist") { return ("evangelist", "Evangelist") }
        if has("lead") { return ("lead", "Lead") }
        return nil
    }

    static func stageNames(_ stage: FunnelStage, index: Int, funnel: Funnel, preset: RecordPreset) -> [String] {
        switch preset {
        case .generic:
            return [stage.id.rawValue]
        case .hubspot:
            guard let (value, label) = hubspotStage(stage) else { return [] }
            let article = "aeiou".contains(label.lowercased().first!) ? "an" : "a"
            return [
                "hs_v2_date_entered_\(value)", "Date entered \"\(label) (Lifecycle Stage Pipeline)\"",
                "hs_lifecyclestage_\(value)_date", "Became \(article) \(label) Date",
            ]
        case .salesforce:
            // A lead report knows one later date: conversion, which is when the lead became a
            // sales-qualified contact (or an opportunity when the funnel has no SQL stage).
            let mapped = funnel.stages.map { hubspotStage($0)?.value }
            let target =
                mapped.firstIndex(of: "salesqualifiedlead") ?? mapped.firstIndex(of: "opportunity")
                ?? min(
                    2, funnel.stages.count - 1)
            return index == target ? ["Converted Date"] : []
        }
    }
}
