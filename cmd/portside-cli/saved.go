package main

import (
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"

	"portside/i18n"
	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/sites"
)

// Where saved sites come from: the window's store (sites.json in the
// user's config folder, passwords in the system keychain). Tests replace
// both.
var (
	sitesDir                = sites.DefaultDir
	keychain sites.Keychain = sites.SystemKeychain{}
)

// openSites opens the saved sites; a damaged sites.json was moved aside by
// the store, which is said once and is no reason to stop.
func openSites(e *env) (*sites.Store, error) {
	dir, err := sitesDir()
	if err != nil {
		return nil, err
	}
	store, err := sites.Open(dir, keychain)
	var ce *sites.CorruptError
	if errors.As(err, &ce) {
		if e.words.Lang() == i18n.English {
			fmt.Fprintf(e.stderr, "portside-cli: warning: %v\n", err)
		} else {
			fmt.Fprintln(e.stderr, "portside-cli: "+e.words.T("cli.sites.corrupt", map[string]any{"Path": ce.Path, "Backup": ce.Backup,
				"Err": transfer.Escape(ce.Err.Error())}))
		}
		err = nil
	}
	return store, err
}

// findSite is the saved site with this ID, or else this name (any case);
// a name that two sites share in different folders must be given as ID.
func findSite(words *i18n.Localizer, store *sites.Store, ref string) (sites.Site, error) {
	if s, ok := store.Site(ref); ok {
		return s, nil
	}
	var found []sites.Site
	for _, s := range store.Sites() {
		if strings.EqualFold(s.Name, ref) {
			found = append(found, s)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return sites.Site{}, wordedError{errUsage, words.T("cli.usage_error", map[string]any{"Text": words.T("cli.site.none", map[string]any{"Name": strconv.Quote(ref)})})}
	}
	ids := make([]string, len(found))
	for i, s := range found {
		ids[i] = s.ID
	}
	return sites.Site{}, wordedError{errUsage, words.T("cli.usage_error", map[string]any{"Text": words.TN("cli.site.several", len(found), map[string]any{"Name": strconv.Quote(ref), "IDs": strings.Join(ids, ", ")})})}
}

// savedSiteConfig is the connection of a saved site: its settings, its
// password from the keychain (without a keychain, or for "Ask for
// password" sites: PORTSIDE_PASSWORD or the prompt) and its pinned
// certificate. Flags given on the command line override the profile.
func savedSiteConfig(e *env, ref string) (ftp.Config, sites.Site, error) {
	store, err := openSites(e)
	if err != nil {
		return ftp.Config{}, sites.Site{}, err
	}
	site, err := findSite(e.words, store, ref)
	if err != nil {
		return ftp.Config{}, site, err
	}
	cfg := site.FTPConfig("")
	// What the run's sessions find out about the server goes to the
	// profile, and what the profile knows saves them the finding
	// (sites/learned.go): a server that drops pipelined commands is not
	// probed again, one that lied about SIZE stays checked.
	cfg.Pipelining = site.Pipelining()
	cfg.Learned = func(f ftp.Finding) {
		if err := store.Learn(site.ID, f); err != nil && e.flags.verbose {
			fmt.Fprintf(e.stderr, "portside-cli: remember that %s: %v\n", f, err)
		}
	}
	switch site.Logon {
	case sites.Anonymous:
	case sites.Normal:
		cfg.Password, err = store.Password(site.ID)
		if errors.Is(err, sites.ErrNoPassword) || sites.IsNoKeychain(err) {
			if e.flags.verbose || sites.IsNoKeychain(err) {
				fmt.Fprintf(e.stderr, "portside-cli: %s\n", keychainText(e.words, err, site.Name))
			}
			cfg.Password, err = password(e, cfg)
		}
	default:
		cfg.Password, err = password(e, cfg)
	}
	if err != nil {
		return cfg, site, err
	}
	// Certificates the site was told to trust always; the command line
	// asks nobody, so any other is refused (--fingerprint accepts one).
	cfg.TrustCertificate = store.Pins.Hook(site.ID, nil)
	if err := e.flags.apply(&cfg, true); err != nil {
		return cfg, site, e.usageErr(err.Error())
	}
	e.flags.plainRule(e, &cfg, false)
	e.flags.logTo(e, &cfg)
	if err := savedProxy(e, store, site, &cfg); err != nil {
		return cfg, site, err
	}
	return cfg, site, nil
}

// sitePath is a path on a saved site: a relative one starts in the site's
// remote folder, as the window opens it.
func sitePath(site sites.Site, p string) string {
	if p == "" || strings.HasPrefix(p, "/") || site.RemoteDir == "" {
		return p
	}
	return path.Join(site.RemoteDir, p)
}

// keychainText words why a saved site's password is not at hand: none
// saved, or no keychain (its reason as the keychain package gives it).
func keychainText(w *i18n.Localizer, err error, site string) string {
	var nk *sites.NoKeychainError
	switch {
	case w.Lang() == i18n.English:
		return err.Error()
	case errors.As(err, &nk):
		return w.T("cli.sites.no_keychain", map[string]any{"Reason": keychainReason(w, nk)})
	case errors.Is(err, sites.ErrNoPassword):
		return w.T("cli.sites.no_password", map[string]any{"Site": site})
	}
	return err.Error()
}

// keychainReason words why no keychain can be reached, by its code; a
// reason without one is shown as the keychain package words it.
func keychainReason(w *i18n.Localizer, nk *sites.NoKeychainError) string {
	switch nk.Code {
	case "timeout":
		return w.T("cli.keychain.timeout", map[string]any{"Wait": nk.Wait.String()})
	case "no_dbus":
		return w.T("cli.keychain.no_dbus", nil)
	case "dbus_unreachable":
		return w.T("cli.keychain.dbus_unreachable", nil)
	case "no_secret_service":
		return w.T("cli.keychain.no_secret_service", nil)
	case "no_keyring":
		return w.T("cli.keychain.no_keyring", nil)
	case "locked":
		return w.T("cli.keychain.locked", nil)
	}
	return transfer.Escape(nk.Reason)
}
