//go:build linux

// Package winetest checks the Windows build of portside-cli under Wine,
// against the real servers of realftpd; make windows-test runs it.
package winetest

import (
	"bytes"
	"context"
	"crypto/rand"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"portside/transfer/internal/realftpd"
	"portside/transfer/transport"
)

// TestWindowsCLIUnderWine runs the cross-built portside-cli.exe under Wine
// against vsftpd on loopback, over explicit TLS, in passive and in active
// mode: list, download a tree, upload a tree. Active mode under Wine goes
// through Winsock's listen/accept (Wine maps it to Linux sockets), the
// Windows socket path a Windows user's client takes behind a firewall.
// make windows-test sets PORTSIDE_WINDOWS_CLI to the .exe; without it the
// test is skipped (a plain `go test` has no Windows build).
func TestWindowsCLIUnderWine(t *testing.T) {
	exe := os.Getenv("PORTSIDE_WINDOWS_CLI")
	if exe == "" {
		t.Skip("PORTSIDE_WINDOWS_CLI is not set: make windows-test runs this with the cross-built portside-cli.exe")
	}
	if !filepath.IsAbs(exe) {
		t.Fatalf("PORTSIDE_WINDOWS_CLI=%s: give an absolute path (go test runs in the package folder)", exe)
	}
	wine, _ := filepath.Abs("../../../scripts/wine-exec.sh")
	srv := realftpd.Start(t, realftpd.Vsftpd, realftpd.Options{TLS: realftpd.TLSExplicit})
	fp := transport.Fingerprint(srv.Certificate())

	// A small tree on the server, with a name Windows accepts but that
	// needs care (spaces, accents), and a file big enough for several reads.
	big := make([]byte, 700_000)
	rand.Read(big)
	// Text files go byte for byte (binary type, no line-end translation on
	// Windows): LF stays LF and CRLF stays CRLF, both ways.
	tree := map[string][]byte{
		"hello.txt":                     []byte("hello from vsftpd\nline two\n"),
		"dos.txt":                       []byte("written on Windows\r\nline two\r\n"),
		"Rapports annuels/été 2026.bin": big,
	}
	for name, body := range tree {
		p := filepath.Join(srv.Root, "pub", name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	url := "ftpes://" + srv.User + "@" + srv.Addr()
	run := func(t *testing.T, args ...string) string {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, wine, append([]string{exe, "--fingerprint", fp}, args...)...)
		cmd.Env = append(os.Environ(), "PORTSIDE_PASSWORD="+srv.Password)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			t.Fatalf("portside-cli.exe %s: %v\nstdout: %s\nstderr: %s\nserver log:\n%s", strings.Join(args, " "), err, out.String(), errb.String(), srv.Log())
		}
		return out.String()
	}
	for _, c := range []struct{ mode, command string }{{"passive", "EPSV"}, {"active", "EPRT"}} {
		mode := c.mode
		t.Run(mode, func(t *testing.T) {
			before := strings.Count(srv.Log(), c.command)
			out := run(t, "--mode", mode, "ls", url+"/pub")
			for _, want := range []string{"hello.txt", "Rapports annuels/"} {
				if !strings.Contains(out, want) {
					t.Errorf("ls lacks %q:\n%s", want, out)
				}
			}

			down := t.TempDir()
			run(t, "--mode", mode, "get", url+"/pub", windowsPath(down))
			checkTree(t, "download", down, tree)

			up := filepath.Join(t.TempDir(), "up-"+mode)
			for name, body := range tree {
				os.MkdirAll(filepath.Dir(filepath.Join(up, name)), 0o755)
				os.WriteFile(filepath.Join(up, name), body, 0o644)
			}
			run(t, "--mode", mode, "put", windowsPath(up), url+"/")
			checkTree(t, "upload", srv.Root, tree, "up-"+mode)
			// The server's log shows the data connections were of the mode asked for.
			if n := strings.Count(srv.Log(), c.command) - before; n < 3 {
				t.Errorf("%s: the server saw %d %s commands, want one per transfer", mode, n, c.command)
			}
		})
	}
}

// windowsPath is how a Windows program under Wine names a Linux path:
// Wine's drive Z: is the Linux root.
func windowsPath(p string) string { return `Z:` + strings.ReplaceAll(p, "/", `\`) }

// checkTree finds each file of want, by its path's last elements, below
// dir (the client decides whether the top folder's own name comes along)
// and compares its bytes; under, if given, must be on the found path.
func checkTree(t *testing.T, what, dir string, want map[string][]byte, under ...string) {
	t.Helper()
	for name, body := range want {
		found := false
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(filepath.ToSlash(p), "/"+name) {
				return nil
			}
			if len(under) > 0 && !strings.Contains(p, "/"+under[0]+"/") {
				return nil
			}
			got, _ := os.ReadFile(p)
			found = bytes.Equal(got, body)
			return nil
		})
		if !found {
			t.Errorf("%s: %s is missing below %s or differs", what, name, dir)
		}
	}
}
