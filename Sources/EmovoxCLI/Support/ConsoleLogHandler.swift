import Foundation
import Logging

/// A swift-log handler for people: `error: message` on standard error, nothing else.
struct ConsoleLogHandler: LogHandler {
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let prefix =
            event.level >= .warning ? "\(event.level.rawValue == "critical" ? "error" : event.level.rawValue): " : ""
        FileHandle.standardError.write(Data((prefix + "\(event.message)\n").utf8))
    }

    /// Installs the handler once per process; `EMOVOX_LOG_LEVEL` (trace…critical) sets the level.
    static let bootstrap: Void = {
        let level = ProcessInfo.processInfo.environment["EMOVOX_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
        LoggingSystem.bootstrap { _ in
            var handler = ConsoleLogHandler()
            handler.logLevel = level ?? .info
            return handler
        }
    }()
}

/// The CLI's logger.
var log: Logger {
    ConsoleLogHandler.bootstrap
    return Logger(label: "emovox")
}
