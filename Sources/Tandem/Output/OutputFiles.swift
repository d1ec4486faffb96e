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
    /// A failure to write, naming the path and the operating system's reason (the public
    /// ``OutputError``).
    package typealias WriteError = OutputError

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
        try prepareDirectory(naming: nil)
    }

    /// ``prepareDirectory()``; a folder that cannot take this run's files (read-only, no staging
    /// folder) is reported at `final`, the file the caller asked for, never at the hidden staging
    /// folder.
    private mutating func prepareDirectory(naming final: String?) throws {
        guard session == nil else { return }
        try Self.makeFolders(directory)
        var st = stat()
        if stat(directory.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR, st.st_mode & S_IWUSR == 0 {
            // Refused even where the OS would let this user write (root): the folder says read-only.
            throw WriteError(
                path: final ?? directory.relativePath,
                reason: "the folder is read-only (mode \(String(st.st_mode & 0o7777, radix: 8)))")
        }
        let lock = try FolderLock(directory, timeout: lockTimeout)
        defer { lock.release() }
        try recover()
        sweep()
        do {
            session = try Session(in: directory)
        } catch let error as WriteError {
            throw WriteError(path: final ?? error.path, code: error.code, reason: error.reason)
        }
    }

    /// Creates `url` and the folders above it that are missing; a failure names `url` (the folder
    /// asked for) with the OS's reason (`Not a directory`, `Permission denied`).
    static func makeFolders(_ url: URL, reportingAs asked: URL? = nil) throws {
        let asked = asked ?? url
        var st = stat()
        if stat(url.path, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFDIR else {
                throw WriteError(path: asked.relativePath, reason: String(cString: strerror(ENOTDIR)))
            }
            return
        }
        let parent = url.deletingLastPathComponent()
        if parent.path != url.path && !parent.path.isEmpty { try makeFolders(parent, reportingAs: asked) }
        if mkdir(url.path, 0o777) != 0 && errno != EEXIST {
            throw WriteError(path: asked.relativePath, reason: errnoReason())
        }
    }

    /// Rolls back what a run killed mid-commit left in the folder (under the lock), without
    /// creating anything: a run that fails on its input before writing still restores the
    /// earlier set. Nothing to do when the folder does not exist.
    /// - Throws: ``WriteError`` when the folder cannot be locked, or when the leftover journal or
    ///   staging folder is not one Tandem wrote (then nothing is changed).
    package func recoverLeftovers() throws {
        var st = stat()
        guard lstat(directory.path, &st) == 0 else { return }
        let lock = try FolderLock(directory, timeout: lockTimeout)
        defer { lock.release() }
        try recover()
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
        guard Self.isPlainName(name), !name.hasPrefix("."), !staged.contains(name) else {
            throw WriteError(path: display, code: .invalidName, reason: "not a plain file name, or staged twice")
        }
        // The staging folder is an implementation detail: its failures name the file asked for.
        try prepareDirectory(naming: display)
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
        var entries: [Journal.Entry] = []
        for (name, final) in zip(names, finals) {
            var new = stat()
            guard lstat(session.new.appendingPathComponent(name).path, &new) == 0 else {
                throw WriteError(path: final.relativePath, reason: Self.errnoReason())
            }
            var old = stat()
            let earlier = lstat(final.path, &old) == 0 && (old.st_mode & S_IFMT) != S_IFDIR
            entries.append(
                Journal.Entry(
                    name: name, device: UInt64(new.st_dev), new: UInt64(new.st_ino),
                    old: earlier ? UInt64(old.st_ino) : nil))
        }
        let journal = Journal(stage: session.url.lastPathComponent, entries: entries)
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
    /// earlier version removed, then the journal and the staging folder removed. Every file it
    /// would move or remove is checked first against what the journal recorded (the same device
    /// and inode: the file this commit backed up or placed); on any mismatch nothing is changed.
    /// - Throws: ``WriteError`` when a check or a step fails; the journal then stays.
    private func rollBack(_ journal: Journal) throws {
        let stage = directory.appendingPathComponent(journal.stage)
        let journalURL = directory.appendingPathComponent(Self.journalName)
        var exists = stat()
        if lstat(stage.path, &exists) == 0 {
            try Self.checkOwnFolder(stage, journal: journalURL)
            let oldFolder = stage.appendingPathComponent("old")
            let newFolder = stage.appendingPathComponent("new")
            for folder in [oldFolder, newFolder] where Self.exists(folder) {
                try Self.checkOwnFolder(folder, journal: journalURL)
            }
            // Decide every step before taking one.
            var restores: [(URL, URL)] = []
            var removals: [URL] = []
            for entry in journal.entries.reversed() {
                let old = oldFolder.appendingPathComponent(entry.name)
                let new = newFolder.appendingPathComponent(entry.name)
                let final = directory.appendingPathComponent(entry.name)
                var st = stat()
                if lstat(old.path, &st) == 0 {
                    guard let recorded = entry.old, UInt64(st.st_ino) == recorded, UInt64(st.st_dev) == entry.device,
                        (st.st_mode & S_IFMT) != S_IFDIR
                    else {
                        throw Self.untrusted(journalURL, "its backup of '\(entry.name)' is not the file it recorded")
                    }
                    restores.append((old, final))
                } else if !Self.exists(new), lstat(final.path, &st) == 0 {
                    // Placed by this commit, without an earlier version: removed only if it is the
                    // very file the commit placed.
                    if UInt64(st.st_ino) == entry.new && UInt64(st.st_dev) == entry.device
                        && (st.st_mode & S_IFMT) == S_IFREG
                    {
                        removals.append(final)
                    }
                }
            }
            for (old, final) in restores where rename(old.path, final.path) != 0 {
                throw WriteError(path: final.relativePath, reason: "cannot roll back: \(Self.errnoReason())")
            }
            for final in removals where unlink(final.path) != 0 && errno != ENOENT {
                throw WriteError(path: final.relativePath, reason: "cannot roll back: \(Self.errnoReason())")
            }
            Self.syncDirectory(directory)
        }
        if unlink(journalURL.path) != 0 && errno != ENOENT {
            throw WriteError(path: journalURL.relativePath, reason: Self.errnoReason())
        }
        Self.syncDirectory(directory)
        try? FileManager.default.removeItem(at: stage)
    }

    /// Rolls back a leftover journal. Only with the folder lock held. The journal is trusted only
    /// when it is Tandem's own: a regular file owned by this user, in this Tandem's format, naming
    /// a staging folder Tandem would have made and plain file names; anything else (a FIFO, a
    /// link, another user's file, a damaged text) is refused with a message and left alone.
    private func recover() throws {
        let url = directory.appendingPathComponent(Self.journalName)
        var st = stat()
        guard lstat(url.path, &st) == 0 else {
            if errno == ENOENT { return }
            throw WriteError(path: url.relativePath, reason: Self.errnoReason())
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw Self.untrusted(url, "it is \(Self.kind(st.st_mode)), not a regular file")
        }
        guard st.st_uid == geteuid() else {
            throw Self.untrusted(url, "it belongs to another user (uid \(st.st_uid))")
        }
        guard st.st_size <= 1 << 20, let text = Self.readSmallFile(url, expecting: st) else {
            throw Self.untrusted(url, "it cannot be read as a small regular file")
        }
        guard let journal = Journal(parsing: text) else {
            throw WriteError(
                path: url.relativePath, code: .untrustedLeftover,
                reason: "a damaged commit journal from an earlier run; check the folder's reports and remove it")
        }
        try rollBack(journal)
    }

    /// The refusal of a leftover that is not Tandem's own.
    static func untrusted(_ url: URL, _ why: String) -> WriteError {
        WriteError(
            path: url.relativePath, code: .untrustedLeftover,
            reason:
                "not a commit journal Tandem left (\(why)); nothing was changed: check the folder's reports and remove it"
        )
    }

    /// Checks that `folder` is a real folder of this user's that only this user can enter (a
    /// staging folder Tandem made with mode 0700).
    static func checkOwnFolder(_ folder: URL, journal: URL) throws {
        var st = stat()
        guard lstat(folder.path, &st) == 0 else { throw WriteError(path: folder.relativePath, reason: errnoReason()) }
        guard (st.st_mode & S_IFMT) == S_IFDIR else {
            throw untrusted(journal, "its staging folder \(folder.lastPathComponent) is \(kind(st.st_mode))")
        }
        guard st.st_uid == geteuid(), st.st_mode & 0o077 == 0 else {
            throw untrusted(
                journal,
                "its staging folder \(folder.lastPathComponent) is not private to this user (uid \(st.st_uid), mode \(String(st.st_mode & 0o7777, radix: 8)))"
            )
        }
    }

    /// `a FIFO`, `a symbolic link`, … for messages.
    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: "a regular file"
        case S_IFDIR: "a folder"
        case S_IFLNK: "a symbolic link"
        case S_IFIFO: "a FIFO"
        case S_IFSOCK: "a socket"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        default: "not a regular file"
        }
    }

    /// Removes what dead runs left: staging folders nobody holds, and temporary files of earlier
    /// Tandem versions (and of the single-file writers) whose process is gone. Only what this user
    /// owns and of the kind Tandem makes (a private folder; a file or link) is removed; anything
    /// else with such a name is left alone. Only with the folder lock.
    private func sweep() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        for name in names {
            let url = directory.appendingPathComponent(name)
            var st = stat()
            guard lstat(url.path, &st) == 0, st.st_uid == geteuid() else { continue }
            if Self.isStageName(name) {
                guard (st.st_mode & S_IFMT) == S_IFDIR, st.st_mode & 0o077 == 0 else { continue }
                let fd = open(url.path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard fd >= 0 else { continue }
                defer { close(fd) }
                if flock(fd, LOCK_EX | LOCK_NB) == 0 { try? FileManager.default.removeItem(at: url) }
            } else if let pid = Self.legacyTemporaryPID(name), kill(pid, 0) != 0, errno == ESRCH,
                [S_IFREG, S_IFLNK].contains(st.st_mode & S_IFMT)
            {
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

    /// A small regular file's text, or `nil`: never follows a link, never blocks on a FIFO, and
    /// only when the file opened is the one `expected` describes.
    static func readSmallFile(_ url: URL, expecting expected: stat, limit: Int = 1 << 20) -> String? {
        readSmallBytes(url, expecting: expected, limit: limit).map { String(decoding: $0, as: UTF8.self) }
    }

    /// ``readSmallFile(_:expecting:limit:)``'s bytes.
    static func readSmallBytes(_ url: URL, expecting expected: stat, limit: Int = 1 << 20) -> [UInt8]? {
        let fd = open(url.path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_ino == expected.st_ino,
            st.st_dev == expected.st_dev
        else { return nil }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count <= limit {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { return nil }
            if n == 0 { break }
            bytes += buffer[0..<n]
        }
        return bytes
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
    /// The commit journal: the staging folder's name, then one line a file: the device, the new
    /// file's inode, the earlier file's inode (`-` for none) and the name.
    struct Journal {
        struct Entry {
            var name: String
            var device: UInt64
            var new: UInt64
            var old: UInt64?
        }

        var stage: String
        var entries: [Entry]

        init(stage: String, entries: [Entry]) {
            self.stage = stage
            self.entries = entries
        }

        init?(parsing text: String) {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard lines.last == "" else { return nil }
            lines.removeLast()
            guard lines.count >= 2, lines[0] == "tandem-journal 2", lines[1].hasPrefix("stage ") else { return nil }
            stage = String(lines[1].dropFirst(6))
            guard OutputFiles.isStageName(stage) else { return nil }
            entries = []
            for line in lines.dropFirst(2) {
                let parts = line.split(separator: " ", maxSplits: 4, omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 5, parts[0] == "file", let device = UInt64(parts[1]), let new = UInt64(parts[2])
                else { return nil }
                let old = parts[3] == "-" ? nil : UInt64(parts[3])
                guard parts[3] == "-" || old != nil, OutputFiles.isPlainName(parts[4]),
                    !parts[4].hasPrefix("."), !entries.contains(where: { $0.name == parts[4] })
                else { return nil }
                entries.append(Entry(name: parts[4], device: device, new: new, old: old))
            }
        }

        var names: [String] { entries.map(\.name) }

        var text: String {
            (["tandem-journal 2", "stage \(stage)"]
                + entries.map { "file \($0.device) \($0.new) \($0.old.map(String.init) ?? "-") \($0.name)" })
                .joined(separator: "\n") + "\n"
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
                        path: directory.relativePath, code: .busy,
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
