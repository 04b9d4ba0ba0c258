import Foundation
import XCTest
@testable import VGGRuntime

/// The memory guard's sources beyond MemAvailable: cgroup v2/v1 limits and the rlimit headroom (issue #10 defect 7).
final class SystemMemoryTests: XCTestCase {
    func makeRoot() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: root) }
        return root
    }

    func testCgroupV2LimitLessUsage() throws {
        let root = try makeRoot()
        let proc = root + "/proc-cgroup"
        try "0::/job\n".write(toFile: proc, atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: root + "/job", withIntermediateDirectories: true)
        try "1073741824\n".write(toFile: root + "/job/memory.max", atomically: false, encoding: .utf8)
        try "268435456\n".write(toFile: root + "/job/memory.current", atomically: false, encoding: .utf8)
        XCTAssertEqual(SystemMemory.cgroupHeadroom(root: root, procCgroup: proc), 805_306_368)
        try "max\n".write(toFile: root + "/job/memory.max", atomically: false, encoding: .utf8)
        XCTAssertNil(SystemMemory.cgroupHeadroom(root: root, procCgroup: proc), "unlimited")
        // Usage past the limit leaves nothing, never a negative number.
        try "100\n".write(toFile: root + "/job/memory.max", atomically: false, encoding: .utf8)
        XCTAssertEqual(SystemMemory.cgroupHeadroom(root: root, procCgroup: proc), 0)
    }

    func testCgroupV1() throws {
        let root = try makeRoot()
        try FileManager.default.createDirectory(atPath: root + "/memory", withIntermediateDirectories: true)
        try "2147483648\n".write(toFile: root + "/memory/memory.limit_in_bytes", atomically: false, encoding: .utf8)
        try "147483648\n".write(toFile: root + "/memory/memory.usage_in_bytes", atomically: false, encoding: .utf8)
        XCTAssertEqual(SystemMemory.cgroupHeadroom(root: root, procCgroup: root + "/none"), 2_000_000_000)
        try "9223372036854771712\n".write(toFile: root + "/memory/memory.limit_in_bytes", atomically: false, encoding: .utf8)
        XCTAssertNil(SystemMemory.cgroupHeadroom(root: root, procCgroup: root + "/none"), "v1's 'unlimited'")
    }

    func testStatusFieldsAndHeadroom() {
        let status = "Name:\tx\nVmSize:\t  2000 kB\nVmData:\t  500 kB\n"
        XCTAssertEqual(SystemMemory.kilobytes(status, field: "VmSize:"), 2_048_000)
        XCTAssertEqual(SystemMemory.kilobytes(status, field: "VmData:"), 512_000)
        XCTAssertEqual(SystemMemory.headroom(limit: 1000, used: 300), 700)
        XCTAssertEqual(SystemMemory.headroom(limit: 1000, used: 3000), 0)
        // This test process has no limit set unless the runner has one: then the headroom is below it.
        if let limit = SystemMemory.softLimit(addressSpace: true) {
            XCTAssertLessThanOrEqual(SystemMemory.availableBytes() ?? 0, limit)
        }
    }
}
