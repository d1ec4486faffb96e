import Foundation

/// The repository the tests run in: its root (found from this file's path) and fresh temporary
/// folders. Shared by every test target.
public enum Repository {
    /// The folder holding `Package.swift`.
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// A path inside the repository.
    public static func path(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// A fresh, empty temporary folder named `prefix-UUID`; the caller removes it.
    /// - Throws: the file system's error.
    public static func temporaryDirectory(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
