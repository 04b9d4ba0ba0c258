import Foundation
import VGGCore
import XCTest

/// The torchinfo oracle (copied from shared/reference/torchinfo.json into Fixtures).
struct TorchinfoEntry {
    var key: String
    var spec: VGGSpec
    var totalParams: Int
    var totalMultAdds: Int
    var paramBytes: Int
    var outputBytes: Int
    var layers: [(kind: String, output: [Int], params: Int, macs: Int)]
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
            let layers = (e["layers"] as! [[String: Any]]).map {
                (kind: $0["kind"] as! String, output: $0["output"] as! [Int], params: $0["params"] as! Int, macs: $0["macs"] as! Int)
            }
            return TorchinfoEntry(key: key, spec: spec, totalParams: e["total_params"] as! Int,
                                  totalMultAdds: e["total_mult_adds"] as! Int, paramBytes: e["param_bytes"] as! Int,
                                  outputBytes: e["output_bytes"] as! Int, layers: layers)
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
