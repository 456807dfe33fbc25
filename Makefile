# Everyday commands. The tests and the benchmark run on SQLite and, when
# TEST_DATABASE_URL names a PostgreSQL server, on PostgreSQL too.

SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c

GO ?= go

# Benchmark settings: ten runs of about a second per sub-benchmark (benchstat
# wants at least six for its confidence intervals) take about a minute.
BENCH       ?= BenchmarkProgramme
BENCH_TIME  ?= 1s
BENCH_COUNT ?= 10
BENCH_OUT   ?= bench.out

# staticcheck, where installed (go install honnef.co/go/tools/cmd/staticcheck@v0.8.2).
STATICCHECK ?= $(or $(shell command -v staticcheck 2>/dev/null),$(wildcard $(HOME)/go/bin/staticcheck))
BENCHSTAT   ?= $(or $(shell command -v benchstat 2>/dev/null),$(wildcard $(HOME)/go/bin/benchstat))

.PHONY: all run build test bench lint docker-config

all: lint test

## run: the server with the Wuppertal demo conference, on http://localhost:8080
run:
	$(GO) run ./server -demo

## build: the static binary the Docker image holds, as server/server
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags="-s -w" -o server/server ./server

## test: every test, as the README and CI run them
test:
	$(GO) test -race ./...

## bench: the programme page on SQLite and PostgreSQL against a bare handler (see BENCHMARKS.md)
bench:
	@if [ -z "$$TEST_DATABASE_URL" ]; then echo "TEST_DATABASE_URL is not set: the postgres sub-benchmark will be skipped" >&2; fi
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchmem -benchtime $(BENCH_TIME) -count $(BENCH_COUNT) ./internal/web/ | tee $(BENCH_OUT)
	@if [ -n "$(BENCHSTAT)" ]; then $(BENCHSTAT) $(BENCH_OUT); \
	else echo "for medians: go install golang.org/x/perf/cmd/benchstat@latest && benchstat $(BENCH_OUT)"; fi

## lint: formatting, go vet, and staticcheck where installed
lint:
	@unformatted="$$(gofmt -l .)"; if [ -n "$$unformatted" ]; then echo "not gofmt-ed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	@if [ -n "$(STATICCHECK)" ]; then echo "$(STATICCHECK) ./..."; $(STATICCHECK) ./...; \
	else echo "staticcheck not installed: skipped (go install honnef.co/go/tools/cmd/staticcheck@v0.8.2)"; fi

## docker-config: check docker-compose.yml (needs only the docker client, no engine)
docker-config:
	@if docker compose version >/dev/null 2>&1; then docker compose config -q; \
	elif command -v docker-compose >/dev/null 2>&1; then docker-compose config -q; \
	else echo "neither 'docker compose' nor docker-compose is installed" >&2; exit 1; fi
	@echo "docker-compose.yml is valid"
