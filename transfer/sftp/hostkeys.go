package sftp

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// HostKey is what the user is shown about a server's key: its type and its
// SHA-256 fingerprint in OpenSSH's form ("SHA256:…"), as `ssh` prints them.
type HostKey struct {
	Host        string // as known_hosts names it: host, or [host]:port
	Type        string // e.g. ssh-ed25519
	Fingerprint string
}

func hostKeyOf(host string, k ssh.PublicKey) HostKey {
	return HostKey{Host: host, Type: k.Type(), Fingerprint: ssh.FingerprintSHA256(k)}
}

// Decision is the user's answer about a key nobody has vouched for yet.
type Decision int

const (
	Reject      Decision = iota // do not connect
	TrustOnce                   // connect; trust the key until Portside quits
	TrustAlways                 // connect, and add the key to Portside's known_hosts
)

// Ask puts an unknown host key before the user and waits for the answer.
// It runs inside the SSH handshake, on a network goroutine.
type Ask func(HostKey) (Decision, error)

// ErrHostKeyRejected is an unknown key the user did not trust (or that no
// one was there to ask about).
var ErrHostKeyRejected = errors.New("the server's host key is not trusted")

// HostKeyChangedError is a server showing another key than the one on
// record. It is a hard stop, never a question: a user in a hurry would
// click through exactly the warning that matters.
type HostKeyChangedError struct {
	Host      string
	Known     []HostKey // what the known_hosts files hold for the host
	Presented HostKey
	File      string // the file and line of the first known key
	Line      int
}

func (e *HostKeyChangedError) Error() string {
	var known []string
	for _, k := range e.Known {
		known = append(known, k.Type+" "+k.Fingerprint)
	}
	return fmt.Sprintf("the host key of %s has changed: known %s (%s:%d), presented %s %s",
		e.Host, strings.Join(known, ", "), e.File, e.Line, e.Presented.Type, e.Presented.Fingerprint)
}

// HostKeys decides whether to trust a server's key the way OpenSSH does,
// with Portside's own known_hosts for the keys trusted from Portside and the
// user's ~/.ssh/known_hosts honoured as well (read only: Portside never
// writes to a file that belongs to ssh).
type HostKeys struct {
	File      string   // Portside's known_hosts; TrustAlways appends to it
	UserFiles []string // read only, e.g. ~/.ssh/known_hosts; missing ones are skipped
	Ask       Ask      // nil rejects every unknown key

	mu     sync.Mutex
	once   map[string]bool // host + " " + fingerprint, trusted until exit
	asking sync.Mutex      // one question at a time: connections of a site share a key
}

// DefaultUserFiles are the known_hosts files of the user's OpenSSH.
func DefaultUserFiles() []string {
	home, err := os.UserHomeDir()
	if err != nil {
		return nil
	}
	return []string{filepath.Join(home, ".ssh", "known_hosts")}
}

// callback is the database of every file that exists now. It is read at
// each handshake, so a key trusted from another window counts at once.
func (h *HostKeys) callback() (ssh.HostKeyCallback, error) {
	var files []string
	for _, f := range append([]string{h.File}, h.UserFiles...) {
		if f == "" {
			continue
		}
		if _, err := os.Stat(f); err == nil {
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		return func(string, net.Addr, ssh.PublicKey) error { return &knownhosts.KeyError{} }, nil
	}
	cb, err := knownhosts.New(files...)
	if err != nil {
		return nil, fmt.Errorf("read known hosts: %w", err)
	}
	return cb, nil
}

// probeKey is a key no server has: checking it against the database lists
// what the database knows for a host without matching any of it.
var probeKey = func() ssh.PublicKey {
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	k, _ := ssh.NewPublicKey(pub)
	return k
}()

// algorithms are the host key algorithms to offer for addr: those of the
// keys already known for it, as OpenSSH orders them, so that a server with
// several host keys shows the one on record and not a "changed" other
// type. Nil (the library's default) when none is known.
func (h *HostKeys) algorithms(addr string) []string {
	cb, err := h.callback()
	if err != nil {
		return nil
	}
	var ke *knownhosts.KeyError
	if !errors.As(cb(addr, fakeAddr(addr), probeKey), &ke) {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, k := range ke.Want {
		for _, a := range algorithmsFor(k.Key.Type()) {
			if !seen[a] {
				seen[a] = true
				out = append(out, a)
			}
		}
	}
	return out
}

func algorithmsFor(keyType string) []string {
	if keyType == ssh.KeyAlgoRSA {
		return []string{ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256, ssh.KeyAlgoRSA}
	}
	return []string{keyType}
}

// fakeAddr is the remote address knownhosts matches IP patterns against,
// when only the host name is at hand.
func fakeAddr(addr string) net.Addr {
	a, err := net.ResolveTCPAddr("tcp", addr)
	if err != nil || a.IP == nil {
		return &net.TCPAddr{IP: net.IPv4zero}
	}
	return a
}

// check is the ssh.HostKeyCallback: a known key passes, a changed one is a
// *HostKeyChangedError, an unknown one is put to Ask.
func (h *HostKeys) check(addr string, remote net.Addr, key ssh.PublicKey) error {
	host := knownhosts.Normalize(addr)
	presented := hostKeyOf(host, key)
	decided, err := h.known(addr, remote, key)
	if decided {
		return err
	}
	h.asking.Lock()
	defer h.asking.Unlock()
	if decided, err := h.known(addr, remote, key); decided {
		return err // answered while this handshake waited its turn
	}
	if h.Ask == nil {
		return fmt.Errorf("%w: %s %s", ErrHostKeyRejected, presented.Type, presented.Fingerprint)
	}
	d, err := h.Ask(presented)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrHostKeyRejected, err)
	}
	switch d {
	case TrustOnce:
		h.mu.Lock()
		if h.once == nil {
			h.once = map[string]bool{}
		}
		h.once[host+" "+presented.Fingerprint] = true
		h.mu.Unlock()
		return nil
	case TrustAlways:
		return h.add(host, key)
	}
	return fmt.Errorf("%w: %s %s", ErrHostKeyRejected, presented.Type, presented.Fingerprint)
}

// known decides without asking when the files or an earlier answer can.
func (h *HostKeys) known(addr string, remote net.Addr, key ssh.PublicKey) (bool, error) {
	host := knownhosts.Normalize(addr)
	cb, err := h.callback()
	if err != nil {
		return true, err
	}
	err = cb(addr, remote, key)
	var ke *knownhosts.KeyError
	var re *knownhosts.RevokedError
	switch {
	case err == nil:
		return true, nil
	case errors.As(err, &re):
		return true, fmt.Errorf("%w: the host key %s of %s is marked revoked in %s:%d",
			ErrHostKeyRejected, ssh.FingerprintSHA256(key), host, re.Revoked.Filename, re.Revoked.Line)
	case errors.As(err, &ke) && len(ke.Want) > 0:
		e := &HostKeyChangedError{Host: host, Presented: hostKeyOf(host, key), File: ke.Want[0].Filename, Line: ke.Want[0].Line}
		for _, w := range ke.Want {
			e.Known = append(e.Known, hostKeyOf(host, w.Key))
		}
		return true, e
	case errors.As(err, &ke):
		h.mu.Lock()
		defer h.mu.Unlock()
		if h.once[host+" "+ssh.FingerprintSHA256(key)] {
			return true, nil
		}
		return false, nil
	}
	return true, err
}

// add appends the key to Portside's known_hosts in OpenSSH's format, so
// that `ssh -o UserKnownHostsFile=…` reads it as well.
func (h *HostKeys) add(host string, key ssh.PublicKey) error {
	if h.File == "" {
		return fmt.Errorf("trust the host key always: %w", errNoKnownHostsFile)
	}
	if err := os.MkdirAll(filepath.Dir(h.File), 0o700); err != nil {
		return fmt.Errorf("trust the host key always: %w", err)
	}
	f, err := os.OpenFile(h.File, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("trust the host key always: %w", err)
	}
	_, err = fmt.Fprintln(f, knownhosts.Line([]string{host}, key))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = syncDir(filepath.Dir(h.File))
	}
	if err != nil {
		return fmt.Errorf("trust the host key always: %w", err)
	}
	return nil
}

var errNoKnownHostsFile = errors.New("no known_hosts file is set")

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	d.Sync() // best effort: some file systems cannot sync a folder
	return nil
}
