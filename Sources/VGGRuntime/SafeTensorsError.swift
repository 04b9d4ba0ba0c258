import VGGCore

/// Why a `.safetensors` file could not be read; the weight check reports layout mismatches as `WeightsError`.
public enum SafeTensorsError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case badHeader(path: String, reason: String)
    case truncated(path: String, needed: Int, found: Int)
    case missingTensor(path: String, name: String)
    case unsupportedDType(path: String, name: String, dtype: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "cannot read weights file \(path): \(reason)"
        case let .badHeader(path, reason):
            return "\(path) is not a valid .safetensors file: \(reason); save it with safetensors.torch.save_file(model.state_dict(), path)"
        case let .truncated(path, needed, found):
            return "\(path) is truncated: its header needs \(needed) bytes, the file has \(found); copy or download it again"
        case let .missingTensor(path, name):
            return "\(path) has no tensor '\(TerminalSafe.escape(name))'"
        case let .unsupportedDType(path, name, dtype):
            return "\(path): tensor '\(TerminalSafe.escape(name))' has dtype \(TerminalSafe.escape(dtype)); only F32, F16 and BF16 are supported;"
                + " convert with {k: v.float() for k, v in state_dict.items()} before saving"
        }
    }
}
