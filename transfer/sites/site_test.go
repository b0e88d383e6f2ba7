package sites_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"portside/transfer/ftp"
	"portside/transfer/sites"
	"portside/transfer/transport"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*sites.Site)
		want   string // a phrase of the sentence; "" for valid
	}{
		{"valid", func(*sites.Site) {}, ""},
		{"anonymous needs no user", func(s *sites.Site) { s.Logon, s.User = sites.Anonymous, "" }, ""},
		{"IPv6 address", func(s *sites.Site) { s.Host = "2001:db8::21" }, ""},
		{"custom charset", func(s *sites.Site) { s.Charset = "GBK" }, ""},
		{"charset by another name", func(s *sites.Site) { s.Charset = "shift-jis" }, ""},
		{"active range", func(s *sites.Site) { s.ActivePortMin, s.ActivePortMax = 50000, 50100 }, ""},
		{"external host name", func(s *sites.Site) { s.ExternalAddress = "home.example.net" }, ""},
		{"no name", func(s *sites.Site) { s.Name = "  " }, "Give the site a name"},
		{"no host", func(s *sites.Site) { s.Host = "" }, "Enter the server's host name"},
		{"URL in host", func(s *sites.Site) { s.Host = "ftps://ftp.example.com" }, `without "ftps://"`},
		{"user in host", func(s *sites.Site) { s.Host = "ann@ftp.example.com" }, "user name in User"},
		{"bracketed IPv6", func(s *sites.Site) { s.Host = "[2001:db8::21]" }, "without the brackets"},
		{"path in host", func(s *sites.Site) { s.Host = "ftp.example.com/pub" }, "is not a host name"},
		{"port too big", func(s *sites.Site) { s.Port = 70000 }, "from 1 to 65535"},
		{"normal without user", func(s *sites.Site) { s.User = "" }, "Enter the user name, or choose Anonymous"},
		{"ask without user", func(s *sites.Site) { s.Logon, s.User = sites.AskPassword, "" }, "Enter the user name"},
		{"half a port range", func(s *sites.Site) { s.ActivePortMin = 50000 }, "Give both ends"},
		{"reversed port range", func(s *sites.Site) { s.ActivePortMin, s.ActivePortMax = 50100, 50000 }, "from a lower to a higher port"},
		{"bad external address", func(s *sites.Site) { s.ExternalAddress = "my router" }, "is not an IP address or a host name"},
		{"unknown charset", func(s *sites.Site) { s.Charset = "Klingon-8" }, `does not know the charset "Klingon-8"`},
		{"no connections", func(s *sites.Site) { s.MaxConnections = 0 }, "from 1 to 10 connections"},
		{"too many connections", func(s *sites.Site) { s.MaxConnections = 11 }, "from 1 to 10 connections"},
		{"relative local folder", func(s *sites.Site) { s.LocalDir = "www" }, "must be a full path"},
		{"unknown protocol", func(s *sites.Site) { s.Protocol = 9 }, "Choose an encryption"},
		{"timeout", func(s *sites.Site) { s.Timeout = 60 }, ""},
		{"negative timeout", func(s *sites.Site) { s.Timeout = -1 }, "timeout must be from 1 to 3600"},
		{"timeout of a day", func(s *sites.Site) { s.Timeout = 86400 }, "timeout must be from 1 to 3600"},
		{"SFTP with a password", func(s *sites.Site) { s.Protocol = sites.SFTP }, ""},
		{"SFTP with a key file", func(s *sites.Site) {
			s.Protocol, s.Logon, s.KeyFile = sites.SFTP, sites.KeyFile, local("/home/ann/.ssh/id_ed25519")
		}, ""},
		{"key file without a file", func(s *sites.Site) { s.Protocol, s.Logon = sites.SFTP, sites.KeyFile }, "Choose the private key file"},
		{"key file on FTP", func(s *sites.Site) { s.Logon, s.KeyFile = sites.KeyFile, "/k" }, "SFTP servers only"},
		{"anonymous SFTP", func(s *sites.Site) { s.Protocol, s.Logon = sites.SFTP, sites.Anonymous }, "no anonymous login"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := normalSite("Work")
			tt.change(&s)
			err := s.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Validate() = %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("Validate() = %v, want a sentence with %q", err, tt.want)
			}
		})
	}
}

// Every mistake is reported at once, each as its own sentence.
func TestValidateReportsEveryProblem(t *testing.T) {
	s := sites.Site{Port: -1, MaxConnections: 0, Logon: sites.Normal}
	err := s.Validate()
	if err == nil {
		t.Fatal("an empty site is valid")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) < 4 {
		t.Errorf("want a sentence per problem, got:\n%v", err)
	}
	for _, l := range lines {
		if !strings.HasSuffix(l, ".") || strings.ToUpper(l[:1]) != l[:1] {
			t.Errorf("not a sentence: %q", l)
		}
	}
}

func TestFTPConfig(t *testing.T) {
	probe := &sites.Probe{Method: transport.PASV, When: time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC), Reason: "PASV carried a listing"}
	pasv := transport.PASV
	tests := []struct {
		name   string
		change func(*sites.Site)
		want   func(*ftp.Config)
	}{
		{"normal logon", func(*sites.Site) {}, func(c *ftp.Config) { c.User, c.Password = "ann", "pw" }},
		{"anonymous sends no password", func(s *sites.Site) { s.Logon = sites.Anonymous }, func(*ftp.Config) {}},
		{"ask for password", func(s *sites.Site) { s.Logon = sites.AskPassword }, func(c *ftp.Config) { c.User, c.Password = "ann", "pw" }},
		{"implicit TLS and port", func(s *sites.Site) { s.Protocol, s.Port = sites.FTPSImplicit, 2990 },
			func(c *ftp.Config) { c.User, c.Password, c.TLS, c.Port = "ann", "pw", transport.TLSImplicit, 2990 }},
		{"plain FTP", func(s *sites.Site) { s.Protocol = sites.FTP },
			func(c *ftp.Config) { c.User, c.Password, c.TLS = "ann", "pw", transport.TLSNone }},
		{"auto mode starts with the method found before", func(s *sites.Site) { s.Probe = probe },
			func(c *ftp.Config) { c.User, c.Password, c.Known = "ann", "pw", &pasv }},
		{"a forced mode ignores the probe", func(s *sites.Site) { s.Probe, s.DataMode = probe, transport.ModeActive },
			func(c *ftp.Config) { c.User, c.Password, c.Mode = "ann", "pw", transport.ModeActive }},
		{"active settings", func(s *sites.Site) {
			s.DataMode, s.ActivePortMin, s.ActivePortMax, s.ExternalAddress = transport.ModeActive, 50000, 50100, "203.0.113.7"
		}, func(c *ftp.Config) {
			c.User, c.Password, c.Mode, c.ActivePortMin, c.ActivePortMax, c.ExternalAddress = "ann", "pw", transport.ModeActive, 50000, 50100, "203.0.113.7"
		}},
		{"passive address as sent", func(s *sites.Site) { s.UseSentPassiveAddress = true },
			func(c *ftp.Config) { c.User, c.Password, c.UseSentPassiveAddress = "ann", "pw", true }},
		{"charset", func(s *sites.Site) { s.Charset = "Big5" }, func(c *ftp.Config) { c.User, c.Password, c.Charset = "ann", "pw", "Big5" }},
		{"timeout", func(s *sites.Site) { s.Timeout = 45 }, func(c *ftp.Config) { c.User, c.Password, c.IdleTimeout = "ann", "pw", 45*time.Second }},
		// Auto mode then probes one connection at a time.
		{"one connection", func(s *sites.Site) { s.MaxConnections = 1 },
			func(c *ftp.Config) { c.User, c.Password, c.MaxConns = "ann", "pw", 1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := normalSite("Work")
			tt.change(&s)
			want := ftp.Config{Config: transport.Config{Host: "ftp.example.com", TLS: transport.TLSExplicit}, MaxConns: s.MaxConnections}
			tt.want(&want)
			if got := s.FTPConfig("pw"); !reflect.DeepEqual(got, want) {
				t.Errorf("FTPConfig:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestAddr(t *testing.T) {
	tests := []struct {
		host  string
		port  int
		proto sites.Protocol
		want  string
	}{
		{"ftp.example.com", 0, sites.FTPSExplicit, "ftp.example.com:21"},
		{"ftp.example.com", 0, sites.FTPSImplicit, "ftp.example.com:990"},
		{"2001:db8::21", 2121, sites.FTP, "[2001:db8::21]:2121"},
		{"ssh.example.com", 0, sites.SFTP, "ssh.example.com:22"},
		{"ssh.example.com", 2222, sites.SFTP, "ssh.example.com:2222"},
	}
	for _, tt := range tests {
		s := sites.Site{Host: tt.host, Port: tt.port, Protocol: tt.proto}
		if got := s.Addr(); got != tt.want {
			t.Errorf("Addr(%s, %d, %v) = %s, want %s", tt.host, tt.port, tt.proto, got, tt.want)
		}
	}
}

// The option tables are what sites.json, the editor and the import share:
// each value has one key and one label, none twice.
func TestChoicesAreComplete(t *testing.T) {
	check := func(name string, keys, labels []string) {
		seen := map[string]bool{}
		for _, s := range append(keys, labels...) {
			if s == "" || seen[s] {
				t.Errorf("%s: empty or repeated key or label %q", name, s)
			}
			seen[s] = true
		}
	}
	check("protocols", []string{"ftp", "ftpes", "ftps", "sftp"}, sites.Protocols.Labels())
	check("logons", []string{"anonymous", "normal", "ask", "key"}, sites.Logons.Labels())
	check("data modes", []string{"auto", "passive", "active"}, sites.DataModes.Labels())
	for _, m := range []transport.Mode{transport.ModeAuto, transport.ModePassive, transport.ModeActive} {
		if v, ok := sites.DataModes.ByLabel(sites.DataModes.Label(m)); !ok || v != m {
			t.Errorf("data mode %v does not round-trip through its label", m)
		}
	}
	for _, c := range sites.CommonCharsets {
		if msg := sites.CharsetProblem(c); msg != nil {
			t.Errorf("suggested charset %s is refused: %s", c, msg)
		}
	}
}

func TestSFTPConfig(t *testing.T) {
	for _, tt := range []struct {
		logon    sites.Logon
		password string
		keys     []string
	}{
		{sites.Normal, "pw", nil},
		{sites.AskPassword, "pw", nil},
		{sites.KeyFile, "", []string{"/k/id_ed25519"}},
	} {
		s := sites.Site{Host: "ssh.example.com", Port: 2222, Protocol: sites.SFTP, Logon: tt.logon, User: "ann", KeyFile: "/k/id_ed25519", Timeout: 45}
		got := s.SFTPConfig("pw")
		if got.Host != "ssh.example.com" || got.Port != 2222 || got.User != "ann" || !got.Agent || got.IdleTimeout != 45*time.Second ||
			got.Password != tt.password || !reflect.DeepEqual(got.KeyFiles, tt.keys) {
			t.Errorf("%v: SFTPConfig = %+v", tt.logon, got)
		}
	}
}

func TestFTPConfigListHidden(t *testing.T) {
	s := sites.NewSite("vsftpd box")
	s.Host, s.ListHidden = "example.com", true
	if cfg := s.FTPConfig(""); !cfg.ListHidden {
		t.Fatal("ListHidden does not reach the session config")
	}
}
