package edit_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"portside/transfer/edit"
	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/transport"
)

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
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	deadDir := filepath.Join(root, strconv.Itoa(dead.Process.Pid))
	liveDir := filepath.Join(root, strconv.Itoa(os.Getppid()))
	for _, d := range []string{deadDir, liveDir} {
		os.MkdirAll(filepath.Join(d, "1"), 0o700)
		os.WriteFile(filepath.Join(d, "1", "copy.txt"), []byte("x"), 0o600)
	}
	m, err := edit.NewManager(root)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	m.Quiet = 50 * time.Millisecond
	if _, err := os.Stat(deadDir); err == nil {
		t.Error("the earlier run's copy is still there")
	}
	if _, err := os.Stat(filepath.Join(liveDir, "1", "copy.txt")); err != nil {
		t.Errorf("a running Portside's copy went: %v", err)
	}
	if fi, _ := os.Stat(root); fi.Mode().Perm() != 0o700 {
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
	if fi, _ := os.Stat(f.Local); fi.Mode().Perm() != 0o600 {
		t.Errorf("the copy is %o, want 600", fi.Mode().Perm())
	}
	editor := func(content string) {
		t.Helper()
		src := filepath.Join(t.TempDir(), "new")
		os.WriteFile(src, []byte(content), 0o644)
		cmd, err := edit.Command(map[string]string{".html": "cp " + src}, f.Local)
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
	cases := []struct {
		setting string
		path    string
		want    []string
	}{
		{"", "/tmp/a.txt", []string{"xdg-open", "/tmp/a.txt"}},
		{"txt=cat -n\n*=true", "/tmp/a.TXT", []string{"cat", "-n", "/tmp/a.TXT"}},
		{"txt=cat -n\n*=true", "/tmp/a.html", []string{"true", "/tmp/a.html"}},
		{"env X={} true", "/tmp/a b;rm.txt", []string{"env", "X=/tmp/a b;rm.txt", "true"}},
	}
	for _, c := range cases {
		cmd, err := edit.Command(edit.ParseCommands(c.setting), c.path)
		if err != nil {
			t.Errorf("%q: %v", c.setting, err)
			continue
		}
		got := append([]string{filepath.Base(cmd.Path)}, cmd.Args[1:]...)
		if strings.Join(got, "\x00") != strings.Join(c.want, "\x00") {
			t.Errorf("%q on %s: %q, want %q", c.setting, c.path, got, c.want)
		}
	}
	if _, err := edit.Command(map[string]string{"": "no-such-editor-here"}, "/tmp/a"); err == nil {
		t.Error("a missing editor is not reported")
	}
}
