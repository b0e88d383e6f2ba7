package ftp

import (
	"strconv"
	"strings"
)

// listingPerms reads the permissions that jlaffaye/ftp parses a listing
// without: the mode column of a Unix "ls -l" line ("-rw-r--r--" gives
// "rw-r--r--"), or MLSD's UNIX.mode fact (proftpd, pure-ftpd), else its
// perm fact. Names are
// cut out of the lines the way the library cuts them, so they match its
// entries. Lines it cannot read give nothing: a server with DOS listings
// (IIS) shows no permissions, as in FileZilla.
func listingPerms(text string) map[string]string {
	perms := map[string]string{}
	eachPerm(text, func(name, perm string) { perms[name] = perm })
	return perms
}

// eachPerm calls fn with each line's name and permissions, in order,
// without splitting the text into a slice first (a listing may hold a
// million lines).
func eachPerm(text string, fn func(name, perm string)) {
	for text != "" {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		line = strings.TrimRight(line, "\r")
		if name, perm, ok := lsPerm(line); ok {
			fn(name, perm)
		} else if name, perm, ok := mlsdPerm(line); ok {
			fn(name, perm)
		}
	}
}

// permsInOrder gives the permissions of the n entries (nameOf) the
// library parsed from text, in the same order: a walk through both instead
// of a map of a million names. A line the library skipped is passed over;
// a name it parsed from a line read here without permissions gets none.
// The few distinct permission strings are copied out of text, so that the
// entries do not keep a listing's whole text alive.
func permsInOrder(text string, n int, nameOf func(int) string) []string {
	perms := make([]string, n)
	interned := map[string]string{}
	k := 0
	eachPerm(text, func(name, perm string) {
		for j := k; j < n && j < k+4; j++ {
			if nameOf(j) == name {
				p, ok := interned[perm]
				if !ok {
					p = strings.Clone(perm)
					interned[perm] = p
				}
				perms[j], k = p, j+1
				return
			}
		}
	})
	return perms
}

// lsPerm reads "drwxr-xr-x 2 owner group 4096 Jan 2 15:04 name".
func lsPerm(line string) (name, perm string, ok bool) {
	// The library's test: a first field of 10 bytes, or 11 ending in '+'
	// (an ACL).
	i := strings.IndexByte(line, ' ')
	if i != 10 && (i != 11 || line[10] != '+') {
		return "", "", false
	}
	mode := line[:10]
	if !strings.ContainsRune("-dl", rune(mode[0])) || !validMode(mode[1:]) {
		return "", "", false
	}
	// Eight fields (mode, links, owner, group, size, month, day, time),
	// each with the one space after it; the rest, extra spaces and all, is
	// the name, as the library's scanner has it.
	rest := line
	for f := 0; f < 8; f++ {
		rest = strings.TrimLeft(rest, " ")
		j := strings.IndexByte(rest, ' ')
		if j < 0 {
			return "", "", false
		}
		rest = rest[j+1:]
	}
	name = rest
	if mode[0] == 'l' {
		if k := strings.Index(name, " -> "); k > 0 {
			name = name[:k]
		}
	}
	return name, mode[1:], name != ""
}

// validMode checks the nine rwx characters, with setuid, setgid and sticky.
func validMode(m string) bool {
	if len(m) != 9 {
		return false
	}
	for i, allowed := range []string{"r", "w", "xsS", "r", "w", "xsS", "r", "w", "xtT"} {
		if m[i] != '-' && !strings.ContainsRune(allowed, rune(m[i])) {
			return false
		}
	}
	return true
}

// mlsdPerm reads "type=file;size=4;UNIX.mode=0644; name", or without
// UNIX.mode the RFC 3659 perm fact ("perm=adfrw": what this login may do
// to the file), shown as it is, as FileZilla shows it.
//
// pyftpdlib writes both its own way: unix.mode with Python's "0o" prefix
// ("unix.mode=0o644"), and perm with its own upper-case rights ("perm=
// radfwMT": M is chmod, T is MFMT). A fact that cannot be read is left
// out; the others still count.
func mlsdPerm(line string) (name, perm string, ok bool) {
	facts, name, found := strings.Cut(line, " ")
	if !found || name == "" || !strings.Contains(facts, "=") {
		return "", "", false
	}
	for _, fact := range strings.Split(facts, ";") {
		k, v, _ := strings.Cut(fact, "=")
		switch {
		case strings.EqualFold(k, "unix.mode"):
			if mode, ok := unixMode(v); ok {
				return name, rwx(mode), true
			}
		case strings.EqualFold(k, "perm") && permFact(v):
			perm = v
		}
	}
	return name, perm, perm != ""
}

// unixMode reads an octal mode: "0644", "644", "02775", "0o644".
func unixMode(v string) (uint32, bool) {
	v = strings.TrimPrefix(strings.TrimPrefix(v, "0o"), "0O")
	n, err := strconv.ParseUint(v, 8, 32)
	if err != nil || v == "" || n > 0o7777 {
		return 0, false
	}
	return uint32(n), true
}

// permFact accepts a perm fact of letters only (RFC 3659's and a
// server's own), short enough for the column: a server's bytes are
// never shown raw.
func permFact(v string) bool {
	if v == "" || len(v) > 16 {
		return false
	}
	for _, c := range v {
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}

// rwx writes mode's permission bits as ls does.
func rwx(mode uint32) string {
	b := []byte("---------")
	for i, c := range []byte("rwxrwxrwx") {
		if mode&(1<<(8-i)) != 0 {
			b[i] = c
		}
	}
	special := []struct {
		bit      uint32
		at       int
		set, off byte
	}{{0o4000, 2, 's', 'S'}, {0o2000, 5, 's', 'S'}, {0o1000, 8, 't', 'T'}}
	for _, s := range special {
		if mode&s.bit != 0 {
			if b[s.at] == 'x' {
				b[s.at] = s.set
			} else {
				b[s.at] = s.off
			}
		}
	}
	return string(b)
}
