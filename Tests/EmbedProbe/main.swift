// A host program embedding Tandem, for the tests that need a process of their own (a file-size
// limit, standard error): `tandem-embed-probe MODE PLAN ACTUALS OUT`.
//   json-under-limit  writes OUT/review.json, then again under a 4 KB file-size limit (SIGXFSZ
//                     ignored); prints the error and exits 0 when the second write failed cleanly.
//   log-while-writing logs 2,000 numbered lines to standard error from another thread while it
//                     writes workbooks (one failing in libxlsxwriter); the parent counts the lines.
import Foundation
import Tandem
import TandemXLSX

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

let arguments = CommandLine.arguments
guard arguments.count == 5 else {
    FileHandle.standardError.write(Data("usage: tandem-embed-probe MODE PLAN ACTUALS OUT\n".utf8))
    exit(64)
}
let (mode, out) = (arguments[1], URL(fileURLWithPath: arguments[4]))
let plan = try PlanLoader().load(contentsOf: URL(fileURLWithPath: arguments[2]))
let actuals = try ActualsLoader(plan: plan).load(contentsOf: ActualsLoader.files(at: [arguments[3]]).files).actuals
let review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 11))

switch mode {
case "json-under-limit":
    let url = out.appendingPathComponent("review.json")
    try JSONExporter().write(review, to: url)
    signal(SIGXFSZ, SIG_IGN)
    var limit = rlimit(rlim_cur: 4096, rlim_max: 4096)
    #if canImport(Glibc)
        let resource = __rlimit_resource_t(RLIMIT_FSIZE.rawValue)
    #else
        let resource = RLIMIT_FSIZE
    #endif
    guard setrlimit(resource, &limit) == 0 else { exit(70) }
    do {
        try JSONExporter().write(review, to: url)
        print("written")
        exit(1)
    } catch {
        print("\(error.code == .cannotWrite ? "cannotWrite" : "other"): \(error)")
        exit(0)
    }
case "log-while-writing":
    let lines = 2_000
    let logger = Thread {
        for i in 0..<lines {
            let text = "host log line \(i)\n"
            _ = text.withCString { write(2, $0, strlen($0)) }
            if i % 50 == 0 { usleep(1_000) }
        }
    }
    logger.start()
    for n in 0..<6 {
        // Every third workbook goes where libxlsxwriter cannot create it, so it prints its error.
        let target =
            n % 3 == 2
            ? out.appendingPathComponent("missing/folder/book-\(n).xlsx") : out.appendingPathComponent("book-\(n).xlsx")
        _ = try? WorkbookExporter().writeDirectly(review, to: target)
    }
    while !logger.isFinished { usleep(10_000) }
default:
    exit(64)
}
