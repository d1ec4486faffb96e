import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a set of output files all or nothing: after a run, the folder holds either the complete
/// earlier set or the complete new set, even when the run fails or is killed in the middle.
///
/// How:
/// - **Staging.** The files are written into a private hidden folder `.tandem-stage-<random>`
///   (mode 0700, created exclusively) inside the output folder; each file is created with
///   `O_EXCL | O_NOFOLLOW` and the permissions of an ordinary file (0666 less the umask). A live
///   run holds a `flock` on its staging folder.
/// - **Lock.** The output folder itself is locked with `flock` while a run sweeps, creates its
///   staging folder and commits. A second run waits for it up to ``lockTimeout`` seconds (10 by
///   default; commits take milliseconds), then fails with a message naming the folder.
/// - **Commit with a journal.** `.tandem-journal` lists the staging folder and the names. Then
///   every earlier file is backed up into the staging folder (a hard link, or a rename where the
///   file system has no links), every new file is renamed into place, and the journal is removed:
///   that removal is the commit point. A failure at any step rolls back (the backups are renamed
///   back, new files without an earlier version removed).
/// - **Recovery and sweep.** The next run, holding the lock, rolls back a leftover journal (a run
///   killed mid-commit) and removes staging folders of runs that are gone (their `flock` is free)
///   and temporary files of earlier Tandem versions (`.tandem-*.tmp-PID-N` whose process is gone).
///   Nothing else in the folder is touched.
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

        package init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    /// A step of ``commit()``, for fault injection in tests.
    package enum CommitStep: Sendable, Hashable, CustomStringConvertible {
        /// The journal is in place; nothing in the folder has changed yet.
        case journalWritten
        /// The earlier version of the file (if any) is backed up.
        case backedUp(String)
        /// The new file is in place.
        case placed(String)
        /// The journal is gone: the new set is committed; the staging folder is still there.
        case journalRemoved

        /// `journal-written`, `backed-up:NAME`, `placed:NAME`, `journal-removed`.
        package var description: String {
            switch self {
            case .journalWritten: "journal-written"
            case .backedUp(let name): "backed-up:\(name)"
            case .placed(let name): "placed:\(name)"
            case .journalRemoved: "journal-removed"
            }
        }
    }

    /// What an injected fault does at a ``CommitStep``.
    package enum FaultAction: Sendable {
        /// Go on.
        case proceed
        /// Fail as if the file system had refused the step: the commit rolls back and throws.
        case fail
        /// Stop dead, as a killed process would: nothing is cleaned up; throws ``SimulatedCrash``.
        case crash
    }

    /// Thrown by a ``FaultAction/crash``.
    package struct SimulatedCrash: Error, Sendable {}

    package let directory: URL
    /// Seconds to wait for another run's lock on the folder.
    package var lockTimeout: Double = 10
    /// Called at every ``CommitStep``; tests use it to fail or crash there.
    package var faultInjection: (@Sendable (CommitStep) -> FaultAction)?

    private var session: Session?
    private var staged: [String] = []

    package init(directory: URL) {
        self.directory = directory
    }

    package static let journalName = ".tandem-journal"
    package static let stagePrefix = ".tandem-stage-"

    // MARK: Staging

    /// Creates the folder if needed, recovers and sweeps what a killed run left (under the lock),
    /// and creates this run's staging folder. Staging calls it; calling it again does nothing.
    /// - Throws: ``WriteError`` with the OS's reason.
    package mutating func prepareDirectory() throws {
        guard session == nil else { return }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw WriteError(path: directory.relativePath, reason: OutputFiles.reason(error))
        }
        let lock = try FolderLock(directory, timeout: lockTimeout)
        defer { lock.release() }
        try recover()
        sweep()
        session = try Session(in: directory)
    }

    /// Stages `bytes` as `name`.
    /// - Throws: ``WriteError`` (and removes what was staged so far).
    package mutating func stage(_ name: String, bytes: some Collection<UInt8>) throws {
        try stage(name) { url in
            var writer = try ChunkedWriter(url: url)
            try writer.append(bytes)
            try writer.close()
        }
    }

    /// Stages a file that `write` creates at the temporary URL it is given.
    /// - Throws: ``WriteError`` or what `write` throws (and removes what was staged so far).
    package mutating func stage(_ name: String, _ write: (URL) throws -> Void) throws {
        let temporary = try reserve(name)
        do {
            try write(temporary)
        } catch {
            discard()
            if error is WriteError { throw error }
            throw WriteError(path: directory.appendingPathComponent(name).relativePath, reason: Self.reasonText(error))
        }
    }

    /// Creates the (empty) temporary file for `name` exclusively and returns its URL, for a writer
    /// that runs elsewhere (another thread) before ``commit()``; ``discard()`` removes it.
    /// - Throws: ``WriteError`` when the folder or the file cannot be created, or when `name` is
    ///   not a plain file name.
    package mutating func reserve(_ name: String) throws -> URL {
        let display = directory.appendingPathComponent(name).relativePath
        guard Self.isPlainName(name), !staged.contains(name) else {
            throw WriteError(path: display, reason: "not a plain file name, or staged twice")
        }
        try prepareDirectory()
        guard let session else { throw WriteError(path: display, reason: "no staging folder") }
        let url = session.new.appendingPathComponent(name)
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
        if fd < 0 {
            let reason = Self.errnoReason()
            discard()
            throw WriteError(path: display, reason: reason)
        }
        close(fd)
        staged.append(name)
        return url
    }

    /// Removes this run's staging folder and everything in it.
    package mutating func discard() {
        session?.remove()
        session = nil
        staged.removeAll()
    }

    // MARK: Commit

    /// Puts every staged file in place, all or nothing, and returns the final URLs.
    /// - Throws: ``WriteError``; the folder then holds the earlier set, unchanged.
    package mutating func commit() throws -> [URL] {
        guard let session else { return [] }
        let names = staged
        self.session = nil
        staged.removeAll()
        do {
            let urls = try commit(names, session)
            session.remove()
            return urls
        } catch let crash as SimulatedCrash {
            session.abandon()
            throw crash
        } catch {
            session.remove()
            throw error
        }
    }

    private func commit(_ names: [String], _ session: Session) throws -> [URL] {
        let finals = names.map { directory.appendingPathComponent($0) }
        // Data on disk before the journal says it is there.
        for (name, final) in zip(names, finals) {
            let fd = open(session.new.appendingPathComponent(name).path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            if fd < 0 || fsync(fd) != 0 {
                let reason = Self.errnoReason()
                if fd >= 0 { close(fd) }
                throw WriteError(path: final.relativePath, reason: reason)
            }
            close(fd)
        }
        let lock = try FolderLock(directory, timeout: lockTimeout)
        defer { lock.release() }
        // A signal arriving from here on waits for the commit (or its rollback) to finish.
        Self.signalGate.lock()
        defer { Self.signalGate.unlock() }
        try recover()
        let journal = Journal(stage: session.url.lastPathComponent, names: names)
        try journal.write(in: directory, via: session.url)
        let journalURL = directory.appendingPathComponent(Self.journalName)
        do {
            try fault(.journalWritten)
            for (name, final) in zip(names, finals) {
                try backUp(final, into: session.old.appendingPathComponent(name))
                try fault(.backedUp(name))
            }
            for (name, final) in zip(names, finals) {
                if rename(session.new.appendingPathComponent(name).path, final.path) != 0 {
                    throw WriteError(path: final.relativePath, reason: Self.errnoReason())
                }
                try fault(.placed(name))
            }
            Self.syncDirectory(directory)
            if unlink(journalURL.path) != 0 {
                throw WriteError(path: journalURL.relativePath, reason: Self.errnoReason())
            }
            Self.syncDirectory(directory)
        } catch let crash as SimulatedCrash {
            throw crash
        } catch {
            try rollBack(journal)
            throw error
        }
        // Past the commit point a failure changes nothing; only a crash is simulated here.
        if case .crash = faultInjection?(.journalRemoved) ?? .proceed { throw SimulatedCrash() }
        return finals
    }

    private func fault(_ step: CommitStep) throws {
        switch faultInjection?(step) ?? .proceed {
        case .proceed: return
        case .fail: throw WriteError(path: directory.relativePath, reason: "injected failure at \(step)")
        case .crash: throw SimulatedCrash()
        }
    }

    /// Keeps the current `final` (a regular file or a link) as `backup`: a hard link where the file
    /// system allows it (the file stays in place), else a rename. A folder is not backed up (the
    /// rename onto it fails later); nothing there means nothing to back up.
    private func backUp(_ final: URL, into backup: URL) throws {
        var st = stat()
        guard lstat(final.path, &st) == 0 else {
            if errno == ENOENT { return }
            throw WriteError(path: final.relativePath, reason: Self.errnoReason())
        }
        if (st.st_mode & S_IFMT) == S_IFDIR { return }
        if linkat(AT_FDCWD, final.path, AT_FDCWD, backup.path, 0) == 0 { return }
        if rename(final.path, backup.path) != 0 {
            throw WriteError(path: final.relativePath, reason: Self.errnoReason())
        }
    }

    // MARK: Recovery

    /// Rolls back a commit that did not finish: earlier files back in place, new ones without an
    /// earlier version removed, then the journal and the staging folder removed.
    /// - Throws: ``WriteError`` when a step fails; the journal then stays for the next run.
    private func rollBack(_ journal: Journal) throws {
        let stage = directory.appendingPathComponent(journal.stage)
        var exists = stat()
        if lstat(stage.path, &exists) == 0 {
            for name in journal.names.reversed() {
                let old = stage.appendingPathComponent("old").appendingPathComponent(name)
                let new = stage.appendingPathComponent("new").appendingPathComponent(name)
                let final = directory.appendingPathComponent(name)
                if Self.exists(old) {
                    if rename(old.path, final.path) != 0 {
                        throw WriteError(path: final.relativePath, reason: "cannot roll back: \(Self.errnoReason())")
                    }
                } else if !Self.exists(new) && Self.exists(final) {
                    if unlink(final.path) != 0 && errno != ENOENT {
                        throw WriteError(path: final.relativePath, reason: "cannot roll back: \(Self.errnoReason())")
                    }
                }
            }
            Self.syncDirectory(directory)
        }
        let journalURL = directory.appendingPathComponent(Self.journalName)
        if unlink(journalURL.path) != 0 && errno != ENOENT {
            throw WriteError(path: journalURL.relativePath, reason: Self.errnoReason())
        }
        Self.syncDirectory(directory)
        try? FileManager.default.removeItem(at: stage)
    }

    /// Rolls back a leftover journal. Only with the folder lock held.
    private func recover() throws {
        let url = directory.appendingPathComponent(Self.journalName)
        guard let text = Self.readSmallFile(url) else { return }
        guard let journal = Journal(parsing: text) else {
            throw WriteError(
                path: url.relativePath,
                reason: "a damaged commit journal from an earlier run; check the folder's reports and remove it")
        }
        try rollBack(journal)
    }

    /// Removes what dead runs left: staging folders nobody holds, journals' temporaries, and
    /// temporary files of earlier Tandem versions whose process is gone. Only with the folder lock.
    private func sweep() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        for name in names {
            let url = directory.appendingPathComponent(name)
            if name.hasPrefix(Self.stagePrefix), Self.isStageName(name) {
                var st = stat()
                guard lstat(url.path, &st) == 0 else { continue }
                if (st.st_mode & S_IFMT) != S_IFDIR {
                    unlink(url.path)
                    continue
                }
                let fd = open(url.path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard fd >= 0 else { continue }
                defer { close(fd) }
                if flock(fd, LOCK_EX | LOCK_NB) == 0 { try? FileManager.default.removeItem(at: url) }
            } else if let pid = Self.legacyTemporaryPID(name), kill(pid, 0) != 0, errno == ESRCH {
                unlink(url.path)
            }
        }
    }

    // MARK: Signals

    /// Serialises commits with ``removeStagingForExit(_:)``.
    private static let signalGate = NSLock()
    private static let registry = Registry()

    /// For a signal handler (not in signal context; e.g. a `DispatchSourceSignal`): waits for a
    /// commit in progress to finish, removes every staging folder of this process, then calls
    /// `exit` while still holding the gate, so no commit can start.
    package static func removeStagingForExit(_ exit: () -> Never) -> Never {
        signalGate.lock()
        for url in registry.all() {
            // Writers on other threads may still be creating files in it: retry until it is gone.
            for _ in 0..<50 where Self.exists(url) {
                try? FileManager.default.removeItem(at: url)
            }
        }
        exit()
    }

    // MARK: Helpers

    /// Writes `text` as UTF-8 to `url` in chunks, so a failed write reports the OS's reason
    /// (`File too large`, `No space left on device`) rather than a generic one.
    /// - Throws: ``WriteError`` or the OS's error.
    package static func writeText(_ text: String, to url: URL) throws {
        var writer = try ChunkedWriter(url: url)
        try writer.append(text.utf8)
        try writer.close()
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
    package static func reasonText(_ error: any Error) -> String {
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

    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\0")
            && !name.hasPrefix(".tandem-") && name.utf8.count <= 255
    }

    static func isStageName(_ name: String) -> Bool {
        let suffix = name.dropFirst(stagePrefix.count)
        return name.hasPrefix(stagePrefix) && suffix.count == 32 && suffix.allSatisfy(\.isHexDigit)
    }

    /// The process id in an earlier version's temporary name, `.tandem-P.ext.tmp-PID-N`.
    static func legacyTemporaryPID(_ name: String) -> pid_t? {
        guard name.hasPrefix(".tandem-"), let range = name.range(of: ".tmp-", options: .backwards) else { return nil }
        let parts = name[range.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2,
            parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let pid = pid_t(parts[0]), pid > 0
        else { return nil }
        return pid
    }

    static func exists(_ url: URL) -> Bool {
        var st = stat()
        return lstat(url.path, &st) == 0
    }

    static func syncDirectory(_ url: URL) {
        let fd = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// A small regular file's text (not following a link), or `nil`.
    static func readSmallFile(_ url: URL) -> String? {
        let fd = open(url.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 20 {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func randomHex() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let s = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - s.count) + s
        }.joined()
    }
}

// MARK: - Parts

extension OutputFiles {
    /// The commit journal: the staging folder's name and the file names, one a line.
    struct Journal {
        var stage: String
        var names: [String]

        init(stage: String, names: [String]) {
            self.stage = stage
            self.names = names
        }

        init?(parsing text: String) {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard lines.last == "" else { return nil }
            lines.removeLast()
            guard lines.count >= 2, lines[0] == "tandem-journal 1", lines[1].hasPrefix("stage ") else { return nil }
            stage = String(lines[1].dropFirst(6))
            guard OutputFiles.isStageName(stage) else { return nil }
            names = []
            for line in lines.dropFirst(2) {
                guard line.hasPrefix("file ") else { return nil }
                let name = String(line.dropFirst(5))
                guard OutputFiles.isPlainName(name) else { return nil }
                names.append(name)
            }
        }

        var text: String {
            (["tandem-journal 1", "stage \(stage)"] + names.map { "file \($0)" }).joined(separator: "\n") + "\n"
        }

        /// Written in the staging folder, synced, then renamed into `directory`.
        func write(in directory: URL, via stage: URL) throws {
            let temporary = stage.appendingPathComponent("journal")
            let final = directory.appendingPathComponent(OutputFiles.journalName)
            let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw WriteError(path: final.relativePath, reason: OutputFiles.errnoReason()) }
            let bytes = Array(text.utf8)
            let written = bytes.withUnsafeBytes { posixWrite(fd, $0.baseAddress, $0.count) }
            let synced = fsync(fd) == 0
            let reason = OutputFiles.errnoReason()
            close(fd)
            guard written == bytes.count, synced else { throw WriteError(path: final.relativePath, reason: reason) }
            guard rename(temporary.path, final.path) == 0 else {
                throw WriteError(path: final.relativePath, reason: OutputFiles.errnoReason())
            }
            OutputFiles.syncDirectory(directory)
        }
    }

    /// An exclusive `flock` on the output folder.
    struct FolderLock {
        let fd: Int32

        init(_ directory: URL, timeout: Double) throws {
            fd = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else { throw WriteError(path: directory.relativePath, reason: OutputFiles.errnoReason()) }
            let deadline = Date().addingTimeInterval(timeout)
            while flock(fd, LOCK_EX | LOCK_NB) != 0 {
                guard errno == EWOULDBLOCK || errno == EINTR else {
                    let reason = OutputFiles.errnoReason()
                    close(fd)
                    throw WriteError(path: directory.relativePath, reason: "cannot lock the folder: \(reason)")
                }
                guard Date() < deadline else {
                    close(fd)
                    throw WriteError(
                        path: directory.relativePath,
                        reason:
                            "another tandem run is writing into this folder (waited \(String(format: "%g", timeout)) s); try again when it has finished"
                    )
                }
                usleep(20_000)
            }
        }

        func release() {
            flock(fd, LOCK_UN)
            close(fd)
        }
    }

    /// This run's staging folder: `new/` for the files, `old/` for the backups; locked while the
    /// run lives, so another run's sweep leaves it alone.
    final class Session {
        let url: URL
        let new: URL
        let old: URL
        private var fd: Int32
        private var removed = false

        /// Creates the folder exclusively (mode 0700). Only with the folder lock held.
        init(in directory: URL) throws {
            var made: URL?
            for _ in 0..<8 {
                let candidate = directory.appendingPathComponent(OutputFiles.stagePrefix + OutputFiles.randomHex())
                if mkdir(candidate.path, 0o700) == 0 {
                    made = candidate
                    break
                }
                if errno != EEXIST { throw WriteError(path: candidate.relativePath, reason: OutputFiles.errnoReason()) }
            }
            guard let made else {
                throw WriteError(path: directory.relativePath, reason: "cannot create a staging folder")
            }
            url = made
            new = made.appendingPathComponent("new")
            old = made.appendingPathComponent("old")
            fd = open(made.path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0, flock(fd, LOCK_EX | LOCK_NB) == 0, mkdir(new.path, 0o700) == 0, mkdir(old.path, 0o700) == 0
            else {
                let reason = OutputFiles.errnoReason()
                if fd >= 0 { close(fd) }
                try? FileManager.default.removeItem(at: made)
                throw WriteError(path: made.relativePath, reason: reason)
            }
            OutputFiles.registry.add(url)
        }

        /// Removes the folder and releases its lock.
        func remove() {
            guard !removed else { return }
            removed = true
            try? FileManager.default.removeItem(at: url)
            OutputFiles.registry.remove(url)
            close(fd)
        }

        /// Leaves everything as a killed process would (releases only the lock, as the kernel would).
        func abandon() {
            guard !removed else { return }
            removed = true
            OutputFiles.registry.remove(url)
            close(fd)
        }

        deinit { remove() }
    }

    /// The staging folders of this process, for a signal handler.
    final class Registry: @unchecked Sendable {
        private let lock = NSLock()
        private var urls: Set<URL> = []

        func add(_ url: URL) { lock.withLock { _ = urls.insert(url) } }
        func remove(_ url: URL) { lock.withLock { _ = urls.remove(url) } }
        func all() -> [URL] { lock.withLock { Array(urls) } }
    }
}

/// `write(2)`, reachable from types that have a `write` method of their own.
func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}
