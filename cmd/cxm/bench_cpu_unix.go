//go:build unix

package main

import (
	"syscall"
	"time"
)

// cpuTime is the processor time this process has used (server and client
// both, as they run in it): on a machine shared with other work it says what
// a query costs, where the wall-clock time also holds the wait for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
