package ftp

import (
	"reflect"
	"testing"
)

func TestListingPerms(t *testing.T) {
	for _, tc := range []struct {
		name, listing string
		want          map[string]string
	}{
		{"vsftpd", "-rw-r--r--    1 1000     1000         4096 Nov 25 14:39 f0000.txt\r\n" +
			"drwxr-xr-x    2 1000     1000         4096 Nov 25 14:39 public_html\r\n",
			map[string]string{"f0000.txt": "rw-r--r--", "public_html": "rwxr-xr-x"}},
		{"spaces in a name, and a link", "-rw-------   1 ftp ftp  12 Jan  2  2024 notes with spaces.md\n" +
			"lrwxrwxrwx   1 ftp ftp   4 Jan  2 10:00 current -> v2.1\n",
			map[string]string{"notes with spaces.md": "rw-------", "current": "rwxrwxrwx"}},
		{"setuid, sticky, ACL", "-rwsr-x---+  1 root root 10 Jan  2 10:00 tool\n" +
			"drwxrwxrwt   9 root root 10 Jan  2 10:00 tmp\n",
			map[string]string{"tool": "rwsr-x---", "tmp": "rwxrwxrwt"}},
		{"MLSD with UNIX.mode (proftpd)", "type=file;size=5;modify=20240102100000;UNIX.mode=0640;UNIX.owner=1000; a.txt\r\n" +
			"type=dir;modify=20240102100000;UNIX.mode=02775; shared\r\n" +
			"type=file;size=1;modify=20240102100000; no-mode.txt\r\n",
			map[string]string{"a.txt": "rw-r-----", "shared": "rwxrwsr-x"}},
		{"MLSD with the RFC 3659 perm fact only", "type=file;size=5;perm=adfrw; a.txt\r\ntype=dir;perm=flcdmpe; d\r\ntype=file;perm=x!; odd\r\n",
			map[string]string{"a.txt": "adfrw", "d": "flcdmpe"}},
		{"pyftpdlib: perm with its own rights", "modify=20240102100000;perm=radfwMT;size=5;type=file; a.txt\r\n" +
			"modify=20240102100000;perm=elmMTcp;type=dir; d\r\n",
			map[string]string{"a.txt": "radfwMT", "d": "elmMTcp"}},
		{"pyftpdlib: unix.mode in Python's octal", "modify=20240102100000;perm=radfwMT;size=5;type=file;unix.mode=0o640; a.txt\r\n" +
			"type=dir;unix.mode=0o2775; shared\r\n",
			map[string]string{"a.txt": "rw-r-----", "shared": "rwxrwsr-x"}},
		{"a mode that cannot be read: the perm fact", "type=file;UNIX.mode=0999;perm=r; a.txt\r\ntype=file;UNIX.mode=077777; b.txt\r\n",
			map[string]string{"a.txt": "r"}},
		{"IIS DOS listing: nothing", "01-02-24  10:00AM       <DIR>          www\r\n01-02-24  10:00AM                 5 a.txt\r\n",
			map[string]string{}},
		{"hostile lines", "-rw-r--r-- 1\n-rwZr--r-- 1 a b 1 Jan 2 10:00 x\n\x00\x01\n-rw-r--r-- 1 a b 1 Jan 2 10:00 \n",
			map[string]string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := listingPerms(tc.listing); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func FuzzListingPerms(f *testing.F) {
	f.Add("-rw-r--r--    1 1000     1000         4096 Nov 25 14:39 f0000.txt\r\n")
	f.Add("type=file;UNIX.mode=0777; x\n")
	f.Fuzz(func(t *testing.T, s string) {
		for name, perm := range listingPerms(s) {
			if perm == "" || name == "" {
				t.Fatalf("%q gave %q → %q", s, name, perm)
			}
		}
	})
}

// The library's entries get the permissions of their own lines, also when
// it skipped a line or parsed one read here without permissions.
func TestPermsInOrder(t *testing.T) {
	text := "-rw-r--r-- 1 a b 1 Jan 2 10:00 one\r\n" +
		"total 12\r\n" +
		"drwxr-xr-x 2 a b 1 Jan 2 10:00 two\r\n" +
		"01-02-24  10:00AM 5 dos\r\n" +
		"-rwx------ 1 a b 1 Jan 2 10:00 three\r\n"
	names := []string{"one", "two", "dos", "three", "absent"}
	got := permsInOrder(text, len(names), func(i int) string { return names[i] })
	want := []string{"rw-r--r--", "rwxr-xr-x", "", "rwx------", ""}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}
