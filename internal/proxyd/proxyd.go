// Package proxyd starts real proxy servers on loopback for tests: Dante
// (SOCKS5) and tinyproxy (HTTP CONNECT), both from Debian (scripts/deps.sh
// installs them with their system services kept from starting). Each test
// gets its own process, config and port; the process is killed at cleanup.
package proxyd

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"portside/internal/freeport"
)

// The FTP test login scripts/ftp-servers.sh makes (transfer/internal/realftpd
// reads the same; that package is out of reach from here).
const (
	ftpLogin    = "portside-ftp"
	ftpPassword = "/opt/portside-ftp/password"
)

// Kind is which proxy server.
type Kind string

const (
	Dante     Kind = "dante"     // SOCKS5
	Tinyproxy Kind = "tinyproxy" // HTTP CONNECT
)

// Kinds lists every proxy, for table tests.
var Kinds = []Kind{Dante, Tinyproxy}

// Proxy is a running proxy server.
type Proxy struct {
	Kind           Kind
	Host           string // always 127.0.0.1
	Port           int
	User, Password string // empty without auth
	dir            string
	logs           []string
	cmd            *exec.Cmd
}

// Addr is host:port.
func (p *Proxy) Addr() string { return net.JoinHostPort(p.Host, strconv.Itoa(p.Port)) }

// Log is what the proxy wrote, for failure messages (bounded).
func (p *Proxy) Log() string {
	var b strings.Builder
	for _, f := range p.logs {
		data, _ := os.ReadFile(f)
		if len(data) > 8<<10 {
			data = data[len(data)-8<<10:]
		}
		fmt.Fprintf(&b, "--- %s\n%s\n", filepath.Base(f), data)
	}
	return b.String()
}

var bins = map[Kind]string{Dante: "/usr/sbin/danted", Tinyproxy: "/usr/bin/tinyproxy"}

// Start runs a proxy of kind on a free loopback port; with auth it asks
// for a user and password. Dante's username method checks the system's
// password database, so it uses the FTP test login (the user
// scripts/ftp-servers.sh made, with its password); tinyproxy gets a random
// pair in its config. Skips when the proxy is not installed or the test is
// not root.
func Start(t testing.TB, kind Kind, auth bool) *Proxy {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skipf("proxyd: %s needs root (it reads the shadow file or drops privileges)", kind)
	}
	if _, err := os.Stat(bins[kind]); err != nil {
		t.Skipf("proxyd: %s is not installed (run scripts/deps.sh)", kind)
	}
	var last error
	for attempt := 0; attempt < 3; attempt++ {
		p, err := start(t, kind, auth)
		if err == nil {
			return p
		}
		last = err
	}
	t.Fatalf("proxyd: %s did not come up: %v", kind, last)
	return nil
}

func start(t testing.TB, kind Kind, auth bool) (*Proxy, error) {
	ports, err := freeport.Range(1) // not bind(0)'s: see package freeport
	if err != nil {
		return nil, err
	}
	port := ports[0]
	dir := t.TempDir()
	// The unprivileged child processes must read the config and write logs.
	if err := os.Chmod(dir, 0o755); err != nil {
		return nil, err
	}
	p := &Proxy{Kind: kind, Host: "127.0.0.1", Port: port, dir: dir}
	var cmd *exec.Cmd
	switch kind {
	case Dante:
		cmd, err = p.dante(auth)
	case Tinyproxy:
		cmd, err = p.tinyproxy(auth)
	}
	if err != nil {
		return nil, err
	}
	out, err := os.Create(filepath.Join(dir, "stdout.log"))
	if err != nil {
		return nil, err
	}
	p.logs = append(p.logs, out.Name())
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		out.Close()
		return nil, err
	}
	p.cmd = cmd
	done := make(chan struct{})
	go func() { cmd.Wait(); out.Close(); close(done) }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
		}
	})
	// Ready when the port accepts; bounded, and generous for a loaded machine.
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-done:
			return nil, fmt.Errorf("%s exited\n%s", kind, p.Log())
		default:
		}
		c, err := net.DialTimeout("tcp", p.Addr(), time.Second)
		if err == nil {
			c.Close()
			return p, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	cmd.Process.Kill()
	return nil, fmt.Errorf("%s did not listen on %s in 20 s\n%s", kind, p.Addr(), p.Log())
}

func (p *Proxy) dante(auth bool) (*exec.Cmd, error) {
	method := "none"
	if auth {
		pw, err := os.ReadFile(ftpPassword)
		if err != nil {
			return nil, fmt.Errorf("dante login password: %w (run scripts/deps.sh)", err)
		}
		p.User, p.Password = ftpLogin, strings.TrimSpace(string(pw))
		method = "username"
	}
	log := filepath.Join(p.dir, "danted.log")
	p.logs = append(p.logs, log)
	conf := fmt.Sprintf(`logoutput: %s
internal: 127.0.0.1 port = %d
external: 127.0.0.1
clientmethod: none
socksmethod: %s
user.privileged: root
user.unprivileged: nobody
client pass { from: 127.0.0.0/8 to: 0.0.0.0/0 }
socks pass { from: 127.0.0.0/8 to: 127.0.0.0/8 command: connect }
`, log, p.Port, method)
	file := filepath.Join(p.dir, "danted.conf")
	if err := os.WriteFile(file, []byte(conf), 0o600); err != nil {
		return nil, err
	}
	return exec.Command(bins[Dante], "-f", file, "-N", "1", "-p", filepath.Join(p.dir, "danted.pid")), nil
}

func (p *Proxy) tinyproxy(auth bool) (*exec.Cmd, error) {
	log := filepath.Join(p.dir, "tinyproxy.log")
	p.logs = append(p.logs, log)
	// tinyproxy drops to User/Group after binding: the log must be theirs.
	if f, err := os.Create(log); err == nil {
		f.Close()
		os.Chmod(log, 0o666)
	}
	conf := fmt.Sprintf(`Port %d
Listen 127.0.0.1
User nobody
Group nogroup
Timeout 60
MaxClients 50
LogFile "%s"
LogLevel Info
Allow 127.0.0.1
`, p.Port, log)
	// No ConnectPort line: CONNECT may reach any port (FTP's 21 and the
	// passive ports; tinyproxy's default allows every port then).
	if auth {
		p.User, p.Password = "portside", random()
		conf += fmt.Sprintf("BasicAuth %s %s\n", p.User, p.Password)
	}
	file := filepath.Join(p.dir, "tinyproxy.conf")
	if err := os.WriteFile(file, []byte(conf), 0o644); err != nil {
		return nil, err
	}
	return exec.Command(bins[Tinyproxy], "-d", "-c", file), nil
}

func random() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}
