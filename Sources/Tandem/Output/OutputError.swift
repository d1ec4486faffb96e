/// A failure to write a report, naming the path and the operating system's reason.
///
/// Thrown by ``ReportWriter`` and by every exporter's `write(_:to:)`. The folder then holds what
/// it held before: the earlier reports are never damaged.
///
/// ```swift
/// do {
///     try ReportWriter(directory: out, formats: [.text, .json]).write(review)
/// } catch {
///     print(error)  // Reports/tandem-2026-11.json: error: cannot write: No space left on device
/// }
/// ```
public struct OutputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure it is.
    public enum Code: Sendable, Hashable {
        /// The file system refused: `reason` is the operating system's words (`Permission denied`,
        /// `No space left on device`, `File too large`).
        case cannotWrite
        /// Another run held the folder's lock for longer than the writer waits.
        case busy
        /// A commit journal or staging folder left in the folder is not one Tandem wrote (another
        /// user's, a link, a FIFO, damaged): nothing was changed.
        case untrustedLeftover
        /// A file name or format the writer cannot use (a path, a hidden name, a format twice).
        case invalidName
    }

    /// What kind of failure it is.
    public var code: Code
    /// The path that could not be written, as given (relative paths stay relative).
    public var path: String
    /// Why: the operating system's reason or Tandem's.
    public var reason: String

    /// `PATH: error: cannot write: REASON`.
    public var description: String { "\(path): error: cannot write: \(reason)" }

    /// A failure to write `path` because of `reason`.
    public init(path: String, code: Code = .cannotWrite, reason: String) {
        self.path = path
        self.code = code
        self.reason = reason
    }
}
