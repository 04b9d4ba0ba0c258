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

    /// Bits per element of every dtype the reference implementation knows (its `Dtype::bitsize`); nil for any other
    /// name, which makes the header invalid there as here.
    public static func bitSize(of name: String) -> Int? {
        switch name {
        case "F4": return 4
        case "F6_E2M3", "F6_E3M2": return 6
        case "BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0": return 8
        case "I16", "U16", "F16", "BF16": return 16
        case "I32", "U32", "F32": return 32
        case "I64", "U64", "F64", "C64": return 64
        default: return nil
        }
    }

    /// Bytes per element, for whole-byte dtypes.
    public var byteWidth: Int? {
        guard let bits = Self.bitSize(of: description), bits % 8 == 0 else { return nil }
        return bits / 8
    }
}
