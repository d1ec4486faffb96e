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
        version: TandemInfo.version,
        subcommands: [
            ReviewCommand.self, Validate.self, DigestCommand.self, PlanCommand.self, DecideCommand.self,
            InitCommand.self, SQLCommand.self,
        ]
    )

    /// Installs the process's signal handling, runs the command, then makes sure standard output
    /// really took what was printed. Help, the version and the completion script go through the
    /// same checked writes as everything else: a full or closed standard output is exit 74 with a
    /// message, never exit 0 (ArgumentParser's own `main` would ignore the write's failure).
    static func main() {
        ProcessDescriptors.plugClosed()
        ProcessSignals.install()
        do {
            var command = try parseAsRoot(nil)
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if code == .success { StandardOutput.write(message) } else { StandardError.write(message) }
            }
            StandardOutput.finish()
            Foundation.exit(code.rawValue)
        }
        StandardOutput.finish()
    }
}

/// Standard input, output and error closed by the caller (`2>&-`) are opened on `/dev/null`,
/// read-only: no file Tandem opens later can take their numbers (and receive messages meant for
/// the terminal), and a write to them still fails (`EBADF`), so a closed standard output is
/// reported like a full one.
enum ProcessDescriptors {
    static func plugClosed() {
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let opened = open("/dev/null", O_RDONLY)
            if opened >= 0 && opened != fd { close(opened) }
        }
    }
}

/// The crash-injection hook of the output tests: only in builds with `TANDEM_TEST_HOOKS` (debug
/// builds, which the tests run); a release binary has no such hook.
enum TestHooks {
    /// With `TANDEM_TEST_CRASH_AT=STEP` (e.g. `placed:tandem-2026-11.txt`), the process dies at that
    /// step of the commit as `kill -9` would (exit 99, nothing cleaned up).
    static func install(on writer: inout ReportWriter) {
        #if TANDEM_TEST_HOOKS
            if let step = ProcessInfo.processInfo.environment["TANDEM_TEST_CRASH_AT"] {
                writer.faultInjection = { if $0.description == step { _exit(99) } else { .proceed } }
            }
        #endif
    }
}

/// Signals: an oversized write fails with a message instead of killing the run, and an
/// interrupted run removes its temporary files.
enum ProcessSignals {
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    static func install() {
        // Past `ulimit -f`, write(2) then fails with EFBIG, reported like any write error; a
        // closed pipe fails with EPIPE the same way.
        signal(SIGXFSZ, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
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

    /// Says why and exits 74; a reader that went away (`tandem digest … | head`, a broken pipe)
    /// is not an error worth a message, only the status.
    static func fail(_ reason: String) -> Never {
        if reason != String(cString: strerror(EPIPE)) {
            StandardError.write("error: cannot write to standard output: \(reason)")
        }
        _exit(74)
    }
}
