# zwgk — build, test, demo, bench, lint. `make help` lists the targets.

GO      ?= go
BIN     ?= bin/zwgk
# The whole suite (both store backends, browser and PDF tests) runs in a few
# minutes on two cores; the timeout only stops a hung test.
TIMEOUT ?= 20m
# Extra flags for go test, e.g. make test TESTFLAGS=-v
TESTFLAGS ?=

.PHONY: all build test demo bench lint help

all: build

help:
	@echo "make build   build $(BIN)"
	@echo "make test    run every test (PostgreSQL too when ZWGK_TEST_PG is set; bash .ci/run sets it)"
	@echo "make demo    run the demonstration"
	@echo "make bench   run the benchmarks"
	@echo "make lint    gofmt and go vet"

build:
	$(GO) build -o $(BIN) ./cmd/zwgk

test:
	$(GO) test -timeout $(TIMEOUT) $(TESTFLAGS) ./...

# One whole cycle against a farm of synthetic sites on 127.0.0.x; the
# folder it names holds the PDFs, charts and exports. DEMO_OUT, DEMO_SITES
# and DEMO_SEED change it.
demo: build
	BIN=$(BIN) bash scripts/demo.sh

# Benchmarks with their baselines, written to bench/results.md.
bench:
	bash scripts/bench.sh

lint:
	@out=$$(gofmt -l .); \
	if [ -n "$$out" ]; then echo "gofmt -l: these files need gofmt -w:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
