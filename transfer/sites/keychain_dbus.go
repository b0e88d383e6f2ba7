//go:build (dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd

package sites

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	dbus "github.com/godbus/dbus/v5"
)

// keychainProblem finds out, before go-keyring is asked, whether a Secret
// Service can be reached. Without a session bus address, godbus would run
// dbus-launch and start a bus of its own: a stray daemon left behind, and
// a keyring daemon activated on it that has no keyring to open.
func keychainProblem() error {
	if !haveSessionBus() {
		return &NoKeychainError{Code: "no_dbus", Reason: "this desktop has no D-Bus session, through which programs reach the keychain"}
	}
	if _, err := dbus.SessionBus(); err != nil {
		return &NoKeychainError{Code: "dbus_unreachable", Reason: "the desktop's D-Bus session cannot be reached", Err: err}
	}
	return nil
}

// haveSessionBus looks where godbus looks, short of launching a bus.
func haveSessionBus() bool {
	if a := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" && a != "autolaunch:" {
		return true
	}
	for _, name := range []string{"bus", "dbus-session"} {
		if _, err := os.Stat(fmt.Sprintf("/run/user/%d/%s", os.Getuid(), name)); err == nil {
			return true
		}
	}
	return false
}

// secretServiceProblem asks the bus whether a Secret Service runs, or can
// be started, without asking the service anything.
func secretServiceProblem() error {
	const name = "org.freedesktop.secrets"
	conn, err := dbus.SessionBus()
	if err != nil {
		return &NoKeychainError{Code: "dbus_unreachable", Reason: "the desktop's D-Bus session cannot be reached", Err: err}
	}
	var running bool
	if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, name).Store(&running); err != nil {
		return translateKeychainError(err)
	}
	if running {
		return nil
	}
	var startable []string
	if err := conn.BusObject().Call("org.freedesktop.DBus.ListActivatableNames", 0).Store(&startable); err != nil {
		return translateKeychainError(err)
	}
	if slices.Contains(startable, name) {
		return nil
	}
	return &NoKeychainError{Code: "no_secret_service", Reason: noSecretService}
}

const keychainLocked = "the keychain is locked, and it was not unlocked (its unlock window could not be shown, or was closed)"

const noSecretService = "no program provides the Secret Service on this desktop (install and start GNOME Keyring or KWallet)"

// translateKeychainError turns the D-Bus errors that mean "there is no
// keychain here" into a NoKeychainError; others pass through.
func translateKeychainError(err error) error {
	if err == nil {
		return nil
	}
	name := ""
	var de dbus.Error
	var dep *dbus.Error
	switch {
	case errors.As(err, &de):
		name = de.Name
	case errors.As(err, &dep):
		name = dep.Name
	}
	switch name {
	case "org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner",
		"org.freedesktop.DBus.Error.Spawn.ExecFailed", "org.freedesktop.DBus.Error.Spawn.ChildExited":
		return &NoKeychainError{Code: "no_secret_service", Reason: noSecretService, Err: err}
	case "org.freedesktop.DBus.Error.UnknownObject", "org.freedesktop.Secret.Error.NoSuchObject":
		return &NoKeychainError{Code: "no_keyring", Reason: "the keychain has no default keyring to keep passwords in (create one in Passwords and Keys)", Err: err}
	case "org.freedesktop.Secret.Error.IsLocked":
		return &NoKeychainError{Code: "locked", Reason: keychainLocked, Err: err}
	}
	// go-keyring unlocks the collection first; when the unlock window
	// cannot be shown (no display, as when D-Bus autolaunch started
	// gnome-keyring) or the user closes it, it says only this, with the
	// collection's D-Bus path, which means nothing to a user: keep it out.
	if strings.Contains(err.Error(), "failed to unlock correct collection") {
		return &NoKeychainError{Code: "locked", Reason: keychainLocked}
	}
	return err
}
