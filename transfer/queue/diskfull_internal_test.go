package queue

import (
	"errors"
	"os"
	"runtime"
	"testing"
)

// A write to a full disk is named as one (and so not retried) with the
// error the system itself gives: /dev/full refuses every write with it,
// and Wine passes that on as Windows' ERROR_DISK_FULL.
func TestDiskFullNamed(t *testing.T) {
	dev := "/dev/full"
	if runtime.GOOS == "windows" {
		dev = `Z:\dev\full` // Wine's drive for /; a real Windows has no such device
	}
	f, err := os.OpenFile(dev, os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no full device to write to: %v", err)
	}
	defer f.Close()
	_, err = f.Write([]byte("x"))
	if err == nil {
		t.Fatalf("a write to %s succeeded", dev)
	}
	if got := diskFull(err); !errors.Is(got, errDiskFull) {
		t.Errorf("diskFull(%v) = %v, want errDiskFull", err, got)
	}
}
