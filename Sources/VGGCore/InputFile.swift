import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opening files named by the user (presets, weights, inputs) so that nothing at the path can hang or stream:
/// the type is checked with `stat` before opening, the open itself is non-blocking (a FIFO swapped in meanwhile
/// cannot block it), and the descriptor is checked again, so only a regular file is ever read.
public enum InputFile {
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public enum Kind: Equatable, Sendable { case notFound, notRegular, permission, tooLarge, io }
        public var kind: Kind
        /// The reason alone, without the path: "is a directory", "permission denied".
        public var reason: String
        public var description: String { reason }
    }

    /// "a directory", "a FIFO (named pipe)", ... for a `st_mode`; nil for a regular file.
    public static func kindName(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFLNK: return "a symbolic link"
        default: return "a special file"
        }
    }

    static func notRegular(_ mode: mode_t) -> Failure {
        let kind = kindName(mode) ?? "a special file"
        let reason = (mode & S_IFMT) == S_IFDIR ? "is a directory; give a file inside it"
            : "is \(kind), not a regular file; give a regular file"
        return Failure(kind: .notRegular, reason: reason)
    }

    static func errnoFailure(_ code: Int32) -> Failure {
        switch code {
        case ENOENT, ENOTDIR: return Failure(kind: .notFound, reason: "no such file")
        case EACCES, EPERM: return Failure(kind: .permission, reason: "permission denied (check the file's permissions)")
        case ELOOP: return Failure(kind: .notFound, reason: "too many levels of symbolic links")
        case EISDIR: return Failure(kind: .notRegular, reason: "is a directory; give a file inside it")
        default: return Failure(kind: .io, reason: String(cString: strerror(code)))
        }
    }

    /// A read-only descriptor on the regular file at `path`, and its size. The caller closes it.
    public static func open(_ path: String) throws(Failure) -> (descriptor: Int32, size: Int) {
        var info = stat()
        guard stat(path, &info) == 0 else { throw errnoFailure(errno) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw notRegular(info.st_mode) }
        let fd = POSIX.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw errnoFailure(errno) }
        guard fstat(fd, &info) == 0 else {
            let e = errno
            close(fd)
            throw errnoFailure(e)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw notRegular(info.st_mode)
        }
        return (fd, Int(info.st_size))
    }

    /// The whole file, refused before reading when it is larger than `maxBytes` (`what` names it in that message).
    public static func read(_ path: String, maxBytes: Int, what: String = "file") throws(Failure) -> Data {
        let (fd, size) = try open(path)
        defer { close(fd) }
        guard size <= maxBytes else {
            throw Failure(kind: .tooLarge, reason: "is \(size) bytes, too large for a \(what) (at most \(maxBytes))")
        }
        // Read one byte more than stat said, so a file that grows meanwhile is still capped.
        var data = Data(count: min(size, maxBytes) + 1)
        var done = 0
        var failure: Int32? = nil
        data.withUnsafeMutableBytes { raw in
            while done < raw.count {
                let n = POSIX.read(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if n == 0 { break }
                done += n
            }
        }
        if let failure { throw errnoFailure(failure) }
        guard done <= maxBytes else {
            throw Failure(kind: .tooLarge, reason: "is larger than a \(what) may be (at most \(maxBytes) bytes)")
        }
        data.count = done
        return data
    }
}

