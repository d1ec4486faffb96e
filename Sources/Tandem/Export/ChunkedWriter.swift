import Foundation

/// Buffers bytes and writes them to a file in large chunks, so big exports never hold the whole
/// file in memory.
struct ChunkedWriter {
    private let handle: FileHandle
    private(set) var buffer: [UInt8] = []
    private let chunk = 1 << 20

    init(url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw OutputFiles.WriteError(path: url.relativePath, reason: OutputFiles.errnoReason())
        }
        handle = try FileHandle(forWritingTo: url)
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
