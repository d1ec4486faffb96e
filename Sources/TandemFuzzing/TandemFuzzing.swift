import Tandem

/// The fuzz targets of `make fuzz` (plan, csv, json, formula, number, decisions), for the fuzz
/// package in `Tests/Fuzz`, which builds this target with libFuzzer. Not part of Tandem's API:
/// the entry points live inside the library (they reach the readers' internals) and are published
/// here only.
///
/// Each entry reads arbitrary bytes the way Tandem reads a file and returns normally, whatever the
/// bytes: with the value read, or with the error that rejects them. It returns `false` only when
/// an invariant of Tandem's own breaks (the fuzz harness then crashes on purpose).
public enum FuzzTargets {
    /// The targets by name, as `make fuzz` and the corpus folders call them.
    public static var all: [String: @Sendable ([UInt8]) -> Bool] { Tandem.FuzzTargets.all }
}
