import Foundation
import VGGCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `.safetensors` file: an 8-byte little-endian header length, a JSON header mapping names to
/// `{dtype, shape, data_offsets}`, then the raw little-endian tensor bytes.
///
/// Only the header is read at open; each tensor is read with `pread` straight into the caller's
/// buffer when asked for, so a large file is never held twice (no mapping that would count as resident).
public final class SafeTensorsFile {
    public struct Entry: Equatable, Sendable {
        public var name: String
        public var dtype: SafeTensorsDType
        public var shape: [Int]
        /// Byte range inside the data section.
        public var begin: Int
        public var end: Int
    }

    public let path: String
    public let fileSize: Int
    /// Tensors by name, `__metadata__` excluded.
    public let entries: [String: Entry]
    private let descriptor: Int32
    private let dataStart: Int

    public init(path: String) throws {
        self.path = path
        // Non-blocking open after a type check: a FIFO or device at the path is refused, never waited on.
        let fd: Int32, size: Int
        do {
            (fd, size) = try InputFile.open(path)
        } catch {
            throw SafeTensorsError.unreadable(path: path, reason: error.reason)
        }
        descriptor = fd
        fileSize = size
        do {
            var lengthBytes = [UInt8](repeating: 0, count: 8)
            try Self.readFully(fd: fd, into: &lengthBytes, at: 0, path: path, fileSize: fileSize)
            var length: UInt64 = 0
            for (i, byte) in lengthBytes.enumerated() { length |= UInt64(byte) << (8 * UInt64(i)) }
            // The format caps headers at 100 MB; a larger value means this is not a safetensors file.
            guard length <= UInt64(Self.maxHeaderBytes) else {
                throw SafeTensorsError.badHeader(path: path, reason: "header length \(length) is implausible; is this a .safetensors file?")
            }
            let headerLength = Int(length)
            guard 8 + headerLength <= fileSize else {
                throw SafeTensorsError.truncated(path: path, needed: 8 + headerLength, found: fileSize)
            }
            var headerBytes = [UInt8](repeating: 0, count: headerLength)
            try Self.readFully(fd: fd, into: &headerBytes, at: 0 + 8, path: path, fileSize: fileSize)
            dataStart = 8 + headerLength
            entries = try Self.parseHeader(headerBytes, path: path, dataStart: dataStart, fileSize: fileSize)
        } catch {
            close(fd)
            throw error
        }
    }

    deinit {
        close(descriptor)
    }

    /// Reads tensor `name` as float32 into `buffer`, converting F16/BF16; the buffer must hold exactly its elements.
    public func read(_ name: String, into buffer: UnsafeMutableBufferPointer<Float>) throws {
        guard let entry = entries[name] else {
            throw SafeTensorsError.missingTensor(path: path, name: name)
        }
        let count = entry.shape.reduce(1, *)
        precondition(buffer.count == count, "buffer for \(name) holds \(buffer.count), the tensor \(count)")
        guard count > 0, let base = buffer.baseAddress else { return }
        switch entry.dtype {
        case .f32:
            try readRaw(UnsafeMutableRawBufferPointer(buffer), at: dataStart + entry.begin)
            #if _endian(big)
            for i in buffer.indices { buffer[i] = Float(bitPattern: UInt32(littleEndian: buffer[i].bitPattern)) }
            #endif
        case .f16, .bf16:
            // Convert in chunks so a large half-precision tensor needs only a small staging buffer.
            let chunk = 1 << 16
            var halves = [UInt16](repeating: 0, count: min(chunk, count))
            var done = 0
            while done < count {
                let n = min(chunk, count - done)
                try halves.withUnsafeMutableBytes { raw in
                    try readRaw(UnsafeMutableRawBufferPointer(rebasing: raw[0..<(n * 2)]), at: dataStart + entry.begin + done * 2)
                }
                let out = base + done
                if entry.dtype == .bf16 {
                    for i in 0..<n { out[i] = Float(bitPattern: UInt32(UInt16(littleEndian: halves[i])) << 16) }
                } else {
                    for i in 0..<n { out[i] = HalfFloat.toFloat(UInt16(littleEndian: halves[i])) }
                }
                done += n
            }
        case let .other(dtypeName):
            throw SafeTensorsError.unsupportedDType(path: path, name: name, dtype: dtypeName)
        }
    }

    /// Reads tensor `name` into a new array (for small tensors and tests).
    public func floats(_ name: String) throws -> [Float] {
        guard let entry = entries[name] else {
            throw SafeTensorsError.missingTensor(path: path, name: name)
        }
        var out = [Float](repeating: 0, count: entry.shape.reduce(1, *))
        try out.withUnsafeMutableBufferPointer { try read(name, into: $0) }
        return out
    }

    private func readRaw(_ buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws {
        var done = 0
        while done < buffer.count {
            let got = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else {
                throw SafeTensorsError.truncated(path: path, needed: offset + buffer.count, found: fileSize)
            }
            done += got
        }
    }

    private static func readFully(fd: Int32, into bytes: inout [UInt8], at offset: Int, path: String, fileSize: Int) throws {
        let count = bytes.count
        var done = 0
        while done < count {
            let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { throw SafeTensorsError.truncated(path: path, needed: offset + count, found: fileSize) }
            done += got
        }
    }

    /// The reference implementation's cap on the JSON header (safetensors' MAX_HEADER_SIZE).
    public static let maxHeaderBytes = 100_000_000

    /// Validates the header as the reference implementation (safetensors' `Metadata::validate`) does: a JSON object
    /// starting with `{`, unique keys, `__metadata__` a string-to-string map, every entry a known dtype with a shape
    /// and two data offsets that are non-negative integers; sorted by offset, the entries tile the data section
    /// exactly (each begins where the previous ends, the last ends at the end of the file: no gaps, no overlaps), and
    /// each spans shape x dtype size bytes, computed with overflow checks.
    static func parseHeader(_ bytes: [UInt8], path: String, dataStart: Int, fileSize: Int) throws -> [String: Entry] {
        let dataBytes = fileSize - dataStart
        func bad(_ reason: String) -> SafeTensorsError { .badHeader(path: path, reason: reason) }
        func quoted(_ name: String) -> String { "'" + TerminalSafe.escape(name) + "'" }
        guard bytes.first == UInt8(ascii: "{") else { throw bad("the JSON header does not start with '{'") }
        let object: JSON
        do {
            object = try JSONParser().parse(bytes)
        } catch {
            throw bad("the JSON header does not parse (\(error.description))")
        }
        guard case .object(let table) = object else { throw bad("the JSON header is not an object") }
        var entries: [String: Entry] = [:]
        var ordered: [Entry] = []
        for (name, value) in table {
            if name == "__metadata__" {
                guard case .object(let fields) = value, fields.allSatisfy({ if case .string = $0.1 { true } else { false } }) else {
                    throw bad("__metadata__ must map strings to strings")
                }
                continue
            }
            guard case .object = value, case .string(let dtypeName)? = value["dtype"],
                  case .array(let shapeValues)? = value["shape"],
                  case .array(let offsetValues)? = value["data_offsets"] else {
                throw bad("entry \(quoted(name)) lacks dtype, shape or data_offsets")
            }
            guard let bits = SafeTensorsDType.bitSize(of: dtypeName) else {
                throw bad("entry \(quoted(name)) has unknown dtype \(quoted(dtypeName))")
            }
            var shape: [Int] = []
            for v in shapeValues {
                guard case .int(let d) = v, d >= 0 else {
                    throw bad("entry \(quoted(name)) has shape dimension \(v.snippet); dimensions are non-negative integers")
                }
                shape.append(d)
            }
            var offsets: [Int] = []
            for v in offsetValues {
                guard case .int(let o) = v, o >= 0 else {
                    throw bad("entry \(quoted(name)) has data offset \(v.snippet); offsets are non-negative integers")
                }
                offsets.append(o)
            }
            guard offsets.count == 2 else { throw bad("entry \(quoted(name)) needs two data_offsets [begin, end], got \(offsets.count)") }
            guard offsets[1] >= offsets[0] else {
                throw bad("entry \(quoted(name)) has data_offsets [\(offsets[0]), \(offsets[1])] that end before they begin")
            }
            let span = offsets[1] - offsets[0]
            let shapeText = "[" + shape.map(String.init).joined(separator: ", ") + "]"
            guard let count = Checked.product(shape), let totalBits = Checked.product([count, bits]) else {
                throw bad("entry \(quoted(name)) has shape \(shapeText): too many elements to address")
            }
            guard totalBits % 8 == 0 else {
                throw bad("entry \(quoted(name)): \(count) elements of \(dtypeName) do not fill whole bytes")
            }
            guard totalBits / 8 == span else {
                throw bad("entry \(quoted(name)) spans \(span) bytes, its shape \(shapeText) of \(dtypeName) needs \(totalBits / 8)")
            }
            let entry = Entry(name: name, dtype: SafeTensorsDType(name: dtypeName), shape: shape, begin: offsets[0], end: offsets[1])
            entries[name] = entry
            ordered.append(entry)
        }
        ordered.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var end = 0
        for entry in ordered {
            guard entry.begin == end else {
                let what = entry.begin < end ? "overlaps the previous tensor" : "leaves a gap of \(entry.begin - end) bytes after the previous tensor"
                throw bad("entry \(quoted(entry.name)) at data_offsets [\(entry.begin), \(entry.end)] \(what)")
            }
            end = entry.end
        }
        if end > dataBytes {
            throw SafeTensorsError.truncated(path: path, needed: dataStart + end, found: fileSize)
        }
        guard end == dataBytes else {
            throw bad("the tensors cover \(end) bytes of the \(dataBytes)-byte data section; the file has \(dataBytes - end) stray bytes")
        }
        return entries
    }
}
