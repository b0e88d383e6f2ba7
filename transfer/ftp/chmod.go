package ftp

import (
	"context"
	"fmt"
	"io/fs"
	"net/textproto"
	"strings"

	jftp "github.com/jlaffaye/ftp"

	"portside/transfer"
	"portside/transfer/transport"
)

var _ transfer.Chmoder = (*Session)(nil)

// Chmod sends SITE CHMOD, the de facto command (vsftpd, pure-ftpd, proftpd's
// mod_site, the embedded server), through transport's raw command path:
// the library has none. Three octal digits as FileZilla sends them, four
// when setuid, setgid or sticky is set.
func (s *Session) Chmod(ctx context.Context, p string, mode fs.FileMode) error {
	if strings.ContainsAny(p, "\r\n\x00") {
		return fmt.Errorf("change the permissions of %q: %w", p, transfer.ErrBadName)
	}
	bits := uint32(mode.Perm())
	if mode&fs.ModeSetuid != 0 {
		bits |= 0o4000
	}
	if mode&fs.ModeSetgid != 0 {
		bits |= 0o2000
	}
	if mode&fs.ModeSticky != 0 {
		bits |= 0o1000
	}
	digits := fmt.Sprintf("%03o", bits)
	if bits > 0o777 {
		digits = fmt.Sprintf("%04o", bits)
	}
	var refused *transport.Reply
	err := s.do(ctx, "change the permissions of", p, false, func(sc *jftp.ServerConn) error {
		rep, err := s.ctl.Command("SITE CHMOD " + digits + " " + p)
		if err != nil {
			return err
		}
		if rep.Code >= 200 && rep.Code < 300 {
			return nil
		}
		refused = &rep
		// A reply, so do keeps the connection: the server answered.
		return &textproto.Error{Code: rep.Code, Msg: rep.Text()}
	})
	if refused != nil {
		switch refused.Code {
		case 500, 502, 504:
			// vsftpd with chmod_enable=NO: "500 Unknown SITE command.";
			// ftpserverlib with DisableSite: "500 …"; others 502 or 504.
			return fmt.Errorf("change the permissions of %s: %w: SITE CHMOD: the server said %d %s",
				p, transfer.ErrUnsupported, refused.Code, refused.Text())
		}
	}
	return err
}
