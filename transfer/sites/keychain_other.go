//go:build !((dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd)

package sites

// On macOS and Windows the keychain is part of the system: there is no
// bus to find first, and go-keyring's errors are passed on as they are.
func keychainProblem() error { return nil }

func translateKeychainError(err error) error { return err }

func secretServiceProblem() error { return nil }
