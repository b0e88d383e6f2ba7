package queue_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/internal/realftpd"
	"portside/transfer/queue"
	"portside/transfer/transport"
)

// An upload whose part file is already on the server resumes where the
// server allows it (REST+STOR on vsftpd and pure-ftpd) and starts over where
// it does not (proftpd's default), and lands whole either way.
func TestUploadResumeOnRealServers(t *testing.T) {
	for _, kind := range realftpd.Kinds {
		t.Run(string(kind), func(t *testing.T) {
			srv := realftpd.Start(t, kind, realftpd.Options{})
			body := make([]byte, 1_000_000)
			rand.Read(body)
			src := filepath.Join(t.TempDir(), "up.bin")
			os.WriteFile(src, body, 0o644)
			part := filepath.Join(srv.Root, "up.bin.portside-part")
			os.WriteFile(part, body[:300_000], 0o644)
			if u, err := user.Lookup(realftpd.LoginUser); err == nil {
				uid, _ := strconv.Atoi(u.Uid)
				gid, _ := strconv.Atoi(u.Gid)
				os.Chown(part, uid, gid)
			}
			log := &safeLog{}
			dial := func(ctx context.Context, _ string) (transfer.FS, error) {
				return ftp.Connect(ctx, ftp.Config{
					Config: transport.Config{Host: srv.Host, Port: srv.Port, DataTimeout: 5 * time.Second, Log: log.add},
					User:   srv.User, Password: srv.Password, Mode: transport.ModePassive,
				})
			}
			q := openQueue(t, queue.Config{Dial: dial})
			// PartOwned: the journal says this item made the part (as after
			// a crash); a part it did not make is never resumed from.
			q.Add(queue.Item{Site: "real", Dir: queue.Upload, Src: src, Dst: "/up.bin", Size: -1, PartOwned: true})
			wait(t, q)
			got, err := os.ReadFile(filepath.Join(srv.Root, "up.bin"))
			if err != nil || !bytes.Equal(got, body) {
				t.Fatalf("server file: %d bytes, %v", len(got), err)
			}
			if !strings.Contains(log.String(), "REST 300000") {
				t.Errorf("the upload did not try to resume at 300000")
			}
			if _, err := os.Stat(part); err == nil {
				t.Errorf("part file left on the server")
			}
		})
	}
}

// vsftpd with max_per_ip=2 answers a third connection with "421 There are
// too many connections from your internet address": the queue lowers its
// limit for the site and still lands every file.
func TestTooManyConnectionsOnVsftpd(t *testing.T) {
	srv := realftpd.Start(t, realftpd.Vsftpd, realftpd.Options{MaxPerUser: 2})
	for i := 0; i < 10; i++ {
		os.WriteFile(filepath.Join(srv.Root, "f"+strconv.Itoa(i)+".bin"), bytes.Repeat([]byte{byte(i)}, 200_000), 0o644)
	}
	if u, err := user.Lookup(realftpd.LoginUser); err == nil {
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		for i := 0; i < 10; i++ {
			os.Chown(filepath.Join(srv.Root, "f"+strconv.Itoa(i)+".bin"), uid, gid)
		}
	}
	log := &safeLog{}
	dial := func(ctx context.Context, _ string) (transfer.FS, error) {
		return ftp.Connect(ctx, ftp.Config{
			Config: transport.Config{Host: srv.Host, Port: srv.Port, DataTimeout: 5 * time.Second, Log: log.add},
			User:   srv.User, Password: srv.Password, Mode: transport.ModePassive,
		})
	}
	q := openQueue(t, queue.Config{Dial: dial, Limit: func(string) int { return 5 }})
	down := t.TempDir()
	q.Add(queue.Item{Site: "real", Dir: queue.Download, Src: "/", Dst: down, IsDir: true})
	wait(t, q)
	for i := 0; i < 10; i++ {
		b, err := os.ReadFile(filepath.Join(down, "f"+strconv.Itoa(i)+".bin"))
		if err != nil || !bytes.Equal(b, bytes.Repeat([]byte{byte(i)}, 200_000)) {
			t.Errorf("f%d: %d bytes, %v", i, len(b), err)
		}
	}
	if !strings.Contains(log.String(), "< 421") {
		t.Fatalf("vsftpd never refused a connection: the test proves nothing")
	}
}
