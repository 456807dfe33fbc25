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

# Workshop placement benchmark: runs per benchmark and of the command line.
ASSIGN_COUNT ?= 6
ASSIGN_OUT   ?= bench-assign.out

# Load test settings: registrations per target and concurrent clients.
LOADTEST_N ?= 5000
LOADTEST_C ?= 50

# staticcheck, where installed (go install honnef.co/go/tools/cmd/staticcheck@v0.8.2).
STATICCHECK ?= $(or $(shell command -v staticcheck 2>/dev/null),$(wildcard $(HOME)/go/bin/staticcheck))
BENCHSTAT   ?= $(or $(shell command -v benchstat 2>/dev/null),$(wildcard $(HOME)/go/bin/benchstat))

.PHONY: all run build test bench bench-assign loadtest lint docker-config

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

## bench-assign: the workshop placement solver against first come, first served, then `server assign` on 100,000 participants, and on their re-run after publishing, with its peak memory (see BENCHMARKS.md)
bench-assign:
	$(GO) test -run '^$$' -bench 'BenchmarkSolve|BenchmarkGreedy' -benchmem -count $(ASSIGN_COUNT) ./internal/assign/ | tee $(ASSIGN_OUT)
	@if [ -n "$(BENCHSTAT)" ]; then $(BENCHSTAT) $(ASSIGN_OUT); \
	else echo "for medians: go install golang.org/x/perf/cmd/benchstat@latest && benchstat $(ASSIGN_OUT)"; fi
	$(GO) build -o server/server ./server
	@set -e; tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	$(GO) build -o "$$tmp/gen" ./internal/assign/cmd/gen; \
	"$$tmp/gen" -n 100000 -slots 4 -workshops 50 -choices 5 -rules > "$$tmp/big.json"; \
	"$$tmp/gen" -n 100000 -slots 4 -workshops 50 -choices 5 -rules -published > "$$tmp/published.json"; \
	for _ in $$(seq $(ASSIGN_COUNT)); do \
	  /usr/bin/time -f 'server assign: %e s, peak RSS %M KiB' ./server/server assign < "$$tmp/big.json" > "$$tmp/result.json"; \
	  /usr/bin/time -f 'greedy:        %e s, peak RSS %M KiB' "$$tmp/gen" -greedy < "$$tmp/big.json" > "$$tmp/greedy.json"; \
	  /usr/bin/time -f 'published:     %e s, peak RSS %M KiB' ./server/server assign < "$$tmp/published.json" > "$$tmp/republished.json"; \
	done; \
	for f in result greedy republished; do grep -m1 total_cost "$$tmp/$$f.json" | sed "s/^ */$$f: /"; done

## loadtest: registrations per second through the server on PostgreSQL, and a bare INSERT handler's (see BENCHMARKS.md)
# The server listens on a port the system picks and names it on its first
# line; its log level is warn, so that errors show but not every request.
loadtest:
	@if [ -z "$$TEST_DATABASE_URL" ]; then echo "loadtest needs TEST_DATABASE_URL, a PostgreSQL database" >&2; exit 1; fi
	$(GO) build -o server/server ./server
	@set -e; tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	$(GO) build -o "$$tmp/loadtest" ./cmd/loadtest; \
	DATABASE_URL="$$TEST_DATABASE_URL" ADDR=127.0.0.1:0 REGISTRATION_LIMIT=0 LOG_LEVEL=warn ./server/server >"$$tmp/server.out" & \
	pid=$$!; trap 'kill $$pid; wait $$pid; rm -rf "$$tmp"' EXIT; \
	for _ in $$(seq 100); do url="$$(grep -o 'http://[0-9.:]*' "$$tmp/server.out")" && break; sleep 0.1; done; \
	if [ -z "$$url" ]; then echo "the server did not start" >&2; exit 1; fi; \
	echo "server at $$url: $(LOADTEST_N) registrations from $(LOADTEST_C) clients"; \
	"$$tmp/loadtest" -url "$$url" -database-url "$$TEST_DATABASE_URL" -n $(LOADTEST_N) -c $(LOADTEST_C) -ceiling

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
