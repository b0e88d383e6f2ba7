package transport

import (
	"errors"
	"io"
	"net"
	"testing"
	"time"
)

// The idle deadline counts time without progress, not the time a call
// takes: a peer that reads or writes a little now and then keeps a long
// Write or a Read loop going; one that stops ends it with *IdleError.
// net.Pipe has no buffer, so every byte waits for the other side.
func TestIdleConn(t *testing.T) {
	const idle = time.Second
	const size = 16 << 10
	cases := []struct {
		name   string
		write  bool // the idleConn writes; else it reads
		stopAt int  // the peer stops after this many bytes; size: never
		wantOK bool
	}{
		{"slow reader, long write", true, size, true},
		{"reader stops", true, 4 << 10, false},
		{"slow writer, reads", false, size, true},
		{"writer stops", false, 4 << 10, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a, b := net.Pipe()
			defer a.Close()
			defer b.Close()
			c := newIdleConn(a, idle)
			// The peer moves 1 KiB every idle/4: 16 steps, four idle
			// timeouts in all, never one without progress.
			go func() {
				buf := make([]byte, 1<<10)
				for moved := 0; moved < tc.stopAt; moved += len(buf) {
					time.Sleep(idle / 4)
					var err error
					if tc.write {
						_, err = io.ReadFull(b, buf)
					} else {
						_, err = b.Write(buf)
					}
					if err != nil {
						return
					}
				}
			}()
			var err error
			if tc.write {
				_, err = c.Write(make([]byte, size))
			} else {
				_, err = io.ReadFull(c, make([]byte, size))
			}
			var ie *IdleError
			switch {
			case tc.wantOK && err != nil:
				t.Fatalf("a slow but steady peer: %v", err)
			case !tc.wantOK && !errors.As(err, &ie):
				t.Fatalf("err = %v, want an idle timeout", err)
			}
		})
	}
}
