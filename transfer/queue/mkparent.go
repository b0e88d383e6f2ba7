package queue

import (
	"context"
	"errors"

	"portside/transfer"
)

// madeParent makes the missing folder an upload was refused for, and says
// whether the upload should be tried again. Folder uploads always made
// their folders (expand); a file put into "newdir/" got the server's 553
// on its part file instead. The folder is looked at only after a refusal,
// so uploads into folders that exist cost nothing more.
func madeParent(ctx context.Context, it Item, dst transfer.FS, err error) bool {
	if it.Dir != Upload || ctx.Err() != nil ||
		!errors.Is(err, transfer.ErrNotFound) && !errors.Is(err, transfer.ErrRefused) && !errors.Is(err, transfer.ErrPermission) {
		return false
	}
	parent := dst.Dir(it.Dst)
	if _, serr := dst.Stat(ctx, parent); !errors.Is(serr, transfer.ErrNotFound) {
		return false // there (the refusal was about the file), or unknown
	}
	created, merr := mkdirAll(ctx, dst, parent)
	return merr == nil && created
}
