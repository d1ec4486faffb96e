import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Buffers bytes and writes them to a file in large chunks, so big exports never hold the whole
/// file in memory.
struct ChunkedWriter {
    private let handle: FileHandle
    private(set) var buffer: [UInt8] = []
    private let chunk = 1 << 20

    /// Opens `url` for writing: truncates an existing file (keeping its permissions), or creates
    /// one with an ordinary file's permissions (0666 less the umask).
    init(url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard fd >= 0 else {
            throw OutputFiles.WriteError(path: url.relativePath, reason: OutputFiles.errnoReason())
        }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        buffer.reserveCapacity(chunk + 4096)
    }

    @inline(__always)
    mutating func append(_ bytes: some Sequence<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= chunk { try flush() }
    }

    mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func close() throws {
        try flush()
        try handle.synchronize()
        try handle.close()
    }
}
