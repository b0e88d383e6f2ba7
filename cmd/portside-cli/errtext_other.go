//go:build !windows

package main

import (
	"errors"
	"syscall"
)

// noSpace reports a full disk or quota.
func noSpace(err error) bool { return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) }
