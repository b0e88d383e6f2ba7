package check

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"portside/transfer"
	"portside/transfer/sftp"
)

// SFTP steps. The check of an SFTP site walks what a connect does, one
// stage a step, so that a failure names its stage: the name, TCP, the
// server's SSH banner, its host key, the login, the "sftp" subsystem and
// a listing of the home folder (StepData, Method "SFTP").
const (
	StepSSHConnect StepID = "ssh_connect"
	StepBanner     StepID = "ssh_banner"
	StepHostKey    StepID = "hostkey"
	StepSubsystem  StepID = "subsystem"
)

// ProtocolSFTP is Report.Protocol for an SFTP check.
const ProtocolSFTP = "sftp"

// maxBanner bounds what is read before the SSH version line: RFC 4253
// lets a server send other lines first, and 8 of 255 bytes are plenty.
const (
	maxBannerLines = 8
	maxBannerLine  = 255
)

// runSFTP checks cfg.SFTP. The site's known_hosts decide the host key, as
// for a connect: an unknown key is put to its Ask (the window asks; the
// command line asks at a terminal or takes --fingerprint).
func runSFTP(ctx context.Context, cfg Config) *Report {
	site := *cfg.SFTP
	if site.Port == 0 {
		site.Port = sftp.DefaultPort
	}
	r := &runner{cfg: &cfg}
	r.rep = &Report{Protocol: ProtocolSFTP, Host: site.Host, Port: site.Port, User: site.User, Started: cfg.now()}
	start := time.Now()
	r.checkSFTP(ctx, site)
	r.rep.Took = time.Since(start)
	r.rep.Findings, r.rep.Recommend = Diagnose(r.rep, Settings{})
	return r.rep
}

func (r *runner) checkSFTP(ctx context.Context, site sftp.Config) {
	if site.Timeout <= 0 {
		site.Timeout = r.cfg.dialTimeout()
	}
	host := site.Host
	if net.ParseIP(host) == nil {
		st := r.begin(Step{ID: StepDNS})
		lctx, cancel := context.WithTimeout(ctx, site.Timeout)
		addrs, err := net.DefaultResolver.LookupHost(lctx, host)
		cancel()
		if err != nil {
			st.fact("host", host)
			st.end(Failed, ErrDNS)
			return
		}
		st.fact("addresses", strings.Join(addrs, ", "))
		st.end(OK, "")
	}
	addr := site.Addr()
	st := r.begin(Step{ID: StepSSHConnect})
	st.fact("addr", addr)
	dctx, cancel := context.WithTimeout(ctx, site.Timeout)
	dial := site.Dial
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	raw, err := dial(dctx, "tcp", addr)
	cancel()
	if err != nil {
		st.end(Failed, netKind(err))
		return
	}
	st.end(OK, "")

	st = r.begin(Step{ID: StepBanner})
	raw.SetReadDeadline(time.Now().Add(site.Timeout))
	stop := context.AfterFunc(ctx, func() { raw.SetDeadline(time.Unix(1, 0)) })
	br := bufio.NewReaderSize(raw, maxBannerLine+1)
	version, lines, err := readBanner(br)
	stop()
	for _, l := range lines {
		st.Exchange = append(st.Exchange, "< "+safe(l))
	}
	if version == "" {
		raw.Close()
		switch {
		case err == nil || len(lines) > 0:
			st.end(Failed, ErrReply) // words, but not SSH's
		default:
			st.end(Failed, netKind(err))
		}
		return
	}
	raw.SetReadDeadline(time.Time{})
	st.fact("system", safe(version))
	st.end(OK, "")

	// The rest is a connect, over the connection already greeted: the
	// banner read is handed back in front of it.
	trace := &sftp.Trace{}
	site.Trace = trace
	ahead := strings.Join(append(lines, version), "\r\n") + "\r\n"
	greeted := &prefixConn{Conn: raw, r: io.MultiReader(strings.NewReader(ahead), br)}
	site.Dial = func(context.Context, string, string) (net.Conn, error) { return greeted, nil }
	keyStep := r.begin(Step{ID: StepHostKey})
	began := time.Now()
	s, err := sftp.Connect(ctx, site)
	if s != nil {
		defer s.Close()
	}
	r.sftpOutcome(ctx, keyStep, began, trace, site, err)
	if err != nil {
		return
	}
	st = r.begin(Step{ID: StepData, Method: "SFTP", Action: "list"})
	home, err := s.Home(ctx)
	if err == nil {
		st.fact("path", safe(home))
		var es []transfer.Entry
		if es, err = s.List(ctx, home); err == nil {
			st.fact("entries", strconv.Itoa(len(es)))
		}
	}
	if err != nil {
		st.Exchange = append(st.Exchange, "< "+safe(err.Error()))
		st.end(Failed, ErrReply)
		return
	}
	st.end(OK, "")
}

// sftpOutcome ends the host key, login and subsystem steps from what one
// connect saw: each stage it passed is a step that worked, the one it
// stopped in failed, with the server's words.
func (r *runner) sftpOutcome(ctx context.Context, keyStep *timedStep, began time.Time, trace *sftp.Trace, site sftp.Config, err error) {
	var changed *sftp.HostKeyChangedError
	if k := trace.HostKey; k != nil {
		keyStep.fact("key", k.Type+" "+k.Fingerprint)
	}
	kind := netKind(err)
	if ctx.Err() != nil {
		kind = ErrTimeout
	}
	switch {
	case trace.HostKey == nil:
		// No key shown: the key exchange failed (no algorithm in common)
		// or the server hung up.
		keyStep.Exchange = append(keyStep.Exchange, "< "+safe(errText(err)))
		keyStep.end(Failed, kind)
		return
	case errors.As(err, &changed):
		var known []string
		for _, k := range changed.Known {
			known = append(known, k.Type+" "+k.Fingerprint)
		}
		keyStep.fact("changed", "yes")
		keyStep.fact("known", strings.Join(known, ", "))
		keyStep.fact("known_file", changed.File)
		keyStep.fact("known_line", strconv.Itoa(changed.Line))
		keyStep.end(Failed, ErrReply)
		return
	case errors.Is(err, sftp.ErrHostKeyRejected):
		keyStep.fact("changed", "no")
		keyStep.end(Failed, ErrReply)
		return
	}
	keyStep.endSpan(trace.HostKeyAt.Sub(began), OK, "")
	login := r.begin(Step{ID: StepLogin})
	login.start = trace.HostKeyAt
	login.fact("ssh_tried", strings.Join(site.Tried(), ", "))
	if trace.LoginAt.IsZero() {
		login.Exchange = append(login.Exchange, "< "+safe(errText(err)))
		if ctx.Err() == nil && errors.Is(err, transfer.ErrLogin) {
			probe := site
			probe.Trace = nil
			probe.Dial = nil // a fresh connection: the first one is spent
			if offered, perr := sftp.OfferedMethods(ctx, probe); perr == nil {
				login.fact("ssh_offered", strings.Join(offered, ", "))
			}
			login.end(Failed, ErrReply)
			return
		}
		login.end(Failed, kind)
		return
	}
	login.endSpan(trace.LoginAt.Sub(trace.HostKeyAt), OK, "")
	sub := r.begin(Step{ID: StepSubsystem})
	sub.start = trace.LoginAt
	if err != nil {
		sub.Exchange = append(sub.Exchange, "< "+safe(errText(err)))
		if errors.Is(err, sftp.ErrNoSFTP) {
			sub.end(Failed, ErrReply)
		} else {
			sub.end(Failed, kind)
		}
		return
	}
	sub.end(OK, "")
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// readBanner reads lines up to the SSH version line ("SSH-2.0-…"), at most
// maxBannerLines of maxBannerLine bytes: version is "" when none came.
func readBanner(br *bufio.Reader) (version string, lines []string, err error) {
	for len(lines) < maxBannerLines {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			lines = append(lines, string(line))
			return "", lines, nil // no line of SSH's is this long
		}
		if len(line) > 0 && err == nil {
			l := strings.TrimRight(string(line), "\r\n")
			if strings.HasPrefix(l, "SSH-") {
				return l, lines, nil
			}
			lines = append(lines, l)
			if otherProtocol(l) {
				return "", lines, nil // its server waits for a command now
			}
			continue
		}
		if len(line) > 0 {
			lines = append(lines, string(line))
		}
		return "", lines, err
	}
	return "", lines, nil
}

// otherProtocol is a first line of another server that speaks first: an
// FTP or SMTP greeting ("220 …"), or a reply of a web server.
func otherProtocol(l string) bool {
	if strings.HasPrefix(l, "HTTP/") {
		return true
	}
	return len(l) >= 4 && l[0] >= '1' && l[0] <= '5' && l[1] >= '0' && l[1] <= '9' &&
		l[2] >= '0' && l[2] <= '9' && (l[3] == ' ' || l[3] == '-')
}

// prefixConn reads what was read ahead of the SSH library first.
type prefixConn struct {
	net.Conn
	r io.Reader
}

func (c *prefixConn) Read(p []byte) (int, error) { return c.r.Read(p) }
