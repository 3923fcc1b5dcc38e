import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Facts about where output goes, and messages to standard error.
enum Terminal {
    static var standardOutputIsTTY: Bool { isatty(STDOUT_FILENO) == 1 }
    static var standardErrorIsTTY: Bool { isatty(STDERR_FILENO) == 1 }

    /// Writes one line to standard error.
    static func note(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
