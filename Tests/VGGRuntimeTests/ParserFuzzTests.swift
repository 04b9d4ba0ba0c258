import Foundation
import VGGCore
import XCTest
@testable import VGGRuntime

/// Seeded random bytes and mutations of valid files into the safetensors and .npy readers: each case must end in a
/// value or a typed error, never a trap or a hang. `VGGSCOPE_FUZZ_ITERATIONS` / `VGGSCOPE_FUZZ_SEED` run more
/// (scripts/fuzz_parsers.sh).
final class ParserFuzzTests: XCTestCase {
    static var iterations: Int { ProcessInfo.processInfo.environment["VGGSCOPE_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 2000 }
    static var seed: UInt64 { ProcessInfo.processInfo.environment["VGGSCOPE_FUZZ_SEED"].flatMap(UInt64.init) ?? 7 }

    static let headerTokens = ["{", "}", "[", "]", ",", ":", "\"", "-1", "0", "1.5", "1e3", "18446744073709551616",
                               "4611686018427387905", "\"F16\"", "\"BF16\"", "\"F4\"", "\"data_offsets\"", "\"shape\"",
                               "\"__metadata__\"", "null", "\\u0000", "\u{1B}"]

    static func mutate(_ input: [UInt8], tokens: [String], rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0..<(1 + Int(rng.next() % 4)) {
            let at = Int(rng.next() % UInt64(bytes.count + 1))
            switch rng.next() % 5 {
            case 0: if at < bytes.count { bytes[at] = UInt8(truncatingIfNeeded: rng.next()) }
            case 1: if at < bytes.count { bytes.removeSubrange(at..<min(bytes.count, at + 1 + Int(rng.next() % 16))) }
            case 2: bytes.insert(contentsOf: Array(tokens[Int(rng.next() % UInt64(tokens.count))].utf8), at: at)
            case 3: bytes = Array(bytes.prefix(at))
            default: if at < bytes.count { bytes[at] ^= UInt8(1 << (rng.next() % 8)) }
            }
        }
        return bytes
    }

    func testSafeTensorsReaderNeverTraps() throws {
        var rng = SplitMix64(seed: Self.seed)
        let valid = [UInt8](try Data(contentsOf: Fixture.url("tiny.safetensors")))
        let half = [UInt8](SafeTensorsStrictTests.file(
            #"{"a": {"dtype": "F16", "shape": [2, 2], "data_offsets": [0, 8]}, "b": {"dtype": "BF16", "shape": [2], "data_offsets": [8, 12]}}"#,
            dataBytes: 12))
        let url = Fixture.temporary("fuzz.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        let start = Date()
        var opened = 0
        for i in 0..<Self.iterations {
            let bytes: [UInt8]
            switch i % 4 {
            case 0: bytes = (0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            case 1: bytes = Self.mutate(half, tokens: Self.headerTokens, rng: &rng)
            default:
                // Mutate the header region mostly: that is where the parser's decisions are.
                let headerEnd = min(valid.count, 8 + Int(valid[0]) + Int(valid[1]) << 8)
                bytes = Self.mutate(Array(valid[0..<headerEnd]), tokens: Self.headerTokens, rng: &rng) + valid[headerEnd...]
            }
            try Data(bytes).write(to: url)
            do {
                let file = try SafeTensorsFile(path: url.path)
                opened += 1
                // Whatever opened must read without trapping: every entry lies inside the file.
                for (name, entry) in file.entries where entry.shape.reduce(1, *) <= 1 << 12 {
                    if case .other = entry.dtype { continue }
                    _ = try file.floats(name)
                }
            } catch is SafeTensorsError {
            } catch {
                XCTFail("seed \(Self.seed) case \(i): untyped error \(error)")
            }
        }
        XCTAssertGreaterThan(opened, 0, "seed \(Self.seed): some mutations should stay valid")
        // A hang shows up as a default run far slower than its few seconds.
        if ProcessInfo.processInfo.environment["VGGSCOPE_FUZZ_ITERATIONS"] == nil {
            XCTAssertLessThan(Date().timeIntervalSince(start), 60)
        }
    }

    func testNpyReaderNeverTraps() throws {
        var rng = SplitMix64(seed: Self.seed &+ 1)
        let seeds = [[UInt8](try Data(contentsOf: Fixture.url("tiny.input.npy"))),
                     [UInt8](NpyArray(shape: [2, 3], values: [1, 2, 3, 4, 5, 6]).npyData()),
                     [UInt8](NpyArray(shape: [], values: [7]).npyData())]
        let tokens = ["'descr'", "'<f4'", "'<f8'", "'fortran_order'", "True", "False", "'shape'", "(", ")", ",", "-1",
                      "99999999999999999999", "L", "{", "}", ":", "\u{0}", "\\x93NUMPY"]
        var parsed = 0
        for i in 0..<Self.iterations * 2 {
            let bytes: [UInt8]
            if i % 5 == 0 {
                bytes = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59] + (0..<Int(rng.next() % 80)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            } else {
                let source = seeds[Int(rng.next() % UInt64(seeds.count))]
                let cut = min(source.count, 160)  // the header; mutating the data changes only values
                bytes = Self.mutate(Array(source[0..<cut]), tokens: tokens, rng: &rng) + source[cut...]
            }
            do {
                let array = try NpyArray(npyData: Data(bytes), source: "fuzz.npy")
                XCTAssertEqual(array.shape.reduce(1, *), array.values.count, "seed \(Self.seed) case \(i)")
                parsed += 1
            } catch is NpyError {
            } catch {
                XCTFail("seed \(Self.seed) case \(i): untyped error \(error)")
            }
        }
        XCTAssertGreaterThan(parsed, 0)
    }
}
