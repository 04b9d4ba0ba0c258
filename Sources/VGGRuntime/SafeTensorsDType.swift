/// Element types in a `.safetensors` header; F32, F16 and BF16 are read (as float32), others are named in errors.
public enum SafeTensorsDType: Equatable, Sendable, CustomStringConvertible {
    case f32, f16, bf16
    case other(String)

    public init(name: String) {
        switch name {
        case "F32": self = .f32
        case "F16": self = .f16
        case "BF16": self = .bf16
        default: self = .other(name)
        }
    }

    public var description: String {
        switch self {
        case .f32: return "F32"
        case .f16: return "F16"
        case .bf16: return "BF16"
        case let .other(name): return name
        }
    }

    /// Bytes per element, when known, to check each entry's byte span against its shape.
    public var byteWidth: Int? {
        switch self {
        case .f32: return 4
        case .f16, .bf16: return 2
        case let .other(name):
            switch name {
            case "F64", "I64", "U64": return 8
            case "I32", "U32": return 4
            case "I16", "U16": return 2
            case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2": return 1
            default: return nil
            }
        }
    }
}
