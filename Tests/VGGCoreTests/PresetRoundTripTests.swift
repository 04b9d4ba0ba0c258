import Foundation
import Testing
import VGGCore

/// Every built-in preset, one test case each (Swift Testing's parameterised tests).
@Suite("Built-in presets")
struct PresetRoundTripTests {
    @Test("saving and loading a preset gives the same spec", arguments: Presets.names)
    func roundTrip(name: String) throws {
        let spec = try #require(Presets.named(name))
        let back = try VGGSpec(json: Data(spec.jsonText.utf8), source: name, defaultName: "other")
        #expect(back == spec)
    }

    @Test("JSON totals equal the sum of the JSON layer rows", arguments: Presets.names)
    func jsonTotals(name: String) throws {
        let summary = try ModelSummary(spec: try Presets.load(name))
        let json = SummaryReport.json(summary)
        guard case .array(let layers)? = json["layers"], case .object? = json["totals"] else {
            Issue.record("\(name): JSON has no layers/totals")
            return
        }
        for key in ["params", "macs", "flops", "activation_bytes"] {
            let sum = layers.reduce(0) { acc, layer in
                if case .int(let v)? = layer[key] { acc + v } else { acc }
            }
            #expect(json["totals"]?[key] == .int(sum), "\(name) \(key)")
        }
    }

    @Test("classifier holds most params, convolutions most MACs", arguments: Presets.names)
    func centralLesson(name: String) throws {
        let s = try ModelSummary(spec: try Presets.load(name))
        #expect(s.split.classifierParams > s.split.convParams)
        // AlexNet's convs are cheaper (11x11/4 first, few channels): ~11-21x its classifier, VGG's 50x and more.
        #expect(s.split.convMACs > (s.spec.isLayerList ? 10 : 50) * s.split.classifierMACs)
        let firstLinear = s.layers.first { if case .linear = $0.layer.op { true } else { false } }
        #expect(s.heaviestByParams?.name == firstLinear?.name)
        #expect(s.heaviestByParams?.name == (s.spec.isLayerList ? nil : "classifier.0") ?? firstLinear?.name)
    }
}
