package sftp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"
)

// ErrNoSFTP is a server that logged the user in but refused the "sftp"
// subsystem: shell logins only, or SFTP turned off.
var ErrNoSFTP = errors.New("the server does not offer SFTP")

// Trace is what a connect saw, for the connection check: each field is
// set when its stage is reached, so a failed connect tells how far it got.
// Safe to read once Connect returned.
type Trace struct {
	mu        sync.Mutex
	HostKey   *HostKey  // as presented, before it was checked
	HostKeyAt time.Time // when it was presented
	LoginAt   time.Time // when the login passed
	Version   string    // the server's SSH version line, once logged in
}

func (t *Trace) hostKey(host string, key ssh.PublicKey) {
	if t == nil {
		return
	}
	k := hostKeyOf(host, key)
	t.mu.Lock()
	t.HostKey, t.HostKeyAt = &k, time.Now()
	t.mu.Unlock()
}

func (t *Trace) loggedIn(version []byte) {
	if t == nil {
		return
	}
	t.mu.Lock()
	t.LoginAt, t.Version = time.Now(), string(version)
	t.mu.Unlock()
}

// Tried names the login methods cfg can try, in the order it tries them
// when the server offers them.
func (cfg Config) Tried() []string {
	var m []string
	if cfg.Agent || len(cfg.KeyFiles) > 0 {
		m = append(m, "publickey")
	}
	if cfg.Answer != nil || cfg.Password != "" {
		m = append(m, "keyboard-interactive")
	}
	if cfg.Password != "" {
		m = append(m, "password")
	}
	return m
}

// OfferedMethods asks the server which login methods it offers cfg.User,
// without offering any credential: each method is only named, and
// whatever the server then asks for is declined. The host key is checked
// as for a connect (cfg.HostKeys). For the connection check, after a
// refused login.
func OfferedMethods(ctx context.Context, cfg Config) ([]string, error) {
	addr := cfg.Addr()
	if cfg.HostKeys == nil {
		return nil, errNoHostKeys
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	dctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	dialer := cfg.Dial
	if dialer == nil {
		dialer = (&net.Dialer{}).DialContext
	}
	raw, err := dialer(dctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	defer raw.Close()
	raw.SetDeadline(time.Now().Add(timeout))
	stop := context.AfterFunc(dctx, func() { raw.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	var mu sync.Mutex
	var offered []string
	note := func(m string) {
		mu.Lock()
		offered = append(offered, m)
		mu.Unlock()
	}
	// The library calls a method only when the server names it as one
	// that can continue, and goes on to the next after a decline.
	sc, _, _, err := ssh.NewClientConn(raw, addr, &ssh.ClientConfig{
		User: cfg.User,
		Auth: []ssh.AuthMethod{
			ssh.PublicKeysCallback(func() ([]ssh.Signer, error) { note("publickey"); return nil, nil }),
			ssh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
				note("keyboard-interactive")
				return nil, errDeclined
			}),
			ssh.PasswordCallback(func() (string, error) { note("password"); return "", errDeclined }),
		},
		HostKeyCallback: func(host string, remote net.Addr, key ssh.PublicKey) error {
			return cfg.HostKeys.check(host, remote, key)
		},
		HostKeyAlgorithms: cfg.HostKeys.algorithms(addr),
	})
	if err == nil {
		sc.Close()
		return nil, errNoLoginNeeded
	}
	mu.Lock()
	defer mu.Unlock()
	if len(offered) == 0 && !isAuthRefusal(err) {
		return nil, fmt.Errorf("ask %s for its login methods: %w", addr, err)
	}
	return offered, nil
}

var (
	errDeclined      = errors.New("declined: only asking which methods the server offers")
	errNoLoginNeeded = errors.New("the server let the login in without any credential")
)

func isAuthRefusal(err error) bool {
	return err != nil && (errors.Is(err, errDeclined) || strings.Contains(err.Error(), "unable to authenticate"))
}
