import ArgumentParser
import Foundation
import Tandem

/// Where the actuals come from and how they are written.
struct ActualsInput: ParsableArguments {
    @Option(name: .long, help: "An actuals file (CSV or JSON) or a folder of them; repeat for more.")
    var actuals: [String] = []

    @Option(help: "The CSV field delimiter: ',', ';', '|' or 'tab'. Default: ',' (';' with --decimal-comma).")
    var delimiter: String?

    @Flag(help: "Numbers use a decimal comma (1.234,5); the delimiter then defaults to ';'.")
    var decimalComma = false

    @Option(help: "The thousands separator used in numbers: ',', '.', or 'space'. Default: none.")
    var thousands: String?

    @Flag(help: "Add up repeated observations (same period, metric, team, segment) instead of rejecting them.")
    var sumDuplicates = false

    func validate() throws {
        _ = try options()
    }

    func options() throws -> ActualsOptions {
        var options = ActualsOptions()
        let delimiter = self.delimiter ?? (decimalComma ? ";" : ",")
        switch delimiter {
        case ",", ";", "|": options.delimiter = Character(delimiter)
        case "tab", "\t": options.delimiter = "\t"
        default: throw ValidationError("--delimiter must be ',', ';', '|' or 'tab', not '\(delimiter)'")
        }
        if decimalComma { options.numberFormat.decimalSeparator = "," }
        if let thousands {
            switch thousands {
            case ",", ".": options.numberFormat.thousandsSeparator = Character(thousands)
            case "space", " ": options.numberFormat.thousandsSeparator = " "
            default: throw ValidationError("--thousands must be ',', '.' or 'space', not '\(thousands)'")
            }
        }
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

/// Files as given, folders expanded to their files with one of `extensions`, sorted.
/// - Throws: ``InputError`` for a missing path or a folder without such files.
func expandInputPaths(_ paths: [String], extensions: [String], what: String) throws -> [URL] {
    var out: [URL] = []
    for path in paths {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError([
                Diagnostic(code: .unreadable, message: "cannot read \(what): no such file or folder", file: path)
            ])
        }
        if isDirectory.boolValue {
            let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
            let found = names.filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) }
            if found.isEmpty {
                let list = extensions.map { ".\($0)" }.joined(separator: " or ")
                throw InputError([
                    Diagnostic(code: .unreadable, message: "folder has no \(list) \(what) files", file: path)
                ])
            }
            out += found.map { URL(fileURLWithPath: path).appendingPathComponent($0) }
        } else {
            out.append(URL(fileURLWithPath: path))
        }
    }
    return out
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
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// Writes lines to standard error.
struct StandardError {
    func write(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
