package sftp_test

import (
	"testing"

	"portside/transfer/fstest"
	"portside/transfer/internal/sftpd"
	"portside/transfer/sftp"
)

func TestConformanceEmbedded(t *testing.T) {
	root := t.TempDir()
	srv := embedded(t, sftpd.Config{Root: root, Password: "secret"})
	s := connect(t, sftp.Config{
		Host: "127.0.0.1", Port: srv.Port(), User: "ann", Password: "secret",
		HostKeys: pinned(t, srv.Port(), srv.HostKey()),
	})
	fstest.Run(t, s, root)
}
