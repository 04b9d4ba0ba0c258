import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory this process can still allocate, for the memory guard: the least of what the kernel says a new
/// allocation can get without swapping (`MemAvailable`), what the cgroup allows (v2 `memory.max` less
/// `memory.current`, v1 `memory.limit_in_bytes` less `memory.usage_in_bytes`), and the headroom under the address
/// space and data limits (`ulimit -v` / `-d`: RLIMIT_AS less VmSize, RLIMIT_DATA less VmData). Exceeding any of
/// them ends in an allocation failure (a trap) or the OOM killer, so the guard must refuse before, not after.
public enum SystemMemory {
    /// nil when none of the sources can be read (the guard is then skipped).
    public static func availableBytes(meminfo path: String = "/proc/meminfo") -> Int? {
        let memAvailable = (try? String(contentsOfFile: path, encoding: .utf8)).flatMap(parseAvailable)
        let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        return [memAvailable, cgroupHeadroom(), status.flatMap(rlimitHeadroom)].compactMap { $0 }.min()
    }

    static func parseAvailable(_ meminfo: String) -> Int? {
        kilobytes(meminfo, field: "MemAvailable:")
    }

    /// A `Field:   123 kB` line of /proc/meminfo or /proc/self/status, in bytes.
    static func kilobytes(_ text: String, field: String) -> Int? {
        for line in text.split(separator: "\n") where line.hasPrefix(field) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, let kb = Int(fields[1]) else { return nil }
            let unit = fields.count >= 3 ? fields[2].lowercased() : "kb"
            return unit == "kb" ? kb.multipliedReportingOverflow(by: 1024).partialValue : kb
        }
        return nil
    }

    /// Headroom under RLIMIT_AS and RLIMIT_DATA (soft limits), given /proc/self/status for the current sizes.
    static func rlimitHeadroom(status: String) -> Int? {
        var least: Int? = nil
        for (limit, field) in [(softLimit(addressSpace: true), "VmSize:"), (softLimit(addressSpace: false), "VmData:")] {
            guard let limit, let used = kilobytes(status, field: field) else { continue }
            least = min(least ?? .max, headroom(limit: limit, used: used))
        }
        return least
    }

    static func headroom(limit: Int, used: Int) -> Int { max(0, limit - used) }

    /// The soft RLIMIT_AS (or RLIMIT_DATA) in bytes; nil when unlimited.
    static func softLimit(addressSpace: Bool) -> Int? {
        var value = rlimit()
        #if canImport(Glibc)
        let resource = __rlimit_resource_t(addressSpace ? RLIMIT_AS.rawValue : RLIMIT_DATA.rawValue)
        let infinity = rlim_t.max  // RLIM_INFINITY is ~0 on Linux
        #else
        let resource = addressSpace ? RLIMIT_AS : RLIMIT_DATA
        let infinity = RLIM_INFINITY
        #endif
        guard getrlimit(resource, &value) == 0, value.rlim_cur != infinity else { return nil }
        return Int(clamping: value.rlim_cur)
    }

    /// The cgroup's memory limit less its usage, or nil when unlimited or not readable.
    static func cgroupHeadroom(root: String = "/sys/fs/cgroup", procCgroup: String = "/proc/self/cgroup") -> Int? {
        func number(_ path: String) -> Int? {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
            return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        // v2: this process's own cgroup (from /proc/self/cgroup's `0::/path` line), else the mount's root.
        var v2Dirs: [String] = []
        if let text = try? String(contentsOfFile: procCgroup, encoding: .utf8) {
            for line in text.split(separator: "\n") where line.hasPrefix("0::") {
                let sub = line.dropFirst(3)
                if sub != "/" { v2Dirs.append(root + sub) }
            }
        }
        v2Dirs.append(root)
        for dir in v2Dirs {
            guard let limit = number(dir + "/memory.max") else { continue }  // "max": unlimited here
            return headroom(limit: limit, used: number(dir + "/memory.current") ?? 0)
        }
        // v1: a limit near Int.max (the page-rounded 2^63) means none.
        if let limit = number(root + "/memory/memory.limit_in_bytes"), limit < 1 << 60 {
            return headroom(limit: limit, used: number(root + "/memory/memory.usage_in_bytes") ?? 0)
        }
        return nil
    }
}
