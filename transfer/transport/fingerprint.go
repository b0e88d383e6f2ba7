package transport

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
)

// ParseFingerprint reads a SHA-256 certificate fingerprint in any of the
// forms people copy: colon hex as Portside and browsers print it
// (AB:CD:…), plain hex as sha256sum prints it, or "SHA256:" and base64 as
// OpenSSH prints host keys. It returns the colon form Fingerprint makes.
func ParseFingerprint(s string) (string, error) {
	s = strings.TrimSpace(s)
	var sum []byte
	if rest, ok := cutPrefixFold(s, "SHA256:"); ok {
		rest = strings.TrimRight(rest, "=")
		b, err := base64.RawStdEncoding.DecodeString(rest)
		if err != nil {
			return "", errors.New("the part after SHA256: is not base64")
		}
		sum = b
	} else {
		h := strings.NewReplacer(":", "", " ", "", "-", "").Replace(s)
		b, err := hex.DecodeString(h)
		if err != nil {
			return "", errors.New("want 64 hex digits (colons allowed) or SHA256: and base64")
		}
		sum = b
	}
	if len(sum) != 32 {
		return "", errors.New("a SHA-256 fingerprint is 32 bytes (64 hex digits)")
	}
	h := strings.ToUpper(hex.EncodeToString(sum))
	var b strings.Builder
	for i := 0; i < len(h); i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(h[i : i+2])
	}
	return b.String(), nil
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}
