/// A row-major matrix of frames: `values[r·columns + c]` is column `c` of row (frame) `r`.
public struct FrameMatrix: Sendable, Equatable {
    public var rows: Int
    public var columns: Int
    public var values: [Double]

    public init(rows: Int, columns: Int, values: [Double]) {
        precondition(values.count == rows * columns, "FrameMatrix: \(values.count) values for \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// An empty matrix of `columns` columns.
    public init(columns: Int) { self.init(rows: 0, columns: columns, values: []) }

    public subscript(row: Int, column: Int) -> Double {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    /// Row `r` as an array.
    public func row(_ r: Int) -> [Double] { Array(values[(r * columns)..<((r + 1) * columns)]) }

    /// The rows at `indices`, in that order.
    public func selectingRows(_ indices: [Int]) -> FrameMatrix {
        var out = [Double]()
        out.reserveCapacity(indices.count * columns)
        for r in indices { out.append(contentsOf: values[(r * columns)..<((r + 1) * columns)]) }
        return FrameMatrix(rows: indices.count, columns: columns, values: out)
    }

    /// The rows of several matrices of the same width, stacked in order.
    public static func stacking(_ parts: [FrameMatrix], columns: Int) -> FrameMatrix {
        var out = [Double]()
        out.reserveCapacity(parts.reduce(0) { $0 + $1.values.count })
        for part in parts {
            precondition(part.columns == columns)
            out.append(contentsOf: part.values)
        }
        return FrameMatrix(rows: out.count / max(columns, 1), columns: columns, values: out)
    }
}
