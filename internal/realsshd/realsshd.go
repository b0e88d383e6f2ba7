//go:build linux

// Package realsshd starts Debian's OpenSSH server for tests: its own
// `sshd -D -f CONFIG` on a free loopback port, with a host key and a user
// key made per server, serving SFTP (internal-sftp) to a login the harness
// makes. The truth the embedded server (package sftpd) is checked against.
//
// sshd needs root (it changes to the login's uid), so Start skips the test
// when it is not root or sshd is missing (scripts/deps.sh installs it).
package realsshd

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"portside/internal/freeport"

	"golang.org/x/crypto/ssh"
)

// Sshd is Debian's server binary.
const Sshd = "/usr/sbin/sshd"

// LoginUser is the system user every test login runs as. The harness makes
// it on first use, with a random password kept in passwordFile (root only),
// so parallel test binaries share one account and one password.
const LoginUser = "portside-ssh"

const (
	stateDir     = "/var/lib/portside-ssh"
	passwordFile = stateDir + "/password"
	lockFile     = "/run/lock/portside-ssh.lock"
)

// Options shape one server.
type Options struct {
	// NoPassword turns the "password" method off and leaves PAM's
	// keyboard-interactive, as many hardened servers are set up.
	NoPassword bool
	// AuthorizedKeys are extra lines for the login's authorized_keys.
	AuthorizedKeys []string
}

// Server is a running sshd.
type Server struct {
	Host     string // 127.0.0.1
	Port     int
	User     string
	Password string
	Root     string // an empty folder the login owns, for tests to write in
	KeyFile  string // the login's ed25519 key, OpenSSH form, no passphrase
	HostKey  ssh.PublicKey
	LogFile  string

	cmd *exec.Cmd
}

// Addr is host:port.
func (s *Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// Log is what sshd said, for a failing test's message.
func (s *Server) Log() string {
	b, _ := os.ReadFile(s.LogFile)
	return string(b)
}

// Available says why sshd cannot run here, or nil.
func Available() error {
	if os.Geteuid() != 0 {
		return errors.New("sshd needs root")
	}
	if _, err := os.Stat(Sshd); err != nil {
		return fmt.Errorf("no %s: run scripts/deps.sh (openssh-server)", Sshd)
	}
	return nil
}

// Start runs a server for the test and stops it when the test ends.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	if err := Available(); err != nil {
		t.Skip(err)
	}
	s, err := start(t, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func start(t testing.TB, opts Options) (*Server, error) {
	pw, uid, gid, err := ensureUser()
	if err != nil {
		return nil, fmt.Errorf("make the login %s: %w", LoginUser, err)
	}
	// Not t.TempDir: its 0700 folders keep the login out of its root.
	dir, err := os.MkdirTemp("", "realsshd-")
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		return nil, err
	}
	s := &Server{Host: "127.0.0.1", User: LoginUser, Password: pw,
		Root: filepath.Join(dir, "root"), LogFile: filepath.Join(dir, "sshd.log")}
	if err := os.Mkdir(s.Root, 0o755); err != nil {
		return nil, err
	}
	if err := os.Chown(s.Root, uid, gid); err != nil {
		return nil, err
	}
	hostKey := filepath.Join(dir, "host_ed25519")
	s.KeyFile = filepath.Join(dir, "id_ed25519")
	for _, k := range []string{hostKey, s.KeyFile} {
		if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "portside-test", "-f", k).CombinedOutput(); err != nil {
			return nil, fmt.Errorf("ssh-keygen: %v: %s", err, out)
		}
	}
	if s.HostKey, err = readPublic(hostKey + ".pub"); err != nil {
		return nil, err
	}
	userPub, err := os.ReadFile(s.KeyFile + ".pub")
	if err != nil {
		return nil, err
	}
	authorized := append([]string{strings.TrimSpace(string(userPub))}, opts.AuthorizedKeys...)
	if err := os.WriteFile(filepath.Join(dir, "authorized_keys"), []byte(strings.Join(authorized, "\n")+"\n"), 0o644); err != nil {
		return nil, err
	}
	// sshd's privilege separation folder; Debian's unit file makes it.
	if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
		return nil, err
	}
	// A free port found now can be taken before sshd binds it (another
	// test package runs in parallel): try again with a new one, as
	// realftpd does.
	for attempt := 1; ; attempt++ {
		err := s.launch(t, dir, hostKey, opts)
		if err == nil {
			return s, nil
		}
		if !errors.Is(err, errPortTaken) || attempt == 3 {
			return nil, err
		}
	}
}

var errPortTaken = errors.New("port taken")

// launch runs sshd on a free port and waits for its banner.
func (s *Server) launch(t testing.TB, dir, hostKey string, opts Options) error {
	ports, err := freeport.Range(1) // not bind(0)'s: see package freeport
	if err != nil {
		return err
	}
	s.Port = ports[0]
	conf := filepath.Join(dir, "sshd_config")
	if err := os.WriteFile(conf, []byte(config(s, dir, hostKey, opts)), 0o644); err != nil {
		return err
	}
	logf, err := os.Create(s.LogFile)
	if err != nil {
		return err
	}
	defer logf.Close()
	cmd := exec.Command(Sshd, "-D", "-e", "-f", conf)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return err
	}
	s.cmd = cmd
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		// The whole group: sshd's per-connection children too.
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
	})
	if err := s.waitReady(exited, 30*time.Second); err != nil {
		log := s.Log()
		if strings.Contains(log, "Address already in use") {
			err = fmt.Errorf("%w: %v", errPortTaken, err)
		}
		return fmt.Errorf("%w\nsshd log:\n%s", err, log)
	}
	return nil
}

func config(s *Server, dir, hostKey string, opts Options) string {
	password := "yes"
	if opts.NoPassword {
		password = "no"
	}
	return fmt.Sprintf(`# made by realsshd for one test
Port %d
ListenAddress 127.0.0.1
HostKey %s
PidFile none
AuthorizedKeysFile %s
StrictModes no
UsePAM yes
PasswordAuthentication %s
KbdInteractiveAuthentication yes
PubkeyAuthentication yes
PermitRootLogin no
AllowUsers %s
Subsystem sftp internal-sftp
ForceCommand internal-sftp
LogLevel VERBOSE
MaxStartups 100:30:200
MaxSessions 64
`, s.Port, hostKey, filepath.Join(dir, "authorized_keys"), password, LoginUser)
}

func readPublic(file string) (ssh.PublicKey, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	k, _, _, _, err := ssh.ParseAuthorizedKey(b)
	return k, err
}

// waitReady waits for the SSH banner, bounded, or for sshd to die.
func (s *Server) waitReady(exited <-chan struct{}, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return errors.New("sshd exited at start")
		default:
		}
		c, err := net.DialTimeout("tcp", s.Addr(), time.Second)
		if err == nil {
			c.SetDeadline(time.Now().Add(5 * time.Second))
			line, _ := bufio.NewReader(c).ReadString('\n')
			c.Close()
			if strings.HasPrefix(line, "SSH-2.0-") {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("sshd did not answer on %s within %v", s.Addr(), limit)
}

// ensureUser makes LoginUser and its password once per machine, under a
// lock shared by the test binaries that run at once.
func ensureUser() (pw string, uid, gid int, err error) {
	lock, err := os.OpenFile(lockFile, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return "", 0, 0, err
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return "", 0, 0, err
	}
	defer syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)
	if _, err := user.Lookup(LoginUser); err != nil {
		if out, err := exec.Command("useradd", "--system", "--no-create-home", "--home-dir", stateDir,
			"--shell", "/bin/sh", LoginUser).CombinedOutput(); err != nil {
			return "", 0, 0, fmt.Errorf("useradd: %v: %s", err, out)
		}
	}
	if err := os.MkdirAll(stateDir, 0o755); err != nil {
		return "", 0, 0, err
	}
	b, err := os.ReadFile(passwordFile)
	if errors.Is(err, os.ErrNotExist) {
		raw := make([]byte, 12)
		rand.Read(raw)
		pw = hex.EncodeToString(raw)
		cmd := exec.Command("chpasswd")
		cmd.Stdin = strings.NewReader(LoginUser + ":" + pw + "\n")
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", 0, 0, fmt.Errorf("chpasswd: %v: %s", err, out)
		}
		if err := os.WriteFile(passwordFile, []byte(pw), 0o600); err != nil {
			return "", 0, 0, err
		}
	} else if err != nil {
		return "", 0, 0, err
	} else {
		pw = strings.TrimSpace(string(b))
	}
	u, err := user.Lookup(LoginUser)
	if err != nil {
		return "", 0, 0, err
	}
	uid, _ = strconv.Atoi(u.Uid)
	gid, _ = strconv.Atoi(u.Gid)
	return pw, uid, gid, nil
}
