import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes that never leave a half-written or truncated file: data goes to a temporary file in
/// the same directory, is flushed, then renamed over the target in one step.
public enum AtomicFile {
    public struct WriteError: Error, Equatable, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public static func write(_ text: String, to path: String) throws(WriteError) {
        try write(Data(text.utf8), to: path)
    }

    public static func write(_ data: Data, to path: String) throws(WriteError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw WriteError(message: "cannot write \(path): it is a directory; give a file name like \(path)/summary.md")
        }
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw WriteError(message: "cannot write \(path): directory \(directory) does not exist; create it or choose another path")
        }
        let temp = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw failure(path, errno) }
        var ok = data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
        let code = errno
        ok = ok && fsync(fd) == 0
        close(fd)
        guard ok, rename(temp, path) == 0 else {
            let e = ok ? errno : code
            unlink(temp)
            throw failure(path, e)
        }
    }

    private static func failure(_ path: String, _ code: Int32) -> WriteError {
        let reason = String(cString: strerror(code))
        let hint = code == EACCES || code == EROFS || code == EPERM
            ? "choose a writable directory" : "check the path and free space"
        return WriteError(message: "cannot write \(path): \(reason); \(hint)")
    }
}
