#!/usr/bin/env python3
"""Cross-checks Emovox's native `gemaps` and `mfcc` feature sets against openSMILE eGeMAPSv02 and librosa
on RAVDESS, and compares single-threaded extraction speed. A benchmark, not a test.

    /work/.venv-ref/bin/python scripts/features_crosscheck.py [--count 200] [--emovox-csv dump.csv]

Without --emovox-csv it runs the Emovox side through the release-built test hook:
    EMOVOX_FEATURE_FILES=<list> EMOVOX_FEATURE_DUMP=<csv> swift test -c release --filter FeatureDumpTests
which also writes <csv>.timing.json (CPU seconds spent in `gemaps`, decoding excluded).

Reports the Pearson r across files for every eGeMAPS functional and for each MFCC mean (Emovox
`mfcc{i}_mean` vs librosa with the same parameters: n_mfcc 13, n_mels 40, fmin 0, fmax 8000, 25 ms frames,
10 ms hop), the targets (r >= 0.95: mean F0, mean loudness, MFCC means; r >= 0.8: jitter, shimmer, HNR,
F1 mean), and audio-seconds per CPU-second for Emovox gemaps vs openSMILE eGeMAPSv02 (process CPU time
of `Smile.process_signal` on already-decoded audio, single-threaded).
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd
import soundfile as sf

REPO = pathlib.Path(__file__).resolve().parent.parent
TARGETS = {
    "F0semitoneFrom27.5Hz_sma3nz_amean": 0.95,
    "loudness_sma3_amean": 0.95,
    "jitterLocal_sma3nz_amean": 0.8,
    "shimmerLocaldB_sma3nz_amean": 0.8,
    "HNRdBACF_sma3nz_amean": 0.8,
    "F1frequency_sma3nz_amean": 0.8,
}
N_MFCC = 13


def corpus_files(root: pathlib.Path, count: int) -> list:
    files = sorted(str(p) for p in root.glob("Actor_*/*.flac"))
    if not files:
        sys.exit(f"no RAVDESS files under {root}")
    # Evenly spaced, deterministic subset covering every actor and emotion.
    idx = np.linspace(0, len(files) - 1, num=min(count, len(files))).round().astype(int)
    return [files[i] for i in idx]


def run_emovox(files: list, workdir: pathlib.Path) -> pathlib.Path:
    listing = workdir / "files.txt"
    listing.write_text("\n".join(files) + "\n")
    out = workdir / "emovox.csv"
    env = dict(os.environ, EMOVOX_FEATURE_FILES=str(listing), EMOVOX_FEATURE_DUMP=str(out))
    subprocess.run(["swift", "test", "-c", "release", "--filter", "FeatureDumpTests"], cwd=REPO, env=env,
                   check=True)
    return out


def pearson(a: np.ndarray, b: np.ndarray) -> tuple:
    ok = np.isfinite(a) & np.isfinite(b)
    if ok.sum() < 3 or np.std(a[ok]) == 0 or np.std(b[ok]) == 0:
        return float("nan"), int(ok.sum())
    return float(np.corrcoef(a[ok], b[ok])[0, 1]), int(ok.sum())


def main() -> None:
    parser = argparse.ArgumentParser()
    default_root = REPO.parent / "shared/corpora/ravdess"
    if not default_root.exists():
        default_root = pathlib.Path("/work/shared/corpora/ravdess")
    parser.add_argument("--corpus", type=pathlib.Path, default=default_root)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--emovox-csv", type=pathlib.Path)
    parser.add_argument("--out", type=pathlib.Path, help="also write the report here (markdown)")
    args = parser.parse_args()

    import librosa
    import opensmile

    files = corpus_files(args.corpus, args.count)
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="emovox-crosscheck-"))
    csv = args.emovox_csv or run_emovox(files, workdir)
    emovox = pd.read_csv(csv).set_index("path").loc[files]
    timing_path = pathlib.Path(str(csv) + ".timing.json")
    timing = json.loads(timing_path.read_text()) if timing_path.exists() else None

    smile = opensmile.Smile(feature_set=opensmile.FeatureSet.eGeMAPSv02,
                            feature_level=opensmile.FeatureLevel.Functionals)
    rows, mfcc_rows = [], []
    smile_cpu, audio_seconds = 0.0, 0.0
    for path in files:
        y, sr = sf.read(path, dtype="float32", always_2d=True)
        y = y.mean(axis=1)
        audio_seconds += len(y) / sr
        t0 = time.process_time()
        rows.append(smile.process_signal(y, sr).iloc[0])
        smile_cpu += time.process_time() - t0
        n_fft = int(round(0.025 * sr))
        n_fft += n_fft % 2
        m = librosa.feature.mfcc(y=y, sr=sr, n_mfcc=N_MFCC, n_fft=n_fft, hop_length=int(round(0.010 * sr)),
                                 n_mels=40, fmin=0.0, fmax=min(8000.0, sr / 2))
        mfcc_rows.append(m.mean(axis=1))
    reference = pd.DataFrame(rows, index=files)
    librosa_means = np.array(mfcc_rows)

    lines = [f"# Emovox vs openSMILE eGeMAPSv02 / librosa on {len(files)} RAVDESS files", "",
             "| feature | Pearson r | n | target |", "|---|---:|---:|---|"]
    failures = []
    for name in reference.columns:
        r, n = pearson(emovox[name].to_numpy(float), reference[name].to_numpy(float))
        target = TARGETS.get(name)
        mark = ""
        if target is not None:
            mark = f"≥ {target} {'PASS' if r >= target else 'FAIL'}"
            if not r >= target:
                failures.append(name)
        lines.append(f"| {name} | {r:.3f} | {n} | {mark} |")
    # Pearson r on file means is outlier-driven: list the files that disagree most on each target
    # (largest difference of z-scores), to show where the remaining disagreement comes from.
    lines += ["", "Largest disagreements on the r >= 0.8 targets (z-score difference, Emovox vs openSMILE):", ""]
    for name, target in TARGETS.items():
        if target >= 0.95:
            continue
        a = emovox[name].to_numpy(float)
        b = reference[name].to_numpy(float)
        ok = np.isfinite(a) & np.isfinite(b)
        z = np.full(len(a), np.nan)
        z[ok] = (a[ok] - a[ok].mean()) / a[ok].std() - (b[ok] - b[ok].mean()) / b[ok].std()
        worst = np.argsort(-np.nan_to_num(np.abs(z)))[:5]
        cells = ", ".join(f"{pathlib.Path(files[i]).stem} ({a[i]:.4g} vs {b[i]:.4g})" for i in worst)
        lines.append(f"- {name}: {cells}")
    lines += ["", "| MFCC mean (vs librosa) | Pearson r | n | target |", "|---|---:|---:|---|"]
    for i in range(N_MFCC):
        r, n = pearson(emovox[f"mfcc{i}_mean"].to_numpy(float), librosa_means[:, i])
        ok = r >= 0.95
        if not ok:
            failures.append(f"mfcc{i}_mean")
        lines.append(f"| mfcc{i}_mean | {r:.4f} | {n} | ≥ 0.95 {'PASS' if ok else 'FAIL'} |")

    lines += ["", "## Speed (single thread, decoding excluded)", ""]
    smile_speed = audio_seconds / smile_cpu
    lines.append(f"- openSMILE eGeMAPSv02: {audio_seconds:.1f} audio s in {smile_cpu:.2f} CPU s "
                 f"= {smile_speed:.1f} audio-s per CPU-s")
    if timing:
        emovox_speed = timing["audio_seconds"] / timing["gemaps_cpu_seconds"]
        lines.append(f"- Emovox gemaps: {timing['audio_seconds']:.1f} audio s in {timing['gemaps_cpu_seconds']:.2f} "
                     f"CPU s = {emovox_speed:.1f} audio-s per CPU-s")
        lines.append(f"- ratio Emovox / openSMILE: {emovox_speed / smile_speed:.2f}×")
    lines += ["", f"Targets failed: {', '.join(failures) if failures else 'none'}"]
    report = "\n".join(lines)
    print(report)
    if args.out:
        args.out.write_text(report + "\n")


if __name__ == "__main__":
    main()
