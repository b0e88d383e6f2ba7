package sites

import (
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"portside/transfer/transport"
)

// Import is what a FileZilla sitemanager.xml holds, translated into
// profiles but not yet stored (see Store.Import).
type Import struct {
	Folders [][]string // every folder, as its path of names, parents first
	Sites   []ImportedSite
	Skipped []Skipped
	// Notes say what changed in translation, one sentence each;
	// NoteProblems are the same as codes and facts, in the same order.
	Notes        []string
	NoteProblems []*Problem
	// Readable counts the passwords the file held in readable form
	// (base64 or plain text): the user should know they are still there.
	Readable int
}

// ImportedSite is one site to store, with the folder it goes in.
type ImportedSite struct {
	Path     []string // folder names from the top; empty for the top level
	Site     Site     // without ID or Folder
	Password string   // for the Normal logon
}

// Skipped is a site that Portside cannot use, and why.
type Skipped struct {
	Path   []string
	Name   string
	Reason string
	// Why is Reason as a code and facts; Invalid, instead, the site's
	// problems (Site.Validate) when it is skipped for them.
	Why     *Problem
	Invalid error
}

// FileZilla's numbers, from its src/include/server.h.
const (
	fzFTP         = 0 // FTP, "use explicit FTP over TLS if available"
	fzSFTP        = 1
	fzFTPS        = 3 // implicit TLS
	fzFTPES       = 4 // explicit TLS, required
	fzInsecureFTP = 6 // "only use plain FTP (insecure)"
)

// ParseFileZilla reads a sitemanager.xml (or a file exported from
// FileZilla's Site Manager, which has the same form).
func ParseFileZilla(r io.Reader) (*Import, error) {
	var root fzNode
	if err := xml.NewDecoder(r).Decode(&root); err != nil {
		return nil, fmt.Errorf("read FileZilla sites: %w", err)
	}
	if root.XMLName.Local != "FileZilla3" {
		return nil, fmt.Errorf("read FileZilla sites: this is not a FileZilla site file (it starts with <%s>, not <FileZilla3>)", root.XMLName.Local)
	}
	servers := root.child("Servers")
	if servers == nil {
		return nil, fmt.Errorf("read FileZilla sites: the file has no <Servers>; export the sites from FileZilla's Site Manager, or use its sitemanager.xml")
	}
	imp := &Import{}
	var tlsIfAvailable []string
	var walk func(n *fzNode, path []string)
	walk = func(n *fzNode, path []string) {
		for i := range n.Nodes {
			c := &n.Nodes[i]
			switch c.XMLName.Local {
			case "Folder":
				name := strings.TrimSpace(c.Text)
				if name == "" {
					name = "Unnamed folder"
				}
				sub := append(append([]string(nil), path...), name)
				imp.Folders = append(imp.Folders, sub)
				walk(c, sub)
			case "Server":
				if s, ok := imp.server(c, path); ok && s.protocol == fzFTP {
					tlsIfAvailable = append(tlsIfAvailable, s.label)
				}
			}
		}
	}
	walk(servers, nil)
	if len(tlsIfAvailable) > 0 {
		imp.addNote(problem("import_tls_if_available", map[string]string{"Count": strconv.Itoa(len(tlsIfAvailable)),
			"Sites": strings.Join(tlsIfAvailable, ", ")},
			"%s used FileZilla's “Use explicit FTP over TLS if available”. "+
				"Portside never falls back to plain FTP on its own, so these now require explicit TLS; "+
				"if one of these servers has no TLS, set its encryption to plain FTP: %s.",
			count(len(tlsIfAvailable), "site", "sites"), strings.Join(tlsIfAvailable, ", ")))
	}
	if imp.Readable > 0 {
		imp.addNote(problem("import_readable", map[string]string{"Count": strconv.Itoa(imp.Readable)},
			"FileZilla's file still holds %s in readable form "+
				"(base64 is not encryption). Portside keeps its copies only in the keychain; "+
				"delete the FileZilla file, or protect it with a master password in FileZilla's settings.",
			count(imp.Readable, "password", "passwords")))
	}
	return imp, nil
}

type parsedServer struct {
	label    string
	protocol int
}

// server translates one <Server>; ok is false when it was skipped.
func (imp *Import) server(n *fzNode, path []string) (parsedServer, bool) {
	name := n.text("Name")
	if name == "" {
		name = strings.TrimSpace(n.Text) // FileZilla before 3.x kept the name as the element's text
	}
	if name == "" {
		name = n.text("Host")
	}
	label := strings.Join(append(append([]string(nil), path...), name), "/")
	skip := func(p *Problem) (parsedServer, bool) {
		imp.Skipped = append(imp.Skipped, Skipped{Path: path, Name: name, Reason: p.Text, Why: p})
		return parsedServer{}, false
	}
	note := func(code, value, format string, args ...any) {
		p := problem(code, map[string]string{"Site": label, "Value": value}, format, args...)
		p.Text = label + ": " + p.Text
		imp.addNote(p)
	}

	password, readable, protected := n.password()
	if readable && password != "" {
		imp.Readable++ // skipped sites' passwords are in the file all the same
	}

	site := NewSite(name)
	proto := n.int("Protocol", fzFTP)
	switch proto {
	case fzFTP, fzFTPES:
		site.Protocol = FTPSExplicit
	case fzFTPS:
		site.Protocol = FTPSImplicit
	case fzInsecureFTP:
		site.Protocol = FTP
	case fzSFTP:
		site.Protocol = SFTP
	default:
		return skip(problem("import_protocol", map[string]string{"Value": strconv.Itoa(proto)}, "it uses FileZilla protocol %d, which is neither FTP nor SFTP", proto))
	}
	site.Host = n.text("Host")
	if port := n.int("Port", 0); port > 0 && port <= 65535 {
		site.Port = port
	}
	if t := n.int("Type", 0); t != 0 {
		note("import_server_type", strconv.Itoa(t), "FileZilla's server type (%d) is not carried over; Portside reads the listing formats it knows by itself", t)
	}

	site.User = n.text("User")
	switch lt := n.int("Logontype", -1); lt {
	case 0:
		site.Logon = Anonymous
	case 1, 4:
		site.Logon = Normal
		if lt == 4 {
			note("import_account", "", "the account (FileZilla's “Account” logon) is not sent; Portside logs in with user and password only")
		}
	case 2, 3:
		site.Logon = AskPassword
	case 5:
		site.Logon = KeyFile
		site.KeyFile = n.text("Keyfile")
	case -1: // very old files: no logon type
		site.Logon = Normal
		if site.User == "" || strings.EqualFold(site.User, "anonymous") {
			site.Logon = Anonymous
		}
	default:
		return skip(problem("import_logon", map[string]string{"Value": strconv.Itoa(lt)}, "it uses FileZilla logon type %d, which Portside does not know", lt))
	}
	if site.Logon == Normal && protected {
		site.Logon = AskPassword
		note("import_master_password", "", "the password is protected by FileZilla's master password, which Portside cannot open; Portside will ask for it")
	}

	switch mode := n.text("PasvMode"); mode {
	case "", "MODE_DEFAULT":
		site.DataMode = transport.ModeAuto
	case "MODE_PASSIVE":
		site.DataMode = transport.ModePassive
	case "MODE_ACTIVE":
		site.DataMode = transport.ModeActive
	default:
		note("import_mode", strconv.Quote(mode), "the transfer mode %q is unknown; Portside finds one that works (Default)", mode)
	}

	switch enc := n.text("EncodingType"); enc {
	case "", "Auto":
		site.Charset = CharsetAuto
	case "UTF-8":
		site.Charset = CharsetUTF8
	case "Custom":
		custom := n.text("CustomEncoding")
		if CharsetProblem(custom) != nil {
			note("import_charset", strconv.Quote(custom), "the charset %q is unknown to Portside; it uses UTF-8 until you choose another in the Charset tab", custom)
		} else {
			site.Charset = custom
		}
	default:
		note("import_encoding", strconv.Quote(enc), "the encoding %q is unknown; Portside uses UTF-8", enc)
	}

	if m := n.int("MaximumMultipleConnections", 0); m > 0 {
		site.MaxConnections = min(m, MaxConnections)
	}
	if local := n.text("LocalDir"); local != "" {
		if filepath.IsAbs(local) {
			site.LocalDir = local
		} else {
			note("import_localdir", strconv.Quote(local), "the default local folder %q is not a folder on this computer, so it was left empty", local)
		}
	}
	if remote := n.text("RemoteDir"); remote != "" {
		if p, ok := fzServerPath(remote); ok {
			site.RemoteDir = p
		} else {
			note("import_remotedir", strconv.Quote(remote), "the default remote folder %q could not be read, so it was left empty", remote)
		}
	}
	site.Comments = n.text("Comments")
	site.Bookmarks = fzBookmarks(n, note) // bookmarks.go

	site = site.normalized()
	if err := site.Validate(); err != nil {
		imp.Skipped = append(imp.Skipped, Skipped{Path: path, Name: name, Reason: strings.ReplaceAll(err.Error(), "\n", " "), Invalid: err})
		return parsedServer{}, false
	}
	is := ImportedSite{Path: path, Site: site}
	if site.Logon == Normal {
		is.Password = password
	}
	imp.Sites = append(imp.Sites, is)
	return parsedServer{label: label, protocol: proto}, true
}

// fzNode is any element of the file, with its text: FileZilla writes a
// folder's name as text beside its children.
type fzNode struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
	Nodes   []fzNode   `xml:",any"`
}

func (n *fzNode) child(name string) *fzNode {
	for i := range n.Nodes {
		if n.Nodes[i].XMLName.Local == name {
			return &n.Nodes[i]
		}
	}
	return nil
}

func (n *fzNode) text(name string) string {
	if c := n.child(name); c != nil {
		return strings.TrimSpace(c.Text)
	}
	return ""
}

func (n *fzNode) int(name string, def int) int {
	v, err := strconv.Atoi(n.text(name))
	if err != nil {
		return def
	}
	return v
}

func (n *fzNode) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// password reads <Pass>: base64 since FileZilla 3.26, plain text before,
// or encrypted with a master password ("crypt"), which stays closed.
func (n *fzNode) password() (password string, readable, protected bool) {
	c := n.child("Pass")
	if c == nil {
		return "", false, false
	}
	switch c.attr("encoding") {
	case "base64":
		b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(c.Text))
		if err != nil {
			return "", false, false
		}
		return string(b), true, false
	case "crypt":
		return "", false, true
	}
	return c.Text, true, false
}

// fzServerPath reads FileZilla's "safe path" form of a remote folder:
// "<server type> <prefix length>[ <prefix>]" and then " <length> <name>"
// for each folder, lengths in characters, so that names may hold spaces.
// "1 0 4 home 3 ann" is /home/ann. A plain path is taken as it is.
func fzServerPath(s string) (string, bool) {
	if strings.HasPrefix(s, "/") {
		return s, true
	}
	typ, rest, ok := fzNumber(s)
	if !ok {
		return "", false
	}
	plen, rest, ok := fzNumber(rest)
	if !ok || plen != 0 {
		return "", false // prefixes are VMS and MVS syntax, which Portside does not write
	}
	var segs []string
	for rest != "" {
		var n int
		if n, rest, ok = fzNumber(rest); !ok || utf8.RuneCountInString(rest) < n {
			return "", false
		}
		i := 0
		for j := 0; j < n; j++ {
			_, size := utf8.DecodeRuneInString(rest[i:])
			i += size
		}
		segs = append(segs, rest[:i])
		rest = strings.TrimPrefix(rest[i:], " ")
	}
	switch typ {
	case 0, 1, 5, 8, 9: // default, Unix, VxWorks, virtual DOS, Cygwin: slash paths from the root
		return "/" + strings.Join(segs, "/"), true
	case 3, 10: // DOS: the first segment is the drive, "C:"
		if len(segs) == 0 {
			return "", false
		}
		p := strings.Join(segs, "/")
		if len(segs) == 1 {
			p += "/" // "C:" alone is the drive's current folder; its root is "C:/"
		}
		return p, true
	}
	return "", false
}

// fzNumber reads "<digits>" up to a space or the end.
func fzNumber(s string) (int, string, bool) {
	head, rest, _ := strings.Cut(s, " ")
	n, err := strconv.Atoi(head)
	return n, rest, err == nil && n >= 0
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func (imp *Import) addNote(p *Problem) {
	imp.Notes = append(imp.Notes, p.Text)
	imp.NoteProblems = append(imp.NoteProblems, p)
}
