package transport

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"
)

func TestParseFingerprint(t *testing.T) {
	sum := sha256.Sum256([]byte("a certificate"))
	plain := hex.EncodeToString(sum[:])
	var colon []string
	for i := 0; i < len(plain); i += 2 {
		colon = append(colon, strings.ToUpper(plain[i:i+2]))
	}
	want := strings.Join(colon, ":")
	cases := []struct {
		name, in, want string
	}{
		{"colon hex", want, want},
		{"colon hex, lower case", strings.ToLower(want), want},
		{"plain hex", plain, want},
		{"plain hex with spaces around", "  " + plain + "\n", want},
		{"OpenSSH base64", "SHA256:" + base64.RawStdEncoding.EncodeToString(sum[:]), want},
		{"base64 with padding", "sha256:" + base64.StdEncoding.EncodeToString(sum[:]), want},
		{"too short", plain[:62], ""},
		{"not hex", strings.Repeat("zz", 32), ""},
		{"bad base64", "SHA256:!!!", ""},
		{"SHA-1 length", plain[:40], ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseFingerprint(c.in)
			if c.want == "" {
				if err == nil {
					t.Errorf("accepted %q as %s", c.in, got)
				}
				return
			}
			if err != nil || got != c.want {
				t.Errorf("got %q, %v; want %q", got, err, c.want)
			}
		})
	}
}
