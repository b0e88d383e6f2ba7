package realftpd

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

var vsftpdBin = filepath.Join(Prefix, "vsftpd/usr/sbin/vsftpd")

// vsftpd writes vsftpd.conf. vsftpd has no virtual users without a PAM user
// database, so the login is the system user LoginUser with the password
// scripts/ftp-servers.sh set (kept in Prefix/password).
func (s *Server) vsftpd() (launch, error) {
	pw, err := os.ReadFile(filepath.Join(Prefix, "password"))
	if err != nil {
		return launch{}, fmt.Errorf("vsftpd login password: %w (%s)", err, installHint)
	}
	s.Password = strings.TrimSpace(string(pw))
	logFile := filepath.Join(s.dir, "vsftpd.log")
	s.logs = append(s.logs, logFile)

	yes := func(b bool) string {
		if b {
			return "YES"
		}
		return "NO"
	}
	var c strings.Builder
	set := func(k string, v any) { fmt.Fprintf(&c, "%s=%v\n", k, v) }
	set("listen", "YES") // standalone, in the foreground (background=NO is the default)
	set("listen_ipv6", "NO")
	set("listen_address", s.Host)
	set("listen_port", s.Port)
	set("anonymous_enable", "NO")
	set("local_enable", "YES")
	set("write_enable", "YES")
	set("local_umask", "022")
	set("pam_service_name", pamService)
	// Chroot the login into Root. vsftpd refuses a chroot the user can write
	// to ("500 OOPS: vsftpd: refusing to run with writable root inside
	// chroot()"), but the login must write to Root, so allow it.
	set("chroot_local_user", "YES")
	set("allow_writeable_chroot", "YES")
	set("local_root", s.Root)
	// vsftpd chroots its unprivileged helper here; it must exist, be
	// root-owned and not writable ("500 OOPS: vsftpd: not found: directory
	// given in 'secure_chroot_dir'"). scripts/ftp-servers.sh makes it.
	set("secure_chroot_dir", filepath.Join(Prefix, "vsftpd-empty"))
	// Active data connections would come from port 20; any port is fine
	// on loopback and needs no privileged bind.
	set("connect_from_port_20", "NO")
	// Off, EPSV/PASV and EPRT/PORT get "550 Permission denied.".
	set("pasv_enable", yes(!s.opts.NoPassive))
	set("port_enable", yes(!s.opts.NoActive))
	set("pasv_min_port", s.PassivePorts[0])
	set("pasv_max_port", s.PassivePorts[1])
	if s.opts.MaxPerUser > 0 {
		// Refused with "421 There are too many connections from your
		// internet address."
		set("max_per_ip", s.opts.MaxPerUser)
	}
	if s.opts.MaxRate > 0 {
		set("local_max_rate", s.opts.MaxRate)
	}
	// Every command and reply (PASS shows as "<password>") and transfers.
	set("vsftpd_log_file", logFile)
	set("xferlog_enable", "YES")
	set("log_ftp_protocol", yes(!s.opts.TransfersLogOnly))

	if s.TLS != TLSNone {
		set("ssl_enable", "YES")
		set("rsa_cert_file", filepath.Join(s.dir, "cert.pem"))
		set("rsa_private_key_file", filepath.Join(s.dir, "key.pem"))
		// A plain login is refused with "530 Non-anonymous sessions must use
		// encryption."; a plain transfer with "522 Non-anonymous sessions
		// must use encryption.".
		set("force_local_logins_ssl", "YES")
		set("force_local_data_ssl", "YES")
		// vsftpd's default is YES: without this line a client that does not
		// resume the control connection's TLS session on the data connection
		// gets its data connection dropped and "522 SSL connection failed:
		// session reuse required" (log: "No SSL session reuse on data
		// channel."). Only the RequireSSLReuse option wants that.
		set("require_ssl_reuse", yes(s.opts.RequireSSLReuse))
		set("implicit_ssl", yes(s.TLS == TLSImplicit))
	}
	conf := filepath.Join(s.dir, "vsftpd.conf")
	if err := writeFile(conf, c.String()); err != nil {
		return launch{}, err
	}
	return launch{bin: vsftpdBin, args: []string{conf}}, nil
}
