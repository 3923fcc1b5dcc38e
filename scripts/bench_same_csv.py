#!/usr/bin/env python3
"""Same feature CSVs into LightGBM and the Emovox trainer: per fold, train on fold-K/train.csv and
predict fold-K/test.csv with matching parameters and 2 threads; report pooled UAR and the summed
training times (LightGBM's fit; `emovox train` wall time, which includes process start and CSV
parsing) and their ratio, wall and CPU. Usage:
    bench_same_csv.py EXPORT_DIR EMOVOX_BIN [--feature-fraction F] [--iterations N] [--folds K]
(--folds K: only the first K folds, for quick looks; the UAR then covers those folds only)."""
import argparse, glob, json, os, resource, subprocess, sys, time
import numpy as np
import pandas as pd
import lightgbm as lgb
from sklearn.metrics import balanced_accuracy_score, accuracy_score

parser = argparse.ArgumentParser()
parser.add_argument("export")
parser.add_argument("emovox")
parser.add_argument("--feature-fraction", type=float, default=1.0)
parser.add_argument("--iterations", type=int, default=300)
parser.add_argument("--folds", type=int, default=0)
args = parser.parse_args()
export, emovox = args.export, args.emovox
ff, iterations = args.feature_fraction, args.iterations


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


ID = ["sample_id", "path", "speaker", "label", "weight", "duration", "language", "gender", "checksum"]
truth, lgb_pred, emo_conf = [], [], None
lgb_seconds = emo_seconds = lgb_cpu = emo_cpu = 0.0
labels = None
fold_dirs = sorted(glob.glob(os.path.join(export, "fold-*")))
for fold_dir in fold_dirs[: args.folds] if args.folds else fold_dirs:
    train = pd.read_csv(os.path.join(fold_dir, "train.csv"))
    test = pd.read_csv(os.path.join(fold_dir, "test.csv"))
    features = [c for c in train.columns if c not in ID]
    labels = sorted(train["label"].unique())
    clf = lgb.LGBMClassifier(n_estimators=iterations, learning_rate=0.05, num_leaves=15, min_child_samples=5,
                             class_weight="balanced", colsample_bytree=ff, n_jobs=2, random_state=0, verbose=-1)
    matrix = train[features].to_numpy(dtype=float)
    t0, c0 = time.perf_counter(), time.process_time()
    clf.fit(matrix, train["label"])
    lgb_seconds += time.perf_counter() - t0
    lgb_cpu += time.process_time() - c0
    truth += list(test["label"])
    lgb_pred += list(clf.predict(test[features].to_numpy(dtype=float)))
    model = os.path.join(fold_dir, "emovox-model.json")
    t0, c0 = time.perf_counter(), children_cpu()
    subprocess.run([emovox, "train", "--train-csv", os.path.join(fold_dir, "train.csv"), "--out", model,
                    "--iterations", str(iterations), "--learning-rate", "0.05", "--num-leaves", "15",
                    "--min-data-in-leaf", "5", "--class-weight", "balanced", "--feature-fraction", str(ff),
                    "--threads", "2"], check=True, stdout=subprocess.DEVNULL)
    emo_seconds += time.perf_counter() - t0
    emo_cpu += children_cpu() - c0
    out = subprocess.run([emovox, "evaluate", "--model", model, "--test-csv", os.path.join(fold_dir, "test.csv"),
                          "--json"], check=True, capture_output=True, text=True)
    conf = np.array(json.loads(out.stdout)["confusion"])
    emo_conf = conf if emo_conf is None else emo_conf + conf
emo_uar = float(np.mean([emo_conf[i, i] / emo_conf[i].sum() for i in range(len(emo_conf)) if emo_conf[i].sum()]))
emo_acc = float(np.trace(emo_conf) / emo_conf.sum())
lgb_uar = balanced_accuracy_score(truth, lgb_pred)
print(f"same CSV ({len(features)} features, {iterations} rounds, feature fraction {ff}, 2 threads)")
print(f"same CSV, LightGBM: UAR {lgb_uar:.3f} accuracy {accuracy_score(truth, lgb_pred):.3f}"
      f" train {lgb_seconds:.1f} s wall {lgb_cpu:.1f} s cpu")
print(f"same CSV, Emovox:   UAR {emo_uar:.3f} accuracy {emo_acc:.3f}"
      f" train {emo_seconds:.1f} s wall {emo_cpu:.1f} s cpu (process incl. CSV parsing)")
print(f"UAR difference {100 * (emo_uar - lgb_uar):+.1f} points; time ratio Emovox/LightGBM"
      f" wall {emo_seconds / lgb_seconds:.2f} cpu {emo_cpu / lgb_cpu:.2f}")
