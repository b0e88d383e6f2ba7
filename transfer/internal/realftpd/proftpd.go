package realftpd

import (
	"fmt"
	"os/user"
	"path/filepath"
	"strings"
)

var (
	proFTPDBin     = filepath.Join(Prefix, "proftpd/usr/sbin/proftpd")
	proFTPDModules = filepath.Join(Prefix, "proftpd/usr/lib/proftpd")
)

// proFTPD writes proftpd.conf and an AuthUserFile with one virtual user
// mapped to LoginUser's uid and gid.
//
// Slow to reconnect: after each session ends, the standalone master sleeps
// about 0.4 s before it accepts again (strace: two 200 ms pselect timeouts
// after every SIGCHLD; no directive changes it), so a connection right after
// another takes 0.4 s to be accepted. Tests and benchmarks that reconnect
// often should expect it.
func (s *Server) proFTPD() (launch, error) {
	login, err := user.Lookup(LoginUser)
	if err != nil {
		return launch{}, err
	}
	group, err := user.LookupGroupId(login.Gid)
	if err != nil {
		return launch{}, err
	}
	s.Password = password()
	hash, err := cryptSHA512(s.Password)
	if err != nil {
		return launch{}, err
	}
	passwd := filepath.Join(s.dir, "ftpd.passwd")
	groups := filepath.Join(s.dir, "ftpd.group")
	if err := writeFile(passwd, fmt.Sprintf("%s:%s:%s:%s::%s:/usr/sbin/nologin\n",
		s.User, hash, login.Uid, login.Gid, s.Root)); err != nil {
		return launch{}, err
	}
	if err := writeFile(groups, fmt.Sprintf("%s:x:%s:\n", group.Name, login.Gid)); err != nil {
		return launch{}, err
	}
	systemLog := filepath.Join(s.dir, "system.log")
	cmdLog := filepath.Join(s.dir, "commands.log")
	tlsLog := filepath.Join(s.dir, "tls.log")
	s.logs = append(s.logs, systemLog, cmdLog, tlsLog)

	var c strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&c, format+"\n", args...) }
	line("ServerType standalone")
	line(`ServerName "Portside test proftpd"`)
	line("Port %d", s.Port)
	line("DefaultAddress %s", s.Host)
	line("SocketBindTight on") // listen on DefaultAddress only, not on every address
	line("UseIPv6 off")
	line("User %s", LoginUser) // what session processes run as before login
	line("Group %s", group.Name)
	// Everything proftpd writes at run time goes to the temp folder; the
	// defaults are under /run/proftpd and /var/log/proftpd.
	line("PidFile %s", filepath.Join(s.dir, "proftpd.pid"))
	line("ScoreboardFile %s", filepath.Join(s.dir, "proftpd.scoreboard"))
	line("DelayTable none")
	line("WtmpLog off")
	line("UseReverseDNS off")
	// mod_tls is a loadable module in Debian (package proftpd-mod-crypto),
	// found through the unpacked tree.
	line("ModulePath %s", proFTPDModules)
	line("LoadModule mod_tls.c")
	line("AuthUserFile %s", passwd)
	line("AuthGroupFile %s", groups)
	line("AuthOrder mod_auth_file.c") // not PAM or /etc/passwd
	line("RequireValidShell off")     // the shell is nologin
	line("UseFtpUsers off")
	line("DefaultRoot ~") // chroot into Root
	line("Umask 022")
	line("AllowOverwrite on")
	line("PassivePorts %d %d", s.PassivePorts[0], s.PassivePorts[1])
	if s.opts.MaxPerUser > 0 {
		// Refused after USER with "530 Sorry, the maximum number of clients
		// (N) from your host are already connected."
		line("MaxClientsPerHost %d", s.opts.MaxPerUser)
	}
	// <Limit> refuses the commands with "501 PASV: Operation not permitted"
	// (likewise EPSV, PORT, EPRT).
	if s.opts.NoPassive {
		line("<Limit PASV EPSV>\n  DenyAll\n</Limit>")
	}
	if s.opts.NoActive {
		line("<Limit PORT EPRT>\n  DenyAll\n</Limit>")
	}
	line("SystemLog %s", systemLog)
	line("TransferLog none")
	line(`LogFormat commands "%%t %%a %%u \"%%r\" %%s"`) // every command (PASS hidden) and its reply code
	line("ExtendedLog %s ALL commands", cmdLog)
	if s.TLS == TLSNone {
		line("TLSEngine off")
	} else {
		line("TLSEngine on")
		line("TLSLog %s", tlsLog)
		line("TLSProtocol TLSv1.2 TLSv1.3")
		line("TLSRSACertificateFile %s", filepath.Join(s.dir, "cert.pem"))
		line("TLSRSACertificateKeyFile %s", filepath.Join(s.dir, "key.pem"))
		line("TLSVerifyClient off")
		// Control and data connections must be TLS; a plain login gets
		// "550 SSL/TLS required on the control channel".
		line("TLSRequired on")
		var opts []string
		if !s.opts.RequireSSLReuse {
			// proftpd, like vsftpd, requires by default that a TLS data
			// connection resumes the control connection's session, and
			// refuses it otherwise: "425 Unable to build data connection:
			// Operation not permitted" (tls.log: "client did not reuse TLS
			// session, rejecting data connection"). Only RequireSSLReuse
			// wants that.
			opts = append(opts, "NoSessionReuseRequired")
		}
		if s.TLS == TLSImplicit {
			opts = append(opts, "UseImplicitSSL")
		}
		if len(opts) > 0 {
			line("TLSOptions %s", strings.Join(opts, " "))
		}
	}
	conf := filepath.Join(s.dir, "proftpd.conf")
	if err := writeFile(conf, c.String()); err != nil {
		return launch{}, err
	}
	// -n: stay in the foreground, as the harness's child.
	return launch{bin: proFTPDBin, args: []string{"-n", "-c", conf}}, nil
}
