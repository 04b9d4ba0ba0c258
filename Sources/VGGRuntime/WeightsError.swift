import VGGCore

/// A weights file that does not fit the spec; the hint compares the spec's architecture with the file's.
public enum WeightsError: Error, Equatable, CustomStringConvertible {
    case missingKey(key: String, expected: [Int], hint: String)
    case unexpectedKey(key: String, found: [Int], hint: String)
    case shapeMismatch(key: String, expected: [Int], found: [Int], hint: String)
    case unsupportedDType(key: String, dtype: String)

    func withHint(_ hint: String) -> WeightsError {
        switch self {
        case let .missingKey(key, expected, _): return .missingKey(key: key, expected: expected, hint: hint)
        case let .unexpectedKey(key, found, _): return .unexpectedKey(key: key, found: found, hint: hint)
        case let .shapeMismatch(key, expected, found, _): return .shapeMismatch(key: key, expected: expected, found: found, hint: hint)
        case .unsupportedDType: return self
        }
    }

    public var description: String {
        let fix = "pass the spec the weights were trained with (preset or --blocks/--layers/--input/--fc/--classes/--head/--batch-norm)"
        func shape(_ s: [Int]) -> String { "[" + s.map(String.init).joined(separator: ", ") + "]" }
        func tail(_ hint: String) -> String { hint.isEmpty ? "; \(fix)" : " (\(hint)); \(fix)" }
        switch self {
        case let .missingKey(key, expected, hint):
            return "weights file lacks '\(TerminalSafe.escape(key))' (expected shape \(shape(expected)), found none)" + tail(hint)
        case let .unexpectedKey(key, found, hint):
            return "weights file has '\(TerminalSafe.escape(key))' (shape \(shape(found))) that the spec does not use" + tail(hint)
        case let .shapeMismatch(key, expected, found, hint):
            return "weights tensor '\(TerminalSafe.escape(key))' has shape \(shape(found)), the spec expects \(shape(expected))" + tail(hint)
        case let .unsupportedDType(key, dtype):
            return "weights tensor '\(TerminalSafe.escape(key))' has dtype \(TerminalSafe.escape(dtype)); only F32, F16 and BF16 are supported;"
                + " convert with {k: v.float() for k, v in state_dict.items()} before saving"
        }
    }
}
