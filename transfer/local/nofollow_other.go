//go:build !unix

package local

// noFollow: Windows has no O_NOFOLLOW; localpath's Lstat checks remain.
const noFollow = 0
