import Foundation
import VGGCore
import XCTest

/// One torchinfo leaf row as the fixtures store it; `name` (the module path) only where the fixture has it.
struct TorchinfoRow: Sendable {
    var name: String?
    var kind: String
    var output: [Int]
    var params: Int
    var macs: Int

    init(json r: [String: Any]) {
        name = r["name"] as? String
        kind = r["kind"] as! String
        output = r["output"] as! [Int]
        params = r["params"] as! Int
        macs = r["macs"] as! Int
    }
}

/// torchinfo's totals as the fixtures store them.
struct TorchinfoTotals: Sendable {
    var params: Int
    var multAdds: Int
    var paramBytes: Int
    /// torchinfo's "forward/backward pass size": 2 x outputs of layers with params.
    var outputBytes: Int

    init(json e: [String: Any]) {
        params = e["total_params"] as! Int
        multAdds = e["total_mult_adds"] as! Int
        paramBytes = e["param_bytes"] as! Int
        outputBytes = e["output_bytes"] as! Int
    }
}

/// Every row (its module path where the fixture has one, kind, output shape, params, MACs) against torchinfo's.
func assertRowsMatchTorchinfo(_ s: ModelSummary, _ rows: [TorchinfoRow], _ key: String,
                              file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(s.layers.count, rows.count, "\(key): layer count", file: file, line: line)
    for (i, (mine, ref)) in zip(s.layers, rows).enumerated() {
        let at = "\(key) layer \(i) \(mine.name)"
        if let name = ref.name { XCTAssertEqual(mine.name, name, at, file: file, line: line) }
        XCTAssertEqual(mine.kindName, ref.kind, at, file: file, line: line)
        XCTAssertEqual(mine.outputShape.dims, ref.output, at, file: file, line: line)
        XCTAssertEqual(mine.params, ref.params, at, file: file, line: line)
        XCTAssertEqual(mine.macs, ref.macs, at, file: file, line: line)
    }
}

func assertTotalsMatchTorchinfo(_ s: ModelSummary, _ totals: TorchinfoTotals, _ key: String,
                                file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(s.totals.params, totals.params, key, file: file, line: line)
    XCTAssertEqual(s.totals.macs, totals.multAdds, key, file: file, line: line)
    XCTAssertEqual(s.totals.paramBytes, totals.paramBytes, key, file: file, line: line)
    XCTAssertEqual(s.totals.forwardBackwardBytes, totals.outputBytes, key, file: file, line: line)
}

/// The torchinfo oracle (copied from shared/reference/torchinfo.json into Fixtures).
struct TorchinfoEntry {
    var key: String
    var spec: VGGSpec
    var totals: TorchinfoTotals
    var layers: [TorchinfoRow]
}

enum Oracle {
    static let entries: [TorchinfoEntry] = {
        let url = Bundle.module.url(forResource: "torchinfo", withExtension: "json", subdirectory: "Fixtures")!
        let data = try! Data(contentsOf: url)
        let root = try! JSONSerialization.jsonObject(with: data) as! [String: [String: Any]]
        return root.keys.sorted().map { key in
            let e = root[key]!
            let specData = try! JSONSerialization.data(withJSONObject: e["spec"]!)
            // The oracle's spec uses the `fc`/`bn` spelling, which preset files accept too.
            let spec = try! VGGSpec(json: specData, source: "torchinfo.json[\(key)]", defaultName: key)
            return TorchinfoEntry(key: key, spec: spec, totals: TorchinfoTotals(json: e),
                                  layers: (e["layers"] as! [[String: Any]]).map(TorchinfoRow.init(json:)))
        }
    }()
}

extension ModelSummary {
    static func of(_ spec: VGGSpec, file: StaticString = #filePath, line: UInt = #line) -> ModelSummary? {
        do { return try ModelSummary(spec: spec) } catch {
            XCTFail("\(spec.name): \(error.message)", file: file, line: line)
            return nil
        }
    }
}
