//go:build !unix && !windows

package edit

import "os"

// alive reports whether process pid runs: FindProcess fails when there is
// none.
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}
