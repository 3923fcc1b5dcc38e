#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Lists a corpus directory's files in a stable order (byte order of their relative paths).
///
/// Reads names as bytes so that a file whose name is not valid UTF-8 is reported rather than
/// silently mangled or skipped. Symbolic links to directories, and to files outside the corpus
/// directory, are reported as skipped unless `followSymlinks`. When following, linked directories
/// are walked after the real tree (so a file is listed under its real location first) and every
/// directory's real path is remembered, so that a link loop is walked once and never hangs.
struct CorpusWalker {
    enum Entry: Equatable {
        case file(String)
        /// A name that is not UTF-8, shown with replacement characters.
        case undecodableName(String)
        /// A directory that could not be listed.
        case unreadableDirectory(String, reason: String)
        /// A symbolic link left out, and whether it points to a directory.
        case skippedSymlink(String, directory: Bool)
    }

    let root: String
    var followSymlinks = false

    func entries() -> [Entry] {
        var walk = Walk(realRoot: Self.realPath(root) ?? root)
        self.walk(relative: "", &walk)
        var next = 0
        while next < walk.linkedDirectories.count {
            self.walk(relative: walk.linkedDirectories[next], &walk)
            next += 1
        }
        return walk.out
    }

    /// The state of one listing.
    private struct Walk {
        let realRoot: String
        var out: [Entry] = []
        /// Real paths of the directories listed so far (following links only).
        var visited: Set<String> = []
        /// Links to directories, walked once the real tree is done.
        var linkedDirectories: [String] = []
    }

    private func walk(relative: String, _ walk: inout Walk) {
        let absolute = relative.isEmpty ? root : root + "/" + relative
        if followSymlinks {
            // A directory reached twice (through a link to it or to an ancestor) is listed once.
            guard walk.visited.insert(Self.realPath(absolute) ?? absolute).inserted else { return }
        }
        guard let directory = opendir(absolute) else {
            walk.out.append(
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
                walk.out.append(.undecodableName(relative.isEmpty ? shown : relative + "/" + shown))
                continue
            }
            let path = relative.isEmpty ? name : relative + "/" + name
            var status = stat()
            guard lstat(root + "/" + path, &status) == 0 else { continue }
            switch status.st_mode & S_IFMT {
            case S_IFDIR: self.walk(relative: path, &walk)
            case S_IFREG: walk.out.append(.file(path))
            case S_IFLNK: link(path, &walk)
            default: continue
            }
        }
    }

    private func link(_ path: String, _ walk: inout Walk) {
        var target = stat()
        // A dangling link stays a file, so that the import names it as a failure.
        guard stat(root + "/" + path, &target) == 0 else {
            walk.out.append(.file(path))
            return
        }
        switch target.st_mode & S_IFMT {
        case S_IFDIR:
            if followSymlinks {
                walk.linkedDirectories.append(path)
            } else {
                walk.out.append(.skippedSymlink(path, directory: true))
            }
        case S_IFREG:
            let real = Self.realPath(root + "/" + path) ?? ""
            if followSymlinks || real.hasPrefix(walk.realRoot.hasSuffix("/") ? walk.realRoot : walk.realRoot + "/") {
                walk.out.append(.file(path))
            } else {
                walk.out.append(.skippedSymlink(path, directory: false))
            }
        default:
            return
        }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
