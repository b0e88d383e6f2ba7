package sites

import (
	"fmt"
	"strings"

	"portside/transfer/transport"
)

// Choice is one value of a site option: its key in sites.json (stable,
// never shown) and its label in the Site Manager (worded as FileZilla
// words it, so its users find their way).
type Choice[T comparable] struct {
	Value T
	Key   string
	Label string
}

// Choices are every value of one option, in the order the editor lists
// them. Each option is declared once, below; sites.json, the editor and
// the FileZilla import all read these tables.
type Choices[T comparable] []Choice[T]

// Labels are the editor's entries, in order.
func (cs Choices[T]) Labels() []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Label
	}
	return out
}

// Label is v's label, or "" when v is not one of the choices.
func (cs Choices[T]) Label(v T) string {
	for _, c := range cs {
		if c.Value == v {
			return c.Label
		}
	}
	return ""
}

// ByLabel is the value whose label is label.
func (cs Choices[T]) ByLabel(label string) (T, bool) {
	for _, c := range cs {
		if c.Label == label {
			return c.Value, true
		}
	}
	var zero T
	return zero, false
}

func (cs Choices[T]) key(v T) (string, error) {
	for _, c := range cs {
		if c.Value == v {
			return c.Key, nil
		}
	}
	return "", fmt.Errorf("no key for %v", v)
}

func (cs Choices[T]) parse(what, key string) (T, error) {
	for _, c := range cs {
		if strings.EqualFold(c.Key, key) {
			return c.Value, nil
		}
	}
	keys := make([]string, len(cs))
	for i, c := range cs {
		keys[i] = c.Key
	}
	var zero T
	return zero, fmt.Errorf("unknown %s %q: want one of %s", what, key, strings.Join(keys, ", "))
}

// Protocol is FTP with or without TLS, or SFTP (file transfer over SSH,
// package transfer/sftp).
type Protocol int

const (
	FTP          Protocol = iota // plain FTP: the password crosses the network readable
	FTPSExplicit                 // FTPES: AUTH TLS after the greeting, usually port 21
	FTPSImplicit                 // FTPS: TLS from the first byte, usually port 990
	SFTP                         // SSH, usually port 22
	// FTPIfAvailable is FileZilla's "Use explicit FTP over TLS if
	// available": AUTH TLS, and plain FTP after a question when the
	// server refuses it (transport.TLSIfAvailable). Appended: the numbers
	// above are in use.
	FTPIfAvailable
)

// Protocols is the editor's "Encryption" list. The keys are the URL
// schemes FileZilla uses (ftp://, ftpes://, ftps://, sftp://).
var Protocols = Choices[Protocol]{
	{FTPIfAvailable, "ftp-tls-if-available", "Use explicit FTP over TLS if available"},
	{FTPSExplicit, "ftpes", "Require explicit FTP over TLS"},
	{FTPSImplicit, "ftps", "Require implicit FTP over TLS"},
	{FTP, "ftp", "Only use plain FTP (insecure)"},
	{SFTP, "sftp", "SFTP - SSH File Transfer Protocol"},
}

// TLS is the transport's name for the protocol.
func (p Protocol) TLS() transport.TLSMode {
	switch p {
	case FTPSExplicit:
		return transport.TLSExplicit
	case FTPSImplicit:
		return transport.TLSImplicit
	case FTPIfAvailable:
		return transport.TLSIfAvailable
	}
	return transport.TLSNone
}

func (p Protocol) String() string { k, _ := Protocols.key(p); return k }

func (p Protocol) MarshalText() ([]byte, error) {
	k, err := Protocols.key(p)
	return []byte(k), err
}

func (p *Protocol) UnmarshalText(b []byte) (err error) {
	*p, err = Protocols.parse("protocol", string(b))
	return err
}

// Logon is how the site logs in.
type Logon int

const (
	Anonymous   Logon = iota // user "anonymous", no password
	Normal                   // user and password; the password in the keychain
	AskPassword              // user; the password asked for at each connect, never stored
	KeyFile                  // SFTP: user and a private key file (Site.KeyFile); its passphrase, if any, in the keychain
)

// Logons is the editor's "Logon Type" list.
var Logons = Choices[Logon]{
	{Anonymous, "anonymous", "Anonymous"},
	{Normal, "normal", "Normal"},
	{AskPassword, "ask", "Ask for password"},
	{KeyFile, "key", "Key file"},
}

func (l Logon) String() string { k, _ := Logons.key(l); return k }

func (l Logon) MarshalText() ([]byte, error) {
	k, err := Logons.key(l)
	return []byte(k), err
}

func (l *Logon) UnmarshalText(b []byte) (err error) {
	*l, err = Logons.parse("logon type", string(b))
	return err
}

// DataModes is the editor's "Transfer mode" list, in FileZilla's order;
// the keys are transport.Mode's names. Default is auto mode: the first
// method that carries a listing, kept in the profile (Site.Probe).
var DataModes = Choices[transport.Mode]{
	{transport.ModeAuto, "auto", "Default"},
	{transport.ModeActive, "active", "Active"},
	{transport.ModePassive, "passive", "Passive"},
}

// PassiveAddresses is the editor's choice of where passive data
// connections go (Site.UseSentPassiveAddress).
var PassiveAddresses = Choices[bool]{
	{false, "server", "Use the server's own address"},
	{true, "sent", "Use the address the server sends"},
}

// Charset choices. "" (auto) is UTF-8 unless the lead's transport learns
// to detect otherwise; anything else is a golang.org/x/text encoding name.
const (
	CharsetAuto = ""
	CharsetUTF8 = "UTF-8"
)

// CommonCharsets are the custom charsets the editor suggests: those of the
// old Windows servers that still send non-UTF-8 names. Any other encoding
// name that golang.org/x/text knows (windows-1251, EUC-KR…) is accepted too.
var CommonCharsets = []string{"GBK", "GB18030", "Big5", "Shift_JIS", "EUC-JP", "EUC-KR", "windows-1252", "windows-1251", "ISO-8859-1"}

// Connection limits: FileZilla's range, and its default of two (one for
// browsing, one for a transfer).
const (
	MinConnections     = 1
	MaxConnections     = 10
	DefaultConnections = 2
)
