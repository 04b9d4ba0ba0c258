import Foundation
import VGGCore

/// A float32 array as stored in NumPy's `.npy` format (C order, little-endian `<f4`).
/// Reads header versions 1, 2 and 3; writes version 1 (version 2 when the header needs it).
public struct NpyArray: Equatable, Sendable {
    public var shape: [Int]
    public var values: [Float]

    public init(shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not hold \(values.count) values")
        self.shape = shape
        self.values = values
    }

    public static func read(contentsOf url: URL) throws -> NpyArray {
        try read(path: url.path)
    }

    /// `path` as the user gave it, so messages name the same path.
    public static func read(path: String) throws -> NpyArray {
        // The file and its floats are held at once, so it may take at most half the memory this process can use;
        // the open is non-blocking after a type check, so a FIFO or device is refused, never waited on.
        let limit = SystemMemory.availableBytes().map { max($0 / 2, 1 << 20) } ?? Int.max
        let data: Data
        do {
            data = try InputFile.read(path, maxBytes: limit, what: ".npy input in the memory available")
        } catch {
            throw NpyError.unreadable(path: path, reason: error.reason)
        }
        return try NpyArray(npyData: data, source: path)
    }

    public init(npyData data: Data, source: String = "data") throws {
        let bytes = [UInt8](data.prefix(12))
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw NpyError.notNpy(source: source)
        }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw NpyError.truncated(source: source, expected: 12, found: data.count) }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default:
            throw NpyError.unsupportedVersion(source: source, major: Int(major))
        }
        let dataStart = headerStart + headerLength
        guard data.count >= dataStart else {
            throw NpyError.truncated(source: source, expected: dataStart, found: data.count)
        }
        let headerBytes = data.subdata(in: data.startIndex + headerStart..<data.startIndex + dataStart)
        guard let header = String(data: headerBytes, encoding: major == 3 ? .utf8 : .isoLatin1) else {
            throw NpyError.badHeader(source: source, reason: "the header is not text")
        }
        let fields = try NpyHeader(parsing: header, source: source)
        guard fields.descr == "<f4" || fields.descr == "|f4" else {
            throw NpyError.unsupportedDType(source: source, descr: fields.descr)
        }
        let hasMultipleElements = fields.shape.filter { $0 != 1 }.count > 1
        if fields.fortranOrder && hasMultipleElements {
            throw NpyError.fortranOrder(source: source)
        }
        guard let count = Checked.product(fields.shape), let byteCount = Checked.product([count, 4]),
              let needed = Checked.sum([dataStart, byteCount]) else {
            throw NpyError.badHeader(source: source, reason: "shape \(fields.shape) is too large")
        }
        guard data.count >= needed else {
            throw NpyError.truncated(source: source, expected: needed, found: data.count)
        }
        var values = [Float](repeating: 0, count: count)
        values.withUnsafeMutableBytes { out in
            data.withUnsafeBytes { raw in
                out.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[dataStart..<dataStart + byteCount]))
            }
        }
        #if _endian(big)
        values = values.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
        #endif
        self.shape = fields.shape
        self.values = values
    }

    /// The `.npy` bytes of this array.
    public func npyData() -> Data {
        let shapeText: String
        switch shape.count {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(shape[0]),)"
        default: shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shapeText), }"
        // NumPy pads the header with spaces and a newline so the data starts on a 64-byte boundary.
        let prefixV1 = 10
        let padded = (prefixV1 + header.utf8.count + 1 + 63) / 64 * 64
        let useV2 = padded - prefixV1 > Int(UInt16.max)
        let prefix = useV2 ? 12 : prefixV1
        let total = (prefix + header.utf8.count + 1 + 63) / 64 * 64
        header += String(repeating: " ", count: total - prefix - header.utf8.count - 1) + "\n"
        var out = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, useV2 ? 2 : 1, 0])
        let length = header.utf8.count
        if useV2 {
            out.append(contentsOf: [UInt8(length & 0xff), UInt8(length >> 8 & 0xff), UInt8(length >> 16 & 0xff), UInt8(length >> 24)])
        } else {
            out.append(contentsOf: [UInt8(length & 0xff), UInt8(length >> 8)])
        }
        out.append(contentsOf: Array(header.utf8))
        values.withUnsafeBufferPointer { buffer in
            #if _endian(big)
            let little = buffer.map { $0.bitPattern.littleEndian }
            little.withUnsafeBytes { out.append(contentsOf: $0) }
            #else
            out.append(UnsafeBufferPointer(start: buffer.baseAddress, count: buffer.count))
            #endif
        }
        return out
    }

    /// Written atomically (AtomicFile: refuses non-regular targets, keeps an existing file's mode).
    public func write(to url: URL) throws {
        try write(toPath: url.path)
    }

    public func write(toPath path: String) throws {
        do {
            try AtomicFile.write(npyData(), to: path)
        } catch {
            throw NpyError.unwritable(message: error.message)
        }
    }
}

/// The three fields of an `.npy` header, a Python dict literal such as
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (1, 4), }`.
struct NpyHeader {
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]

    init(parsing text: String, source: String) throws {
        func fail(_ reason: String) -> NpyError { .badHeader(source: source, reason: reason) }
        func valueText(after key: String) throws -> Substring {
            guard let keyRange = text.range(of: "'\(key)'") ?? text.range(of: "\"\(key)\"") else {
                throw fail("no '\(key)' field")
            }
            var rest = text[keyRange.upperBound...].drop { $0 == " " }
            guard rest.first == ":" else { throw fail("no ':' after '\(key)'") }
            rest = rest.dropFirst().drop { $0 == " " }
            return rest
        }
        let descrText = try valueText(after: "descr")
        guard let quote = descrText.first, quote == "'" || quote == "\"",
              let end = descrText.dropFirst().firstIndex(of: quote) else {
            throw fail("'descr' is not a string (structured dtypes are not supported)")
        }
        descr = String(descrText[descrText.index(after: descrText.startIndex)..<end])
        let fortranText = try valueText(after: "fortran_order")
        if fortranText.hasPrefix("True") {
            fortranOrder = true
        } else if fortranText.hasPrefix("False") {
            fortranOrder = false
        } else {
            throw fail("'fortran_order' is neither True nor False")
        }
        let shapeText = try valueText(after: "shape")
        guard shapeText.first == "(", let close = shapeText.firstIndex(of: ")") else {
            throw fail("'shape' is not a tuple")
        }
        let inner = shapeText[shapeText.index(after: shapeText.startIndex)..<close]
        var dims: [Int] = []
        for part in inner.split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "L", with: "")
            if trimmed.isEmpty { continue }
            guard let dim = Int(trimmed), dim >= 0 else { throw fail("'shape' has a bad dimension '\(trimmed)'") }
            dims.append(dim)
        }
        shape = dims
    }
}
