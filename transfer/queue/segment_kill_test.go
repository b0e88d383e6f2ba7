//go:build linux

package queue_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
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

// TestMain lets the test binary run a queue in a child process, so that a
// test can kill -9 it.
func TestMain(m *testing.M) {
	if os.Getenv("PORTSIDE_QUEUE_CHILD") != "" {
		os.Exit(segmentChild())
	}
	os.Exit(m.Run())
}

// segmentChild downloads one file in four ranges and prints every record
// of ranges the journal commits, until it is killed.
func segmentChild() int {
	env := os.Getenv
	port, _ := strconv.Atoi(env("CHILD_PORT"))
	size, _ := strconv.ParseInt(env("CHILD_SIZE"), 10, 64)
	queue.SetRangesSaved(func(r string) { fmt.Printf("saved %s\n", r) })
	// vsftpd's cap lets the first bursts through at twice the rate, so the
	// download may take little more than a second: record often enough
	// that one record finds every range part-way, whatever the load.
	queue.SetRangeSaveEvery(100 * time.Millisecond)
	q, err := queue.Open(queue.Config{Journal: env("CHILD_JOURNAL"), Limit: func(string) int { return 4 },
		Segments: func(string) int { return 4 }, SegmentMin: 1 << 20,
		Dial: func(ctx context.Context, _ string) (transfer.FS, error) {
			return ftp.Connect(ctx, ftp.Config{Config: transport.Config{Host: "127.0.0.1", Port: port, DataTimeout: 10 * time.Second},
				User: env("CHILD_USER"), Password: env("CHILD_PASSWORD"), Mode: transport.ModePassive})
		}})
	if err != nil {
		fmt.Println(err)
		return 1
	}
	q.Add(queue.Item{Site: "s", Dir: queue.Download, Src: "/big.bin", Dst: env("CHILD_DST"), Size: size})
	q.Wait(context.Background())
	fmt.Println("finished")
	return 0
}

// A segmented download killed with SIGKILL half-way fetches, when its
// journal is opened again, only what the journal says is missing: each
// range from where its last record says it got to, never from its start.
// vsftpd caps each connection at 1 MB/s (local_max_rate) so that the kill
// comes half-way.
func TestSegmentedKill9Resumes(t *testing.T) {
	const size = 8 << 20
	srv := realftpd.Start(t, realftpd.Vsftpd, realftpd.Options{MaxRate: 1 << 20})
	body := randomFile(t, filepath.Join(srv.Root, "big.bin"), size)
	journal := filepath.Join(t.TempDir(), "queue.db")
	dst := filepath.Join(t.TempDir(), "big.bin")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "PORTSIDE_QUEUE_CHILD=1", "CHILD_PORT="+strconv.Itoa(srv.Port),
		"CHILD_SIZE="+strconv.Itoa(size), "CHILD_JOURNAL="+journal, "CHILD_DST="+dst,
		"CHILD_USER="+srv.User, "CHILD_PASSWORD="+srv.Password)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once a record has every range part-way.
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var last string
	timeout := time.After(90 * time.Second)
wait:
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("the child ended before it was killed; last record %q", last)
			}
			r, ok := strings.CutPrefix(l, "saved ")
			if !ok {
				t.Fatalf("child: %s", l)
			}
			last = r
			if partWay(t, r) {
				break wait
			}
		case <-timeout:
			cmd.Process.Kill()
			t.Fatalf("no record with every range part-way; last %q", last)
		}
	}
	cmd.Process.Kill() // SIGKILL
	cmd.Wait()
	go func() {
		for range lines {
		}
	}()

	log := &safeLog{}
	rec := &ranges{}
	q := openQueue(t, queue.Config{Journal: journal, Limit: func(string) int { return 4 },
		Segments: func(string) int { return 4 }, SegmentMin: 1 << 20,
		Dial: rec.wrap(func(ctx context.Context, _ string) (transfer.FS, error) {
			return ftp.Connect(ctx, ftp.Config{Config: transport.Config{Host: srv.Host, Port: srv.Port, DataTimeout: 10 * time.Second, Log: log.add},
				User: srv.User, Password: srv.Password, Mode: transport.ModePassive})
		})})
	wait(t, q)
	got, err := os.ReadFile(dst)
	if err != nil || !bytes.Equal(got, body) {
		t.Fatalf("landed %d bytes, equal %v: %v", len(got), bytes.Equal(got, body), err)
	}
	asked := rec.asked()
	if refetched := landedAgain(t, last, asked); refetched != "" {
		t.Error(refetched)
	}
	t.Logf("killed at %s; the resumed run asked for %v", last, asked)
}
