#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Lists a corpus directory's files in a stable order (byte order of their relative paths).
///
/// Reads names as bytes so that a file whose name is not valid UTF-8 is reported rather than
/// silently mangled or skipped.
struct CorpusWalker {
    enum Entry: Equatable {
        case file(String)
        /// A name that is not UTF-8, shown with replacement characters.
        case undecodableName(String)
        /// A directory that could not be listed.
        case unreadableDirectory(String, reason: String)
    }

    let root: String

    func entries() -> [Entry] {
        var out: [Entry] = []
        walk(relative: "", into: &out)
        return out
    }

    private func walk(relative: String, into out: inout [Entry]) {
        let absolute = relative.isEmpty ? root : root + "/" + relative
        guard let directory = opendir(absolute) else {
            out.append(
                .unreadableDirectory(relative.isEmpty ? "." : relative, reason: String(cString: strerror(errno))))
            return
        }
        var names: [[UInt8]] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            if name == [46] || name == [46, 46] { continue }  // "." and ".."
            names.append(name)
        }
        closedir(directory)
        names.sort { $0.lexicographicallyPrecedes($1) }
        for bytes in names {
            guard let name = String(validating: bytes, as: UTF8.self) else {
                let shown = String(decoding: bytes, as: UTF8.self)
                out.append(.undecodableName(relative.isEmpty ? shown : relative + "/" + shown))
                continue
            }
            let path = relative.isEmpty ? name : relative + "/" + name
            var status = stat()
            // lstat: a symbolic link to a directory is not followed (no cycles); links to files are.
            guard lstat(root + "/" + path, &status) == 0 else { continue }
            switch status.st_mode & S_IFMT {
            case S_IFDIR: walk(relative: path, into: &out)
            case S_IFREG, S_IFLNK: out.append(.file(path))
            default: continue
            }
        }
    }
}
