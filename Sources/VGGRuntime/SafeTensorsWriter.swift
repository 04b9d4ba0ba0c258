import Foundation
import VGGCore

/// Writes a `.safetensors` file: used by tests to build good and broken files, and to save seeded weights.
public struct SafeTensorsWriter {
    public struct Tensor {
        public var name: String
        public var dtype: String
        public var shape: [Int]
        public var bytes: [UInt8]

        public init(name: String, dtype: String, shape: [Int], bytes: [UInt8]) {
            self.name = name
            self.dtype = dtype
            self.shape = shape
            self.bytes = bytes
        }

        /// A float32 tensor, stored little-endian.
        public init(name: String, shape: [Int], values: [Float]) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(values.count * 4)
            for v in values {
                let bits = v.bitPattern
                bytes += [UInt8(bits & 0xff), UInt8(bits >> 8 & 0xff), UInt8(bits >> 16 & 0xff), UInt8(bits >> 24)]
            }
            self.init(name: name, dtype: "F32", shape: shape, bytes: bytes)
        }
    }

    public var tensors: [Tensor] = []
    public var metadata: [String: String] = [:]

    public init(tensors: [Tensor] = [], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    public func data() throws -> Data {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        for tensor in tensors {
            header[tensor.name] = ["dtype": tensor.dtype, "shape": tensor.shape,
                                   "data_offsets": [offset, offset + tensor.bytes.count]] as [String: Any]
            offset += tensor.bytes.count
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        // Pad with spaces to 8 bytes, as the reference writer does, so the data section stays aligned.
        while json.count % 8 != 0 { json.append(0x20) }
        var out = Data()
        var length = UInt64(json.count).littleEndian
        withUnsafeBytes(of: &length) { out.append(contentsOf: $0) }
        out.append(json)
        for tensor in tensors { out.append(contentsOf: tensor.bytes) }
        return out
    }

    public func write(to url: URL) throws {
        try AtomicFile.write(data(), to: url.path)
    }
}
