package local

import (
	"context"
	"os"

	"portside/transfer"
)

var _ transfer.WriterAtFS = FS{}

// OpenWriterAt opens path for a segmented download's ranges, each written
// at its offset (os.File's WriteAt is pwrite: safe from several goroutines).
// It never truncates: after a crash the ranges already there are kept, and
// the journal says which they are. A link in place of the file is refused,
// as by Create.
func (FS) OpenWriterAt(_ context.Context, path string) (transfer.WriterAtFile, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|noFollow, 0o644)
	if err != nil {
		return nil, wrap("create", path, err)
	}
	return f, nil
}
