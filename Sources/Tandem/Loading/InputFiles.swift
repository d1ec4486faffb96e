import Foundation

/// Reads a whole input file as UTF-8 text, refusing files larger than `limit`.
func readInputText(_ url: URL, limit: Int, what: String) throws(InputError) -> String {
    var bytes = try readInputBytes(url, limit: limit, what: what)[...]
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    guard let text = String(validating: bytes, as: UTF8.self) else {
        throw InputError([
            Diagnostic(code: .unreadable, message: "\(what) is not valid UTF-8 text", file: url.relativePath)
        ])
    }
    return text
}

/// Reads a whole input file into bytes, in chunks, refusing files larger than `limit`.
func readInputBytes(_ url: URL, limit: Int, what: String) throws(InputError) -> [UInt8] {
    let path = url.relativePath
    do {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        if let type = attributes[.type] as? FileAttributeType, type == .typeDirectory {
            throw InputError([
                Diagnostic(code: .unreadable, message: "\(what) is a directory, expected a file", file: path)
            ])
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        if size > limit {
            throw InputError([
                Diagnostic(
                    code: .tooLarge, message: "\(what) is \(size) bytes, over the \(limit)-byte limit", file: path)
            ])
        }
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size + 1)
        while let chunk = try handle.read(upToCount: 4 << 20), !chunk.isEmpty {
            bytes.append(contentsOf: chunk)
            if bytes.count > limit {
                throw InputError([
                    Diagnostic(code: .tooLarge, message: "\(what) is over the \(limit)-byte limit", file: path)
                ])
            }
        }
        return bytes
    } catch let error as InputError {
        throw error
    } catch {
        throw InputError([
            Diagnostic(code: .unreadable, message: "cannot read \(what): \(describeFileError(error))", file: path)
        ])
    }
}

func describeFileError(_ error: any Error) -> String {
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
