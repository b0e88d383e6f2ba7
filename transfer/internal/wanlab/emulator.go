//go:build linux

package wanlab

import (
	"errors"
	"net/netip"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"
)

// The packet engine: one TUN device in the router namespace receives every
// packet that crosses between the two sides (policy routing sends them
// there, see wanlab.go); the engine reads each one, asks the direction's
// shaper when it may arrive, holds it until then and writes it back into
// the same TUN device, where the kernel routes it on to its destination.

const (
	mtu = 1500
	// bufSize leaves room to notice a packet larger than the MTU (it is
	// dropped) instead of cutting it silently.
	bufSize = mtu + 100
	// DefaultMaxPackets bounds each direction's packets in flight (queue
	// plus delay line): 8192 × bufSize ≈ 13 MB. 100 Mbit/s over a 150 ms
	// one-way delay is ~1250 full packets.
	DefaultMaxPackets = 8192
)

type packet struct {
	at  time.Time
	buf []byte
	n   int
}

// direction holds one direction's packets in arrival order. A shaper's
// arrival times never decrease, so the head is always the next one due.
type direction struct {
	sh   *shaper
	max  int
	mu   sync.Mutex
	q    []packet // ring of cap max
	head int
	n    int
	wake chan struct{}

	passed, dropped, bytes atomic.Int64
}

type engine struct {
	tun    *os.File
	toB    netip.Prefix // packets to this prefix go A→B, to anything else B→A
	toA    netip.Prefix
	dirs   [2]*direction // 0: A→B, 1: B→A
	stop   chan struct{}
	done   sync.WaitGroup
	pool   sync.Pool
	closed sync.Once
	odd    atomic.Int64 // packets neither side's, or not IPv4, or too big
	trace  *tracer      // nil: no trace
}

func newEngine(tun *os.File, toA, toB netip.Prefix, ab, ba Dir, maxPackets int, tr *tracer) *engine {
	if maxPackets <= 0 {
		maxPackets = DefaultMaxPackets
	}
	e := &engine{tun: tun, toA: toA, toB: toB, stop: make(chan struct{}), trace: tr}
	e.pool.New = func() any { b := make([]byte, bufSize); return &b }
	for i, d := range []Dir{ab, ba} {
		e.dirs[i] = &direction{sh: newShaper(d, uint64(i+1)), max: maxPackets,
			q: make([]packet, maxPackets), wake: make(chan struct{}, 1)}
	}
	e.done.Add(3)
	go e.read()
	go e.deliver(e.dirs[0])
	go e.deliver(e.dirs[1])
	return e
}

// close stops the engine and waits for its goroutines; closing the TUN
// file ends the blocked read.
func (e *engine) close() {
	e.closed.Do(func() {
		close(e.stop)
		e.tun.Close()
		e.done.Wait()
	})
}

func (e *engine) read() {
	defer e.done.Done()
	for {
		bp := e.pool.Get().(*[]byte)
		n, err := e.tun.Read(*bp)
		if err != nil {
			e.pool.Put(bp)
			if errors.Is(err, os.ErrClosed) || isStopped(e.stop) {
				return
			}
			// EAGAIN-like hiccups cannot happen on a pollable fd; anything
			// else is the device going away with its namespace.
			return
		}
		b := (*bp)[:n]
		var d *direction
		if n >= 20 && n < bufSize && b[0]>>4 == 4 {
			dst := netip.AddrFrom4([4]byte(b[16:20]))
			switch {
			case e.toB.Contains(dst):
				d = e.dirs[0]
			case e.toA.Contains(dst):
				d = e.dirs[1]
			}
		}
		if d == nil {
			e.odd.Add(1)
			e.pool.Put(bp)
			continue
		}
		now := time.Now()
		if e.trace != nil {
			e.trace.packet(now, d == e.dirs[0], b)
		}
		d.push(now, bp, n, &e.pool)
	}
}

func (d *direction) push(now time.Time, bp *[]byte, n int, pool *sync.Pool) {
	d.mu.Lock()
	at, ok := d.sh.admit(now, n)
	if ok && d.n == d.max {
		ok = false
	}
	if ok {
		d.q[(d.head+d.n)%d.max] = packet{at: at, buf: *bp, n: n}
		d.n++
	}
	d.mu.Unlock()
	if !ok {
		d.dropped.Add(1)
		pool.Put(bp)
		return
	}
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// deliver writes d's packets into the TUN device when they are due.
func (e *engine) deliver(d *direction) {
	defer e.done.Done()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		d.mu.Lock()
		var p packet
		has := d.n > 0
		if has {
			p = d.q[d.head]
		}
		d.mu.Unlock()
		if !has {
			select {
			case <-d.wake:
				continue
			case <-e.stop:
				return
			}
		}
		if wait := time.Until(p.at); wait > 0 {
			timer.Reset(wait)
			select {
			case <-timer.C:
			case <-e.stop:
				return
			}
		}
		d.mu.Lock()
		d.q[d.head] = packet{}
		d.head = (d.head + 1) % d.max
		d.n--
		d.mu.Unlock()
		if _, err := e.tun.Write(p.buf[:p.n]); err != nil {
			if isStopped(e.stop) {
				return
			}
			d.dropped.Add(1)
		} else {
			d.passed.Add(1)
			d.bytes.Add(int64(p.n))
		}
		buf := p.buf[:cap(p.buf)]
		e.pool.Put(&buf)
	}
}

func isStopped(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// openTUN creates the TUN device name in the calling thread's network
// namespace and returns it as a pollable file, so that Close ends a
// blocked Read.
func openTUN(name string) (*os.File, error) {
	fd, err := syscall.Open("/dev/net/tun", syscall.O_RDWR|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	var req struct {
		name  [16]byte
		flags uint16
		_     [22]byte
	}
	copy(req.name[:15], name)
	req.flags = syscall.IFF_TUN | syscall.IFF_NO_PI
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), syscall.TUNSETIFF, uintptr(unsafe.Pointer(&req))); e != 0 {
		syscall.Close(fd)
		return nil, e
	}
	return os.NewFile(uintptr(fd), "/dev/net/tun"), nil
}
