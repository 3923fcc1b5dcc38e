#!/usr/bin/env python3
"""Recompute an Emovox split's content hash from "checksum<TAB>side<TAB>fold" lines (stdin or a file).

Definition (EmovoxSplits/SplitContentHash.swift): SHA-256 hex over the lines
"checksum\\tside\\tfold\\n" sorted by checksum (bytewise), side name (bytewise), fold (numerically).
Used once to cross-check the Swift implementation (k=12 folds, duplicate checksums): identical.
"""
import fileinput
import hashlib

rows = [line.rstrip("\n").split("\t")[:3] for line in fileinput.input() if line.strip()]
rows.sort(key=lambda r: (r[0].encode(), r[1].encode(), int(r[2])))
print(hashlib.sha256("".join("\t".join(r) + "\n" for r in rows).encode()).hexdigest())
