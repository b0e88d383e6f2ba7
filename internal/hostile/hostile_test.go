package hostile_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"portside/internal/hostile"
	"portside/transfer/ftp"
	"portside/transfer/transport"
)

// The harness must carry Portside's own client through a login, a listing,
// a download and an upload, in both listing styles, before any test can
// trust what it scripts on top.
func TestHarnessServesTheClient(t *testing.T) {
	for _, mlsd := range []bool{false, true} {
		srv := hostile.Start(t, hostile.Script{MLSD: mlsd, Files: map[string]string{"/pub/a.txt": "hello", "/pub/sub/b": "bb"}})
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		s, err := ftp.Connect(ctx, ftp.Config{Config: transport.Config{Host: srv.Host(), Port: srv.Port()}, User: "alice", Password: "x", Mode: transport.ModePassive})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		list, err := s.List(ctx, "/pub")
		if err != nil || len(list) != 2 || list[0].Name != "a.txt" || list[0].Size != 5 || !list[1].IsDir {
			t.Fatalf("mlsd=%v: list = %+v, %v", mlsd, list, err)
		}
		r, err := s.Open(ctx, "/pub/a.txt", 1)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		if err := r.Close(); err != nil || string(b) != "ello" {
			t.Fatalf("mlsd=%v: RETR from 1 = %q, %v", mlsd, b, err)
		}
		w, err := s.Create(ctx, "/up", 0)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, "up!")
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if got, _ := srv.File("/up"); string(got) != "up!" {
			t.Fatalf("mlsd=%v: uploaded %q", mlsd, got)
		}
		if srv.Count("PASS") != 1 {
			t.Errorf("commands: %q", srv.Commands())
		}
	}
}

// A handler replaces one command's answer; the rest stay honest.
func TestHarnessHandlers(t *testing.T) {
	srv := hostile.Start(t, hostile.Script{Handlers: map[string]hostile.Handler{
		"PWD": func(c *hostile.Conn, _ string) { c.Reply(257, `"/.." is where you are`) },
	}})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := ftp.Connect(ctx, ftp.Config{Config: transport.Config{Host: srv.Host(), Port: srv.Port()}, User: "alice", Password: "x", Mode: transport.ModePassive})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if home, err := s.Home(ctx); err != nil || home != "/.." {
		t.Fatalf("Home = %q, %v", home, err)
	}
}

// A test scripts the lie it needs on top of an honest server: here a
// folder that names itself as its child (RFC 3659's cdir), and a RETR
// that is refused once, then served.
func ExampleStart() {
	t := &testing.T{} // in a test: the test's own t
	refused := false
	srv := hostile.Start(t, hostile.Script{
		MLSD:     true,
		Files:    map[string]string{"/pub/a.txt": "hello"},
		Listings: map[string][]string{"/pub": {"type=cdir; pub", "type=file;size=5; a.txt"}},
		Handlers: map[string]hostile.Handler{"RETR": func(c *hostile.Conn, arg string) {
			if !refused {
				refused = true
				c.Reply(421, "too many connections")
				return
			}
			c.Default("RETR", arg) // the honest answer
		}},
	})
	_ = srv.URL("/pub") // ftp://alice@127.0.0.1:PORT/pub
}

// The recipes do what they say, seen from a bare connection.
func TestRecipes(t *testing.T) {
	srv := hostile.Start(t, hostile.Script{Handlers: map[string]hostile.Handler{
		"NOOP": hostile.Flood(211, 1000, 100_000),
		"STAT": hostile.Silent,
	}})
	c, err := net.Dial("tcp", srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(time.Minute))
	r := bufio.NewReader(c)
	r.ReadString('\n') // greeting
	io.WriteString(c, "NOOP\r\n")
	n := 0
	for n < 100_000 {
		line, err := r.ReadString('\n')
		if err != nil || !strings.HasPrefix(line, "211-") {
			t.Fatalf("after %d bytes: %q, %v", n, line, err)
		}
		n += len(line)
	}
	io.WriteString(c, "STAT\r\n")
	for deadline := time.Now().Add(time.Minute); srv.Count("STAT") == 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("STAT never arrived")
		}
	}
	c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	if b, err := r.ReadByte(); err == nil {
		t.Errorf("the silent handler answered %q", b)
	}
	c.Close() // the silent handler ends when the client goes
}
