package edit

import "syscall"

// alive reports whether process pid runs. Opening the process is not
// enough on Windows: a process that has exited stays openable while any
// handle to it is open (its parent's, a debugger's), with the same pid,
// so an earlier Portside's copies would be kept as a running one's. Its
// exit code says STILL_ACTIVE only while it runs.
func alive(pid int) bool {
	const processQueryLimitedInformation = 0x1000 // enough to read the exit code, granted on other users' processes too
	const stillActive = 259
	h, err := syscall.OpenProcess(processQueryLimitedInformation, false, uint32(pid))
	if err != nil {
		return err == syscall.ERROR_ACCESS_DENIED // it exists; not ours to look into
	}
	defer syscall.CloseHandle(h)
	var code uint32
	if err := syscall.GetExitCodeProcess(h, &code); err != nil {
		return true // cannot tell: keep its copies
	}
	return code == stillActive
}
