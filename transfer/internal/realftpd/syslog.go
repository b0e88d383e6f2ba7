package realftpd

import (
	"bytes"
	"net"
	"os"
)

// pure-ftpd logs only through syslog(3): it has no log-file option, and
// nothing goes to stderr. Most test machines run no syslog daemon, and a
// shared /dev/log would mix parallel servers anyway. So the harness runs
// pure-ftpd in a private mount namespace whose /dev is a small tmpfs of
// symlinks to the real device nodes plus "log", a symlink to a datagram
// socket this package reads (syslogSink). The host's /dev is not touched.
//
// Arguments: $1 a folder for the real /dev, $2 the socket, then the server
// command line.
const devLogScript = `set -e
realdev=$1 sock=$2
shift 2
mkdir -p "$realdev"
mount --rbind /dev "$realdev"
mount -t tmpfs -o mode=0755,size=1m portside-dev /dev
for f in "$realdev"/*; do
	[ "${f##*/}" = log ] || ln -s "$f" /dev/
done
ln -s "$sock" /dev/log
exec "$@"
`

// syslogSink writes the syslog datagrams sent to a socket into a file, one
// line each, without the "<priority>" prefix.
type syslogSink struct {
	conn *net.UnixConn
	file *os.File
	done chan struct{}
}

func newSyslogSink(sock, file string) (*syslogSink, error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: sock, Net: "unixgram"})
	if err != nil {
		f.Close()
		return nil, err
	}
	// Session processes log after they have dropped root.
	if err := os.Chmod(sock, 0o666); err != nil {
		conn.Close()
		f.Close()
		return nil, err
	}
	s := &syslogSink{conn: conn, file: f, done: make(chan struct{})}
	go s.run()
	return s, nil
}

func (s *syslogSink) run() {
	defer close(s.done)
	buf := make([]byte, 64<<10)
	for {
		n, err := s.conn.Read(buf)
		if err != nil {
			return
		}
		line := bytes.TrimRight(buf[:n], "\n\x00")
		if len(line) > 0 && line[0] == '<' {
			if i := bytes.IndexByte(line, '>'); i > 0 {
				line = line[i+1:]
			}
		}
		s.file.Write(append(line, '\n'))
	}
}

// Close stops reading; datagrams sent later are lost.
func (s *syslogSink) Close() {
	s.conn.Close()
	<-s.done
	s.file.Close()
}
