package sites

import (
	"cmp"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/zalando/go-keyring"
)

// Service is the keychain service of every Portside entry; the account is
// the site's ID.
const Service = "portside"

// Keychain keeps one secret per account. The store uses SystemKeychain;
// tests use it too (against a real Secret Service), and a fake only where
// the keychain is beside the point.
type Keychain interface {
	// Get returns the secret, or an error that wraps ErrNoPassword when
	// the account has none.
	Get(account string) (string, error)
	Set(account, secret string) error
	// Delete removes the account's secret; nil when there is none.
	Delete(account string) error
}

// ErrNoPassword is an account without a secret in the keychain.
var ErrNoPassword = errors.New("no password is saved in the keychain")

// NoKeychainError says that no keychain can be reached, and why, in words
// for the user; the site can still use the "Ask for password" logon.
type NoKeychainError struct {
	Reason string // "there is no D-Bus session on this desktop"…
	Err    error  // the underlying failure, if any
	// Code is Reason for a front end to word: "timeout" (Wait: how long
	// it waited), "no_dbus", "dbus_unreachable", "no_secret_service",
	// "no_keyring", "locked"; "" when none applies.
	Code string
	Wait time.Duration
}

func (e *NoKeychainError) Error() string {
	s := "No keychain is available: " + e.Reason
	if e.Err != nil {
		s += fmt.Sprintf(" (%v)", e.Err)
	}
	return s + ". Portside keeps passwords only in the system keychain (on Linux, the Secret Service of " +
		"GNOME Keyring or KWallet), never in a file. Choose “Ask for password” as the logon type, " +
		"and Portside will ask for the password each time it connects."
}

func (e *NoKeychainError) Unwrap() error { return e.Err }

// PasswordNotSavedError is Store.Save's answer when the site was saved but
// its password could not go to the keychain (none, locked, refused, no
// answer): the profile is kept, without the password, and the user is
// offered the "Ask for password" logon. It unwraps to the
// *NoKeychainError, so IsNoKeychain holds.
type PasswordNotSavedError struct {
	Site string // the site's name
	Err  *NoKeychainError
}

func (e *PasswordNotSavedError) Error() string {
	return fmt.Sprintf("“%s” is saved, but not its password. %s", e.Site, e.Err.Error())
}

func (e *PasswordNotSavedError) Unwrap() error { return e.Err }

// IsNoKeychain reports whether err means that no keychain is available.
func IsNoKeychain(err error) bool {
	var nk *NoKeychainError
	return errors.As(err, &nk)
}

// SystemKeychain is the OS keychain through github.com/zalando/go-keyring:
// the Secret Service on Linux, the login keychain on macOS, the Credential
// Manager on Windows.
type SystemKeychain struct {
	// Timeout bounds each call; default 30 s. A locked keychain asks for
	// its own password in a window of its own, and the user may take a
	// while; a keychain that never answers must not hang a connect.
	Timeout time.Duration
}

var _ Keychain = SystemKeychain{}

func (k SystemKeychain) Get(account string) (string, error) {
	var secret string
	err := k.call(func() (err error) {
		secret, err = keyring.Get(Service, account)
		return err
	})
	if errors.Is(err, keyring.ErrNotFound) {
		return "", fmt.Errorf("read the password from the keychain: %w", ErrNoPassword)
	}
	if err != nil {
		// Never the account: it is a site ID, which means nothing to a user.
		return "", fmt.Errorf("read the password from the keychain: %w", err)
	}
	return secret, nil
}

func (k SystemKeychain) Set(account, secret string) error {
	if err := k.call(func() error { return keyring.Set(Service, account, secret) }); err != nil {
		return fmt.Errorf("save the password in the keychain: %w", err)
	}
	return nil
}

func (k SystemKeychain) Delete(account string) error {
	err := k.call(func() error { return keyring.Delete(Service, account) })
	if err != nil && !errors.Is(err, keyring.ErrNotFound) {
		return fmt.Errorf("remove a password from the keychain: %w", err)
	}
	return nil
}

// Available is nil when a keychain is there to keep passwords, without
// reading one: a locked keychain would ask for its own password, and
// opening the Site Manager is no reason for that.
func (k SystemKeychain) Available() error {
	if err := keychainProblem(); err != nil {
		return err
	}
	return secretServiceProblem()
}

// call runs f with the timeout, after making sure a keychain can be
// reached at all without starting one (see keychainProblem).
func (k SystemKeychain) call(f func() error) error {
	if err := keychainProblem(); err != nil {
		return err
	}
	timeout := k.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	done := make(chan error, 1)
	go func() { done <- f() }() // left to finish on its own after a timeout: go-keyring takes no context
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case err := <-done:
		return translateKeychainError(err)
	case <-t.C:
		return &NoKeychainError{Code: "timeout", Wait: timeout,
			Reason: fmt.Sprintf("the keychain did not answer within %v (is it waiting for its own password in another window?)", timeout)}
	}
}

// MemoryKeychain keeps secrets in memory only: for the demo, which must
// never touch the user's keychain, and for tests. Break and LockWrites make
// it fail the way a missing or a locked keychain does.
type MemoryKeychain struct {
	mu      sync.Mutex
	secrets map[string]string
	broken  error // every call fails: no keychain at all
	locked  error // Set and Delete fail: a locked keychain still reads
}

// NewMemoryKeychain returns an empty in-memory keychain.
func NewMemoryKeychain() *MemoryKeychain {
	return &MemoryKeychain{secrets: map[string]string{}}
}

func (k *MemoryKeychain) Get(account string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.broken != nil {
		return "", k.broken
	}
	s, ok := k.secrets[account]
	if !ok {
		return "", fmt.Errorf("read the password from the keychain: %w", ErrNoPassword)
	}
	return s, nil
}

func (k *MemoryKeychain) Set(account, secret string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if err := cmp.Or(k.broken, k.locked); err != nil {
		return err
	}
	k.secrets[account] = secret
	return nil
}

func (k *MemoryKeychain) Delete(account string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if err := cmp.Or(k.broken, k.locked); err != nil {
		return err
	}
	delete(k.secrets, account)
	return nil
}

// Secret peeks at an account's secret, whatever Break and LockWrites say.
func (k *MemoryKeychain) Secret(account string) (string, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	s, ok := k.secrets[account]
	return s, ok
}

// Len is how many secrets it holds.
func (k *MemoryKeychain) Len() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.secrets)
}

// Break makes every call fail with err; nil mends it.
func (k *MemoryKeychain) Break(err error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.broken = err
}

// LockWrites makes Set and Delete fail with err; nil mends it.
func (k *MemoryKeychain) LockWrites(err error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.locked = err
}
