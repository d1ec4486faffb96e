import Foundation

/// Writes a review's reports in the chosen formats into a folder as one all-or-nothing set:
/// `tandem-PERIOD.EXT` for each format (and each review). After a call the folder holds either the
/// complete earlier set or the complete new set, even when the write fails or the process is
/// killed in the middle; the next writer into the folder finishes the cleanup.
///
/// ```swift
/// let writer = ReportWriter(directory: URL(fileURLWithPath: "Reports"), formats: [.xlsx, .text, .json])
/// let written = try writer.write(review)  // [Reports/tandem-2026-11.xlsx, …]
/// ```
///
/// How: the files are written into a private staging folder inside `directory`, then put in place
/// together under a lock on the folder with a commit journal (see the DocC article "Writing
/// reports"). The writer never prints, never touches the process's file descriptors or signals,
/// and may be used from any thread; two writers into one folder wait for each other
/// (``lockTimeout``).
public struct ReportWriter: Sendable {
    /// The folder the reports go into; created when missing.
    public var directory: URL
    /// The formats to write, in order.
    public var formats: [ReportFormat]
    /// Seconds to wait for another writer's lock on the folder before failing.
    public var lockTimeout: Double = 10
    /// Called at every step of the commit; tests use it to fail or crash there.
    package var faultInjection: (@Sendable (OutputFiles.CommitStep) -> OutputFiles.FaultAction)?

    /// A writer of `formats` into `directory`.
    public init(directory: URL, formats: [ReportFormat] = [.text, .markdown, .json, .csv]) {
        self.directory = directory
        self.formats = formats
    }

    /// The file name of `review` in `format`: `tandem-2026-11.txt`.
    public static func fileName(of review: Review, in format: ReportFormat) -> String {
        "tandem-\(review.period).\(format.fileExtension)"
    }

    /// Writes every format of `review` as one set and returns the files written.
    /// - Throws: ``OutputError`` naming the file and the reason; the folder then holds the
    ///   earlier set, unchanged.
    @discardableResult
    public func write(_ review: Review) throws(OutputError) -> [URL] {
        try write([review])
    }

    /// Writes every format of each review (e.g. every period of a cycle) as one set.
    /// - Throws: ``OutputError``; the folder then holds the earlier set, unchanged.
    @discardableResult
    public func write(_ reviews: [Review]) throws(OutputError) -> [URL] {
        var extensions = Set<String>()
        for format in formats {
            guard format.hasValidExtension, extensions.insert(format.fileExtension).inserted else {
                throw OutputError(
                    path: directory.appendingPathComponent("tandem-*.\(format.fileExtension)").relativePath,
                    code: .invalidName,
                    reason: "a format's extension must be 1 to 10 lowercase letters or digits, each given once")
            }
        }
        var files = OutputFiles(directory: directory)
        files.lockTimeout = lockTimeout
        files.faultInjection = faultInjection
        do {
            for review in reviews { try stage(review, into: &files) }
            return try files.commit()
        } catch {
            files.discard()
            if let error = error as? OutputError { throw error }
            throw OutputError(path: directory.relativePath, reason: OutputFiles.reasonText(error))
        }
    }

    /// Rolls back what a writer killed mid-commit left in the folder, without writing anything:
    /// call it before work that may fail, so the folder never keeps a mixed set.
    /// - Throws: ``OutputError`` when the folder is locked for too long, or a leftover there is not
    ///   Tandem's own (then nothing is changed).
    public func recover() throws(OutputError) {
        var files = OutputFiles(directory: directory)
        files.lockTimeout = lockTimeout
        do {
            try files.recoverLeftovers()
        } catch {
            throw error as? OutputError ?? OutputError(path: directory.relativePath, reason: "\(error)")
        }
    }

    /// Stages every format of one review: the formats that write alone on one core while the
    /// others are written in turn on another.
    private func stage(_ review: Review, into files: inout OutputFiles) throws {
        var alone: [@Sendable () throws -> Void] = []
        var inTurn: [@Sendable () throws -> Void] = []
        for format in formats {
            let name = Self.fileName(of: review, in: format)
            let url = try files.reserve(name)
            let display = files.directory.appendingPathComponent(name).relativePath
            let write = format.write
            let job: @Sendable () throws -> Void = {
                try OutputFiles.attributing(display) { try write(review, url) }
            }
            if format.writesAlone { alone.append(job) } else { inTurn.append(job) }
        }
        let lanes = (alone.map { [$0] } + [inTurn]).filter { !$0.isEmpty }
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: lanes.count) { lane in
            for job in lanes[lane] {
                do { try job() } catch {
                    failures.record(error)
                    return
                }
            }
        }
        if let error = failures.first { throw error }
    }
}

/// The first error of concurrent jobs.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [any Error] = []

    func record(_ error: any Error) {
        lock.withLock { errors.append(error) }
    }

    var first: (any Error)? {
        lock.withLock { errors.first }
    }
}
