/// Who a review's mail goes to, from a plan's `mail:` section:
///
/// ```yaml
/// mail:
///   from: RevOps <revops@brightwell.example>
///   to: [marketing-leads@brightwell.example, sales-leads@brightwell.example]
///   cc: cfo@brightwell.example
/// ```
public struct MailSettings: Sendable, Hashable, Codable {
    /// The sender.
    public var from: MailAddress?
    /// The recipients.
    public var to: [MailAddress]
    /// The recipients in copy.
    public var cc: [MailAddress]

    /// Settings; every part is optional (the command line may give the rest).
    public init(from: MailAddress? = nil, to: [MailAddress] = [], cc: [MailAddress] = []) {
        self.from = from
        self.to = to
        self.cc = cc
    }
}
