package ftp_test

import (
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
			job := netnsJobFor("bench-"+c.name, "198.18.5.2", "auto")
			job.ListOnly, job.Timeout = true, 10*time.Second
			if c.server.MaxConns > 0 {
				job.Pause = 200 * time.Millisecond
			}
			jobs := make([]netnsJob, b.N)
			for i := range jobs {
				jobs[i] = job
			}
			b.ResetTimer()
			res := bed.client(bed.raceNet(c, jobs), jobs...)
			b.StopTimer()
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
