import ArgumentParser
import Dispatch
import Foundation
import Tandem

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@main
struct TandemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tandem",
        abstract: "Sales and marketing on one plan: the monthly review of actuals against it.",
        version: "0.1.0",
        subcommands: [
            ReviewCommand.self, Validate.self, DigestCommand.self, PlanCommand.self, DecideCommand.self,
            InitCommand.self,
        ]
    )

    /// Installs the process's signal handling, runs the command, then makes sure standard output
    /// really took what was printed.
    static func main() {
        ProcessSignals.install()
        main(nil)
        StandardOutput.finish()
    }
}

/// Signals: an oversized write fails with a message instead of killing the run, and an
/// interrupted run removes its temporary files.
enum ProcessSignals {
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    static func install() {
        // Past `ulimit -f`, write(2) then fails with EFBIG, reported like any write error.
        signal(SIGXFSZ, SIG_IGN)
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                // Waits for a commit in progress, removes this run's staging folders, then exits
                // with the shell's status for the signal (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP).
                OutputFiles.removeStagingForExit { _exit(128 + sig) }
            }
            source.resume()
            sources.append(source)
        }
    }
}

/// Standard output that fails loudly: a full disk, a closed device or `ulimit -f` is exit 74 with
/// a message, never a silent loss. The commands write through here, unbuffered.
enum StandardOutput {
    /// Writes `text` and the terminator; on a write error, says so and exits 74.
    static func write(_ text: String, terminator: String = "\n") {
        do {
            try FileHandle.standardOutput.write(contentsOf: Data((text + terminator).utf8))
        } catch {
            fail(OutputFiles.reasonText(error))
        }
    }

    /// Flushes what went through C's buffered `stdout` (ArgumentParser's help and version).
    static func finish() {
        errno = 0
        if fflush(nil) != 0 { fail(errno != 0 ? String(cString: strerror(errno)) : "write error") }
    }

    static func fail(_ reason: String) -> Never {
        FileHandle.standardError.write(Data("error: cannot write to standard output: \(reason)\n".utf8))
        _exit(74)
    }
}
