package local

import (
	"io/fs"
	"path/filepath"
	"syscall"

	"portside/transfer"
)

// DrivesRoot is the folder above every drive's root on Windows, as in
// FileZilla and Explorer's "This PC": going up from C:\ lists C:, D:, …,
// and opening one goes to its root. It is "\", which Windows alone would
// read as the current drive's root; List, Join and Dir read it first.
const DrivesRoot = `\`

var getLogicalDrives = syscall.NewLazyDLL("kernel32.dll").NewProc("GetLogicalDrives")

// drives lists the drive letters in use, as folders named "C:".
func drives() ([]transfer.Entry, error) {
	mask, _, err := getLogicalDrives.Call()
	if mask == 0 {
		return nil, wrap("list", "the drives", err)
	}
	var out []transfer.Entry
	for i := 0; i < 26; i++ {
		if mask&(1<<i) != 0 {
			out = append(out, transfer.Entry{Name: string(rune('A'+i)) + ":", IsDir: true})
		}
	}
	return out, nil
}

// join opens a drive from DrivesRoot ("C:" → `C:\`, not the drive's
// current folder that a bare "C:" names on Windows).
func join(dir, name string) string {
	if dir == DrivesRoot {
		return name + `\`
	}
	return filepath.Join(dir, name)
}

// parent of a drive's root is DrivesRoot; of DrivesRoot, itself.
func parent(path string) string {
	if path == DrivesRoot {
		return DrivesRoot
	}
	if vol := filepath.VolumeName(path); vol != "" && len(vol) == 2 && (path == vol || path == vol+`\`) {
		return DrivesRoot
	}
	return filepath.Dir(path)
}

// perm is "read-only" or empty on Windows: Go makes up rwx letters from
// the read-only attribute alone (rw-rw-rw- or r--r--r--), and showing them
// would suggest Unix permissions that NTFS (ACLs) does not have.
func perm(fi fs.FileInfo) string {
	if fi.Mode().Perm()&0o200 == 0 {
		return "read-only"
	}
	return ""
}
