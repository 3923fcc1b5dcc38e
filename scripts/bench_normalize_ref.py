#!/usr/bin/env python3
"""Reference side of scripts/bench_normalize.sh (benchmarks only, never a runtime dependency).

folds-csv: the path,speaker,label,fold CSV of an `emovox export` lists folder (the test side of every fold),
          for the reference on the same folds (also used by scripts/bench_ser.sh).
Two classifying modes, each printing one JSON line with the pooled UAR:
  folds:  openSMILE eGeMAPSv02 (../shared/anchors/reference_ser.py's extraction and cache) on the folds of
          a CSV (path,speaker,label,fold), optionally z-scored per speaker (each speaker with its own
          rows, test speakers included, no labels), then LightGBM (reference parameters) or an RBF SVM.
  export: an `emovox export --features` folder (fold-*/train.csv, test.csv; already normalized by
          Emovox when exported with --normalize), classified by an RBF SVM or LightGBM per fold.
"""
import argparse, csv, glob, json, os, sys

import numpy as np

ANCHORS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "anchors")
IDENTITY = {"sample_id", "checksum", "path", "speaker", "gender", "duration", "language", "sample_rate", "frames",
            "label", "weight"}


def speaker_zscore(X, speakers, stat="mean-std"):
    X = X.astype(float).copy()
    for s in sorted(set(speakers)):
        rows = np.array([sp == s for sp in speakers])
        block = X[rows]
        if stat == "median-iqr":
            center = np.nanmedian(block, axis=0)
            scale = np.nanpercentile(block, 75, axis=0) - np.nanpercentile(block, 25, axis=0)
        else:
            center = np.nanmean(block, axis=0)
            scale = np.nanstd(block, axis=0)
        center = np.where(np.isfinite(center), center, 0.0)
        scale = np.where(np.isfinite(scale) & (scale > 1e-12), scale, 1.0)
        X[rows] = (block - center) / scale
    return X


def classify(name, Xtr, ytr, Xte, threads=2):
    if name == "lightgbm":
        import lightgbm as lgb
        clf = lgb.LGBMClassifier(n_estimators=300, learning_rate=0.05, num_leaves=15, min_child_samples=5,
                                 class_weight="balanced", n_jobs=threads, random_state=0, verbose=-1)
        return clf.fit(Xtr, ytr).predict(Xte)
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC
    clf = make_pipeline(SimpleImputer(strategy="median"), StandardScaler(),
                        SVC(C=10, gamma="scale", class_weight="balanced"))
    return clf.fit(Xtr, ytr).predict(Xte)


def uar(y, pred):
    from sklearn.metrics import balanced_accuracy_score
    return round(float(balanced_accuracy_score(y, pred)), 4)


def run_folds(a):
    sys.path.insert(0, ANCHORS)
    import reference_ser as R
    rows = R.list_corpus("csv", "/", a.csv)
    X, _ = R.extract(rows, "egemaps", a.cache)
    speakers = [s for _, s, _ in rows]
    labels = sorted(set(l for _, _, l in rows))
    y = np.array([labels.index(l) for _, _, l in rows])
    fold = np.array([R.GIVEN_FOLDS[p] for p, _, _ in rows])
    if a.normalize == "speaker":
        X = speaker_zscore(X, speakers, a.stat)
    pred = np.empty_like(y)
    for k in sorted(set(fold)):
        tr, te = fold != k, fold == k
        pred[te] = classify(a.classifier, X[tr], y[tr], X[te])
    return {"features": "opensmile-egemapsv02", "normalize": a.normalize, "classifier": a.classifier,
            "folds": int(len(set(fold))), "uar": uar(y, pred)}


def read_table(path):
    with open(path) as f:
        r = csv.reader(f)
        header = next(r)
        body = list(r)
    cols = [i for i, h in enumerate(header) if h not in IDENTITY]
    X = np.array([[float(row[i]) for i in cols] for row in body])
    y = [row[header.index("label")] for row in body]
    return X, y


def run_export(a):
    truth, predicted = [], []
    for d in sorted(glob.glob(os.path.join(a.export, "fold-*"))):
        Xtr, ytr = read_table(os.path.join(d, "train.csv"))
        Xte, yte = read_table(os.path.join(d, "test.csv"))
        labels = sorted(set(ytr))
        pred = classify(a.classifier, Xtr, np.array([labels.index(l) for l in ytr]), Xte)
        truth += yte
        predicted += [labels[p] for p in pred]
    return {"features": "emovox-export", "export": a.export, "classifier": a.classifier,
            "folds": len(glob.glob(os.path.join(a.export, "fold-*"))),
            "uar": uar(np.array(truth), np.array(predicted))}


def write_folds_csv(export, out):
    rows = []
    for fold_dir in sorted(glob.glob(os.path.join(export, "fold-*"))):
        fold = int(fold_dir.rsplit("-", 1)[1])
        for r in csv.DictReader(open(os.path.join(fold_dir, "test.csv"))):
            rows.append((r["path"], r["speaker"], r["label"], fold))
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["path", "speaker", "label", "fold"])
        w.writerows(sorted(rows))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["folds-csv", "folds", "export"])
    ap.add_argument("--out", help="folds-csv: the CSV to write")
    ap.add_argument("--csv", help="folds: path,speaker,label,fold")
    ap.add_argument("--cache", help="folds: eGeMAPS .npz cache (as reference_ser.py writes it)")
    ap.add_argument("--export", help="export, folds-csv: an `emovox export` folder")
    ap.add_argument("--normalize", default="none", choices=["none", "speaker"])
    ap.add_argument("--stat", default="mean-std", choices=["mean-std", "median-iqr"])
    ap.add_argument("--classifier", default="lightgbm", choices=["lightgbm", "svm"])
    a = ap.parse_args()
    if a.mode == "folds-csv":
        return write_folds_csv(a.export, a.out)
    print(json.dumps(run_folds(a) if a.mode == "folds" else run_export(a)))


if __name__ == "__main__":
    main()
