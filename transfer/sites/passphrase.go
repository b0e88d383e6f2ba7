package sites

import "fmt"

// A "Key file" site (SFTP) has no password, so the keychain entry that a
// Normal site's password would use holds its key's passphrase, when the
// user chose to keep it there. Deleting the site, changing its logon type
// or its key file removes it (syncPassword).

// KeyPassphrase is the passphrase kept for a Key file site's key. An error
// wraps ErrNoPassword when none is kept, or is a *NoKeychainError.
func (s *Store) KeyPassphrase(id string) (string, error) {
	site, ok := s.Site(id)
	if !ok {
		return "", fmt.Errorf("no site with ID %s", id)
	}
	if site.Logon != KeyFile {
		return "", fmt.Errorf("the site %q does not log in with a key file", site.Name)
	}
	return s.keys.Get(id)
}

// KeepKeyPassphrase keeps a Key file site's passphrase in the keychain.
func (s *Store) KeepKeyPassphrase(id, passphrase string) error {
	site, ok := s.Site(id)
	if !ok {
		return fmt.Errorf("no site with ID %s", id)
	}
	if site.Logon != KeyFile {
		return fmt.Errorf("the site %q does not log in with a key file", site.Name)
	}
	return s.keys.Set(id, passphrase)
}

// staleSecret reports whether the keychain entry of old is no use to site:
// a password when site no longer logs in with one, a passphrase when the
// key file or the logon changed.
func staleSecret(old, site Site) bool {
	switch old.Logon {
	case Normal:
		return site.Logon != Normal
	case KeyFile:
		return site.Logon != KeyFile || site.KeyFile != old.KeyFile
	}
	return false
}
