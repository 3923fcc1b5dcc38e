import EmovoxBoost

extension Model {
    /// A model file for a command: any reading or format error becomes a command error naming it.
    static func loadForCommand(from path: String) throws -> Model {
        do {
            return try Model.load(from: path)
        } catch {
            throw CommandError("\(error)")
        }
    }
}
