package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/term"

	"portside/i18n"
	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/sftp"
	"portside/transfer/sites"
	"portside/transfer/transport"
)

// userKnownHosts are OpenSSH's known_hosts files, honoured read-only.
// Tests point it elsewhere.
var userKnownHosts = sftp.DefaultUserFiles

// endpoint is a remote side as the commands use it, whatever its
// protocol: how to dial it, its name for manifests, and the path given.
type endpoint struct {
	dial func(context.Context) (transfer.FS, error)
	name string
	path string
}

// remote reads a command's remote argument: an SFTP URL or saved SFTP
// site here, anything else through siteConfig (FTP). Nothing after this
// point knows which protocol it has.
func remote(e *env, target string) (endpoint, error) {
	if ep, ok, err := sftpEndpoint(e, e.flags.site, target); ok || err != nil {
		return ep, err
	}
	cfg, p, err := siteConfig(e, target)
	if err != nil {
		return endpoint{}, err
	}
	return endpoint{dial: learningDial(e, cfg), name: fmt.Sprintf("%s@%s", cfg.User, cfg.Addr()), path: p}, nil
}

// sftpEndpoint is the SFTP site that ref (a saved site's name or ID, or
// "") or else target (a URL) names; ok is false when it is not SFTP.
func sftpEndpoint(e *env, ref, target string) (ep endpoint, ok bool, err error) {
	cfg, ep, ok, err := sftpSite(e, ref, target)
	if !ok || err != nil {
		return endpoint{}, ok, err
	}
	ep.dial = func(ctx context.Context) (transfer.FS, error) {
		s, err := sftp.Connect(ctx, cfg)
		if errors.Is(err, sftp.ErrHostKeyRejected) {
			english := fmt.Errorf("%w; if the fingerprint is the server's (ask its administrator), pass it with --fingerprint or connect once from a terminal to be asked", err)
			if k := e.rejected.Load(); k != nil && e.words.Lang() != i18n.English {
				return nil, wordedError{english, hostKeyText(e.words, k)}
			}
			return nil, english
		}
		if err != nil {
			return nil, err // not a typed nil
		}
		return s, nil
	}
	return ep, true, nil
}

// sftpSite is the session configuration of the SFTP site that ref or
// target names, with the command line's host keys and passphrase
// questions; ep has its name and path (no dial).
func sftpSite(e *env, ref, target string) (cfg sftp.Config, ep endpoint, ok bool, err error) {
	if e.flags.demo {
		return cfg, endpoint{}, false, nil
	}
	switch {
	case ref != "":
		store, err := openSites(e)
		if err != nil {
			return cfg, endpoint{}, false, nil // the FTP path reports it
		}
		site, err := findSite(e.words, store, ref)
		if err != nil || site.Protocol != sites.SFTP {
			return cfg, endpoint{}, false, nil
		}
		if cfg, err = savedSFTPConfig(e, store, site); err != nil {
			return cfg, endpoint{}, true, err
		}
		ep.name, ep.path = "site:"+site.ID, sitePath(site, target)
	case sftp.IsURL(target):
		if cfg, ep.path, err = sftp.ParseURL(target); err != nil {
			return cfg, endpoint{}, true, e.usageErr(e.errText(err))
		}
		if cfg.Password != "" {
			return cfg, endpoint{}, true, e.usageErr(e.words.T("cli.password_in_url", nil))
		}
		if err := urlSFTPLogin(e, &cfg); err != nil {
			return cfg, endpoint{}, true, err
		}
		ep.name = cfg.User + "@" + cfg.Addr()
	default:
		return cfg, endpoint{}, false, nil
	}
	if e.flags.timeout < 0 {
		return cfg, endpoint{}, true, e.usageErr(e.words.T("cli.timeout", map[string]any{"Timeout": e.flags.timeout.String()}))
	}
	if e.flags.timeout > 0 {
		cfg.IdleTimeout = e.flags.timeout
	}
	if cfg.HostKeys, err = cliHostKeys(e); err != nil {
		return cfg, endpoint{}, true, err
	}
	ask := sftp.OncePassphrase(func(file string) (string, error) { return passphrase(e, file) })
	if kept := cfg.Passphrase; kept != nil {
		// A saved Key file site's passphrase from the keychain first.
		cfg.Passphrase = func(file string) (string, error) {
			if p, err := kept(file); err == nil && sftp.PassphraseOpens(file, p) {
				return p, nil
			}
			return ask(file)
		}
	} else {
		cfg.Passphrase = ask
	}
	return cfg, ep, true, nil
}

// urlSFTPLogin picks the logins an sftp:// URL tries: --key, the agent
// (SSH_AUTH_SOCK), and a password from PORTSIDE_PASSWORD, or asked for
// when there is neither key nor agent.
func urlSFTPLogin(e *env, cfg *sftp.Config) error {
	if e.flags.key != "" {
		cfg.KeyFiles = []string{e.flags.key}
	}
	cfg.AgentSocket = e.getenv("SSH_AUTH_SOCK")
	cfg.Agent = cfg.AgentSocket != ""
	if p := e.getenv("PORTSIDE_PASSWORD"); p != "" || (len(cfg.KeyFiles) == 0 && !cfg.Agent) {
		var err error
		cfg.Password, err = password(e, ftp.Config{Config: transport.Config{Host: cfg.Host}, User: cfg.User})
		return err
	}
	return nil
}

// savedSFTPConfig is a saved SFTP site's login, its secrets as for FTP
// sites: the keychain, else PORTSIDE_PASSWORD or the prompt.
func savedSFTPConfig(e *env, store *sites.Store, site sites.Site) (sftp.Config, error) {
	var pw string
	var err error
	ask := ftp.Config{Config: transport.Config{Host: site.Host}, User: site.User}
	switch site.Logon {
	case sites.Normal:
		pw, err = store.Password(site.ID)
		if errors.Is(err, sites.ErrNoPassword) || sites.IsNoKeychain(err) {
			pw, err = password(e, ask)
		}
	case sites.AskPassword:
		pw, err = password(e, ask)
	}
	if err != nil {
		return sftp.Config{}, err
	}
	cfg := site.SFTPConfig(pw)
	if site.Logon == sites.KeyFile {
		cfg.Passphrase = func(string) (string, error) { return store.KeyPassphrase(site.ID) }
	}
	if e.flags.key != "" {
		cfg.KeyFiles = []string{e.flags.key}
	}
	cfg.AgentSocket = e.getenv("SSH_AUTH_SOCK")
	cfg.Agent = cfg.AgentSocket != ""
	return cfg, nil
}

// cliHostKeys checks host keys against Portside's known_hosts (beside
// sites.json) and OpenSSH's. An unknown key is accepted only when it is the
// one --fingerprint names, or when the user at a terminal says so.
func cliHostKeys(e *env) (*sftp.HostKeys, error) {
	dir, err := sitesDir()
	if err != nil {
		return nil, err
	}
	hk := &sftp.HostKeys{File: filepath.Join(dir, "known_hosts"), UserFiles: userKnownHosts()}
	switch f, isFile := e.stdin.(*os.File); {
	case e.flags.fingerprint != "":
		want := strings.TrimPrefix(strings.TrimSpace(e.flags.fingerprint), "SHA256:")
		hk.Ask = func(k sftp.HostKey) (sftp.Decision, error) {
			if strings.TrimPrefix(k.Fingerprint, "SHA256:") == want {
				return sftp.TrustOnce, nil
			}
			e.rejected.Store(&rejectedKey{HostKey: k, notPinned: true})
			return sftp.Reject, fmt.Errorf("it is %s %s, not the one given with --fingerprint", k.Type, k.Fingerprint)
		}
	case isFile && term.IsTerminal(int(f.Fd())):
		hk.Ask = func(k sftp.HostKey) (sftp.Decision, error) {
			fmt.Fprint(e.stderr, e.words.T("cli.hostkey", map[string]any{"Host": k.Host, "Type": k.Type, "Fingerprint": k.Fingerprint}))
			line, _ := bufio.NewReader(f).ReadString('\n')
			switch strings.ToLower(strings.TrimSpace(line)) {
			case "o", "once":
				return sftp.TrustOnce, nil
			case "a", "always":
				return sftp.TrustAlways, nil
			}
			e.rejected.Store(&rejectedKey{HostKey: k})
			return sftp.Reject, nil
		}
	default:
		// No one to ask: refused as without Ask, the key kept for the
		// worded error.
		hk.Ask = func(k sftp.HostKey) (sftp.Decision, error) {
			e.rejected.Store(&rejectedKey{HostKey: k})
			return sftp.Reject, nil
		}
	}
	return hk, nil
}

// passphrase is a key's passphrase: PORTSIDE_PASSPHRASE, or a prompt on a
// terminal. It is asked once per key for all the run's connections.
func passphrase(e *env, file string) (string, error) {
	if p := e.getenv("PORTSIDE_PASSPHRASE"); p != "" {
		return p, nil
	}
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(e.stderr, e.words.T("cli.passphrase", map[string]any{"File": file}))
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		return string(b), err
	}
	return "", e.failErr(nil, e.words.T("cli.no_passphrase", map[string]any{"File": file}))
}

// savedRemoteDir is a saved site's remote folder, where its syncs start.
func savedRemoteDir(e *env, ref string) string {
	store, err := openSites(e)
	if err != nil {
		return ""
	}
	site, _ := findSite(e.words, store, ref)
	return site.RemoteDir
}
