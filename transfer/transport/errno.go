package transport

import "errors"

// The network's answers, sorted the same way on every system: the
// connection check's verdicts and the error sentences both ask these.

// IsRefused reports a connect the other side refused (nothing listens).
func IsRefused(err error) bool { return isAny(err, errnoRefused) }

// IsUnreachable reports no route to the host or its network.
func IsUnreachable(err error) bool { return isAny(err, errnoUnreachable) }

// IsTimedOut reports the system's own connect or read timeout.
func IsTimedOut(err error) bool { return isAny(err, errnoTimedOut) }

// IsReset reports a connection the other side reset or aborted.
func IsReset(err error) bool { return isAny(err, errnoReset) }

func isAny(err error, targets []error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}
