import Foundation
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
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw SafeTensorsError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            throw SafeTensorsError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw SafeTensorsError.unreadable(path: path, reason: "not a regular file")
        }
        descriptor = fd
        fileSize = Int(info.st_size)
        do {
            var lengthBytes = [UInt8](repeating: 0, count: 8)
            try Self.readFully(fd: fd, into: &lengthBytes, at: 0, path: path, fileSize: fileSize)
            var length: UInt64 = 0
            for (i, byte) in lengthBytes.enumerated() { length |= UInt64(byte) << (8 * UInt64(i)) }
            // The format caps headers at 100 MB; a larger value means this is not a safetensors file.
            guard length <= 100_000_000 else {
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
        let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
        guard got == count else {
            throw SafeTensorsError.truncated(path: path, needed: offset + count, found: fileSize)
        }
    }

    private static func parseHeader(_ bytes: [UInt8], path: String, dataStart: Int, fileSize: Int) throws -> [String: Entry] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw SafeTensorsError.badHeader(path: path, reason: "the JSON header does not parse (\(error.localizedDescription))")
        }
        guard let table = object as? [String: Any] else {
            throw SafeTensorsError.badHeader(path: path, reason: "the JSON header is not an object")
        }
        var entries: [String: Entry] = [:]
        for (name, value) in table where name != "__metadata__" {
            guard let fields = value as? [String: Any],
                  let dtypeName = fields["dtype"] as? String,
                  let shapeValues = fields["shape"] as? [Any],
                  let offsetValues = fields["data_offsets"] as? [Any], offsetValues.count == 2 else {
                throw SafeTensorsError.badHeader(path: path, reason: "entry '\(name)' lacks dtype, shape or data_offsets")
            }
            let shape = shapeValues.compactMap { ($0 as? NSNumber)?.intValue }
            let offsets = offsetValues.compactMap { ($0 as? NSNumber)?.intValue }
            guard shape.count == shapeValues.count, shape.allSatisfy({ $0 >= 0 }), offsets.count == 2,
                  offsets[0] >= 0, offsets[1] >= offsets[0] else {
                throw SafeTensorsError.badHeader(path: path, reason: "entry '\(name)' has a bad shape or data_offsets")
            }
            let dtype = SafeTensorsDType(name: dtypeName)
            var count = 1
            for dim in shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: dim)
                guard !overflow else { throw SafeTensorsError.badHeader(path: path, reason: "entry '\(name)' is too large") }
                count = product
            }
            if let width = dtype.byteWidth {
                let (bytes, overflow) = count.multipliedReportingOverflow(by: width)
                guard !overflow, bytes == offsets[1] - offsets[0] else {
                    throw SafeTensorsError.badHeader(
                        path: path, reason: "entry '\(name)' spans \(offsets[1] - offsets[0]) bytes, its shape \(shape) needs \(count &* width)")
                }
            }
            guard offsets[1] <= fileSize - dataStart else {
                throw SafeTensorsError.truncated(path: path, needed: dataStart + offsets[1], found: fileSize)
            }
            // Unsupported dtypes are kept so the weight check can name the key; reading them fails there.
            entries[name] = Entry(name: name, dtype: dtype, shape: shape, begin: offsets[0], end: offsets[1])
        }
        return entries
    }
}
