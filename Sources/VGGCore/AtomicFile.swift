import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes that never leave a half-written or truncated file: data goes to a temporary file in the target's
/// directory, is flushed, then renamed over the target in one step.
///
/// What may be at the path: nothing (a new file is created, mode 0666 less the umask), a regular file (replaced,
/// keeping its permission bits and, where allowed, its owner), or a symbolic link to a regular file (written
/// through: the temporary file goes beside the link's final target, which is replaced; the link stays).
/// Anything else (a directory, FIFO, device, socket, or a link to one, or to nothing) is refused, so a write can
/// never block on a pipe or turn `/dev/full` into a file. Each write also removes this writer's own temporary
/// files (`.NAME.tmp-PID-N`) older than a minute from that directory: what a killed save leaves behind.
public enum AtomicFile {
    public struct WriteError: Error, Equatable, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Temporary files older than this are stale: no save takes that long between create and rename.
    public static let staleTempSeconds = 60

    public static func write(_ text: String, to path: String) throws(WriteError) {
        try write(Data(text.utf8), to: path)
    }

    /// Everything `write` would refuse about the path, checked without writing: lets a command that writes two
    /// files (export's markdown and its diagram) refuse before the first one, so nothing is left half done.
    public static func check(_ path: String) throws(WriteError) {
        _ = try target(path)
    }

    /// The resolved target and its directory, or why the path cannot be written.
    private static func target(_ path: String)
        throws(WriteError) -> (target: (path: String, mode: mode_t?, owner: (uid: uid_t, gid: gid_t)?), directory: String) {
        guard !path.isEmpty, !path.utf8.contains(0) else {
            throw WriteError(message: "cannot write '\(path)': not a valid file name")
        }
        let target = try resolve(path)
        let directory = directoryOf(target.path)
        var info = stat()
        guard stat(directory, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw WriteError(message: "cannot write \(path): directory \(directory) does not exist; create it or choose another path")
        }
        return (target, directory)
    }

    public static func write(_ data: Data, to path: String) throws(WriteError) {
        let (target, directory) = try target(path)
        removeStaleTemps(in: directory)
        let temp = directory + "/" + tempPrefix(for: target.path) + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = POSIX.open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, target.mode == nil ? 0o666 : 0o600)
        guard fd >= 0 else { throw failure(path, errno) }
        if let mode = target.mode {
            _ = fchmod(fd, mode & 0o777)
            // Only root can give a file away; for anyone else the new file is theirs, as any editor's save makes it.
            if let owner = target.owner, geteuid() == 0 { _ = fchown(fd, owner.uid, owner.gid) }
        }
        var code: Int32 = 0
        let written = data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = POSIX.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    code = errno
                    return false
                }
                offset += n
            }
            return true
        }
        var ok = written
        if ok && fsync(fd) != 0 { ok = false; code = errno }
        if close(fd) != 0 && ok { ok = false; code = errno }
        guard ok else {
            unlink(temp)
            throw failure(path, code)
        }
        guard rename(temp, target.path) == 0 else {
            let e = errno
            unlink(temp)
            throw failure(path, e)
        }
        // Make the rename itself durable; a failure here leaves a complete file, so it is not an error.
        let dirfd = POSIX.open(directory, O_RDONLY | O_CLOEXEC, 0)
        if dirfd >= 0 {
            _ = fsync(dirfd)
            close(dirfd)
        }
    }

    /// The file to replace: `path` itself, or the final target of a symbolic link; with its mode and owner if it exists.
    static func resolve(_ path: String) throws(WriteError) -> (path: String, mode: mode_t?, owner: (uid: uid_t, gid: gid_t)?) {
        var info = stat()
        if lstat(path, &info) != 0 {
            let e = errno
            if e == ENOENT { return (path, nil, nil) }
            throw failure(path, e)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            return (path, info.st_mode, (info.st_uid, info.st_gid))
        case S_IFLNK:
            guard let real = realpath(path, nil) else {
                if errno == ELOOP {
                    throw WriteError(message: "cannot write \(path): it is a symbolic link that loops back on itself; "
                                     + "remove the link or point it at a regular file")
                }
                throw WriteError(message: "cannot write \(path): it is a symbolic link to a missing file; "
                                 + "remove the link or point it at an existing file")
            }
            let resolved = String(cString: real)
            free(real)
            guard stat(resolved, &info) == 0 else { throw failure(path, errno) }
            guard (info.st_mode & S_IFMT) == S_IFREG else {
                throw WriteError(message: "cannot write \(path): it is a symbolic link to \(resolved), which is "
                                 + "\(InputFile.kindName(info.st_mode) ?? "a special file"), not a regular file; choose a regular file path")
            }
            return (resolved, info.st_mode, (info.st_uid, info.st_gid))
        case S_IFDIR:
            throw WriteError(message: "cannot write \(path): it is a directory; give a file name inside it")
        default:
            throw WriteError(message: "cannot write \(path): it is \(InputFile.kindName(info.st_mode) ?? "a special file"), "
                             + "not a regular file; choose a regular file path")
        }
    }

    static func directoryOf(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    /// `.NAME.tmp-`, with NAME shortened so the whole temporary name stays under NAME_MAX (255 bytes).
    static func tempPrefix(for path: String) -> String {
        var name = path.split(separator: "/").last.map(String.init) ?? path
        while name.utf8.count > 200 { name.removeLast() }
        return "." + name + ".tmp-"
    }

    /// Whether `name` is one of our temporary files: `.NAME.tmp-PID-RANDOM`.
    static func isOwnTemp(_ name: String) -> Bool {
        guard name.hasPrefix("."), let range = name.range(of: ".tmp-", options: .backwards),
              range.lowerBound > name.index(after: name.startIndex) else { return false }
        let parts = name[range.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && UInt64($0) != nil }
    }

    /// Deletes our own stale temporary files (regular files we own, untouched for a minute) in `directory`.
    static func removeStaleTemps(in directory: String, now: time_t = time(nil)) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where isOwnTemp(name) {
            let full = directory + "/" + name
            var info = stat()
            guard lstat(full, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_uid == geteuid() else { continue }
            #if canImport(Darwin)
            let modified = info.st_mtimespec.tv_sec
            #else
            let modified = info.st_mtim.tv_sec
            #endif
            if now - modified > staleTempSeconds { unlink(full) }
        }
    }

    private static func failure(_ path: String, _ code: Int32) -> WriteError {
        let reason = String(cString: strerror(code))
        let hint = code == EACCES || code == EROFS || code == EPERM
            ? "choose a writable directory" : "check the path and free space"
        return WriteError(message: "cannot write \(path): \(reason); \(hint)")
    }
}

