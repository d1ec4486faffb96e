import ArgumentParser
import Foundation
import Tandem

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the actuals come from and how they are written.
struct ActualsInput: ParsableArguments {
    @Option(
        name: .long, help: "An actuals file (CSV or JSON) or a folder of them; repeat for more.",
        completion: .file(extensions: ["csv", "json"]))
    var actuals: [String] = []

    @Option(help: "The CSV field delimiter: ',', ';', '|' or 'tab'. Default: ',' (';' with --decimal-comma).")
    var delimiter: Delimiter?

    @Flag(help: "Numbers use a decimal comma (1.234,5); the delimiter then defaults to ';'.")
    var decimalComma = false

    @Option(help: "The thousands separator used in numbers: ',', '.', or 'space'. Default: none.")
    var thousands: ThousandsSeparator?

    @Flag(help: "Add up repeated observations (same period, metric, team, segment) instead of rejecting them.")
    var sumDuplicates = false

    func validate() throws {
        _ = try options()
    }

    func options() throws -> ActualsOptions {
        var options = ActualsOptions()
        options.delimiter = (delimiter ?? (decimalComma ? .semicolon : .comma)).character
        if decimalComma { options.numberFormat.decimalSeparator = "," }
        if let thousands { options.numberFormat.thousandsSeparator = thousands.character }
        if options.delimiter == options.numberFormat.decimalSeparator {
            throw ValidationError("--decimal-comma cannot go with --delimiter ','; use ';', '|' or 'tab'")
        }
        if options.numberFormat.thousandsSeparator == options.numberFormat.decimalSeparator {
            throw ValidationError("--thousands cannot be the decimal separator")
        }
        options.sumDuplicates = sumDuplicates
        return options
    }

    /// The actuals files (folders expanded) and warnings about what a folder held besides them.
    func files() throws -> (files: [URL], warnings: [Diagnostic]) {
        try ActualsLoader.files(at: actuals)
    }

    func load(plan: Plan) throws -> LoadedActuals {
        let (files, skipped) = try files()
        var loaded = try ActualsLoader(plan: plan, options: options()).load(contentsOf: files)
        loaded.warnings = skipped + loaded.warnings
        return loaded
    }
}

/// The CSV field delimiters `--delimiter` takes.
enum Delimiter: String, CaseIterable, ExpressibleByArgument {
    case comma = ",", semicolon = ";", pipe = "|", tab

    init?(argument: String) {
        if argument == "\t" {
            self = .tab
        } else {
            self.init(rawValue: argument)
        }
    }

    var character: Character { self == .tab ? "\t" : Character(rawValue) }
}

/// The thousands separators `--thousands` takes.
enum ThousandsSeparator: String, CaseIterable, ExpressibleByArgument {
    case comma = ",", period = ".", space

    init?(argument: String) {
        if argument == " " {
            self = .space
        } else {
            self.init(rawValue: argument)
        }
    }

    var character: Character { self == .space ? " " : Character(rawValue) }
}

/// Prints every diagnostic with its caret line, then the count; returns the exit status for
/// invalid input.
func reportInvalidInput(_ error: InputError) -> ExitCode {
    let stderr = StandardError()
    for diagnostic in error.diagnostics { stderr.write(diagnostic.descriptionWithCaret) }
    let count = error.diagnostics.filter { $0.severity == .error }.count
    stderr.write("\(count) error\(count == 1 ? "" : "s")")
    return ExitCode(1)
}

/// One line of progress on standard error, overwritten as the work moves on; only when standard
/// error is a terminal, so it never ends up in files or pipes.
struct Progress: Sendable {
    let enabled = isatty(2) == 1

    func show(_ text: String) {
        guard enabled else { return }
        StandardError.writeRaw("\r\u{1B}[K" + StandardError.visible(text))
    }

    func clear() {
        guard enabled else { return }
        StandardError.writeRaw("\r\u{1B}[K")
    }
}

/// Writes lines to standard error. A failed write (a full device, a closed descriptor, a closed
/// pipe) is ignored: there is nowhere left to report it, and the exit status still tells.
struct StandardError {
    func write(_ text: String) { Self.write(text) }

    /// Writes `text` (its control codes made visible, see ``visible(_:)``) and the terminator.
    static func write(_ text: String, terminator: String = "\n") {
        writeRaw(visible(text) + terminator)
    }

    /// `text` with what a terminal would act on instead of showing spelled out: control codes
    /// other than line feed and tab (an escape sequence in a deal id from a CRM export, quoted in a
    /// warning, must not recolour or clear the terminal), C1 codes and the bidirectional
    /// overrides and isolates, as `\u{1B}`.
    static func visible(_ text: String) -> String {
        func acts(_ s: Unicode.Scalar) -> Bool {
            (s.value < 0x20 && s != "\n" && s != "\t") || (0x7F...0x9F).contains(s.value)
                || (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value)
        }
        guard text.unicodeScalars.contains(where: acts) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if acts(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Writes `text` as it is.
    static func writeRaw(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { rawWrite(2, $0.baseAddress, $0.count) }
            if n > 0 {
                offset += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }

    /// Runs `body` with file descriptor 2 pointed at a pipe that is thrown away, so what C code
    /// prints there on its own (libxlsxwriter's `[ERROR]` lines) never reaches the user; the
    /// command's own message follows. Only the CLI does this: it owns the process, and it writes
    /// nothing else to standard error meanwhile.
    static func diverted<T>(_ body: () throws -> T) rethrows -> T {
        var ends: [Int32] = [0, 0]
        let saved = dup(2)
        guard saved >= 0, pipe(&ends) == 0 else {
            if saved >= 0 { close(saved) }
            return try body()
        }
        // A full pipe drops the excess instead of blocking the writer.
        _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK)
        _ = fcntl(ends[0], F_SETFL, fcntl(ends[0], F_GETFL) | O_NONBLOCK)
        dup2(ends[1], 2)
        defer {
            dup2(saved, 2)
            close(saved)
            close(ends[1])
            var buffer = [UInt8](repeating: 0, count: 4096)
            while buffer.withUnsafeMutableBytes({ read(ends[0], $0.baseAddress, $0.count) }) > 0 {}
            close(ends[0])
        }
        return try body()
    }
}

/// `write(2)`, reachable from types with a `write` method of their own.
func rawWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}
