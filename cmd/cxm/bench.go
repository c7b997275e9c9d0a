package main

import (
	"context"
	"errors"
)

// benchCommand measures cxm on this machine.
func benchCommand(ctx context.Context, env environment, args []string) error {
	return errors.New("cxm bench: not built yet")
}
