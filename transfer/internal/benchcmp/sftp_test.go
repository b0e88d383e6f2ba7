//go:build linux

package benchcmp

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"portside/internal/realsshd"
)

// TestCompareSFTP times portside-cli against OpenSSH's own sftp client and
// rclone on one OpenSSH server on loopback, logged in with the same key,
// alternating the tools as TestCompareTools does. Like it, it runs only
// with PORTSIDE_BENCH=1 and prints ratios and peak RSS.
func TestCompareSFTP(t *testing.T) {
	if os.Getenv("PORTSIDE_BENCH") == "" {
		t.Skip("set PORTSIDE_BENCH=1 (make bench) to run the tool comparison")
	}
	for _, tool := range []string{"sftp", "rclone"} {
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
	if out, err := exec.Command("go", "build", "-o", cli, "portside/cmd/portside-cli").CombinedOutput(); err != nil {
		t.Fatalf("build portside-cli: %v\n%s", err, out)
	}

	srv := realsshd.Start(t, realsshd.Options{})
	port := strconv.Itoa(srv.Port)
	kh := filepath.Join(work, "known_hosts")
	line := knownhosts.Line([]string{knownhosts.Normalize(srv.Addr())}, srv.HostKey)
	if err := os.WriteFile(kh, []byte(line+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// No agent, no user config: each tool logs in with the same key.
	os.Setenv("SSH_AUTH_SOCK", "")
	os.Setenv("HOME", work)
	rcloneConf := filepath.Join(work, "rclone.conf")
	os.WriteFile(rcloneConf, nil, 0o600)
	os.Setenv("RCLONE_CONFIG", rcloneConf)

	portside := func(args ...string) []string {
		return append([]string{cli, "--key", srv.KeyFile, "--fingerprint", ssh.FingerprintSHA256(srv.HostKey)}, args...)
	}
	url := "sftp://" + srv.User + "@" + srv.Addr() + srv.Root
	batch := func(cmds string) []string {
		f := filepath.Join(work, fmt.Sprintf("batch-%d", time.Now().UnixNano()))
		os.WriteFile(f, []byte(cmds+"\n"), 0o600)
		return []string{"sftp", "-q", "-b", f, "-P", port, "-i", srv.KeyFile, "-o", "BatchMode=yes",
			"-o", "IdentityAgent=none", "-o", "UserKnownHostsFile=" + kh, "-o", "GlobalKnownHostsFile=/dev/null",
			srv.User + "@" + srv.Host}
	}
	rclone := func(args ...string) []string {
		return append([]string{"rclone", "--sftp-host", srv.Host, "--sftp-port", port, "--sftp-user", srv.User,
			"--sftp-key-file", srv.KeyFile, "--sftp-known-hosts-file", kh}, args...)
	}
	remote := ":sftp:" + srv.Root

	big := filepath.Join(srv.Root, "big.bin")
	makeFile(t, big, size)
	small := filepath.Join(srv.Root, "small")
	for i := 0; i < 2000; i++ {
		makeFile(t, filepath.Join(small, fmt.Sprintf("d%02d", i%20), fmt.Sprintf("f%04d.txt", i)), 4096)
	}
	chownTo(t, srv.Root, realsshd.LoginUser)
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
				if fi, err := os.Stat(p); err == nil && !fi.IsDir() ||
					os.Rename(p, filepath.Join(trash, fmt.Sprintf("%d-%d", time.Now().UnixNano(), i))) != nil {
					os.RemoveAll(p)
				}
			}
			os.MkdirAll(down, 0o755)
		}
	}
	upSmall := filepath.Join(srv.Root, "up-small")
	cleanUpSmall := func(t *testing.T) {
		clean(upSmall)(t)
		os.Mkdir(upSmall, 0o755)
		chownTo(t, upSmall, realsshd.LoginUser)
	}
	scenarios := []scenario{
		{"download 1 stream", clean(filepath.Join(down, "big.bin")), map[string][]string{
			"portside": portside("get", url+"/big.bin", filepath.Join(down, "big.bin")),
			"sftp":     batch("get " + big + " " + filepath.Join(down, "big.bin")),
			"rclone":   rclone("copyto", remote+"/big.bin", filepath.Join(down, "big.bin")),
		}},
		{"upload 1 stream", clean(filepath.Join(srv.Root, "local-big.bin")), map[string][]string{
			"portside": portside("put", localBig, url+"/"),
			"sftp":     batch("put " + localBig + " " + filepath.Join(srv.Root, "local-big.bin")),
			"rclone":   rclone("copyto", localBig, remote+"/local-big.bin"),
		}},
		{"2000 files down, 4 connections", clean(down), map[string][]string{
			"portside": portside("get", "--parallel", "4", url+"/small", down),
			"rclone":   rclone("copy", "--transfers", "4", remote+"/small", filepath.Join(down, "small")),
		}},
		{"2000 files up, 4 connections", cleanUpSmall, map[string][]string{
			"portside": portside("put", "--parallel", "4", localSmall, url+"/up-small"),
			"rclone":   rclone("copy", "--transfers", "4", localSmall, remote+"/up-small/local-small"),
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
			if round%2 == 1 {
				for i, j := 0, len(tools)-1; i < j; i, j = i+1, j-1 {
					tools[i], tools[j] = tools[j], tools[i]
				}
			}
			for _, tool := range tools {
				sc.setup(t)
				syscall.Sync()
				r := timeRun(t, sc.runs[tool])
				results[sc.name][tool] = append(results[sc.name][tool], r)
				t.Logf("round %d %-32s %-9s %8.2fs %6d MB", round+1, sc.name, tool, r.wall.Seconds(), r.rss/1024)
			}
		}
	}
	report(t, size, scenarios, results)
}

// chownTo gives root's tree to a system user, as the harness does for
// the root it made.
func chownTo(t *testing.T, root, login string) {
	t.Helper()
	u, err := user.Lookup(login)
	if err != nil {
		t.Fatal(err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil {
			os.Lchown(p, uid, gid)
		}
		return err
	})
}
