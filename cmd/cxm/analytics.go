package main

import (
	"context"
	"errors"
)

// analyticsCommand recomputes what is kept as data arrives.
func analyticsCommand(ctx context.Context, env environment, args []string) error {
	return errors.New("cxm analytics: not built yet")
}

// benchCommand measures cxm on this machine.
func benchCommand(ctx context.Context, env environment, args []string) error {
	return errors.New("cxm bench: not built yet")
}
