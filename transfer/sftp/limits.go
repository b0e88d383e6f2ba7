package sftp

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"golang.org/x/crypto/ssh"
)

// Packet sizes. SFTP's read and write requests carry 32 KiB each unless
// the server says it takes more: OpenSSH (8.7 and later) announces
// limits@openssh.com and takes 255 KiB, and its own sftp client then uses
// the larger size. Fewer, larger requests cost fewer messages, goroutines
// and system calls on both sides: about a fifth less CPU per GiB here.
// The size is never guessed: pkg/sftp takes a short read as the end of the
// file, so a server that answered less than asked would cut files short.
const (
	defaultPacket = 32 << 10
	maxPacket     = 256 << 10
	// inFlight is the bytes of requests one file keeps in flight, whatever
	// their size: 2 MiB, the SSH channel's window, enough for 1 Gbit/s at
	// 16 ms round trips.
	inFlight = 2 << 20
)

// limits are what a server's limits@openssh.com reply says.
type limits struct {
	packet, read, write uint64
}

// packetSize is the request size these limits allow: the smaller of the
// read and write limits, within [defaultPacket, maxPacket].
func (l limits) packetSize() int {
	n := min(l.read, l.write, maxPacket)
	if l.packet > 1024 {
		n = min(n, l.packet-1024) // room for the request's header
	}
	return int(max(n, defaultPacket))
}

// queryLimits asks the server for its limits over a second SFTP session
// on the connection (pkg/sftp has no call for extension requests), which
// it closes after, or when ctx ends first.
func queryLimits(ctx context.Context, client *ssh.Client) (limits, error) {
	ch, err := client.NewSession()
	if err != nil {
		return limits{}, err
	}
	defer ch.Close()
	stop := context.AfterFunc(ctx, func() { ch.Close() })
	defer stop()
	w, err := ch.StdinPipe()
	if err != nil {
		return limits{}, err
	}
	r, err := ch.StdoutPipe()
	if err != nil {
		return limits{}, err
	}
	if err := ch.RequestSubsystem("sftp"); err != nil {
		return limits{}, err
	}
	// SSH_FXP_INIT, version 3; then SSH_FXP_EXTENDED, id 1.
	init := []byte{1, 0, 0, 0, 3}
	const name = "limits@openssh.com"
	ext := binary.BigEndian.AppendUint32([]byte{200}, 1)
	ext = binary.BigEndian.AppendUint32(ext, uint32(len(name)))
	ext = append(ext, name...)
	for _, p := range [][]byte{init, ext} {
		if _, err := w.Write(append(binary.BigEndian.AppendUint32(nil, uint32(len(p))), p...)); err != nil {
			return limits{}, err
		}
	}
	if t, _, err := readPacket(r); err != nil || t != 2 { // SSH_FXP_VERSION
		return limits{}, fmt.Errorf("limits: no version reply (%d): %w", t, err)
	}
	t, body, err := readPacket(r)
	if err != nil {
		return limits{}, err
	}
	// SSH_FXP_EXTENDED_REPLY: id, then max packet, read, write, handles.
	if t != 201 || len(body) < 4+4*8 || binary.BigEndian.Uint32(body) != 1 {
		return limits{}, errNoLimits
	}
	u := func(i int) uint64 { return binary.BigEndian.Uint64(body[4+8*i:]) }
	return limits{packet: u(0), read: u(1), write: u(2)}, nil
}

var errNoLimits = errors.New("the server did not answer limits@openssh.com")

// readPacket reads one SFTP packet of at most 64 KiB: the replies read
// here are short, and a longer one is a server to stop listening to.
func readPacket(r io.Reader) (byte, []byte, error) {
	var hdr [5]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return 0, nil, err
	}
	n := binary.BigEndian.Uint32(hdr[:4])
	if n < 1 || n > 64<<10 {
		return 0, nil, fmt.Errorf("an SFTP packet of %d bytes", n)
	}
	body := make([]byte, n-1)
	_, err := io.ReadFull(r, body)
	return hdr[4], body, err
}
