import EmovoxPipeline
import Foundation

/// Which shard of a sharded run this process is, as the cluster engine that started it says.
///
/// - Slurm job arrays: `SLURM_ARRAY_TASK_ID`, less `SLURM_ARRAY_TASK_MIN` when set (so
///   `--array=1-4` works as well as `--array=0-3`), of `SLURM_ARRAY_TASK_COUNT` shards, or of
///   `SLURM_ARRAY_TASK_MAX - SLURM_ARRAY_TASK_MIN + 1` where the count is not set. With `--shards N`
///   or `$EMOVOX_SHARDS`, the task id itself is the shard of N: that is how one task of a larger
///   array runs again alone (`EMOVOX_SHARDS=16 sbatch --array=7 …`).
/// - Kubernetes Indexed Jobs: `JOB_COMPLETION_INDEX` of `--shards N`, else `$EMOVOX_SHARDS`,
///   shards (the Job's `completions`; Kubernetes does not pass it to the pod).
enum EngineShard {
    /// The shard the environment names.
    /// - Throws: `CommandError` naming the variables when they are missing, not numbers, or name
    ///   an index outside the count (a stepped array such as `--array=0-15:4`).
    static func resolve(environment: [String: String], shards: Int?) throws -> Shard {
        func number(_ name: String) throws -> Int? {
            guard let text = environment[name] else { return nil }
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw CommandError("$\(name) is '\(text)', not a whole number")
            }
            return value
        }
        let fixedCount = try shards ?? number("EMOVOX_SHARDS")
        if let id = try number("SLURM_ARRAY_TASK_ID"), let count = fixedCount {
            guard let shard = Shard(index: id, count: count) else {
                throw CommandError("Slurm array task \(id) is not a shard of \(count) (0…\(count - 1))")
            }
            return shard
        }
        if let id = try number("SLURM_ARRAY_TASK_ID") {
            let minimum = try number("SLURM_ARRAY_TASK_MIN") ?? 0
            let count: Int
            if let given = try number("SLURM_ARRAY_TASK_COUNT") {
                count = given
            } else if let maximum = try number("SLURM_ARRAY_TASK_MAX") {
                count = maximum - minimum + 1
            } else {
                throw CommandError(
                    "SLURM_ARRAY_TASK_ID is set but neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MAX is")
            }
            guard let shard = Shard(index: id - minimum, count: count) else {
                throw CommandError(
                    "Slurm array task \(id) (first task \(minimum), \(count) tasks) is not a shard 0…\(count - 1): "
                        + "use a contiguous array such as --array=0-\(max(count, 1) - 1), or pass --shard I/N")
            }
            return shard
        }
        if let index = try number("JOB_COMPLETION_INDEX") {
            guard let count = fixedCount else {
                throw CommandError(
                    "JOB_COMPLETION_INDEX is set but the number of shards is not: pass --shards N "
                        + "or set EMOVOX_SHARDS to the Job's completions")
            }
            guard let shard = Shard(index: index, count: count) else {
                throw CommandError("JOB_COMPLETION_INDEX \(index) is not a shard of \(count) (0…\(count - 1))")
            }
            return shard
        }
        throw CommandError(
            "--shard-out needs to know which shard this is: pass --shard I/N, or run as a Slurm array task "
                + "(SLURM_ARRAY_TASK_ID) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX with --shards N)")
    }
}
