#!/usr/bin/env python3
"""Same feature CSVs into LightGBM and the Emovox trainer: per fold, train on fold-K/train.csv and
predict fold-K/test.csv with matching parameters and 2 threads; report pooled UAR and the summed
training times (LightGBM's fit; `emovox train` wall time, which includes process start and CSV
parsing) and their ratio. Usage: bench_same_csv.py EXPORT_DIR EMOVOX_BIN"""
import glob, json, os, subprocess, sys, time
import numpy as np
import pandas as pd
import lightgbm as lgb
from sklearn.metrics import balanced_accuracy_score, accuracy_score

export, emovox = sys.argv[1], sys.argv[2]
ID = ["sample_id", "path", "speaker", "label", "weight", "duration", "language", "gender", "checksum"]
truth, lgb_pred, emo_conf = [], [], None
lgb_seconds = emo_seconds = 0.0
labels = None
for fold_dir in sorted(glob.glob(os.path.join(export, "fold-*"))):
    train = pd.read_csv(os.path.join(fold_dir, "train.csv"))
    test = pd.read_csv(os.path.join(fold_dir, "test.csv"))
    features = [c for c in train.columns if c not in ID]
    labels = sorted(train["label"].unique())
    clf = lgb.LGBMClassifier(n_estimators=300, learning_rate=0.05, num_leaves=15, min_child_samples=5,
                             class_weight="balanced", n_jobs=2, random_state=0, verbose=-1)
    t0 = time.perf_counter()
    clf.fit(train[features].to_numpy(dtype=float), train["label"])
    lgb_seconds += time.perf_counter() - t0
    truth += list(test["label"])
    lgb_pred += list(clf.predict(test[features].to_numpy(dtype=float)))
    model = os.path.join(fold_dir, "emovox-model.json")
    t0 = time.perf_counter()
    subprocess.run([emovox, "train", "--train-csv", os.path.join(fold_dir, "train.csv"), "--out", model,
                    "--iterations", "300", "--learning-rate", "0.05", "--num-leaves", "15", "--min-data-in-leaf", "5",
                    "--class-weight", "balanced", "--threads", "2"], check=True, stdout=subprocess.DEVNULL)
    emo_seconds += time.perf_counter() - t0
    out = subprocess.run([emovox, "evaluate", "--model", model, "--test-csv", os.path.join(fold_dir, "test.csv"),
                          "--json"], check=True, capture_output=True, text=True)
    conf = np.array(json.loads(out.stdout)["confusion"])
    emo_conf = conf if emo_conf is None else emo_conf + conf
emo_uar = float(np.mean([emo_conf[i, i] / emo_conf[i].sum() for i in range(len(emo_conf)) if emo_conf[i].sum()]))
emo_acc = float(np.trace(emo_conf) / emo_conf.sum())
lgb_uar = balanced_accuracy_score(truth, lgb_pred)
print(f"same CSV, LightGBM: UAR {lgb_uar:.3f} accuracy {accuracy_score(truth, lgb_pred):.3f} train {lgb_seconds:.1f} s")
print(f"same CSV, Emovox:   UAR {emo_uar:.3f} accuracy {emo_acc:.3f} train {emo_seconds:.1f} s")
print(f"UAR difference {100 * (emo_uar - lgb_uar):+.1f} points; time ratio Emovox/LightGBM {emo_seconds / lgb_seconds:.2f}")
