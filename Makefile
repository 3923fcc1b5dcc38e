# The two entry points the README starts with, plus the checks CI runs.
SWIFT ?= swift
## `make install PREFIX=… [DESTDIR=…]` puts the release binary in $(DESTDIR)$(PREFIX)/bin. It links the
## Swift runtime statically, so the binary needs only the Debian C libraries (see deploy/Containerfile);
## manifests and pipeline specs are compiled into it.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
INSTALL ?= install
RELEASE_FLAGS ?= -c release --static-swift-stdlib

.PHONY: setup demo test lint format bench-import release install embed

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

## The release binary `make install` copies (no package installation: build images bring their own).
release:
	$(SWIFT) build $(RELEASE_FLAGS) --product emovox

install: release
	$(INSTALL) -d "$(DESTDIR)$(BINDIR)"
	$(INSTALL) -m 755 "$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/emovox" "$(DESTDIR)$(BINDIR)/emovox"

## Regenerate the copies of Manifests/ and Pipelines/ compiled into the binary (a test fails until you do).
embed:
	scripts/embed_resources.py
