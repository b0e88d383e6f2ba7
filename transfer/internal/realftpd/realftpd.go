// Package realftpd starts real FTP servers from Debian 12 (vsftpd, pure-ftpd
// and proftpd) on loopback for tests: interop checks and benchmarks that an
// embedded Go server cannot stand in for.
//
// scripts/ftp-servers.sh unpacks the three servers side by side under Prefix
// (their Debian packages conflict, so apt cannot install them together).
// Start writes a config for one server into a fresh temp folder, runs the
// server as a child of the test on 127.0.0.1 with free ports, waits for its
// 220 greeting and stops it (the whole process tree) when the test ends.
//
// The servers need root: each changes to the login's uid and chroots into the
// served folder. Start skips the test when it is not root or a server is
// missing, and for an option the server does not have (see Supports).
package realftpd

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net"
	"net/textproto"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"portside/internal/freeport"
)

// Prefix is where scripts/ftp-servers.sh unpacks the servers.
const Prefix = "/opt/portside-ftp"

// LoginUser is the system user (made by scripts/ftp-servers.sh) every test
// login runs as: vsftpd logs in as it through PAM, pure-ftpd and proftpd map
// their virtual user to its uid and gid.
const LoginUser = "portside-ftp"

// pamService is the PAM service scripts/ftp-servers.sh installs for vsftpd.
const pamService = "portside-vsftpd"

const installHint = "run `sudo ./scripts/ftp-servers.sh` (scripts/deps.sh does it too)"

// Kind names a server.
type Kind string

const (
	Vsftpd   Kind = "vsftpd"
	PureFTPd Kind = "pure-ftpd"
	ProFTPD  Kind = "proftpd"
)

// Kinds are all the servers, in a stable order for test matrices.
var Kinds = []Kind{Vsftpd, PureFTPd, ProFTPD}

// TLSMode is how the server secures connections. It mirrors
// transport.TLSMode without importing it, so the harness has no dependency
// on the client it tests.
type TLSMode int

const (
	TLSNone     TLSMode = iota // plain FTP only
	TLSExplicit                // AUTH TLS, required for login and data
	TLSImplicit                // TLS from the first byte
)

// TLSModes are all the modes, in a stable order for test matrices.
var TLSModes = []TLSMode{TLSNone, TLSExplicit, TLSImplicit}

func (m TLSMode) String() string {
	switch m {
	case TLSNone:
		return "plain"
	case TLSExplicit:
		return "explicit"
	case TLSImplicit:
		return "implicit"
	}
	return fmt.Sprintf("TLSMode(%d)", int(m))
}

// Options shape one server.
type Options struct {
	TLS TLSMode
	// RequireSSLReuse makes the server refuse a TLS data connection that does
	// not resume the control connection's TLS session (vsftpd
	// require_ssl_reuse=YES; proftpd's default, without
	// "TLSOptions NoSessionReuseRequired"). Off, neither server checks.
	RequireSSLReuse bool
	NoPassive       bool   // the server refuses PASV and EPSV
	NoActive        bool   // the server refuses PORT and EPRT
	PassivePorts    [2]int // passive port range; zero picks a free range
	// PassivePortCount is the size of the range picked when PassivePorts is
	// zero (default 20). Each data connection leaves a TIME_WAIT on its
	// port for a minute, and the kernel checks a new bind against all of
	// them: thousands of transfers over 20 ports make every PASV slower
	// than the last. A benchmark wants a production-sized range.
	PassivePortCount int
	// MaxPerUser limits connections from one client address (all test
	// clients are 127.0.0.1); the next one is refused. 0: no limit.
	MaxPerUser int
	// TransfersLogOnly logs transfers but not every command and reply, as
	// servers are set up in production (vsftpd's log_ftp_protocol=NO). The
	// protocol log serialises all sessions on one locked file, two writes
	// per command: the benchmarks use this, the tests keep the full log.
	TransfersLogOnly bool
	// Root is the folder served; the login's home, chrooted, and owned by
	// LoginUser so it can upload, create folders, rename and delete. Empty:
	// a new temp folder.
	Root string
	// Netns runs the server inside this network namespace (its `ip netns`
	// name, e.g. a netlab NS's Name), listening on Host there: a server
	// behind an emulated link (wanlab). Empty: this process's namespace.
	Netns string
	// Host is the address to listen on; empty: 127.0.0.1.
	Host string
	// MaxRate caps each data connection at this many bytes a second, as
	// hosting providers do (vsftpd local_max_rate); 0: no cap. vsftpd only.
	MaxRate int
}

// Server is a running server.
type Server struct {
	Kind           Kind
	Host           string // 127.0.0.1 unless Options.Host says otherwise
	Port           int    // control port
	User, Password string
	Root           string
	TLS            TLSMode
	PassivePorts   [2]int
	CertPEM        []byte // the server's self-signed certificate, for pinning
	CAFile         string // CertPEM as a file, for curl --cacert and Python

	opts    Options
	dir     string
	logs    []string // files Log shows, in this order
	cmd     *exec.Cmd
	exited  chan struct{}
	waitErr error
	stopped sync.Once
	syslog  *syslogSink
}

// Addr is host:port of the control connection.
func (s *Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// PID is the server's main process.
func (s *Server) PID() int { return s.cmd.Process.Pid }

// Certificate is the parsed CertPEM.
func (s *Server) Certificate() *x509.Certificate { return testCert().leaf }

// CertPool holds only the server's certificate: a client that trusts it
// and checks the name 127.0.0.1 accepts the server and nothing else.
func (s *Server) CertPool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(testCert().leaf)
	return p
}

// TLSConfig is a client configuration that trusts the server, with a session
// cache so data connections can resume the control connection's session.
func (s *Server) TLSConfig() *tls.Config {
	return &tls.Config{
		RootCAs:            s.CertPool(),
		ServerName:         s.Host,
		ClientSessionCache: tls.NewLRUClientSessionCache(8),
		MinVersion:         tls.VersionTLS12,
	}
}

// Log is everything the server logged so far (its protocol log, TLS log and
// output), for failure messages.
func (s *Server) Log() string {
	var b strings.Builder
	for _, f := range s.logs {
		data, err := os.ReadFile(f)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(&b, "==> %s: %v\n", filepath.Base(f), err)
			continue
		}
		if len(data) == 0 {
			continue
		}
		fmt.Fprintf(&b, "==> %s <==\n%s", filepath.Base(f), data)
		if data[len(data)-1] != '\n' {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// Available reports whether the server is installed: nil, or an error that
// says what is missing and what to run.
func Available(kind Kind) error {
	var need []string
	switch kind {
	case Vsftpd:
		need = []string{vsftpdBin, filepath.Join(Prefix, "password"), filepath.Join(Prefix, "vsftpd-empty"),
			"/etc/pam.d/" + pamService}
	case PureFTPd:
		need = []string{pureFTPdBin, purePwBin}
	case ProFTPD:
		need = []string{proFTPDBin, filepath.Join(proFTPDModules, "mod_tls.so")}
	default:
		return fmt.Errorf("realftpd: unknown server kind %q", kind)
	}
	for _, p := range need {
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("realftpd: %s is not installed (%s: %v): %s", kind, p, errors.Unwrap(err), installHint)
		}
	}
	if _, err := user.Lookup(LoginUser); err != nil {
		return fmt.Errorf("realftpd: no system user %s: %s", LoginUser, installHint)
	}
	return nil
}

// Supports reports whether the server can be started with opts: nil, or an
// error that says which option the server lacks.
func Supports(kind Kind, opts Options) error {
	if kind == PureFTPd {
		switch {
		case opts.TLS == TLSImplicit:
			// Implicit TLS is a build-time choice in pure-ftpd
			// (--with-implicittls turns the whole server implicit); Debian's
			// build has only explicit TLS: "-Y" takes 0 to 3.
			return errors.New("realftpd: pure-ftpd (Debian 12 build) has no implicit TLS")
		case opts.NoActive:
			// pure-ftpd has no switch that refuses PORT/EPRT.
			return errors.New("realftpd: pure-ftpd cannot refuse active mode (PORT/EPRT)")
		case opts.RequireSSLReuse:
			// pure-ftpd never checks TLS session reuse on data connections.
			return errors.New("realftpd: pure-ftpd has no TLS session reuse requirement")
		}
	}
	if kind != Vsftpd && opts.MaxRate > 0 {
		return errors.New("realftpd: MaxRate is vsftpd's local_max_rate only")
	}
	if kind == Vsftpd && opts.NoPassive && opts.NoActive {
		// vsftpd: "500 OOPS: both local and remote data connections disabled"
		// would be every transfer; no test wants that.
		return errors.New("realftpd: NoPassive and NoActive together leave no data connection")
	}
	if opts.RequireSSLReuse && opts.TLS == TLSNone {
		return errors.New("realftpd: RequireSSLReuse needs TLS")
	}
	return nil
}

// Start runs a server for the test and stops it when the test ends. It skips
// the test when not root, when the server is not installed, or when it lacks
// an option; it fails the test, with the server's log, when the server does
// not greet within 15 s.
func Start(t testing.TB, kind Kind, opts Options) *Server {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skipf("realftpd: %s needs root (it switches to the login's uid and chroots); run the tests as root", kind)
	}
	if err := Available(kind); err != nil {
		t.Skip(err)
	}
	if err := Supports(kind, opts); err != nil {
		t.Skip(err)
	}
	login, err := user.Lookup(LoginUser)
	if err != nil {
		t.Fatal(err)
	}
	uid, _ := strconv.Atoi(login.Uid)
	gid, _ := strconv.Atoi(login.Gid)

	root := opts.Root
	if root == "" {
		root = t.TempDir()
	}
	if root, err = filepath.Abs(root); err != nil {
		t.Fatal(err)
	}
	if err := chownTree(root, uid, gid); err != nil {
		t.Fatalf("realftpd: give %s to %s: %v", root, LoginUser, err)
	}
	if err := searchable(filepath.Dir(root), uid); err != nil {
		t.Fatalf("realftpd: %v", err)
	}

	// A free port found now can be taken before the server binds it (another
	// test package runs in parallel); try again with new ports then.
	var last *Server
	for attempt := 0; attempt < 3; attempt++ {
		s, err := start(t, kind, opts, root, uid, gid)
		if err == nil {
			return s
		}
		last = s
		if s == nil || !errors.Is(err, errPortTaken) {
			if s == nil {
				t.Fatalf("realftpd: start %s: %v", kind, err)
			}
			t.Fatalf("realftpd: %s did not come up: %v\n%s", kind, err, s.Log())
		}
	}
	t.Fatalf("realftpd: %s could not bind a free port in 3 tries\n%s", kind, last.Log())
	return nil
}

var errPortTaken = errors.New("port taken")

func start(t testing.TB, kind Kind, opts Options, root string, uid, gid int) (*Server, error) {
	t.Helper()
	dir, err := os.MkdirTemp("", "realftpd-"+string(kind)+"-")
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { os.RemoveAll(dir) })

	// The control port and the passive range, from freeport: not bind(0)'s
	// (pure-ftpd met "Address already in use" three tries in a row in a CI
	// run, with the other test packages running).
	ports, err := freeport.Range(1)
	if err != nil {
		return nil, err
	}
	port := ports[0]
	pasv := opts.PassivePorts
	if pasv == [2]int{} {
		n := opts.PassivePortCount
		if n == 0 {
			n = 20
		}
		if pasv, err = freeport.Range(n); err != nil {
			return nil, err
		}
	}
	cert := testCert()
	host := "127.0.0.1"
	if opts.Host != "" {
		host = opts.Host
	}
	s := &Server{
		Kind: kind, Host: host, Port: port, User: LoginUser, Root: root,
		TLS: opts.TLS, PassivePorts: pasv, CertPEM: cert.certPEM,
		opts: opts, dir: dir, exited: make(chan struct{}),
	}
	s.CAFile = filepath.Join(dir, "cert.pem")
	files := map[string][]byte{
		"cert.pem": cert.certPEM,
		"key.pem":  cert.keyPEM,
		"both.pem": append(append([]byte{}, cert.certPEM...), cert.keyPEM...),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			return nil, err
		}
	}
	// The CA file is for the test's clients, which may not run as root.
	if err := os.Chmod(s.CAFile, 0o644); err != nil {
		return nil, err
	}
	out := filepath.Join(dir, "output.log")

	var l launch
	switch kind {
	case Vsftpd:
		l, err = s.vsftpd()
	case PureFTPd:
		l, err = s.pureFTPd(uid, gid)
	case ProFTPD:
		l, err = s.proFTPD()
	}
	if err != nil {
		return nil, err
	}
	if opts.Netns != "" {
		// ip execs the server, so the pid stays the server's.
		l.args = append([]string{"netns", "exec", opts.Netns, l.bin}, l.args...)
		l.bin = "ip"
	}
	s.logs = append(s.logs, out)
	f, err := os.OpenFile(out, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cmd, err := l.start(s, f)
	if err != nil {
		return nil, err
	}
	s.cmd = cmd
	go func() {
		s.waitErr = cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		s.stop()
		if t.Failed() {
			t.Logf("realftpd: %s log:\n%s", kind, s.Log())
		}
	})

	if err := s.waitReady(15 * time.Second); err != nil {
		log := s.Log()
		s.stop()
		// vsftpd: "500 OOPS: could not bind listening IPv4 socket";
		// proftpd: "Failed binding to 127.0.0.1, port N: Address already in
		// use"; pure-ftpd: "Unable to start a standalone server: Address
		// already in use".
		if strings.Contains(log, "in use") || strings.Contains(log, "could not bind") {
			return s, fmt.Errorf("%w: %v", errPortTaken, err)
		}
		return s, err
	}
	return s, nil
}

// launch is how to run a server.
type launch struct {
	bin  string
	args []string
	// syslogTo runs the server in a private mount namespace whose /dev/log
	// is this socket (see syslog.go); empty: as is.
	syslogTo string
}

func (l launch) command(dir string, out *os.File, viaSyslog bool) *exec.Cmd {
	var cmd *exec.Cmd
	if viaSyslog {
		cmd = exec.Command("/bin/sh", append([]string{"-c", devLogScript, "sh", filepath.Join(dir, "realdev"), l.syslogTo, l.bin}, l.args...)...)
	} else {
		cmd = exec.Command(l.bin, l.args...)
	}
	// Its own process group, so that stop reaches every process it forks;
	// with viaSyslog a mount namespace of its own; and killed with the test
	// binary (sysproc_linux.go says why).
	cmd.SysProcAttr = serverProcAttr(viaSyslog)
	// vsftpd writes its start-up errors ("500 OOPS: could not bind listening
	// IPv4 socket") to fd 0, as if to an inetd client; without a writable
	// stdin they vanish and vsftpd just exits with status 2.
	cmd.Stdin, cmd.Stdout, cmd.Stderr = out, out, out
	cmd.Dir = dir
	cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C"}
	return cmd
}

func (l launch) start(s *Server, out *os.File) (*exec.Cmd, error) {
	if l.syslogTo != "" {
		cmd := l.command(s.dir, out, true)
		err := cmd.Start()
		if err == nil {
			return cmd, nil
		}
		// No private mount namespace here (no CAP_SYS_ADMIN): run the
		// server without its log rather than not at all.
		fmt.Fprintf(out, "realftpd: cannot capture %s's syslog (%v); running without it\n", s.Kind, err)
	}
	cmd := l.command(s.dir, out, false)
	return cmd, cmd.Start()
}

// waitReady waits until the server's own process listens on the control
// port and greets there with 220, then logs out of that probe connection and
// waits for the server to close it, so that it no longer counts against
// MaxPerUser. Checking the listener's owner matters: a port found free can
// be taken by another test's server before ours binds it, and that server
// would greet just as well (seen with proftpd: "Failed binding to 127.0.0.1,
// port 41949: Address already in use", while another server answered).
func (s *Server) waitReady(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	var last error
	for time.Now().Before(deadline) {
		select {
		case <-s.exited:
			return fmt.Errorf("server exited before it greeted: %v", s.waitErr)
		default:
		}
		if last = s.ownsPort(); last == nil {
			last = s.greet(deadline)
			if last == nil {
				return nil
			}
			var te *textproto.Error
			if errors.As(last, &te) {
				return fmt.Errorf("server greeted with %d %s", te.Code, te.Msg)
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("no 220 greeting on %s within %v: %v", s.Addr(), limit, last)
}

// ownsPort reports whether the server's process tree holds the socket that
// listens on Host:Port (in its own network namespace).
func (s *Server) ownsPort() error {
	inode, err := listenInode(s.cmd.Process.Pid, s.Host, s.Port)
	if err != nil {
		return err
	}
	target := fmt.Sprintf("socket:[%s]", inode)
	pid := s.cmd.Process.Pid
	for _, p := range append([]int{pid}, descendants(pid)...) {
		fds, _ := os.ReadDir(fmt.Sprintf("/proc/%d/fd", p))
		for _, fd := range fds {
			if l, _ := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", p, fd.Name())); l == target {
				return nil
			}
		}
	}
	return fmt.Errorf("%s is held by a process other than %s (pid %d)", s.Addr(), s.Kind, pid)
}

// listenInode finds the socket inode listening on host:port in the
// network namespace of process pid (/proc/PID/net/tcp), an IPv4 address.
func listenInode(pid int, host string, port int) (string, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/net/tcp", pid))
	if err != nil {
		return "", err
	}
	ip := net.ParseIP(host).To4()
	if ip == nil {
		return "", fmt.Errorf("%q is not an IPv4 address", host)
	}
	// The kernel prints the address as a native-endian (little) word.
	local := fmt.Sprintf("%02X%02X%02X%02X:%04X", ip[3], ip[2], ip[1], ip[0], port)
	for _, line := range strings.Split(string(data), "\n")[1:] {
		f := strings.Fields(line)
		// sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
		if len(f) >= 10 && f[1] == local && f[3] == "0A" {
			return f[9], nil
		}
	}
	return "", fmt.Errorf("nothing listens on %s yet", net.JoinHostPort(host, strconv.Itoa(port)))
}

func (s *Server) greet(deadline time.Time) error {
	c, err := s.dial(500 * time.Millisecond)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(deadline)
	if s.TLS == TLSImplicit {
		tc := tls.Client(c, &tls.Config{RootCAs: s.CertPool(), ServerName: s.Host})
		if err := tc.Handshake(); err != nil {
			return fmt.Errorf("implicit TLS handshake: %w", err)
		}
		c = tc
	}
	r := textproto.NewReader(bufio.NewReader(c))
	if _, _, err := r.ReadResponse(220); err != nil {
		return err
	}
	io.WriteString(c, "QUIT\r\n")
	io.Copy(io.Discard, r.R) // until the server closes
	return nil
}

// stop ends the server and every process it forked (session processes too),
// by process group and by walking the process tree, and waits for them.
func (s *Server) stop() {
	s.stopped.Do(func() {
		if s.cmd == nil || s.cmd.Process == nil {
			return
		}
		pid := s.cmd.Process.Pid
		tree := descendants(pid)
		signalAll(pid, tree, syscall.SIGTERM)
		select {
		case <-s.exited:
		case <-time.After(3 * time.Second):
			signalAll(pid, tree, syscall.SIGKILL)
			<-s.exited
		}
		// Session processes may outlive the parent briefly (they get
		// SIGTERM too); make sure none is left running.
		deadline := time.Now().Add(3 * time.Second)
		for _, p := range tree {
			for alive(p) && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			if alive(p) {
				signalOne(p, syscall.SIGKILL)
			}
		}
		if s.syslog != nil {
			s.syslog.Close()
		}
	})
}

// descendants lists the processes below pid, from /proc.
func descendants(pid int) []int {
	parent := map[int][]int{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if pp, _, ok := procStat(p); ok {
			parent[pp] = append(parent[pp], p)
		}
	}
	var out []int
	queue := []int{pid}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, c := range parent[p] {
			out = append(out, c)
			queue = append(queue, c)
		}
	}
	return out
}

// procStat reads a process's parent and state from /proc/PID/stat.
func procStat(pid int) (ppid int, state byte, ok bool) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, false
	}
	// "pid (comm) state ppid ...": comm may hold spaces and parentheses.
	i := bytes.LastIndexByte(data, ')')
	if i < 0 || i+2 >= len(data) {
		return 0, 0, false
	}
	f := strings.Fields(string(data[i+2:]))
	if len(f) < 2 {
		return 0, 0, false
	}
	ppid, err = strconv.Atoi(f[1])
	return ppid, f[0][0], err == nil
}

// alive reports whether pid runs (a zombie has ended; it only waits for its
// parent to collect it).
func alive(pid int) bool {
	_, state, ok := procStat(pid)
	return ok && state != 'Z' && state != 'X'
}

// chownTree gives root and everything in it to uid:gid, so the login can
// change what a test put there before starting the server.
func chownTree(root string, uid, gid int) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, uid, gid)
	})
}

// searchable lets uid pass through dir and its parents (o+x, not read):
// vsftpd and proftpd change into Root as the login before they chroot, and
// t.TempDir's parent is private to root. Without it vsftpd answers the login
// with "500 OOPS: cannot change directory:/tmp/TestX.../001", and proftpd
// with "530 Login incorrect." (its log: "unable to use DefaultRoot '~/'
// [...]: Permission denied").
func searchable(dir string, uid int) error {
	for {
		fi, err := os.Stat(dir)
		if err != nil {
			return err
		}
		if fi.Mode().Perm()&0o001 == 0 && fileUID(fi) != uid {
			if err := os.Chmod(dir, fi.Mode().Perm()|0o001); err != nil {
				return fmt.Errorf("let %s reach the served folder: %w", LoginUser, err)
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil
		}
		dir = parent
	}
}

// writeFile writes a config file owned by root, which vsftpd insists on
// ("500 OOPS: config file not owned by correct user, or not a file").
func writeFile(path, content string) error {
	return os.WriteFile(path, []byte(content), 0o600)
}

// password is a random password for a virtual user.
func password() string {
	const letters = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	for i := range b {
		b[i] = letters[rand.IntN(len(letters))]
	}
	return string(b)
}

// cryptSHA512 hashes pw in crypt(3)'s SHA-512 format ("$6$..."), which both
// pure-ftpd's puredb and proftpd's AuthUserFile check with the C library.
func cryptSHA512(pw string) (string, error) {
	cmd := exec.Command("openssl", "passwd", "-6", "-stdin")
	cmd.Stdin = strings.NewReader(pw + "\n")
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			err = fmt.Errorf("%v: %s", err, ee.Stderr)
		}
		return "", fmt.Errorf("openssl passwd -6: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// MaxRate is the per-connection cap the server was started with (0: none).
func (s *Server) MaxRate() int { return s.opts.MaxRate }
