package sites_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// childEnv names the test a child process was started to run.
const childEnv = "PORTSIDE_SITES_TEST_CHILD"

// godbus keeps one session bus connection per process, and the Secret
// Service must not be the developer's own: tests that need a D-Bus
// session (or its absence) run again in a child process, in a session
// set up for them. inChild reports whether this is that child; in the
// parent it runs the child, reports its verdict and returns false.

// withSecretService runs the calling test in a D-Bus session of its own
// with a real gnome-keyring Secret Service, unlocked with an empty
// password, and a keyring in a temporary folder.
func withSecretService(t *testing.T) bool {
	t.Helper()
	if os.Getenv(childEnv) == t.Name() {
		return true
	}
	for _, bin := range []string{"dbus-run-session", "gnome-keyring-daemon"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Skipf("%s is not installed, and this test needs a real Secret Service: "+
				"apt-get install gnome-keyring dbus libsecret-tools (scripts/deps.sh lists them)", bin)
		}
	}
	// --unlock reads the login keyring's password on stdin and creates
	// the keyring with it; echo gives it an empty one.
	script := `echo | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 97; exec "$@"`
	runChild(t, []string{"dbus-run-session", "--", "sh", "-c", script, "sh"}, nil)
	return false
}

// withLockedSecretService runs the calling test in a D-Bus session whose
// gnome-keyring holds a keyring it cannot unlock: one daemon creates it
// with a password, a second one replaces the first and starts with the
// keyring locked. With no display, its unlock window cannot be shown, as
// on a machine where D-Bus autolaunch started gnome-keyring.
func withLockedSecretService(t *testing.T) bool {
	t.Helper()
	if os.Getenv(childEnv) == t.Name() {
		return true
	}
	for _, bin := range []string{"dbus-run-session", "gnome-keyring-daemon"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Skipf("%s is not installed, and this test needs a real Secret Service: "+
				"apt-get install gnome-keyring dbus libsecret-tools (scripts/deps.sh lists them)", bin)
		}
	}
	script := `echo portside-keyring-pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || exit 97
gnome-keyring-daemon --replace --daemonize --components=secrets >/dev/null 2>&1 || exit 98
exec "$@"`
	runChild(t, []string{"dbus-run-session", "--", "sh", "-c", script, "sh"}, nil)
	return false
}

// withoutSecretService runs the calling test under wrap (nil: directly)
// with env added, for the cases where no keychain can be reached.
func withoutSecretService(t *testing.T, wrap []string, env ...string) bool {
	t.Helper()
	if os.Getenv(childEnv) == t.Name() {
		return true
	}
	if len(wrap) > 0 {
		if _, err := exec.LookPath(wrap[0]); err != nil {
			t.Skipf("%s is not installed: apt-get install dbus", wrap[0])
		}
	}
	runChild(t, wrap, env)
	return false
}

func runChild(t *testing.T, wrap []string, env []string) {
	t.Helper()
	home := t.TempDir()
	runtime := filepath.Join(home, "run")
	if err := os.Mkdir(runtime, 0o700); err != nil {
		t.Fatal(err)
	}
	var pattern []string
	for _, part := range strings.Split(t.Name(), "/") {
		pattern = append(pattern, "^"+regexp.QuoteMeta(part)+"$")
	}
	args := append(append([]string(nil), wrap...), os.Args[0],
		"-test.run="+strings.Join(pattern, "/"), "-test.v", "-test.count=1", "-test.timeout=3m")
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Env = append(childEnviron(),
		childEnv+"="+t.Name(),
		"HOME="+home,
		"XDG_DATA_HOME="+filepath.Join(home, "data"),
		"XDG_CONFIG_HOME="+filepath.Join(home, "config"),
		"XDG_RUNTIME_DIR="+runtime,
	)
	cmd.Env = append(cmd.Env, env...)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	t.Logf("child process (%v):\n%s", time.Since(start).Round(time.Millisecond), indent(out))
	if err != nil {
		t.Fatalf("the child process failed: %v", err)
	}
	if !strings.Contains(string(out), "--- PASS: "+t.Name()) {
		t.Fatalf("the child process did not pass %s", t.Name())
	}
}

// childEnviron is this environment without what would reach the
// developer's own desktop: its session bus, display and keyrings.
func childEnviron() []string {
	var out []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case name == "DBUS_SESSION_BUS_ADDRESS", name == "DISPLAY", name == "WAYLAND_DISPLAY",
			name == "HOME", strings.HasPrefix(name, "XDG_"), name == childEnv:
			continue
		}
		out = append(out, kv)
	}
	return out
}

func indent(b []byte) string {
	return "\t| " + strings.ReplaceAll(strings.TrimRight(string(b), "\n"), "\n", "\n\t| ")
}

// secretTool looks an entry up with libsecret's own client, so that the
// test does not only believe go-keyring about go-keyring.
func secretTool(t *testing.T, account string) (string, bool) {
	t.Helper()
	if _, err := exec.LookPath("secret-tool"); err != nil {
		t.Fatalf("secret-tool is not installed: apt-get install libsecret-tools")
	}
	out, err := exec.Command("secret-tool", "lookup", "service", "portside", "username", account).Output()
	if err != nil {
		return "", false // exit status 1: no such entry
	}
	return string(out), true
}
