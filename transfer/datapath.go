package transfer

import "errors"

// ErrDataPath marks a data connection that could not be opened at all (no
// connection within the timeout, refused, or every method refused by the
// server), as opposed to one that broke during a transfer. It is a fact
// about the path to the server, not about one file: the queue stops the
// batch's remaining items on it instead of failing them one by one.
// Errors that carry it also carry ErrDataConn.
var ErrDataPath = errors.New("the data path is blocked")
