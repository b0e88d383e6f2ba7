//go:build linux

package wanlab

import (
	"encoding/binary"
	"fmt"
	"io"
	"sync"
	"time"
)

// tracer writes one line per packet that enters the link (before the
// delay), for finding where a protocol's round trips go: the time since
// the link started, the direction, addresses, TCP flags and payload
// length. The headers are the lab's own traffic, parsed with bounds
// checks; payload bytes are never printed.
type tracer struct {
	mu    sync.Mutex
	w     io.Writer
	start time.Time
}

func (tr *tracer) packet(now time.Time, up bool, b []byte) {
	dir := "down"
	if up {
		dir = "up  "
	}
	ihl := int(b[0]&0x0f) * 4
	line := fmt.Sprintf("%9.3fms %s %d.%d.%d.%d > %d.%d.%d.%d proto %d len %d",
		float64(now.Sub(tr.start).Microseconds())/1000, dir, b[12], b[13], b[14], b[15], b[16], b[17], b[18], b[19], b[9], len(b))
	if b[9] == 6 && ihl >= 20 && len(b) >= ihl+20 {
		tcp := b[ihl:]
		off := int(tcp[12]>>4) * 4
		flags := ""
		for i, f := range "FSRPAU" {
			if tcp[13]&(1<<i) != 0 {
				flags += string(f)
			}
		}
		line = fmt.Sprintf("%9.3fms %s %d.%d.%d.%d:%d > %d.%d.%d.%d:%d [%s] payload %d",
			float64(now.Sub(tr.start).Microseconds())/1000, dir,
			b[12], b[13], b[14], b[15], binary.BigEndian.Uint16(tcp[0:2]),
			b[16], b[17], b[18], b[19], binary.BigEndian.Uint16(tcp[2:4]), flags, max(len(b)-ihl-off, 0))
	}
	tr.mu.Lock()
	fmt.Fprintln(tr.w, line)
	tr.mu.Unlock()
}
