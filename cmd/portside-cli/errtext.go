package main

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"syscall"

	"portside/i18n"
	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/sftp"
	syncplan "portside/transfer/sync"
	"portside/transfer/transport"
)

// The errors that carry no step's facts — this computer's own files, a
// certificate or host key nobody vouches for, a server's refusal of an
// operation, a URL or sync options that cannot be used — are worded here
// by what they are (errors.Is and errors.As on the system's, crypto/x509's
// and the engine's types and codes), never by their English text. Scripts
// match the English, so English keeps each error's own sentence; another
// language gets the catalogue's, with the system's own words for a file
// error and the server's reply kept as they were said.

// errNotPinned is pinned's refusal of a certificate that is not the one
// --fingerprint named.
var errNotPinned = errors.New("it is not the one given with --fingerprint")

// tryTLSError is an ftp:// URL's refused certificate (the URL did not ask
// for TLS): its text says how to go on.
type tryTLSError struct{ *transport.UntrustedError }

func (e tryTLSError) Error() string {
	return e.UntrustedError.Error() + " (ftp:// tries TLS first: --fingerprint trusts this certificate, --tls none skips TLS)"
}

func (e tryTLSError) Unwrap() error { return e.UntrustedError }

// errorText words err for a person in the localiser's language; the
// order matters where one error holds another (a TLS step's cause is the
// refused certificate, an operation's a failed step).
func errorText(w *i18n.Localizer, err error) string {
	if w.Lang() == i18n.English {
		return err.Error()
	}
	if we, ok := err.(wordedError); ok {
		return we.text // worded already, whatever it wraps
	}
	var changed *sftp.HostKeyChangedError
	if errors.As(err, &changed) {
		var known []string
		for _, k := range changed.Known {
			known = append(known, k.Type+" "+k.Fingerprint)
		}
		return w.T("cli.hostkey.changed", map[string]any{"Host": changed.Host, "Known": strings.Join(known, ", "),
			"File": changed.File, "Line": changed.Line, "Type": changed.Presented.Type, "Fingerprint": changed.Presented.Fingerprint})
	}
	if s, ok := optionsText(w, err); ok {
		return s
	}
	var noMethod *ftp.NoMethodError
	if errors.As(err, &noMethod) {
		return noMethodText(w, noMethod)
	}
	var problems *syncplan.ProblemsError
	if errors.As(err, &problems) {
		return problemsText(w, problems)
	}
	var urlErr *transfer.URLError
	if errors.As(err, &urlErr) {
		return urlText(w, urlErr)
	}
	var ue *transport.UntrustedError
	if errors.As(err, &ue) { // before the facts: a TLS step's cause is this
		return certText(w, err, ue)
	}
	if f, ok := transport.FactsOf(err); ok {
		return w.Facts(f)
	}
	var op *transfer.OpError
	if errors.As(err, &op) && op.Op == "sync_local" {
		return w.T("cli.sync.no_local_folder", map[string]any{"Path": transfer.Escape(op.Path)})
	}
	if errors.As(err, &op) && op.Op == "sync_remote" {
		return w.T("cli.sync.no_remote_folder", map[string]any{"Path": transfer.Escape(op.Path)})
	}
	if errors.As(err, &op) {
		return w.T("cli.remote.failed", map[string]any{"Op": opWords(w, op.Op, op.Verb), "Path": transfer.Escape(op.Path), "Why": remoteWhy(w, op.Err)})
	}
	if s, ok := localText(w, err); ok {
		return s
	}
	return otherText(w, err)
}

// certText words a refused certificate: whose, who issued it, its
// fingerprint, and why it is not trusted; for an ftp:// URL how to go on.
func certText(w *i18n.Localizer, err error, ue *transport.UntrustedError) string {
	c := ue.Chain[0]
	d := map[string]any{"Subject": transfer.Escape(c.Subject.CommonName), "Issuer": transfer.Escape(c.Issuer.CommonName), "Fingerprint": transport.Fingerprint(c),
		"Why": certWhy(w, ue.Err, c)}
	s := w.T("cli.cert.untrusted", d)
	var try tryTLSError
	if errors.As(err, &try) {
		s += w.T("cli.cert.try_tls", nil)
	}
	return s
}

// certWhy words crypto/x509's reason (and pinned's) by its type.
func certWhy(w *i18n.Localizer, err error, c *x509.Certificate) string {
	var unknown x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	var host x509.HostnameError
	var parts []string
	switch {
	case errors.As(err, &unknown):
		parts = append(parts, w.T("cli.cert.unknown_authority", nil))
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		parts = append(parts, w.T("cli.cert.expired", map[string]any{
			"From": c.NotBefore.Local().Format("2006-01-02"), "Until": c.NotAfter.Local().Format("2006-01-02")}))
	case errors.As(err, &host):
		names := strings.Join(host.Certificate.DNSNames, ", ")
		if names == "" {
			names = host.Certificate.Subject.CommonName
		}
		parts = append(parts, w.T("cli.cert.name_mismatch", map[string]any{"Host": host.Host, "Names": names}))
	case err != nil && !errors.Is(err, errNotPinned):
		parts = append(parts, w.T("cli.cert.other", map[string]any{"Err": transfer.Escape(err.Error())}))
	}
	if errors.Is(err, errNotPinned) {
		parts = append(parts, w.T("cli.cert.not_pinned", nil))
	}
	return strings.Join(parts, w.T("cli.list_sep", nil))
}

// localText words an error of this computer's files — no permission, a
// full disk, a name that is not there — with its path, and the system's
// own words after it.
func localText(w *i18n.Localizer, err error) (string, bool) {
	var p string
	var cause error
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		p, cause = pe.Path, pe.Err
	case errors.As(err, &le):
		p, cause = le.New, le.Err
	default:
		return "", false
	}
	d := map[string]any{"Path": transfer.Escape(p), "System": transfer.Escape(cause.Error())}
	switch {
	case errors.Is(err, fs.ErrPermission), errors.Is(err, transfer.ErrPermission): // local.FS's sentinels too
		return w.T("cli.local.permission", d), true
	case noSpace(err):
		return w.T("cli.local.no_space", d), true
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, transfer.ErrNotFound):
		return w.T("cli.local.not_found", d), true
	case errors.Is(err, fs.ErrExist):
		return w.T("cli.local.exists", d), true
	case errors.Is(err, syscall.ENOTDIR):
		return w.T("cli.local.not_dir", d), true
	case errors.Is(err, syscall.EISDIR):
		return w.T("cli.local.is_dir", d), true
	}
	return w.T("cli.local.other", d), true
}

// rejectedKey is an SFTP host key the command line refused: nobody to
// ask, the user said no, or not the --fingerprint one.
type rejectedKey struct {
	sftp.HostKey
	notPinned bool
}

// hostKeyText words a refused host key and how to go on.
func hostKeyText(w *i18n.Localizer, k *rejectedKey) string {
	d := map[string]any{"Host": k.Host, "Type": k.Type, "Fingerprint": k.Fingerprint}
	if k.notPinned {
		return w.T("cli.hostkey.not_pinned", d)
	}
	return w.T("cli.hostkey.rejected", d)
}

// urlText words a URL that cannot be used, by its code; the URL is shown
// only when the engine gave it (its password replaced).
func urlText(w *i18n.Localizer, e *transfer.URLError) string {
	d := map[string]any{"Detail": transfer.Escape(e.Detail)}
	var why string
	switch e.Code {
	case "syntax":
		switch e.Syntax {
		case "escape":
			why = w.T("cli.url.syntax_escape", nil)
		case "host_char":
			why = w.T("cli.url.syntax_host_char", map[string]any{"Char": strconv.Quote(transfer.Escape(e.Detail))})
		default:
			why = w.T("cli.url.syntax", d)
		}
	case "scheme":
		why = w.T("cli.url.scheme", d)
	case "scheme_sftp":
		why = w.T("cli.url.scheme_sftp", d)
	case "no_host":
		why = w.T("cli.url.no_host", d)
	case "host_colon":
		why = w.T("cli.url.host_colon", d)
	case "port":
		why = w.T("cli.url.port", d)
	case "no_user":
		why = w.T("cli.url.no_user", d)
	default:
		return e.Error()
	}
	if e.URL == "" {
		return w.T("cli.url.bad", map[string]any{"Why": why})
	}
	return w.T("cli.url.bad_shown", map[string]any{"URL": strconv.Quote(transfer.Escape(e.URL)), "Why": why})
}

// opWords names a server operation (transfer.OpError.Op).
func opWords(w *i18n.Localizer, op, verb string) string { return w.Op(op, verb) }

// remoteWhy words why the server did not do it: the kind of its refusal
// and its reply as it sent it, quoted and escaped; an SFTP server's
// status by its code, its message as the reply. A network's error inside
// (the connection dropped) is worded as any error.
func remoteWhy(w *i18n.Localizer, err error) string {
	if errors.Is(err, context.Canceled) {
		return w.T("cli.remote.cancelled", nil)
	}
	kind := transfer.KindOf(err)
	var re *transfer.ReplyError
	if errors.As(err, &re) {
		return w.Refusal(kind, fmt.Sprintf("%d %s", re.Code, re.Msg))
	}
	if code, msg, ok := sftp.Status(err); ok {
		return w.Refusal(kind, "") + w.T("cli.remote.sftp_status", map[string]any{"Status": sftpStatus(w, code)}) +
			w.T("cli.remote.reply", map[string]any{"Reply": strconv.Quote(transfer.Escape(msg))})
	}
	if kind == "" {
		return errorText(w, err)
	}
	return w.Kind(kind)
}

// sftpStatus words an SFTP status code (SSH_FX_*, RFC draft-ietf-secsh-
// filexfer-02 as OpenSSH speaks it), the rest by number.
func sftpStatus(w *i18n.Localizer, code uint32) string {
	switch code {
	case 2:
		return w.T("cli.sftp.no_such_file", nil)
	case 3:
		return w.T("cli.sftp.permission_denied", nil)
	case 4:
		return w.T("cli.sftp.failure", nil)
	case 8:
		return w.T("cli.sftp.op_unsupported", nil)
	}
	return w.T("cli.sftp.other", map[string]any{"Code": code})
}

// optionsText words sync's refusals of its options (syncplan.Validate's
// *OptionError, joined), each by its code.
func optionsText(w *i18n.Localizer, err error) (string, bool) {
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	var out []string
	for _, e := range errs {
		oe, ok := e.(*syncplan.OptionError)
		if !ok {
			return "", false
		}
		d := map[string]any{"Detail": strconv.Quote(transfer.Escape(oe.Detail))}
		switch oe.Code {
		case "direction":
			out = append(out, w.T("cli.sync.opt.direction", d))
		case "compare":
			out = append(out, w.T("cli.sync.opt.compare", d))
		case "only_newer_always":
			out = append(out, w.T("cli.sync.opt.only_newer_always", d))
		case "tolerance":
			out = append(out, w.T("cli.sync.opt.tolerance", d))
		case "depth":
			out = append(out, w.T("cli.sync.opt.depth", d))
		case "parallel":
			out = append(out, w.T("cli.sync.opt.parallel", d))
		case "pattern":
			out = append(out, w.T("cli.sync.opt.pattern", d))
		default:
			out = append(out, oe.Error())
		}
	}
	return strings.Join(out, w.T("cli.list_sep", nil)), len(out) > 0
}
