import Foundation
import XCTest

/// The explorer's module does no I/O of its own except through the effect runner, and builds on the core
/// alone: a source scan, so a stray file read or runtime import fails here rather than in review.
final class PureModuleTests: XCTestCase {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/VGGTUI")

    func files() throws -> [(String, String)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.sources.path).filter { $0.hasSuffix(".swift") }
        XCTAssertGreaterThan(names.count, 20, "found the sources at \(Self.sources.path)")
        return try names.sorted().map { ($0, try String(contentsOf: Self.sources.appendingPathComponent($0), encoding: .utf8)) }
    }

    func testOnlyTheEffectRunnerTouchesFiles() throws {
        let io = ["FileManager", "Data(contentsOf", "String(contentsOf", "open(", "fopen(", "AtomicFile",
                  "Presets.file(", "Presets.files("]
        for (name, text) in try files() where name != "EffectRunner.swift" {
            for call in io { XCTAssertFalse(text.contains(call), "\(name) calls \(call): make it an effect") }
        }
    }

    func testTheExplorerImportsTheCoreOnly() throws {
        for (name, text) in try files() {
            let imports = text.split(separator: "\n").filter { $0.hasPrefix("import ") }.map { String($0.dropFirst(7)) }
            XCTAssertTrue(Set(imports).isSubset(of: ["VGGCore", "Foundation"]), "\(name) imports \(imports)")
        }
    }
}
