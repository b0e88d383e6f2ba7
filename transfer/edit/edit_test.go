package edit_test

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"portside/transfer/edit"
	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/transport"
)

// Started with portsideEditWait=1, this test program stands in for
// another Portside that is running: it waits until its stdin closes.
func TestMain(m *testing.M) {
	if os.Getenv("portsideEditWait") == "1" {
		io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func session(t *testing.T, root string) *ftp.Session {
	t.Helper()
	srv, err := ftpd.Start(ftpd.Config{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	s, err := ftp.Connect(ctx, ftp.Config{Config: transport.Config{Host: "127.0.0.1", Port: srv.Port()},
		User: "demo", Password: "demo", Mode: transport.ModePassive})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// A save is reported once per change of the copy's bytes: a fake editor
// (cp, run as the editor command would be) writes the copy; a touch that
// changes nothing is no save.
func TestSavesReportedOncePerChange(t *testing.T) {
	srvRoot := t.TempDir()
	os.WriteFile(filepath.Join(srvRoot, "page.html"), []byte("<h1>old</h1>\n"), 0o644)
	s := session(t, srvRoot)
	root := filepath.Join(t.TempDir(), "edit")
	// Copies left by an earlier run (a process that is gone) are cleaned
	// away at start; those of a Portside still running are kept.
	dead := exec.Command(os.Args[0], "-test.run=^$") // this test program, running no test: it exists on every system
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	live := exec.Command(os.Args[0])
	live.Env = append(os.Environ(), "portsideEditWait=1")
	stdin, err := live.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := live.Start(); err != nil {
		t.Fatal(err)
	}
	defer live.Wait()
	defer stdin.Close()
	deadDir := filepath.Join(root, strconv.Itoa(dead.Process.Pid))
	liveDir := filepath.Join(root, strconv.Itoa(live.Process.Pid))
	for _, d := range []string{deadDir, liveDir} {
		os.MkdirAll(filepath.Join(d, "1"), 0o700)
		os.WriteFile(filepath.Join(d, "1", "copy.txt"), []byte("x"), 0o600)
	}
	m, err := edit.NewManager(root)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	// The product's own quiet time: at 50 ms a machine at load 20 once showed cp's
	// truncated, not yet written copy as the first save.
	m.Quiet = 300 * time.Millisecond
	if _, err := os.Stat(deadDir); err == nil {
		t.Error("the earlier run's copy is still there")
	}
	if _, err := os.Stat(filepath.Join(liveDir, "1", "copy.txt")); err != nil {
		t.Errorf("a running Portside's copy went: %v", err)
	}
	if fi, _ := os.Stat(root); fi.Mode().Perm() != 0o700 && runtime.GOOS != "windows" { // Windows: ACLs, not modes
		t.Errorf("the edit folder is %o, want 700", fi.Mode().Perm())
	}
	saves := make(chan []byte, 10)
	m.OnSaved = func(f edit.File) {
		b, _ := os.ReadFile(f.Local)
		saves <- b
	}
	f, err := m.Fetch(t.Context(), s, "site", "Site", "/page.html")
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(f.Local); string(b) != "<h1>old</h1>\n" {
		t.Fatalf("the copy holds %q", b)
	}
	if fi, _ := os.Stat(f.Local); fi.Mode().Perm() != 0o600 && runtime.GOOS != "windows" {
		t.Errorf("the copy is %o, want 600", fi.Mode().Perm())
	}
	editor := func(content string) {
		t.Helper()
		src := filepath.Join(t.TempDir(), "new")
		os.WriteFile(src, []byte(content), 0o644)
		cp := "cp " + src
		if runtime.GOOS == "windows" {
			cp = "cmd /c copy /y " + src // copy writes into the existing file, as cp does
		}
		cmd, err := edit.Command(map[string]string{".html": cp}, f.Local)
		if err != nil {
			t.Fatal(err)
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("editor: %v %s", err, out)
		}
	}
	wait := func() []byte {
		t.Helper()
		select {
		case b := <-saves:
			return b
		case <-time.After(30 * time.Second):
			t.Fatal("no save reported")
			return nil
		}
	}
	editor("<h1>one</h1>\n")
	if b := wait(); string(b) != "<h1>one</h1>\n" {
		t.Fatalf("save 1 saw %q", b)
	}
	// The same bytes again (an editor's "save" without a change), then a
	// real change: the next save reported is the change.
	editor("<h1>one</h1>\n")
	now := time.Now().Add(time.Minute)
	os.Chtimes(f.Local, now, now)
	editor("<h1>two</h1>\n")
	if b := wait(); string(b) != "<h1>two</h1>\n" {
		t.Fatalf("save 2 saw %q: a save without a change was reported", b)
	}
	if err := m.Stop(f.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(f.Local); err == nil {
		t.Error("Stop left the copy")
	}
}

// Check says when the server's file is not the one opened.
func TestCheckSeesServerChange(t *testing.T) {
	srvRoot := t.TempDir()
	os.WriteFile(filepath.Join(srvRoot, "a.txt"), []byte("12345"), 0o644)
	s := session(t, srvRoot)
	m, err := edit.NewManager(filepath.Join(t.TempDir(), "edit"))
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	f, err := m.Fetch(t.Context(), s, "site", "Site", "/a.txt")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		change  func()
		changed bool
		gone    bool
	}{
		{"untouched", func() {}, false, false},
		{"someone else wrote", func() { os.WriteFile(filepath.Join(srvRoot, "a.txt"), []byte("123"), 0o644) }, true, false},
		{"someone else deleted", func() { os.Remove(filepath.Join(srvRoot, "a.txt")) }, true, true},
	}
	for _, c := range cases {
		c.change()
		st, err := m.Check(t.Context(), s, f.ID)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if st.Changed != c.changed || st.Gone != c.gone {
			t.Errorf("%s: changed %v gone %v (%s)", c.name, st.Changed, st.Gone, st.Why)
		}
	}
}

func TestCommand(t *testing.T) {
	// Programs every system of its kind has: Command looks the editor up.
	opener, cat, tru, env := []string{"xdg-open"}, "cat", "true", "env"
	if runtime.GOOS == "windows" {
		opener, cat, tru, env = []string{"rundll32", "url.dll,FileProtocolHandler"}, "findstr", "where", "cmd"
	}
	cases := []struct {
		setting string
		path    string
		want    []string
	}{
		{"", "/tmp/a.txt", append(opener, "/tmp/a.txt")},
		{"txt=" + cat + " -n\n*=" + tru, "/tmp/a.TXT", []string{cat, "-n", "/tmp/a.TXT"}},
		{"txt=" + cat + " -n\n*=" + tru, "/tmp/a.html", []string{tru, "/tmp/a.html"}},
		{env + " X={} " + tru, "/tmp/a b;rm.txt", []string{env, "X=/tmp/a b;rm.txt", tru}},
	}
	for _, c := range cases {
		cmd, err := edit.Command(edit.ParseCommands(c.setting), c.path)
		if err != nil {
			t.Errorf("%q: %v", c.setting, err)
			continue
		}
		got := append([]string{strings.TrimSuffix(filepath.Base(cmd.Path), ".exe")}, cmd.Args[1:]...)
		if strings.Join(got, "\x00") != strings.Join(c.want, "\x00") {
			t.Errorf("%q on %s: %q, want %q", c.setting, c.path, got, c.want)
		}
	}
	if _, err := edit.Command(map[string]string{"": "no-such-editor-here"}, "/tmp/a"); err == nil {
		t.Error("a missing editor is not reported")
	}
}
