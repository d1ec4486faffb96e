import Foundation

/// Writes a review's output files all or nothing: each file is first written to a temporary file
/// beside its destination; only when every file was written are they renamed into place. A
/// failure removes the temporary files and leaves earlier reports untouched.
///
/// ```swift
/// var files = OutputFiles(directory: URL(fileURLWithPath: "Reports"))
/// try files.stage("tandem-2026-11.txt", bytes: Array(TextDigest().render(review).utf8))
/// try files.stage("tandem-2026-11.xlsx") { temporaryURL in try writeWorkbook(to: temporaryURL) }
/// let written = try files.commit()
/// ```
package struct OutputFiles {
    /// A failure to write, naming the path and the operating system's reason.
    package struct WriteError: Error, Sendable, CustomStringConvertible {
        package var path: String
        package var reason: String
        package var description: String { "\(path): error: cannot write: \(reason)" }
    }

    package let directory: URL
    private var staged: [(temporary: URL, final: URL)] = []

    package init(directory: URL) {
        self.directory = directory
    }

    /// The temporary path used for `name`: hidden, in the same directory, so the rename is atomic.
    func temporaryURL(for name: String) -> URL {
        directory.appendingPathComponent(".\(name).tmp-\(getpid())-\(staged.count)")
    }

    /// Creates the directory if needed.
    /// - Throws: ``WriteError`` with the OS's reason.
    package func prepareDirectory() throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw WriteError(path: directory.relativePath, reason: OutputFiles.reason(error))
        }
    }

    /// Stages `bytes` as `name`.
    /// - Throws: ``WriteError`` (and removes what was staged so far).
    package mutating func stage(_ name: String, bytes: some Collection<UInt8>) throws {
        let display = directory.appendingPathComponent(name).relativePath
        try stage(name) { url in
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw WriteError(path: display, reason: OutputFiles.errnoReason())
            }
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.write(contentsOf: Data(bytes))
            try handle.synchronize()
        }
    }

    /// Stages a file that `write` creates at the temporary URL it is given.
    /// - Throws: ``WriteError`` or what `write` throws (and removes what was staged so far).
    package mutating func stage(_ name: String, _ write: (URL) throws -> Void) throws {
        try prepareDirectory()
        let temporary = temporaryURL(for: name)
        let final = directory.appendingPathComponent(name)
        do {
            try write(temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            discard()
            if error is WriteError { throw error }
            throw WriteError(path: final.relativePath, reason: OutputFiles.reasonText(error))
        }
        staged.append((temporary, final))
    }

    /// Reserves the temporary file for `name` and returns its URL, for a writer that runs
    /// elsewhere (another thread) before ``commit()``; ``discard()`` removes it like any other.
    /// - Throws: ``WriteError`` when the directory cannot be created.
    package mutating func reserve(_ name: String) throws -> URL {
        try prepareDirectory()
        let temporary = temporaryURL(for: name)
        staged.append((temporary, directory.appendingPathComponent(name)))
        return temporary
    }

    /// Renames every staged file into place and returns the final URLs.
    /// - Throws: ``WriteError``; files renamed before the failure stay, the rest are removed.
    package mutating func commit() throws -> [URL] {
        var done: [URL] = []
        for (temporary, final) in staged {
            if rename(temporary.path, final.path) != 0 {
                let reason = OutputFiles.errnoReason()
                discard()
                throw WriteError(path: final.relativePath, reason: reason)
            }
            done.append(final)
        }
        staged.removeAll()
        return done
    }

    /// Removes every staged temporary file.
    package mutating func discard() {
        for (temporary, _) in staged { try? FileManager.default.removeItem(at: temporary) }
        staged.removeAll()
    }

    /// Runs `body`, turning any error into a ``WriteError`` for `path` with the OS's reason.
    /// - Throws: ``WriteError``.
    package static func attributing(_ path: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as WriteError {
            throw WriteError(path: path, reason: error.reason)
        } catch {
            throw WriteError(path: path, reason: reasonText(error))
        }
    }

    /// The reason to show for any error: the OS's words for file-system errors, otherwise the
    /// error's own description without a leading `error: `.
    static func reasonText(_ error: any Error) -> String {
        if error is CocoaError || error is POSIXError { return reason(error) }
        var text = "\(error)"
        if text.hasPrefix("error: ") { text.removeFirst(7) }
        return text
    }

    static func errnoReason() -> String { String(cString: strerror(errno)) }

    static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        return ns.localizedDescription
    }
}
