package realftpd

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
)

var (
	pureFTPdBin = filepath.Join(Prefix, "pure-ftpd/usr/sbin/pure-ftpd")
	purePwBin   = filepath.Join(Prefix, "pure-ftpd/usr/bin/pure-pw")
)

// pureFTPd makes a virtual user in a puredb file and the command line
// (pure-ftpd takes no config file; Debian's wrapper turns /etc/pure-ftpd/conf
// into flags, and the harness does not use it).
func (s *Server) pureFTPd(uid, gid int) (launch, error) {
	s.Password = password()
	// Not "pure-pw useradd": it hashes with argon2id at a cost that makes
	// every login take about 11 s on this machine. pure-ftpd also accepts
	// crypt(3) hashes, so write the passwd file with a SHA-512 crypt hash and
	// let "pure-pw mkdb" compile it. The "/./" ends the chroot part of the
	// home folder.
	hash, err := cryptSHA512(s.Password)
	if err != nil {
		return launch{}, err
	}
	passwd := filepath.Join(s.dir, "pureftpd.passwd")
	pdb := filepath.Join(s.dir, "pureftpd.pdb")
	line := fmt.Sprintf("%s:%s:%d:%d::%s/./::::::::::::\n", s.User, hash, uid, gid, s.Root)
	if err := writeFile(passwd, line); err != nil {
		return launch{}, err
	}
	if out, err := exec.Command(purePwBin, "mkdb", pdb, "-f", passwd).CombinedOutput(); err != nil {
		return launch{}, fmt.Errorf("pure-pw mkdb: %v: %s", err, out)
	}

	syslogFile := filepath.Join(s.dir, "pure-ftpd.syslog")
	sock := filepath.Join(s.dir, "log.sock")
	sink, err := newSyslogSink(sock, syslogFile)
	if err != nil {
		return launch{}, err
	}
	s.syslog = sink
	s.logs = append(s.logs, syslogFile)
	xfer := filepath.Join(s.dir, "transfer.log")
	s.logs = append(s.logs, xfer)

	args := []string{
		"-S", s.Host + "," + strconv.Itoa(s.Port),
		"-l", "puredb:" + pdb,
		"-E", // no anonymous logins
		"-A", // chroot every login into its home (Root)
		"-H", // no reverse DNS of the client
		// Log every command; twice also logs the replies.
		"-d", "-d",
		"-O", "clf:" + xfer,
		"-p", fmt.Sprintf("%d:%d", s.PassivePorts[0], s.PassivePorts[1]),
	}
	if s.opts.NoPassive {
		// "NAT mode" forces active mode: PASV and EPSV are answered with
		// "500 Unknown command".
		args = append(args, "-N")
	}
	if s.opts.MaxPerUser > 0 {
		// Refused at once with "421 Too many connections (N) from this IP".
		args = append(args, "-C", strconv.Itoa(s.opts.MaxPerUser))
	}
	if s.TLS == TLSExplicit {
		// -Y 3: TLS for the control and the data connections. A plain login
		// gets "421 Sorry, cleartext sessions and weak ciphers are not
		// accepted on this server." (and curl 7.88 then waits for its
		// timeout, as pure-ftpd does not close the connection at once).
		args = append(args, "-Y", "3", "-2", filepath.Join(s.dir, "both.pem"))
	}
	return launch{bin: pureFTPdBin, args: args, syslogTo: sock}, nil
}
