package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"portside/transfer/ftpd"
)

// TestMain lets the test binary stand in for portside-cli in a child
// process, so a test can kill -9 it.
func TestMain(m *testing.M) {
	// No test may write the user's own config folder (methods.json).
	dir, err := os.MkdirTemp("", "portside-cli-test")
	if err != nil {
		panic(err)
	}
	sitesDir = func() (string, error) { return dir, nil }
	code := 0
	if args := os.Getenv("PORTSIDE_CLI_CHILD"); args != "" {
		code = run(context.Background(), strings.Split(args, "\x1f"), os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	} else {
		code = m.Run()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

func child(t *testing.T, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "PORTSIDE_CLI_CHILD="+strings.Join(args, "\x1f"), "PORTSIDE_PASSWORD=demo")
	return cmd
}

func countFiles(root string) (files, parts int) {
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if strings.HasSuffix(p, ".portside-part") {
				parts++
			} else {
				files++
			}
		}
		return nil
	})
	return
}

// A get of 500 files killed with SIGKILL midway finishes when run again:
// every file byte-identical, no part file left.
func TestKill9ResumesQueue(t *testing.T) {
	root := t.TempDir()
	want := map[string][32]byte{}
	for i := 0; i < 500; i++ {
		name := fmt.Sprintf("d%02d/f%03d.bin", i%20, i)
		b := make([]byte, 20_000+i*97)
		rand.Read(b)
		os.MkdirAll(filepath.Join(root, filepath.Dir(name)), 0o755)
		os.WriteFile(filepath.Join(root, name), b, 0o644)
		want[name] = sha256.Sum256(b)
	}
	srv, err := ftpd.Start(ftpd.Config{TLS: ftpd.TLSOff, Root: root})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	local := t.TempDir()
	journal := filepath.Join(t.TempDir(), "q.db")
	url := fmt.Sprintf("ftp://demo@127.0.0.1:%d/", srv.Port())
	args := []string{"get", "--parallel", "3", "--journal", journal, url, local}

	first := child(t, args...)
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if n, _ := countFiles(local); n >= 60 {
			break
		}
		if time.Now().After(deadline) {
			first.Process.Kill()
			t.Fatal("the first run did not get going")
		}
		time.Sleep(2 * time.Millisecond)
	}
	first.Process.Signal(syscall.SIGKILL)
	first.Wait()
	got, _ := countFiles(local)
	if got >= 500 {
		t.Fatalf("the first run finished (%d files) before it was killed: the test proves nothing", got)
	}
	t.Logf("killed after %d of 500 files", got)

	second := child(t, args...)
	out, err := second.CombinedOutput()
	if err != nil {
		t.Fatalf("second run: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "resuming") {
		t.Errorf("the second run did not resume from the journal:\n%s", out)
	}
	files, parts := countFiles(local)
	if files != 500 || parts != 0 {
		t.Fatalf("%d files and %d part files after the second run", files, parts)
	}
	for name, sum := range want {
		b, err := os.ReadFile(filepath.Join(local, name))
		if err != nil || sha256.Sum256(b) != sum {
			t.Errorf("%s differs or is missing: %v", name, err)
		}
	}
	if _, err := os.Stat(journal); !os.IsNotExist(err) {
		t.Errorf("the journal of a finished run is still there")
	}
}
