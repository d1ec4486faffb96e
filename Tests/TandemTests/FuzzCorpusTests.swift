import Foundation
import TandemFuzzing
import Testing

@testable import Tandem

/// Replays the fuzz corpus (`Tests/Fuzz/corpus/<target>/`, seeds and every crash `make fuzz`
/// ever found) through the same entry points as the fuzzer: each input must be read or rejected
/// with a Tandem error, and no invariant may break.
@Suite struct FuzzCorpusTests {
    static let corpus = Fixtures.root.appendingPathComponent("Tests/Fuzz/corpus")

    struct Input: CustomTestStringConvertible, Sendable {
        var target: String
        var file: String
        var testDescription: String { "\(target)/\(file)" }
    }

    static let inputs: [Input] = {
        let manager = FileManager.default
        let targets = (try? manager.contentsOfDirectory(atPath: corpus.path).sorted()) ?? []
        return targets.flatMap { target in
            let files = (try? manager.contentsOfDirectory(atPath: corpus.appendingPathComponent(target).path)) ?? []
            return files.sorted().map { Input(target: target, file: $0) }
        }
    }()

    @Test func everyTargetHasACorpus() {
        #expect(Set(Self.inputs.map(\.target)) == Set(TandemFuzzing.FuzzTargets.all.keys))
        #expect(Self.inputs.count >= 10)
    }

    @Test(arguments: inputs)
    func corpusInputIsReadOrRejectedCleanly(_ input: Input) throws {
        let bytes = Array(
            try Data(contentsOf: Self.corpus.appendingPathComponent(input.target).appendingPathComponent(input.file)))
        let target = try #require(TandemFuzzing.FuzzTargets.all[input.target])
        #expect(target(bytes))
    }
}
