package transfer

import (
	"context"
	"io"
)

// Ranger is an FS that can read one range of a file: FTP's REST and RETR,
// with the data connection closed once the range's bytes have come. A
// segmented download reads a big file as several ranges at once, one per
// connection, where one stream is capped by the server or by the window.
type Ranger interface {
	// OpenRange reads length bytes of path from offset (length < 0: to
	// the end). The reader ends (io.EOF) after length bytes even when the
	// server sends more; a stream that ends before is an error wrapping
	// ErrDataConn. Closing it before its end cuts the transfer, and is no
	// error: the bytes read are good.
	OpenRange(ctx context.Context, path string, offset, length int64) (io.ReadCloser, error)
}

// WriterAtFS is a local side that can write a file at any offset, from
// several goroutines at once: a segmented download's ranges land in one
// part file where they belong.
type WriterAtFS interface {
	// OpenWriterAt opens path for writing at offsets, creating it if
	// missing and keeping what it holds (never truncating).
	OpenWriterAt(ctx context.Context, path string) (WriterAtFile, error)
}

// WriterAtFile is a file written at offsets. Sync makes what was written
// durable, before the journal records it as there.
type WriterAtFile interface {
	io.WriterAt
	Sync() error
	io.Closer
}
