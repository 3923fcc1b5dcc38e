import ArgumentParser
import EmovoxBoost

// The files the learning commands read, checked at the edge: a user-named path that is missing,
// unreadable or not a regular file is one clear error naming it.

extension FeatureTable.NonNumericCells: ExpressibleByArgument {}

extension FeatureTable {
    /// Loads a `--train-csv`/`--valid-csv`/`--test-csv` table for a command, pointing a stray text
    /// cell's error at the flag that reads such cells as missing values.
    static func load(commandTable path: String, labelColumn: String, ignoring: Set<String>, nonNumeric: NonNumericCells)
        throws -> FeatureTable
    {
        do {
            return try load(csv: path, labelColumn: labelColumn, ignoreColumns: ignoring, nonNumeric: nonNumeric)
        } catch let error as BoostError {
            if case .nonNumericCell = error {
                throw CommandError("\(error); --non-numeric missing reads such cells as missing values")
            }
            throw CommandError("\(error)")
        }
    }
}

extension Model {
    /// Loads `--model` for a command.
    static func load(commandModel path: String) throws -> Model {
        if let problem = RegularFile.problem(path) { throw CommandError("\(path): \(problem)") }
        do {
            return try load(from: path)
        } catch {
            throw CommandError("\(error)")
        }
    }
}
