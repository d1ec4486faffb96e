import Yams

extension PlanNodeDecoder {
    /// The plan's `mail:` section, if it has one (``decodePlan(_:)`` has already checked the key).
    func mail(in root: Node) -> MailSettings? {
        guard case .mapping(let mapping) = root else { return nil }
        for (key, value) in mapping {
            if case .scalar(let scalar) = key, scalar.string == "mail" { return mail(value, "mail") }
        }
        return nil
    }

    /// The `mail:` section: `from` (one address), `to` and `cc` (one address or a list), each
    /// `name@example.com` or `Name <name@example.com>`.
    func mail(_ node: Node, _ path: String) -> MailSettings? {
        guard let f = fields(node, path, what: "the mail section", allowed: ["from", "to", "cc"], required: []) else {
            return nil
        }
        var settings = MailSettings()
        if let from = f.value("from") {
            settings.from = address(from, f.sub("from"), key: "from")
        }
        settings.to = addresses(f, "to")
        settings.cc = addresses(f, "cc")
        return settings
    }

    /// One address or a list of them under `key`.
    private func addresses(_ f: Fields, _ key: String) -> [MailAddress] {
        guard let node = f.value(key) else { return [] }
        let path = f.sub(key)
        if case .scalar = node { return address(node, path, key: key).map { [$0] } ?? [] }
        return list(node, path, what: "mail addresses").enumerated().compactMap { i, item in
            marks["\(path)[\(i)]"] = item.mark
            return address(item, "\(path)[\(i)]", key: key)
        }
    }

    private func address(_ node: Node, _ path: String, key: String) -> MailAddress? {
        guard case .scalar(let scalar) = node else {
            report(
                .wrongType, "expected a mail address for '\(key)', found \(describe(node))", at: node.mark, field: path)
            return nil
        }
        do {
            return try MailAddress(parsing: scalar.string)
        } catch {
            report(
                .invalidValue, "invalid mail address '\(error.value)' for '\(key)': expected \(error.expected)",
                at: node.mark, field: path)
            return nil
        }
    }
}
