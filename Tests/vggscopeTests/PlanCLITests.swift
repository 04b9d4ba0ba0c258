import Foundation
import XCTest

/// `run --plan` prints the execution plan a person can check: every layer once, each conv's algorithm (one the layer
/// supports), fused layers named, predicted times that add up to the total; `--conv-algo` forces a method where it
/// applies; VGGSCOPE_ISA=avx2 plans for the AVX2 path and still computes the same logits.
final class PlanCLITests: XCTestCase {
    private static let cifarSmall = ["--blocks", "1x8,1x16,2x32", "--input", "1x3x16x16", "--head", "flatten", "--fc", "none",
                                     "--classes", "10", "--threads", "2"]

    func testRunPrintsThePlan() throws {
        let r = try BinaryRunner.run(["run"] + Self.cifarSmall + ["--plan"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("execution plan ("), r.stdout)
        let rows = r.stdout.split(separator: "\n").filter { $0.hasPrefix("features.") || $0.hasPrefix("classifier.") }
        // 4 convs + 4 ReLU + 3 pools (the last block's pool too) + the Linear.
        XCTAssertEqual(rows.count, 12, r.stdout)
        let methods = ["gemm", "winograd-f4", "winograd-f2", "stream", "gemm-rows"]
        for row in rows where row.contains("Conv2d") {
            XCTAssertTrue(methods.contains { row.contains(" \($0) ") }, String(row))
        }
        XCTAssertTrue(rows.contains { $0.contains("fused into features.0") }, r.stdout)
        // Predicted ms per kernel row add up to the total row (3 decimals each; allow the rounding).
        let predicted = rows.compactMap { row -> Double? in
            // The cell after the thread count (a Linear has no algorithm cell).
            let cells = row.split(separator: " ", omittingEmptySubsequences: true)
            guard cells.count >= 4, cells[1] == "Conv2d" || cells[1] == "Linear",
                  let thr = cells.indices.dropFirst(2).first(where: { Int(cells[$0]) != nil }), thr + 1 < cells.count else { return nil }
            return Double(cells[thr + 1])
        }
        let totalLine = r.stdout.split(separator: "\n").first { $0.hasPrefix("total") }
        let total = try XCTUnwrap(totalLine.flatMap { Double($0.split(separator: " ").last!) }, r.stdout)
        XCTAssertEqual(predicted.reduce(0, +), total, accuracy: 0.001 * Double(predicted.count + 1), r.stdout)
    }

    func testForcedAlgorithmAndAVX2PathKeepTheLogits() throws {
        let auto = try BinaryRunner.run(["run"] + Self.cifarSmall)
        XCTAssertEqual(auto.status, 0, auto.stderr)
        func classes(_ out: String) -> [String] {
            let line = out.split(separator: "\n").first { $0.hasPrefix("top-") } ?? ""
            return line.components(separatedBy: "class ").dropFirst().map { String($0.prefix { $0 != " " }) }
        }
        let ranked = classes(auto.stdout)
        XCTAssertEqual(ranked.count, 5, auto.stdout)
        for (args, env) in [(["--conv-algo", "stream", "--plan"], [:]), (["--conv-algo", "winograd-f2", "--plan"], [:]),
                            (["--conv-algo", "gemm-rows", "--plan"], [:]), (["--conv-algo", "gemm-rows", "--plan"], ["VGGSCOPE_ISA": "avx2"]),
                            (["--plan"], ["VGGSCOPE_ISA": "avx2"])] as [([String], [String: String])] {
            let r = try BinaryRunner.run(["run"] + Self.cifarSmall + args, environment: env)
            XCTAssertEqual(r.status, 0, r.stderr)
            if let forced = args.firstIndex(of: "--conv-algo").map({ args[$0 + 1] }) {
                let convRows = r.stdout.split(separator: "\n").filter { $0.hasPrefix("features.") && $0.contains("Conv2d") }
                XCTAssertFalse(convRows.isEmpty)
                XCTAssertTrue(convRows.allSatisfy { $0.contains(" \(forced) ") }, r.stdout)
            }
            if env["VGGSCOPE_ISA"] != nil { XCTAssertTrue(r.stdout.contains("execution plan (avx2,"), r.stdout) }
            // The same top-5 classes in the same order on every path (the logits differ in float rounding only).
            XCTAssertEqual(classes(r.stdout), ranked, "\(args) \(env)")
        }
    }
}
