import Foundation

/// Reads a whole input file as UTF-8 text, refusing files larger than `limit`; bytes that are not
/// UTF-8 are an error at their line and column.
func readInputText(_ url: URL, limit: Int, what: String) throws(InputError) -> String {
    let bytes = try readInputBytes(url, limit: limit, what: what)
    let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    if let bad = firstInvalidUTF8(bytes, from: start, to: bytes.count, final: true).invalid {
        let line = 1 + bytes[..<bad].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let (source, column) = sourceLocation(in: bytes, at: bad)
        throw InputError([
            Diagnostic(
                code: .unreadable, message: invalidUTF8Message(bytes[bad]), file: url.relativePath, line: line,
                column: column, sourceLine: source)
        ])
    }
    return String(decoding: bytes[start...], as: UTF8.self)
}

/// Reads a whole input file into bytes, in chunks, refusing files larger than `limit`.
func readInputBytes(_ url: URL, limit: Int, what: String) throws(InputError) -> [UInt8] {
    let file = try ChunkedFile(url, limit: limit, what: what)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(file.size + 1)
    while try file.read(into: &bytes, count: 4 << 20) {}
    return bytes
}

/// An input file read in chunks, so memory stays bounded whatever its size. Only regular files
/// are read: a device (`/dev/zero`), pipe or socket could be endless and is refused at once.
final class ChunkedFile {
    let path: String
    /// The size when opened.
    let size: Int
    private let limit: Int
    private let what: String
    private let handle: FileHandle
    private var consumed = 0

    init(_ url: URL, limit: Int, what: String) throws(InputError) {
        path = url.relativePath
        self.limit = limit
        self.what = what
        do {
            let attributes = try inputAttributes(url)
            let type = attributes[.type] as? FileAttributeType
            if type == .typeDirectory {
                throw InputError([
                    Diagnostic(code: .unreadable, message: "\(what) is a directory, expected a file", file: path)
                ])
            }
            if type != .typeRegular {
                throw InputError([
                    Diagnostic(
                        code: .unreadable,
                        message:
                            "\(what) is not a regular file (a device, pipe or socket?); only regular files and folders of them are read",
                        file: path)
                ])
            }
            size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            if size > limit {
                throw InputError([
                    Diagnostic(
                        code: .tooLarge, message: "\(what) is \(size) bytes, over the \(limit)-byte limit", file: path)
                ])
            }
            handle = try FileHandle(forReadingFrom: url)
        } catch let error as InputError {
            throw error
        } catch {
            throw Self.unreadable(error, what: what, path: path)
        }
    }

    deinit { try? handle.close() }

    private static func unreadable(_ error: any Error, what: String, path: String) -> InputError {
        InputError([
            Diagnostic(code: .unreadable, message: "cannot read \(what): \(describeFileError(error))", file: path)
        ])
    }

    /// Appends up to `count` more bytes to `buffer`; `false` at the end of the file.
    func read(into buffer: inout [UInt8], count: Int) throws(InputError) -> Bool {
        let chunk: Data?
        do {
            chunk = try handle.read(upToCount: count)
        } catch {
            throw Self.unreadable(error, what: what, path: path)
        }
        guard let chunk, !chunk.isEmpty else { return false }
        consumed += chunk.count
        if consumed > limit {
            throw InputError([
                Diagnostic(code: .tooLarge, message: "\(what) is over the \(limit)-byte limit", file: path)
            ])
        }
        buffer.append(contentsOf: chunk)
        return true
    }
}

/// The offset of the first byte in `bytes[start..<end]` that is not part of valid UTF-8, or `nil`.
/// When `final` is false, an incomplete sequence at the very end is not an error (the next chunk
/// completes it); `validEnd` then says where checking should resume.
func firstInvalidUTF8(_ b: [UInt8], from start: Int, to end: Int, final: Bool) -> (invalid: Int?, validEnd: Int) {
    var i = start
    while i < end {
        let c = b[i]
        if c < 0x80 {
            i += 1
            continue
        }
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch c {
        case 0xC2...0xDF: length = 2
        case 0xE0: (length, low) = (3, 0xA0)
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: (length, high) = (3, 0x9F)  // no surrogates
        case 0xF0: (length, low) = (4, 0x90)
        case 0xF1...0xF3: length = 4
        case 0xF4: (length, high) = (4, 0x8F)  // up to U+10FFFF
        default: return (i, i)
        }
        for k in 1..<length {
            guard i + k < end else { return final ? (i, i) : (nil, i) }
            let d = b[i + k]
            if k == 1 ? !(low...high).contains(d) : !(0x80...0xBF).contains(d) { return (i, i) }
        }
        i += length
    }
    return (nil, end)
}

/// The message for bytes that are not UTF-8.
func invalidUTF8Message(_ byte: UInt8) -> String {
    "invalid UTF-8 (byte 0x\(String(byte, radix: 16, uppercase: true))); save the file as UTF-8 (it may be Latin-1 or Windows-1252)"
}

/// The attributes of the input file at `url`, a symbolic link followed to its target (an export
/// kept as `latest.csv -> export-2026-11-30.csv` is read, its type is the target's); a link that
/// leads nowhere or in a loop throws the OS's reason.
func inputAttributes(_ url: URL) throws -> [FileAttributeKey: Any] {
    var st = stat()
    if lstat(url.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK, stat(url.path, &st) != 0 {
        throw UnreachableLink(reason: missingReason(url.path))
    }
    return try FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path)
}

/// A symbolic link given as an input that leads nowhere, with ``missingReason(_:)``'s words: every
/// input (plan, actuals, records, previous review, decision log) says it alike.
struct UnreachableLink: Error {
    let reason: String
}

/// Why nothing can be read at `path`: no such file or folder, or a symbolic link whose target is
/// missing or whose links go round in a loop.
func missingReason(_ path: String) -> String {
    var st = stat()
    guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK else { return "no such file or folder" }
    let failure: Int32 = stat(path, &st) == 0 ? 0 : errno
    if failure == ELOOP { return "a symbolic link in a loop (its links lead back to themselves)" }
    let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)).map { " '\($0)'" } ?? ""
    if failure == ENOENT { return "a symbolic link to\(target), which does not exist" }
    // Its target exists but cannot be reached (a folder without permission on the way).
    return "a symbolic link to\(target): \(String(cString: strerror(failure == 0 ? ENOENT : failure)))"
}

func describeFileError(_ error: any Error) -> String {
    if let link = error as? UnreachableLink { return link.reason }
    if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
    let ns = error as NSError
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
        let code = POSIXErrorCode(rawValue: Int32(underlying.code))
    {
        return String(cString: strerror(code.rawValue))
    }
    if ns.domain == NSCocoaErrorDomain, ns.code == NSFileReadNoSuchFileError || ns.code == NSFileNoSuchFileError {
        return "no such file"
    }
    return ns.localizedDescription
}

/// The lines of a source text, for quoting in messages: split at line feeds on the UTF-8 bytes
/// (not by `Character`, which is slow on a megabyte and takes CR LF as one character, so a
/// Windows file would be one line), without the carriage return of a CR LF ending.
func sourceLines(of text: String) -> [Substring] {
    text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
        Substring(line.last == 0x0D ? line.dropLast() : line)
    }
}

/// The one folder expansion of every input: files as given; a folder's files with one of
/// `extensions`, sorted by name. Anything else in a folder (a stray `.xlsx`, a subfolder) is
/// skipped, with a warning when `warnSkipped` (actuals folders; a records folder often holds the
/// plan beside the exports); hidden files (`.DS_Store`) are skipped silently.
/// - Throws: ``InputError`` when a path does not exist, a folder cannot be listed, or a folder
///   holds no such file.
package func expandInputPaths(
    _ paths: [String], extensions: [String], what: String, warnSkipped: Bool = true
) throws(InputError) -> (files: [URL], warnings: [Diagnostic]) {
    var files: [URL] = []
    var warnings: [Diagnostic] = []
    let manager = FileManager.default
    let list = extensions.map { ".\($0)" }.joined(separator: " and ")
    for path in paths {
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError([
                Diagnostic(code: .unreadable, message: "cannot read \(what): \(missingReason(path))", file: path)
            ])
        }
        guard isDirectory.boolValue else {
            files.append(URL(fileURLWithPath: path))
            continue
        }
        let names: [String]
        do {
            names = try manager.contentsOfDirectory(atPath: path).sorted()
        } catch {
            throw InputError([
                Diagnostic(
                    code: .unreadable, message: "cannot read \(what) folder: \(describeFileError(error))", file: path)
            ])
        }
        let folder = URL(fileURLWithPath: path)
        var found = 0
        for name in names where !name.hasPrefix(".") {
            let url = folder.appendingPathComponent(name)
            var isFolder: ObjCBool = false
            _ = manager.fileExists(atPath: url.path, isDirectory: &isFolder)
            if !isFolder.boolValue, extensions.contains(url.pathExtension.lowercased()) {
                files.append(url)
                found += 1
            } else if warnSkipped {
                warnings.append(
                    Diagnostic(
                        .warning, code: .unknownField,
                        message:
                            "not \(what == "actuals" ? "an actuals" : "a \(what)") file (only \(list) files of a folder are read); skipped",
                        file: url.relativePath))
            }
        }
        if found == 0 {
            let or = extensions.map { ".\($0)" }.joined(separator: " or ")
            throw InputError(
                warnings + [Diagnostic(code: .unreadable, message: "folder has no \(or) \(what) files", file: path)])
        }
    }
    return (files, warnings)
}
