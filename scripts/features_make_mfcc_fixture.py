#!/usr/bin/env python3
"""Writes Tests/EmovoxFeaturesTests/Fixtures/mfcc_librosa.json: librosa MFCCs (+ deltas) of a test signal
defined by a formula that the Swift test (MFCCFixtureTests) computes identically.

Run with the reference venv:  /work/.venv-ref/bin/python scripts/features_make_mfcc_fixture.py

Signal (16 kHz, 8000 samples, computed in float64 then rounded to float32):
  n < 800:  0 (silence, exercises the top_db floor)
  else:     0.4·sin(2π·220·t) + 0.2·sin(2π·(500·t + 300·t²)) + 0.1·sin(2π·3100·t)·(0.5 + 0.5·sin(2π·3·t))
  with t = n / 16000.
"""
import json
import pathlib

import librosa
import numpy as np

SR = 16000
N = 8000
PARAMS = dict(n_mfcc=13, n_mels=40, fmin=20.0, fmax=7600.0, n_fft=512, hop_length=160)


def signal() -> np.ndarray:
    n = np.arange(N, dtype=np.float64)
    t = n / SR
    x = (0.4 * np.sin(2 * np.pi * 220 * t)
         + 0.2 * np.sin(2 * np.pi * (500 * t + 300 * t * t))
         + 0.1 * np.sin(2 * np.pi * 3100 * t) * (0.5 + 0.5 * np.sin(2 * np.pi * 3 * t)))
    x[n < 800] = 0
    return x.astype(np.float32)


def main() -> None:
    # The float32 samples, analysed in float64 so the reference itself carries no float32 rounding
    # (librosa keeps the input dtype through the STFT and mel projection).
    y = signal().astype(np.float64)
    mfcc = librosa.feature.mfcc(y=y, sr=SR, n_mfcc=PARAMS["n_mfcc"], n_fft=PARAMS["n_fft"],
                                hop_length=PARAMS["hop_length"], n_mels=PARAMS["n_mels"],
                                fmin=PARAMS["fmin"], fmax=PARAMS["fmax"])
    d1 = librosa.feature.delta(mfcc, width=9, order=1)
    d2 = librosa.feature.delta(mfcc, width=9, order=2)

    def frames(m: np.ndarray) -> list:
        # frame-major, 9 significant digits
        return [[float(f"{v:.9g}") for v in col] for col in m.T.astype(np.float64)]

    out = {
        "generator": "scripts/features_make_mfcc_fixture.py",
        "librosa_version": librosa.__version__,
        "sample_rate": SR,
        "sample_count": N,
        **PARAMS,
        "mfcc": frames(mfcc),
        "delta": frames(d1),
        "delta2": frames(d2),
    }
    path = pathlib.Path(__file__).resolve().parent.parent / "Tests/EmovoxFeaturesTests/Fixtures/mfcc_librosa.json"
    path.write_text(json.dumps(out, separators=(",", ":")) + "\n")
    print(f"wrote {path} ({path.stat().st_size} bytes), {mfcc.shape[1]} frames")


if __name__ == "__main__":
    main()
