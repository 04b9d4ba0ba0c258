/// Why an `.npy` file could not be read or written; each message says how to fix the file.
public enum NpyError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    /// AtomicFile's message: "cannot write PATH: why; how to fix".
    case unwritable(message: String)
    case notNpy(source: String)
    case unsupportedVersion(source: String, major: Int)
    case badHeader(source: String, reason: String)
    case unsupportedDType(source: String, descr: String)
    case fortranOrder(source: String)
    case truncated(source: String, expected: Int, found: Int)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "cannot read \(path): \(reason)"
        case let .unwritable(message):
            return message
        case let .notNpy(source):
            return "\(source) is not a .npy file (no \\x93NUMPY magic); save the array with numpy.save"
        case let .unsupportedVersion(source, major):
            return "\(source) uses .npy format version \(major); versions 1-3 are supported (numpy.save writes 1)"
        case let .badHeader(source, reason):
            return "\(source) has a malformed .npy header: \(reason)"
        case let .unsupportedDType(source, descr):
            return "\(source) holds dtype '\(descr)', only little-endian float32 ('<f4') is supported;"
                + " convert with numpy.save(path, array.astype('<f4'))"
        case let .fortranOrder(source):
            return "\(source) is stored in Fortran order; save numpy.ascontiguousarray(array) instead"
        case let .truncated(source, expected, found):
            return "\(source) is truncated: its header needs \(expected) bytes, the file has \(found)"
        }
    }
}
