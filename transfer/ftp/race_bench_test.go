package ftp_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"portside/transfer/internal/netlab"
)

// BenchmarkNetnsFirstListing is the time from connect to the first listing
// in auto mode with no saved probe (or, for both-drop, to the failure), in
// each network of raceCases, with the default 10 s data timeout that
// users have. It reports ms/listing (the mean of b.N runs, each a fresh
// session); the network is built once per case.
//
//	go test -run '^$' -bench NetnsFirstListing -benchtime 3x ./transfer/ftp/
func BenchmarkNetnsFirstListing(b *testing.B) {
	netlab.Require(b)
	cases := append([]raceCase{{name: "open"}}, raceCases...)
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			bed := netnsNew(b)
			if err := os.WriteFile(bed.root+"/listed.txt", []byte("x"), 0o644); err != nil {
				b.Fatal(err)
			}
			job := netnsJobFor("bench-"+c.name, "198.18.5.2", "auto")
			job.ListOnly, job.Timeout = true, 10*time.Second
			if c.server.MaxConns > 0 {
				job.Pause = 200 * time.Millisecond
			}
			jobs := make([]netnsJob, b.N)
			for i := range jobs {
				jobs[i] = job
			}
			cli := bed.raceNet(c, jobs)
			b.ResetTimer()
			res := bed.client(cli, jobs...)
			b.StopTimer()
			if os.Getenv("PORTSIDE_BENCH_LFTP") != "" {
				benchLftp(b, cli, c)
			}
			var sum time.Duration
			for _, o := range res {
				if (o.Stage == "") != (c.want != "" || c.name == "open") {
					b.Fatalf("%s: %s", c.name, o.summary())
				}
				sum += o.Elapsed
			}
			b.ReportMetric(float64(sum.Milliseconds())/float64(len(res)), "ms/listing")
		})
	}
}

// BenchmarkNetnsBlockedBatch is the time a batch upload takes to fail
// when its data path is blocked (batchCases), with the tests' 2 s data
// timeout; it reports s/batch.
//
//	go test -run '^$' -bench NetnsBlockedBatch -benchtime 1x ./transfer/ftp/
func BenchmarkNetnsBlockedBatch(b *testing.B) {
	netlab.Require(b)
	for _, c := range batchCases {
		b.Run(c.name, func(b *testing.B) {
			var sum time.Duration
			for range b.N {
				bed := netnsNew(b)
				o := bed.batchRun(c)
				if o.Stage != "upload" {
					b.Fatalf("%s: %s", c.name, o.summary())
				}
				sum += o.Elapsed
			}
			b.ReportMetric(sum.Seconds()/float64(b.N), "s/batch")
		})
	}
}

// benchLftp lists the same folder with lftp in the same network, for
// comparison (PORTSIDE_BENCH_LFTP=1): its defaults (passive, EPSV first), plain FTP,
// but a 10 s network timeout like Portside's data timeout and at most 2
// retries, since its default retries for ever. It reports lftp-ms, or
// lftp-failed-ms when lftp printed no listing.
func benchLftp(b *testing.B, cli *netlab.NS, c raceCase) {
	if _, err := exec.LookPath("lftp"); err != nil {
		b.Logf("lftp is not installed: no comparison")
		return
	}
	script := "set ftp:ssl-allow no; set net:timeout 10; set net:max-retries 2; set net:reconnect-interval-base 1; " +
		"set cmd:fail-exit yes; open -u demo,demo ftp://198.18.5.2:2121; cls -1 /"
	start := time.Now()
	out, errs, err := cli.Exec(3*time.Minute, nil, "lftp", "-c", script)
	took := time.Since(start)
	unit := "lftp-ms"
	if err != nil || strings.TrimSpace(out) == "" {
		unit = "lftp-failed-ms"
		b.Logf("lftp in %s: %v: %s", c.name, err, strings.TrimSpace(errs))
	}
	b.ReportMetric(float64(took.Milliseconds()), unit)
}
