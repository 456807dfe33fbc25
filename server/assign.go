package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/assign"
)

// runAssign is the assign subcommand: it reads a placement problem as JSON
// from stdin and writes an optimal placement as JSON to stdout. It needs
// neither database nor configuration. Errors name the subcommand, so that
// main prints them as one line such as "error: assign: ...".
func runAssign(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("assign", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: server assign < instance.json > result.json")
		fmt.Fprintln(stderr, "Places participants in workshops at the least total cost (see internal/assign).")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("assign: unexpected argument %q: the instance is read from standard input", fs.Arg(0))
	}
	in, err := assign.ReadInstance(stdin)
	if err != nil {
		return fmt.Errorf("assign: %w", err)
	}
	res, err := assign.Solve(ctx, in)
	if err != nil {
		return fmt.Errorf("assign: %w", err)
	}
	// Into a buffer first: on error, nothing but the error comes out.
	var out bytes.Buffer
	if err := res.WriteJSON(&out); err != nil {
		return fmt.Errorf("assign: %w", err)
	}
	_, err = out.WriteTo(stdout)
	return err
}
