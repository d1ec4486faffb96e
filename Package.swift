// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Tandem",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Tandem", targets: ["Tandem"]),
        .library(name: "TandemXLSX", targets: ["TandemXLSX"]),
        .executable(name: "tandem", targets: ["tandem"]),
        // The fuzz targets, for the fuzz package in Tests/Fuzz (not part of Tandem's API).
        .library(name: "TandemFuzzing", targets: ["TandemFuzzing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // The CLI fingerprints its inputs with BoringSSL's SHA-256 (the CPU's SHA instructions).
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .target(
            name: "Tandem",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "TandemFuzzing",
            dependencies: ["Tandem"]
        ),
        .systemLibrary(
            name: "CXlsxWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"]), .brew(["libxlsxwriter"])]
        ),
        .target(
            name: "TandemXLSX",
            dependencies: ["Tandem", "CXlsxWriter"]
        ),
        .executableTarget(
            name: "tandem",
            dependencies: [
                "Tandem", "TandemXLSX",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // The crash-injection hook of the output tests exists only in debug builds (the tests').
            swiftSettings: [.define("TANDEM_TEST_HOOKS", .when(configuration: .debug))]
        ),
        .executableTarget(
            name: "tandem-embed-example",
            dependencies: ["Tandem", "TandemXLSX"],
            path: "Examples/Embed"
        ),
        .executableTarget(
            name: "tandem-bench",
            dependencies: ["Tandem", "TandemXLSX"],
            path: "Benchmarks/TandemBench"
        ),
        // A host program embedding the library, for tests that need a process of their own.
        .executableTarget(
            name: "tandem-embed-probe",
            dependencies: ["Tandem", "TandemXLSX"],
            path: "Tests/EmbedProbe"
        ),
        // Helpers shared by the test targets (the repository root, temporary folders).
        .target(
            name: "TandemTestSupport",
            path: "Tests/TandemTestSupport"
        ),
        .testTarget(
            name: "TandemTests",
            dependencies: ["Tandem", "TandemFuzzing", "TandemTestSupport"],
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "TandemXLSXTests",
            dependencies: ["Tandem", "TandemXLSX", "TandemTestSupport"]
        ),
        .testTarget(
            name: "TandemCLITests",
            dependencies: ["tandem", "tandem-embed-example", "tandem-embed-probe", "TandemTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
