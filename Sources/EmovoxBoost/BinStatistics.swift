/// The statistics a histogram bin accumulates: gradient sum (`x`), hessian sum (`y`) and row count
/// (`z`); `w` is padding.
///
/// One four-lane vector rather than three scalars so that adding a row to a bin — the trainer's
/// innermost operation — is a single vector add of the row's precomputed `(g, h, 1, 0)`, and
/// histogram subtraction vectorizes the same way.
typealias BinStatistics = SIMD4<Double>
