package main

import (
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"os"

	"golang.org/x/crypto/ssh"

	"portside/transfer/sftpd"
	"portside/transfer/sites"
)

// The demo's SFTP side (--demo-sftp): the demo folder served over SFTP by
// the embedded server the tests use (transfer/sftpd), on a loopback port,
// so SFTP can be tried, and its dialogs opened by the real-window script
// (scripts/dialogs-xvfb.sh), without an SSH server on the machine.
//
// Unlike the demo's FTP server, this one is not confined to the demo
// folder: pkg/sftp's server sees the whole file system with the user's
// rights, as sftp-server does. So its password is not "demo" but made for
// each run and printed on standard error only, where only the user who
// started Portside reads it: another local user cannot log in and read
// this user's files. Its host key is new each run and not trusted in
// advance, so connecting asks about it, as a real first contact does.

// demoSFTP is the running SFTP demo: the server, and the password made
// for this run.
type demoSFTP struct {
	srv      *sftpd.Server
	password string
}

// startDemoSFTP serves dir over SFTP on 127.0.0.1, user demo, with a
// fresh password and host key, and says where on standard error.
func startDemoSFTP(dir string) (*demoSFTP, error) {
	pw, err := demoPassword()
	if err != nil {
		return nil, fmt.Errorf("start the SFTP demo: %w", err)
	}
	// The password both ways a server asks for one: the "password"
	// method, and keyboard-interactive's lone "Password:" (as PAM asks),
	// which is the one a client without a password puts to the user.
	srv, err := sftpd.Start(sftpd.Config{Root: dir, User: "demo", Password: pw,
		Questions: []string{"Password: "}, Answers: []string{pw},
		Instruction: "Portside's SFTP demo: the password is in what Portside printed when it started."})
	if err != nil {
		return nil, fmt.Errorf("start the SFTP demo: %w", err)
	}
	fmt.Fprintf(os.Stderr, "portside: demo SFTP server on 127.0.0.1:%d serving %s (user demo, password %s, host key %s)\n",
		srv.Port(), dir, pw, ssh.FingerprintSHA256(srv.HostKey()))
	return &demoSFTP{srv: srv, password: pw}, nil
}

// demoPassword is 80 random bits, in letters and digits a user can type.
func demoPassword() (string, error) {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b), nil
}

// saveSite adds the SFTP demo to the demo's sites, as "SFTP demo server",
// with its password in the demo's memory keychain and, unlike the FTP
// demo's certificate, its host key not pinned.
func (d *demoSFTP) saveSite(store *sites.Store) error {
	s := sites.NewSite("SFTP demo server")
	s.Protocol, s.Host, s.Port, s.User = sites.SFTP, "127.0.0.1", d.srv.Port(), "demo"
	s.Comments = "The demo folder over SFTP; its password and host key are new each time Portside starts."
	pw := d.password
	if _, err := store.Save(s, &pw); err != nil {
		return fmt.Errorf("start the SFTP demo: %w", err)
	}
	return nil
}
