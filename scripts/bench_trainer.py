#!/usr/bin/env python3
"""Benchmark the Emovox GBDT trainer against LightGBM on synthetic 8-class feature tables.

Generates, for each case, a train/test CSV pair (header row, an ignored string `id` column, a
`label` column with emotion names, numeric feature columns with ~1% missing values), then times

  * LightGBM (sklearn API): 300 trees, learning rate 0.05, 15 leaves, min_data_in_leaf 5,
    class_weight balanced, num_threads 2 (the time of `fit`, which includes binning);
  * the Emovox trainer through the CLI (`emovox train` / `emovox evaluate --json`) when
    `--emovox-bin` is given (the wall time of `emovox train`, which includes process start and
    CSV parsing, so it slightly overstates the trainer's own time).

and prints seconds, held-out accuracy and UAR for both, and the time ratio.

Usage:
  /work/.venv-ref/bin/python scripts/bench_trainer.py [--out-dir DIR] [--cases 88,6000]
      [--emovox-bin .build/release/emovox] [--emovox-train-args "..."]

Only generating data and running LightGBM needs no Emovox binary; the CSVs are left in --out-dir
so other harnesses can train on exactly the same files.
"""
import argparse
import json
import os
import shlex
import subprocess
import sys
import time

import numpy as np

EMOTIONS = ["neutral", "calm", "happy", "sad", "angry", "fearful", "disgust", "surprised"]
LIGHTGBM_PARAMS = dict(
    n_estimators=300, learning_rate=0.05, num_leaves=15, min_child_samples=5,
    class_weight="balanced", n_jobs=2, verbose=-1, random_state=0,
)
DEFAULT_EMOVOX_TRAIN_ARGS = (
    "--num-iterations {iterations} --learning-rate 0.05 --num-leaves 15 --min-data-in-leaf 5 "
    "--class-weight balanced --threads 2"
)


def make_case(rows, features, seed):
    """8 classes with unequal sizes; 24 informative features carry class-dependent means
    (plus two nonlinear interactions), the rest is noise. Hard enough that accuracy is not 100%."""
    rng = np.random.default_rng(seed)
    weights = np.array([1, 2, 2, 2, 2, 2, 2, 2], dtype=float)
    labels = rng.choice(8, size=rows, p=weights / weights.sum())
    x = rng.normal(size=(rows, features)).astype(np.float32)
    informative = min(24, features)
    centers = rng.normal(scale=0.9, size=(8, informative)).astype(np.float32)
    x[:, :informative] += centers[labels]
    if features > 4:
        # A sign interaction only trees (not linear models) pick up.
        x[:, informative - 1] += np.where((labels % 2 == 0), 1.0, -1.0) * np.sign(x[:, 0] * x[:, 1]) * 0.8
    missing = rng.random(size=x.shape) < 0.01
    x[missing] = np.nan
    return x, labels


def write_csv(path, x, labels, names):
    with open(path, "w") as out:
        out.write("id,label," + ",".join(names) + "\n")
        for i in range(x.shape[0]):
            cells = ["" if np.isnan(v) else repr(float(v)) for v in x[i]]
            out.write(f"s{i:05d},{EMOTIONS[labels[i]]}," + ",".join(cells) + "\n")


def uar(truth, predicted):
    recalls = [np.mean(predicted[truth == c] == c) for c in np.unique(truth)]
    return float(np.mean(recalls))


def find_key(obj, key):
    if isinstance(obj, dict):
        if key in obj and isinstance(obj[key], (int, float)):
            return obj[key]
        for value in obj.values():
            found = find_key(value, key)
            if found is not None:
                return found
    return None


def run_lightgbm(xtr, ytr, xte, yte, iterations):
    import lightgbm as lgb

    model = lgb.LGBMClassifier(**dict(LIGHTGBM_PARAMS, n_estimators=iterations))
    start, cpu_start = time.perf_counter(), time.process_time()
    model.fit(xtr, ytr)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    predicted = model.predict(xte)
    return seconds, cpu_seconds, float(np.mean(predicted == yte)), uar(yte, predicted)


def run_emovox(binary, train_csv, test_csv, out_dir, extra):
    model_path = os.path.join(out_dir, "emovox-model.json")
    command = [binary, "train", "--train-csv", train_csv, "--label-column", "label", "--out", model_path]
    command += shlex.split(extra)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    result = subprocess.run(
        [binary, "evaluate", "--model", model_path, "--test-csv", test_csv, "--label-column", "label", "--json"],
        check=True, capture_output=True, text=True)
    report = json.loads(result.stdout)
    return seconds, find_key(report, "accuracy"), find_key(report, "uar")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out-dir", default="/tmp/emovox-bench-trainer")
    parser.add_argument("--cases", default="88,6000", help="comma-separated feature counts")
    parser.add_argument("--rows", type=int, default=1440)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--emovox-bin", help="path to the emovox executable")
    parser.add_argument(
        "--iterations", type=int, default=300,
        help="boosting rounds for both trainers (300 per the reference setup; fewer for a quick look)")
    parser.add_argument(
        "--emovox-train-args", default=DEFAULT_EMOVOX_TRAIN_ARGS,
        help="extra `emovox train` flags matching the LightGBM setup ({iterations} is substituted)")
    parser.add_argument("--skip-lightgbm", action="store_true")
    args = parser.parse_args()

    os.makedirs(args.out_dir, exist_ok=True)
    rows_out = []
    for features in [int(c) for c in args.cases.split(",")]:
        x, y = make_case(args.rows, features, args.seed + features)
        split = int(0.8 * args.rows)
        names = [f"f{j:04d}" for j in range(features)]
        case_dir = os.path.join(args.out_dir, f"{args.rows}x{features}")
        os.makedirs(case_dir, exist_ok=True)
        train_csv = os.path.join(case_dir, "train.csv")
        test_csv = os.path.join(case_dir, "test.csv")
        write_csv(train_csv, x[:split], y[:split], names)
        write_csv(test_csv, x[split:], y[split:], names)
        print(f"case {args.rows}x{features}: wrote {train_csv}, {test_csv}", file=sys.stderr)
        row = {"case": f"{args.rows}x{features}"}
        if not args.skip_lightgbm:
            (row["lightgbm_seconds"], row["lightgbm_cpu_seconds"], row["lightgbm_accuracy"],
             row["lightgbm_uar"]) = run_lightgbm(
                x[:split], y[:split], x[split:], y[split:], args.iterations)
        if args.emovox_bin:
            row["emovox_seconds"], row["emovox_accuracy"], row["emovox_uar"] = run_emovox(
                args.emovox_bin, train_csv, test_csv, case_dir,
                args.emovox_train_args.format(iterations=args.iterations))
            if "lightgbm_seconds" in row:
                row["time_ratio_emovox_over_lightgbm"] = row["emovox_seconds"] / row["lightgbm_seconds"]
        rows_out.append(row)
        print(json.dumps(row), flush=True)
    params = dict(LIGHTGBM_PARAMS, n_estimators=args.iterations)
    print(json.dumps({"lightgbm_params": params, "results": rows_out}, indent=2))


if __name__ == "__main__":
    main()
