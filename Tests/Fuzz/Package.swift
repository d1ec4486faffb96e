// swift-tools-version: 6.1
// The fuzz targets, a package of their own so the library's build never sees libFuzzer:
// `make fuzz` builds it with `-sanitize=fuzzer,address` and runs each target for a minute.
import Foundation
import PackageDescription

// The repository root, as a path dependency; SwiftPM names it after its folder.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

let package = Package(
    name: "TandemFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: root.path)],
    targets: [
        .executableTarget(
            name: "tandem-fuzz",
            dependencies: [.product(name: "TandemFuzzing", package: root.lastPathComponent.lowercased())],
            path: "Sources"
        )
    ],
    swiftLanguageModes: [.v6]
)
