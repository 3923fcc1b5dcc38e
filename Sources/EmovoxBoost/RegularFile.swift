import Foundation

/// Reads the files a user names (feature tables, models): regular files only, whole, with a true
/// reason when that is impossible. A FIFO or a device such as `/dev/zero` would block or never
/// end; a directory or a missing file must say so rather than show a framework error code.
/// Public so that the command line holds every file a user names (audio, parameters) to the
/// same rule with the same words.
public enum RegularFile {
    /// Why `path` cannot be read as a regular file ("no such file", "permission denied", "not a
    /// regular file", …), or nil when it can. Opens the file to find out, so permissions are
    /// checked as the reader will meet them.
    public static func problem(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { return reason(errno) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { return reason(errno) }
        return status.st_mode & S_IFMT == S_IFREG ? nil : "not a regular file"
    }

    /// The file's bytes, read straight into one array (no intermediate `Data` copy: for a
    /// 10,000 × 6,000 table the text alone is ~0.4 GB). `failure` turns a reason ("no such
    /// file", "permission denied", "not a regular file", …) into the caller's error.
    static func bytes(_ path: String, as failure: (String) -> BoostError) throws -> [UInt8] {
        // O_NONBLOCK: opening a FIFO must not wait for a writer before the type check below.
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { throw failure(reason(errno)) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw failure(reason(errno)) }
        guard status.st_mode & S_IFMT == S_IFREG else { throw failure("not a regular file") }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var filled = 0
        while filled < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                if n == 0 { break }  // the file shrank while being read
                throw failure(reason(errno))
            }
            filled += n
        }
        if filled < bytes.count { bytes.removeLast(bytes.count - filled) }
        return bytes
    }

    /// A short, lower-case reason for an `open`/`read` error number.
    static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file"
        case EACCES, EPERM: return "permission denied"
        case ENOTDIR: return "no such file (a part of the path is not a folder)"
        case EISDIR: return "not a regular file"
        default: return String(cString: strerror(code)).lowercased()
        }
    }
}
