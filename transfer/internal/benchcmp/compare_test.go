//go:build linux

// Package benchcmp times portside-cli against curl and lftp on the same
// real server (vsftpd on loopback) in one run, alternating the tools so
// that a busy moment of the machine does not favour one of them. It is a
// benchmark, not a test: it runs only with PORTSIDE_BENCH=1 (`make bench`)
// and asserts nothing about speed; it prints ratios and peak RSS.
// PORTSIDE_BENCH_ONLY, a regular expression, picks scenarios by name.
package benchcmp

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"portside/transfer/internal/realftpd"
)

type result struct {
	wall time.Duration
	rss  int64         // KiB, peak resident set of the process
	cpu  time.Duration // user + system time of the process
}

type scenario struct {
	name  string
	setup func(t *testing.T) // before each run: a clean destination
	runs  map[string][]string
}

func TestCompareTools(t *testing.T) {
	if os.Getenv("PORTSIDE_BENCH") == "" {
		t.Skip("set PORTSIDE_BENCH=1 (make bench) to run the tool comparison")
	}
	for _, tool := range []string{"curl", "lftp"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: run scripts/deps.sh", tool)
		}
	}
	started := time.Now()
	size := int64(1 << 30)
	if s := os.Getenv("PORTSIDE_BENCH_BYTES"); s != "" {
		size, _ = strconv.ParseInt(s, 10, 64)
	}
	rounds := 2
	if s := os.Getenv("PORTSIDE_BENCH_ROUNDS"); s != "" {
		rounds, _ = strconv.Atoi(s)
	}

	work := t.TempDir()
	cli := filepath.Join(work, "portside-cli")
	build := exec.Command("go", "build", "-o", cli, "portside/cmd/portside-cli")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build portside-cli: %v\n%s", err, out)
	}
	// Set up as in production: a passive range of thousands of ports (each
	// transfer leaves a TIME_WAIT on its port for a minute, and the kernel
	// checks every bind against them: 20 ports made each PASV slower than
	// the last) and a log of transfers, not of every command.
	srv := realftpd.Start(t, realftpd.Vsftpd, realftpd.Options{TransfersLogOnly: true, PassivePortCount: 2000})
	host, port, user, pass := srv.Host, strconv.Itoa(srv.Port), srv.User, srv.Password
	url := "ftp://" + user + "@" + host + ":" + port
	curlURL := "ftp://" + user + ":" + pass + "@" + host + ":" + port
	lftp := func(cmds string) []string {
		return []string{"lftp", "-u", user + "," + pass, "-p", port, "-e",
			"set ftp:ssl-allow no; set net:max-retries 1; set xfer:clobber on; " + cmds + "; quit", host}
	}
	os.Setenv("PORTSIDE_PASSWORD", pass)

	// The served files, owned by the login so uploads can replace them.
	big := filepath.Join(srv.Root, "big.bin")
	makeFile(t, big, size)
	small := filepath.Join(srv.Root, "small")
	for i := 0; i < 2000; i++ {
		makeFile(t, filepath.Join(small, fmt.Sprintf("d%02d", i%20), fmt.Sprintf("f%04d.txt", i)), 4096)
	}
	chownToLogin(t, srv.Root)
	localBig := filepath.Join(work, "local-big.bin")
	makeFile(t, localBig, size)
	localSmall := filepath.Join(work, "local-small")
	for i := 0; i < 2000; i++ {
		makeFile(t, filepath.Join(localSmall, fmt.Sprintf("d%02d", i%20), fmt.Sprintf("f%04d.txt", i)), 4096)
	}
	down := filepath.Join(work, "down")
	trash := filepath.Join(work, "trash")
	os.MkdirAll(trash, 0o755)
	clean := func(paths ...string) func(t *testing.T) {
		return func(t *testing.T) {
			for i, p := range paths {
				// Folders of many files are moved aside, not deleted: see
				// settle. A single big file is one inode: it goes.
				if fi, err := os.Stat(p); err == nil && !fi.IsDir() ||
					os.Rename(p, filepath.Join(trash, fmt.Sprintf("%d-%d", time.Now().UnixNano(), i))) != nil {
					os.RemoveAll(p)
				}
			}
			os.MkdirAll(down, 0o755)
		}
	}
	upSmall := filepath.Join(srv.Root, "up-small")
	manifests := filepath.Join(work, "manifests")
	scenarios := []scenario{
		{"download 1 stream", clean(filepath.Join(down, "big.bin")), map[string][]string{
			"portside": {cli, "get", url + "/big.bin", filepath.Join(down, "big.bin")},
			"curl":     {"curl", "-sS", "-o", filepath.Join(down, "big.bin"), curlURL + "/big.bin"},
			"lftp":     lftp("get big.bin -o " + filepath.Join(down, "big.bin")),
		}},
		{"upload 1 stream", clean(filepath.Join(srv.Root, "local-big.bin")), map[string][]string{
			"portside": {cli, "put", localBig, url + "/"},
			"curl":     {"curl", "-sS", "-T", localBig, curlURL + "/local-big.bin"},
			"lftp":     lftp("put " + localBig + " -o local-big.bin"),
		}},
		{"2000 files down, 4 connections", clean(down), map[string][]string{
			"portside": {cli, "get", "--parallel", "4", url + "/small", down},
			"lftp":     lftp("mirror --parallel=4 small " + filepath.Join(down, "small")),
		}},
		{"2000 files up, 4 connections", clean(upSmall), map[string][]string{
			"portside": {cli, "put", "--parallel", "4", localSmall, url + "/up-small"},
			"lftp":     lftp("mirror -R --parallel=4 " + localSmall + " up-small"),
		}},
		{"2000 files sync down, only newer", clean(down, manifests), map[string][]string{
			"portside": {cli, "--list-hidden", "sync", "--direction", "download", "--only-newer", "--parallel", "4",
				"--manifest-dir", manifests, url + "/small", filepath.Join(down, "small")},
			"lftp": lftp("mirror --only-newer --parallel=4 small " + filepath.Join(down, "small")),
		}},
		// The same again without cleaning: nothing has changed, nothing moves.
		{"2000 files sync again, nothing new", func(*testing.T) {}, map[string][]string{
			"portside": {cli, "--list-hidden", "sync", "--direction", "download", "--only-newer", "--parallel", "4",
				"--manifest-dir", manifests, url + "/small", filepath.Join(down, "small")},
			"lftp": lftp("mirror --only-newer --parallel=4 small " + filepath.Join(down, "small")),
		}},
	}

	if only := os.Getenv("PORTSIDE_BENCH_ONLY"); only != "" {
		re := regexp.MustCompile(only)
		kept := scenarios[:0]
		for _, sc := range scenarios {
			if re.MatchString(sc.name) {
				kept = append(kept, sc)
			}
		}
		scenarios = kept
	}
	settle(t, started)
	results := map[string]map[string][]result{}
	for round := 0; round < rounds; round++ {
		for _, sc := range scenarios {
			if results[sc.name] == nil {
				results[sc.name] = map[string][]result{}
			}
			tools := sortedTools(sc.runs)
			if round%2 == 1 { // alternate who goes first
				for i, j := 0, len(tools)-1; i < j; i, j = i+1, j-1 {
					tools[i], tools[j] = tools[j], tools[i]
				}
			}
			for _, tool := range tools {
				sc.setup(t)
				// The last run's files go to disk now, not during this run.
				syscall.Sync()
				r := timeRun(t, sc.runs[tool])
				results[sc.name][tool] = append(results[sc.name][tool], r)
				t.Logf("round %d %-32s %-9s %8.2fs %6d MB", round+1, sc.name, tool, r.wall.Seconds(), r.rss/1024)
			}
		}
	}
	report(t, size, scenarios, results)
}

// settle waits until a minute has passed since the test began, after
// writing everything to disk. ext4 does not reuse an inode within 60 s of
// its deletion, and finds that out by walking over each such inode at
// every file it creates (recently_deleted in fs/ext4/ialloc.c): after a
// build or test run deleted thousands of files, creating a file cost
// 0.8 ms of kernel time instead of 0.03 ms, in every tool alike, and
// drowned the differences between them. The cleanups between runs move
// files aside for the same reason.
func settle(t *testing.T, started time.Time) {
	syscall.Sync()
	if wait := time.Until(started.Add(61 * time.Second)); wait > 0 {
		t.Logf("waiting %s for the disk to settle", wait.Round(time.Second))
		time.Sleep(wait)
	}
}

func sortedTools(m map[string][]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// timeRun runs argv under GNU time for its peak RSS: the rusage Go gets
// from wait4 starts from the test process's own size (the child is forked
// from it), so it cannot tell a 10 MB tool from a 28 MB one. Its CPU
// (user + system) tells time spent computing from time spent waiting
// for the network.
func timeRun(t *testing.T, argv []string) result {
	t.Helper()
	rssFile := filepath.Join(t.TempDir(), "rss")
	cmd := exec.Command("/usr/bin/time", append([]string{"-f", "%M %U %S", "-o", rssFile}, argv...)...)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	wall := time.Since(start)
	if err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(argv, " "), err, out)
	}
	b, _ := os.ReadFile(rssFile)
	var rss int64
	var user, sys float64
	fmt.Sscanf(lastLine(string(b)), "%d %f %f", &rss, &user, &sys)
	return result{wall: wall, rss: rss, cpu: time.Duration((user + sys) * float64(time.Second))}
}

// lastLine: GNU time writes "Command exited with non-zero status" above
// its format when the tool fails.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

func best(rs []result) result {
	b := rs[0]
	for _, r := range rs[1:] {
		if r.wall < b.wall {
			b.wall = r.wall
		}
		b.rss = max(b.rss, r.rss)
	}
	return b
}

func report(t *testing.T, size int64, scenarios []scenario, results map[string]map[string][]result) {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-32s %-9s %9s %10s %8s %s\n", "scenario (best of rounds)", "tool", "seconds", "MB/s", "peakMB", "portside vs tool")
	for _, sc := range scenarios {
		p := best(results[sc.name]["portside"])
		for _, tool := range sortedTools(sc.runs) {
			r := best(results[sc.name][tool])
			rate := ""
			if strings.Contains(sc.name, "1 stream") {
				rate = fmt.Sprintf("%.0f", float64(size)/r.wall.Seconds()/1e6)
			}
			ratio := ""
			if tool != "portside" {
				if strings.Contains(sc.name, "1 stream") {
					ratio = fmt.Sprintf("throughput %.2fx", r.wall.Seconds()/p.wall.Seconds())
				} else {
					ratio = fmt.Sprintf("time %.2fx", p.wall.Seconds()/r.wall.Seconds())
				}
			}
			fmt.Fprintf(&b, "%-32s %-9s %9.2f %10s %8d %s\n", sc.name, tool, r.wall.Seconds(), rate, r.rss/1024, ratio)
		}
	}
	t.Log(b.String())
	fmt.Print(b.String())
}

func makeFile(t *testing.T, p string, size int64) {
	t.Helper()
	os.MkdirAll(filepath.Dir(p), 0o755)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Real bytes, not a sparse file: the disk must be read as in real use.
	chunk := make([]byte, 1<<20)
	for i := range chunk {
		chunk[i] = byte(i * 7)
	}
	for left := size; left > 0; {
		n := min(left, int64(len(chunk)))
		if _, err := f.Write(chunk[:n]); err != nil {
			t.Fatal(err)
		}
		left -= n
	}
}
