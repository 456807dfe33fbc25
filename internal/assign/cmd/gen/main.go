// Command gen writes a reproducible placement problem for benchmarks as
// JSON, or with -greedy places the participants of one read from standard
// input first come, first served and writes that result, as the baseline
// that `server assign` is measured against:
//
//	go run ./internal/assign/cmd/gen -n 100000 -slots 4 -workshops 50 -choices 5 -rules > big.json
//	go run ./internal/assign/cmd/gen -greedy < big.json > greedy.json
//
// With -published the instance is that of a re-run after publishing: it is
// solved, everyone is told the placement they got, and 5 % of the
// participants (none of them fixed) cancel. -prefer makes the language and
// share rules "prefer".
//
//	go run ./internal/assign/cmd/gen -n 100000 -slots 4 -workshops 50 -choices 5 -rules -published > published.json
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/assign"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/assign/assigntest"
)

func main() {
	var o assigntest.Options
	flag.IntVar(&o.Participants, "n", 10000, "participants")
	flag.IntVar(&o.Slots, "slots", 1, "slots")
	flag.IntVar(&o.Workshops, "workshops", 20, "workshops per slot")
	flag.IntVar(&o.Choices, "choices", 3, "ranked choices per participant and slot")
	flag.BoolVar(&o.Rules, "rules", false, "languages, category shares and fixed facilitators")
	flag.BoolVar(&o.Prefer, "prefer", false, `language_rule and share_rule "prefer" instead of strict`)
	flag.BoolVar(&o.Published, "published", false, "tell everyone the optimal placement, then cancel 5 % of the participants")
	flag.Uint64Var(&o.Seed, "seed", 1, "the same seed gives the same instance")
	greedy := flag.Bool("greedy", false, "read an instance from standard input and place it first come, first served")
	flag.Parse()
	if err := run(o, *greedy); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

func run(o assigntest.Options, greedy bool) error {
	out := bufio.NewWriter(os.Stdout)
	if greedy {
		in, err := assign.ReadInstance(bufio.NewReader(os.Stdin))
		if err != nil {
			return err
		}
		start := time.Now()
		res := assigntest.Greedy(in)
		res.SolveMS = float64(time.Since(start).Microseconds()) / 1000
		if err := res.WriteJSON(out); err != nil {
			return err
		}
		return out.Flush()
	}
	if err := json.NewEncoder(out).Encode(assigntest.Generate(o)); err != nil {
		return err
	}
	return out.Flush()
}
