import Foundation
import XCTest
@testable import VGGRuntime

final class NpyArrayTests: XCTestCase {
    func testReadsReferenceOutput() throws {
        let array = try NpyArray.read(contentsOf: Fixture.url("tiny.output.npy"))
        XCTAssertEqual(array.shape, [1, 4])
        XCTAssertEqual(array.values.count, 4)
    }

    func testRoundTrip() throws {
        for shape in [[2, 3, 5, 7], [4], [], [1, 0]] {
            let count = shape.reduce(1, *)
            let values = (0..<count).map { Float($0) * 0.25 - 3 }
            let array = NpyArray(shape: shape, values: values)
            let data = array.npyData()
            XCTAssertEqual((data.count - data.count % 64) % 64, 0)
            let back = try NpyArray(npyData: data)
            XCTAssertEqual(back, array, "shape \(shape)")
        }
        let url = Fixture.temporary("roundtrip.npy")
        defer { try? FileManager.default.removeItem(at: url) }
        let array = NpyArray(shape: [1, 3], values: [1, -2, .pi])
        try array.write(to: url)
        XCTAssertEqual(try NpyArray.read(contentsOf: url), array)
    }

    func testHeaderIsNumPyCompatible() throws {
        let data = NpyArray(shape: [2, 3], values: Array(repeating: 0, count: 6)).npyData()
        let headerLength = Int(data[8]) | Int(data[9]) << 8
        XCTAssertEqual((10 + headerLength) % 64, 0, "data must start on a 64-byte boundary")
        let header = String(decoding: data[10..<(10 + headerLength)], as: UTF8.self)
        XCTAssertTrue(header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"))
        XCTAssertTrue(header.hasSuffix("\n"))
    }

    private func npy(header: String, payload: Int, major: UInt8 = 1) -> Data {
        var out = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, major, 0])
        out.append(contentsOf: [UInt8(header.utf8.count & 0xff), UInt8(header.utf8.count >> 8)])
        if major == 2 { out.append(contentsOf: [0, 0]) }
        out.append(contentsOf: Array(header.utf8))
        out.append(Data(count: payload))
        return out
    }

    func testVersion2Header() throws {
        let array = try NpyArray(npyData: npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }\n", payload: 12, major: 2))
        XCTAssertEqual(array.shape, [3])
    }

    func testRejectsMalformedFiles() {
        func expect(_ data: Data, _ matches: (NpyError) -> Bool, _ what: String) {
            XCTAssertThrowsError(try NpyArray(npyData: data), what) { error in
                guard let npyError = error as? NpyError, matches(npyError) else {
                    return XCTFail("\(what): unexpected error \(error)")
                }
                XCTAssertFalse(npyError.description.isEmpty)
            }
        }
        expect(Data("hello world, not numpy".utf8), { if case .notNpy = $0 { true } else { false } }, "not npy")
        expect(npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }\n", payload: 16),
               { if case .unsupportedDType(_, "<f8") = $0 { true } else { false } }, "float64")
        expect(npy(header: "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }\n", payload: 8),
               { if case .unsupportedDType(_, ">f4") = $0 { true } else { false } }, "big-endian")
        expect(npy(header: "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }\n", payload: 24),
               { if case .fortranOrder = $0 { true } else { false } }, "fortran")
        expect(npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }\n", payload: 20),
               { if case .truncated = $0 { true } else { false } }, "short payload")
        expect(npy(header: "{'descr': '<f4', 'shape': (2, 3), }\n", payload: 24),
               { if case .badHeader = $0 { true } else { false } }, "missing field")
        expect(npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': [2, x], }\n", payload: 24),
               { if case .badHeader = $0 { true } else { false } }, "bad shape")
        expect(npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n", payload: 8, major: 9),
               { if case .unsupportedVersion(_, 9) = $0 { true } else { false } }, "version")
        var cut = NpyArray(shape: [4], values: [1, 2, 3, 4]).npyData()
        cut = cut.prefix(20)
        expect(cut, { if case .truncated = $0 { true } else { false } }, "cut header")
    }

    func testFortranOrderOfAVectorIsFine() throws {
        let array = try NpyArray(npyData: npy(header: "{'descr': '<f4', 'fortran_order': True, 'shape': (1, 3), }\n", payload: 12))
        XCTAssertEqual(array.shape, [1, 3])
    }

    func testMissingFile() {
        XCTAssertThrowsError(try NpyArray.read(contentsOf: URL(fileURLWithPath: "/nonexistent/x.npy"))) { error in
            guard case .unreadable = error as? NpyError else { return XCTFail("unexpected \(error)") }
        }
    }
}
