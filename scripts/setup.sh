#!/usr/bin/env bash
# Installs the Debian packages Emovox builds and runs with, when any is missing. Idempotent; runs as
# root on CI and fresh machines (uses sudo when not root and available).
set -euo pipefail

packages=(
  pkg-config
  libsndfile1-dev     # decoding: WAV, FLAC, OGG, MP3, AIFF, …
  libsamplerate0-dev  # resampling (sinc converters)
  libsoxr-dev         # resampling (second backend)
  libebur128-dev      # loudness per ITU-R BS.1770 / EBU R 128
  libkissfft-dev      # FFT
  libsqlite3-dev      # the catalog, under GRDB
  espeak-ng           # the demo corpus and test speech
  sox                 # test fixtures and benchmark baselines
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "setup: need root (or sudo) to install ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
