//go:build !linux

package netlab

import "syscall"

// Network namespaces are Linux's, and Require skips every lab test
// elsewhere: this only lets the tests compile for Windows and macOS.
func dieWithParent() *syscall.SysProcAttr { return nil }
