#!/usr/bin/env python3
"""Single-threaded speed of Emovox `large` vs openSMILE ComParE_2016 functionals on the same 100 RAVDESS files.

Both sides extract from the same files (sorted relative paths, file i*N/100 for i = 0..99), decoded and
resampled to 16 kHz outside the timed region; only feature extraction is timed, in CPU seconds of one
thread/process. The Swift side is the `LargeFeatureBenchmark` test in a release build.

Usage (from the package root):
    /work/.venv-ref/bin/python scripts/features_large_bench.py [--corpus ../shared/corpora/ravdess] [--skip-swift]
"""

import argparse
import os
import re
import subprocess
import sys
import time

import numpy as np
import opensmile
import soundfile
from scipy.signal import resample_poly


def pick_files(corpus: str) -> list[str]:
    paths = []
    for directory, _, names in os.walk(corpus):
        for name in names:
            if name.endswith(".flac"):
                paths.append(os.path.relpath(os.path.join(directory, name), corpus))
    paths.sort()
    return [paths[i * len(paths) // 100] for i in range(100)]


def load_16k(path: str) -> np.ndarray:
    audio, rate = soundfile.read(path, dtype="float32", always_2d=True)
    mono = audio.mean(axis=1)
    if rate != 16000:
        gcd = np.gcd(rate, 16000)
        mono = resample_poly(mono, 16000 // gcd, rate // gcd).astype(np.float32)
    return mono


def bench_opensmile(corpus: str, files: list[str]) -> tuple[float, float, int]:
    smile = opensmile.Smile(
        feature_set=opensmile.FeatureSet.ComParE_2016,
        feature_level=opensmile.FeatureLevel.Functionals,
        num_workers=None,
    )
    signals = [load_16k(os.path.join(corpus, f)) for f in files]
    smile.process_signal(signals[0], 16000)  # warm-up
    start = time.process_time()
    for signal in signals:
        result = smile.process_signal(signal, 16000)
    cpu = time.process_time() - start
    audio = sum(len(s) for s in signals) / 16000
    return audio, cpu, result.shape[1]


def bench_swift() -> tuple[float, float, int]:
    env = dict(os.environ, EMOVOX_BENCH="1")
    run = subprocess.run(
        # -enable-testing: other test targets use @testable imports, which a plain release build rejects.
        ["swift", "test", "-c", "release", "-Xswiftc", "-enable-testing", "--filter", "LargeFeatureBenchmark"],
        env=env, capture_output=True, text=True, check=False,
    )
    match = re.search(r"LARGE_BENCH files=\d+ audio_s=([\d.e+-]+) cpu_s=([\d.e+-]+) .* features=(\d+)", run.stdout)
    if not match:
        sys.stderr.write(run.stdout[-3000:] + run.stderr[-3000:])
        raise SystemExit("Swift benchmark did not report (is the release build OK?)")
    return float(match.group(1)), float(match.group(2)), int(match.group(3))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default="../shared/corpora/ravdess")
    parser.add_argument("--skip-swift", action="store_true", help="measure openSMILE only")
    args = parser.parse_args()
    files = pick_files(args.corpus)
    audio, cpu, count = bench_opensmile(args.corpus, files)
    smile_speed = audio / cpu
    print(f"openSMILE ComParE_2016: {count} features, {audio:.1f} audio-s in {cpu:.2f} CPU-s "
          f"= {smile_speed:.1f} audio-s per CPU-s")
    if args.skip_swift:
        return
    audio, cpu, count = bench_swift()
    swift_speed = audio / cpu
    print(f"Emovox large:           {count} features, {audio:.1f} audio-s in {cpu:.2f} CPU-s "
          f"= {swift_speed:.1f} audio-s per CPU-s")
    print(f"ratio Emovox / openSMILE = {swift_speed / smile_speed:.2f}")


if __name__ == "__main__":
    main()
