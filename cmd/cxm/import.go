package main

import (
	"context"
	"errors"
)

// importCommand imports customers and orders from CSV files.
func importCommand(ctx context.Context, env environment, args []string) error {
	return errors.New("cxm import: not built yet")
}

// exportCommand exports customers and orders as CSV.
func exportCommand(ctx context.Context, env environment, args []string) error {
	return errors.New("cxm export: not built yet")
}
