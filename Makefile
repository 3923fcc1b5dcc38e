# The two entry points the README starts with, plus the checks CI runs.
SWIFT ?= swift

.PHONY: setup demo test lint format bench-import

setup:
	scripts/setup.sh

## The main job end to end: a synthetic corpus, imported into ./emovox.sqlite, with its balance report.
demo: setup
	$(SWIFT) build -c release --product emovox
	.build/release/emovox demo

## The test suite (tests on ../shared/corpora run when it is present and skip otherwise).
test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

bench-import: setup
	scripts/bench_import.sh
