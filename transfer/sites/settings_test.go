package sites

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"portside/transfer/ftp"
	"portside/transfer/transport"
)

// Settings survive a save and a load; a damaged file is moved aside and
// the defaults used; values the window would refuse are refused.
func TestSettingsFile(t *testing.T) {
	dir := t.TempDir()
	if s, err := LoadSettings(dir); err != nil || s != (Settings{}) {
		t.Fatalf("no file: %+v, %v", s, err)
	}
	want := Settings{Language: "zh-Hans", ActivePortMin: 50000, ActivePortMax: 50010, ExternalAddress: "home.example.net",
		ConnectTimeout: 30, Retries: 5, SpeedDown: 300, SpeedOn: true, ExistsUpload: "resume", ShowHidden: true,
		SitesReplaceTab: true}
	if err := SaveSettings(dir, want); err != nil {
		t.Fatal(err)
	}
	if got, err := LoadSettings(dir); err != nil || got != want {
		t.Fatalf("read back %+v, %v", got, err)
	}
	os.WriteFile(filepath.Join(dir, settingsFile), []byte("{not json"), 0o600)
	var ce *CorruptError
	if s, err := LoadSettings(dir); !errors.As(err, &ce) || s != (Settings{}) {
		t.Fatalf("damaged: %+v, %v", s, err)
	}
	if _, err := os.Stat(ce.Backup); err != nil {
		t.Errorf("the damaged file was not kept: %v", err)
	}
}

func TestSettingsProblems(t *testing.T) {
	tests := []struct {
		name string
		s    Settings
		bad  bool
	}{
		{"defaults", Settings{}, false},
		{"language", Settings{Language: "fr"}, true},
		{"port range backwards", Settings{ActivePortMin: 60000, ActivePortMax: 50000}, true},
		{"external address", Settings{ExternalAddress: "not a host!"}, true},
		{"connections", Settings{Connections: 99}, true},
		{"timeout", Settings{ConnectTimeout: MaxSettingsTimeout + 1}, true},
		{"retries", Settings{Retries: -1}, true},
		{"speed", Settings{SpeedUp: -5}, true},
		{"exists action", Settings{ExistsDownload: "explode"}, true},
		{"all good", Settings{ActivePortMin: 50000, ActivePortMax: 50010, ExternalAddress: "203.0.113.7", Connections: 10, Retries: 20}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.s.Problems()
			if (len(p) > 0) != tt.bad {
				t.Errorf("problems %q, want bad=%v", p, tt.bad)
			}
			if err := SaveSettings(t.TempDir(), tt.s); (err != nil) != tt.bad {
				t.Errorf("save: %v", err)
			}
		})
	}
}

// ApplyFTP fills in what a site leaves to the global settings and keeps
// what it sets itself.
func TestSettingsApplyFTP(t *testing.T) {
	s := Settings{ActivePortMin: 50000, ActivePortMax: 50010, ExternalAddress: "home.example.net",
		ConnectTimeout: 20, DataTimeout: 5, ShowHidden: true, Connections: 3}
	own := NewSite("own")
	own.Host, own.ActivePortMin, own.ActivePortMax, own.ExternalAddress, own.MaxConnections = "h", 40000, 40001, "own.example.net", 7
	tests := []struct {
		name  string
		cfg   ftp.Config
		saved bool
		want  func(ftp.Config) bool
	}{
		{"quick connect takes all", ftp.Config{}, false, func(c ftp.Config) bool {
			return c.ActivePortMin == 50000 && c.ExternalAddress == "home.example.net" && c.DialTimeout == 20*time.Second &&
				c.DataTimeout == 5*time.Second && c.IdleTimeout == 5*time.Second && c.ListHidden && c.MaxConns == 3
		}},
		{"a site's own ports and limit stay", own.FTPConfig("pw"), true, func(c ftp.Config) bool {
			return c.ActivePortMin == 40000 && c.ExternalAddress == "own.example.net" && c.MaxConns == 7 && c.ListHidden
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg
			s.ApplyFTP(&cfg, tt.saved)
			if !tt.want(cfg) {
				t.Errorf("%+v", cfg)
			}
		})
	}
}

// The quick connect's TLS: absent is explicit TLS if available (a file
// from before that default, where absent meant plain FTP, gets the safer
// one); plain FTP is stored apart, and every mode reads back as stored.
func TestQuickTLSMode(t *testing.T) {
	for _, m := range []transport.TLSMode{transport.TLSNone, transport.TLSExplicit, transport.TLSImplicit, transport.TLSIfAvailable} {
		var s Settings
		s.SetQuickTLS(m)
		if got := s.QuickTLSMode(); got != m {
			t.Errorf("SetQuickTLS(%s): QuickTLSMode() = %s", m, got)
		}
	}
	if got := (Settings{}).QuickTLSMode(); got != transport.TLSIfAvailable {
		t.Errorf("the default is %s, want if-available", got)
	}
}

// Each protocol of the Site Manager's "Encryption" list survives
// sites.json and gives the transport its TLS mode; "if available" is
// FileZilla's first entry, and the transport's TLSIfAvailable.
func TestProtocolTLS(t *testing.T) {
	for _, c := range []struct {
		p    Protocol
		key  string
		mode transport.TLSMode
	}{
		{FTPIfAvailable, "ftp-tls-if-available", transport.TLSIfAvailable},
		{FTPSExplicit, "ftpes", transport.TLSExplicit},
		{FTPSImplicit, "ftps", transport.TLSImplicit},
		{FTP, "ftp", transport.TLSNone},
	} {
		b, err := c.p.MarshalText()
		var back Protocol
		if err != nil || string(b) != c.key || back.UnmarshalText(b) != nil || back != c.p {
			t.Errorf("%v: key %q (%v), read back %v", c.p, b, err, back)
		}
		if c.p.TLS() != c.mode {
			t.Errorf("%v: TLS() = %s, want %s", c.p, c.p.TLS(), c.mode)
		}
		s := NewSite("x")
		s.Host, s.Protocol = "h", c.p
		if got := s.FTPConfig("").TLS; got != c.mode {
			t.Errorf("%v: FTPConfig's TLS = %s", c.p, got)
		}
	}
	if Protocols.Labels()[0] != "Use explicit FTP over TLS if available" {
		t.Errorf("the list starts with %q", Protocols.Labels()[0])
	}
}
