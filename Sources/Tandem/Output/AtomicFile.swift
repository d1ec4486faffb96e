import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Replaces one file atomically: the content is written to a private temporary file beside it
/// (`.tandem-NAME.tmp-PID-N`, created exclusively, never through a link), synced, given the
/// earlier file's permissions, and renamed over it. A failure at any point removes the temporary
/// file and leaves the earlier file as it was; a killed writer's temporary file is swept by the
/// next run into that folder (``OutputFiles``). What every exporter's single-file `write` uses.
package enum AtomicFile {
    /// How many temporaries this process has made, for unique names.
    private static let counter = Counter()

    /// Writes `url` through `body`, which is given the temporary file's URL (empty, created) and
    /// writes the whole content there.
    /// - Parameter refuseReadOnly: refuse an existing file whose owner may not write it (its mode
    ///   says read-only), even where the OS would let this user replace it.
    /// - Throws: ``OutputError`` naming `url` with the OS's reason (or `body`'s error's text).
    package static func write(to url: URL, refuseReadOnly: Bool = true, _ body: (URL) throws -> Void)
        throws(OutputError)
    {
        let display = url.relativePath
        let name = url.lastPathComponent
        guard OutputFiles.isPlainName(name) else {
            throw OutputError(path: display, code: .invalidName, reason: "not a file name")
        }
        var mode: mode_t?
        var st = stat()
        if lstat(url.path, &st) == 0 {
            switch st.st_mode & S_IFMT {
            case S_IFDIR: throw OutputError(path: display, reason: "Is a directory")
            case S_IFREG:
                if refuseReadOnly && st.st_mode & S_IWUSR == 0 {
                    throw OutputError(
                        path: display, reason: "the file is read-only (mode \(String(st.st_mode & 0o7777, radix: 8)))")
                }
                mode = st.st_mode & 0o7777
            default: break  // A link or anything else at the name is replaced, never followed.
            }
        }
        let folder = url.deletingLastPathComponent()
        var temporary: URL?
        for _ in 0..<16 {
            let candidate = folder.appendingPathComponent(".tandem-\(name).tmp-\(getpid())-\(counter.next())")
            let fd = open(candidate.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
            if fd >= 0 {
                close(fd)
                temporary = candidate
                break
            }
            if errno != EEXIST { throw OutputError(path: display, reason: OutputFiles.errnoReason()) }
        }
        guard let temporary else { throw OutputError(path: display, reason: "cannot create a temporary file") }
        do {
            try body(temporary)
            if let mode, chmod(temporary.path, mode) != 0 {
                throw OutputError(path: display, reason: OutputFiles.errnoReason())
            }
            let fd = open(temporary.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            if fd < 0 || fsync(fd) != 0 {
                let reason = OutputFiles.errnoReason()
                if fd >= 0 { close(fd) }
                throw OutputError(path: display, reason: reason)
            }
            close(fd)
            if rename(temporary.path, url.path) != 0 {
                throw OutputError(path: display, reason: OutputFiles.errnoReason())
            }
        } catch {
            unlink(temporary.path)
            if let error = error as? OutputError {
                throw OutputError(path: display, code: error.code, reason: error.reason)
            }
            throw OutputError(path: display, reason: OutputFiles.reasonText(error))
        }
        OutputFiles.syncDirectory(folder)
    }

    /// Reads, changes and replaces `url` under an exclusive lock on its folder, so concurrent
    /// updates of one file (`tandem decide` runs on one log) apply one after the other and none is
    /// lost. A link is followed to the file it points at (the update lands there, and the link
    /// stays). The file keeps its permissions; a file whose mode says read-only, or that this
    /// user may not write, is refused before anything is read.
    /// - Parameters:
    ///   - url: the file; it need not exist (`transform` then gets `nil`).
    ///   - maxBytes: a larger file is refused.
    ///   - transform: the new content from the current one (`nil` when there is no file yet).
    /// - Returns: the file actually written (the link's target for a link) and whether it existed.
    /// - Throws: ``OutputError`` for the file system, or what `transform` throws.
    package static func update(
        _ url: URL, lockTimeout: Double = 10, maxBytes: Int = 8 << 20, _ transform: (String?) throws -> String
    ) throws -> (url: URL, existed: Bool) {
        let target = url.resolvingSymlinksInPath()
        let display = url.relativePath
        let lock = try OutputFiles.FolderLock(target.deletingLastPathComponent(), timeout: lockTimeout)
        defer { lock.release() }
        var st = stat()
        var text: String?
        if lstat(target.path, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFREG else {
                throw OutputError(path: display, reason: "it is \(OutputFiles.kind(st.st_mode)), not a regular file")
            }
            guard st.st_mode & S_IWUSR != 0, access(target.path, W_OK) == 0 else {
                throw OutputError(
                    path: display,
                    reason:
                        "the file is read-only (mode \(String(st.st_mode & 0o7777, radix: 8))); make it writable to change it"
                )
            }
            guard st.st_size <= maxBytes else {
                throw OutputError(
                    path: display, reason: "the file is \(st.st_size) bytes, over the \(maxBytes)-byte limit")
            }
            guard let bytes = OutputFiles.readSmallBytes(target, expecting: st, limit: maxBytes) else {
                throw OutputError(path: display, reason: "cannot read it: \(OutputFiles.errnoReason())")
            }
            guard let read = String(validating: bytes, as: UTF8.self) else {
                throw OutputError(path: display, reason: "it is not UTF-8 text; Tandem rewrites only UTF-8 files")
            }
            text = read
        } else if errno != ENOENT {
            throw OutputError(path: display, reason: OutputFiles.errnoReason())
        }
        let updated = try transform(text)
        do {
            try write(to: target) { temporary in try OutputFiles.writeText(updated, to: temporary) }
        } catch {
            throw OutputError(path: display, code: error.code, reason: error.reason)
        }
        return (target, text != nil)
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0

        func next() -> Int {
            lock.withLock {
                value += 1
                return value
            }
        }
    }
}
