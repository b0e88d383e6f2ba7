package transport

import "syscall"

// Winsock's numbers for the errors the Is* functions sort. On Windows,
// Go's syscall.ECONNREFUSED and its kin are numbers Go made up for the
// Unix names; a refused connect returns WSAECONNREFUSED, so without these
// a closed port read as "no route to the server".
var (
	errnoRefused     = []error{syscall.ECONNREFUSED, syscall.Errno(10061)}                                            // WSAECONNREFUSED
	errnoUnreachable = []error{syscall.EHOSTUNREACH, syscall.ENETUNREACH, syscall.Errno(10065), syscall.Errno(10051)} // WSAEHOSTUNREACH, WSAENETUNREACH
	errnoTimedOut    = []error{syscall.ETIMEDOUT, syscall.Errno(10060)}                                               // WSAETIMEDOUT
	errnoReset       = []error{syscall.ECONNRESET, syscall.WSAECONNRESET, syscall.WSAECONNABORTED}
)
