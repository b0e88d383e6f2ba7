package ftp_test

import (
	"context"
	"testing"
	"time"

	"portside/internal/hostile"
	"portside/transfer/ftp"
	"portside/transfer/transport"
)

// MLSD's entries for the folder itself (cdir) and its parent (pdir) are
// not children, whatever they are called; "." and ".." neither (#20 item 9).
func TestListDropsSelfAndParent(t *testing.T) {
	const mod = ";modify=20260102150405"
	srv := hostile.Start(t, hostile.Script{MLSD: true, Listings: map[string][]string{"/pub": {
		"type=cdir" + mod + "; pub",
		"type=pdir" + mod + "; ..",
		"type=pdir" + mod + "; up",
		"type=cdir" + mod + "; .",
		"type=dir" + mod + "; .",
		"type=file;size=1" + mod + "; a",
		"type=dir" + mod + "; sub",
		"type=CDIR" + mod + "; self",
	}}})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := ftp.Connect(ctx, ftp.Config{Config: transport.Config{Host: srv.Host(), Port: srv.Port()}, User: "alice", Password: "x", Mode: transport.ModePassive})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	list, err := s.List(ctx, "/pub")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range list {
		names = append(names, e.Name)
	}
	if len(names) != 2 || names[0] != "a" || names[1] != "sub" {
		t.Fatalf("listing = %q, want [a sub]", names)
	}
}
