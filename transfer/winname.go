package transfer

import (
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"unicode/utf16"
)

// ErrWindowsName is wrapped by CheckWindowsName's errors: a name a server
// may hold (Unix allows almost anything) that cannot be a file on Windows.
var ErrWindowsName = errors.New("not a valid file name on Windows")

// WindowsNameError says which Windows rule a name breaks, in words a user
// can act on, and what the name could be saved as instead.
type WindowsNameError struct {
	Name       string
	Reason     string // e.g. `"CON" is a device name on Windows`
	Suggestion string // SuggestWindowsName(Name)
	// Rule is Reason for a front end to word: "not_a_name", "control",
	// "char" (Detail: the character), "trailing", "device" (Detail: the
	// device name) or "too_long" (Detail: the length in UTF-16 units).
	Rule   string
	Detail string
}

func (e *WindowsNameError) Error() string {
	return fmt.Sprintf("%q cannot be saved on Windows: %s (it could be saved as %q)", e.Name, e.Reason, e.Suggestion)
}

func (e *WindowsNameError) Unwrap() error { return ErrWindowsName }

// onWindows decides whether CheckLocalName applies the Windows rules; a
// variable so that Linux tests can check the Windows path as well.
var onWindows = runtime.GOOS == "windows"

// CheckLocalName is the rule for a name that becomes a local file or
// folder (a download, a sync copy): CheckName everywhere, and on Windows
// CheckWindowsName too. The local path builder calls it for each element
// it takes from a server.
func CheckLocalName(name string) error {
	if err := CheckName(name); err != nil {
		return err
	}
	if onWindows {
		return CheckWindowsName(name)
	}
	return nil
}

// windowsForbidden are the characters Windows refuses in a name, besides
// the control characters (which CheckName already refuses).
const windowsForbidden = `<>:"/\|?*`

// windowsMaxName is NTFS's limit on one path element, in UTF-16 units.
const windowsMaxName = 255

// CheckWindowsName refuses a name Windows cannot create or would silently
// change: a device name (CON, NUL, COM1, LPT1… also with an extension:
// "nul.txt" opens the null device), a character from <>:"/\|?* or a
// control character, a trailing dot or space (Windows drops them, so
// "a." and "a" would be one file), or more than 255 UTF-16 units.
// Microsoft documents these under "Naming Files, Paths, and Namespaces".
func CheckWindowsName(name string) error {
	rule, detail, reason := windowsNameProblem(name)
	if reason == "" {
		return nil
	}
	return &WindowsNameError{Name: name, Reason: reason, Suggestion: SuggestWindowsName(name), Rule: rule, Detail: detail}
}

// windowsNameProblem is the rule name breaks, its detail, and the reason
// in English; "" when it breaks none.
func windowsNameProblem(name string) (rule, detail, reason string) {
	if name == "" || name == "." || name == ".." {
		return "not_a_name", "", "it is not a name"
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return "control", "", "it holds a control character"
		}
		if strings.ContainsRune(windowsForbidden, r) {
			return "char", string(r), fmt.Sprintf("Windows does not allow %q in names", r)
		}
	}
	if last := name[len(name)-1]; last == '.' || last == ' ' {
		return "trailing", "", "Windows drops a dot or space at the end of a name"
	}
	if dev := windowsDevice(name); dev != "" {
		return "device", dev, fmt.Sprintf("%q is a device name on Windows", dev)
	}
	if n := len(utf16.Encode([]rune(name))); n > windowsMaxName {
		return "too_long", strconv.Itoa(n), fmt.Sprintf("it is %d characters long, and Windows allows %d", n, windowsMaxName)
	}
	return "", "", ""
}

// windowsDevice returns the device name that name stands for, or "".
// Windows compares the part before the first dot, without trailing
// spaces, case-insensitively; COM and LPT take 0-9 and ¹²³.
func windowsDevice(name string) string {
	base, _, _ := strings.Cut(name, ".")
	base = strings.TrimRight(base, " ")
	switch u := strings.ToUpper(base); u {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return base
	default:
		r := []rune(u)
		if len(r) == 4 && (strings.HasPrefix(u, "COM") || strings.HasPrefix(u, "LPT")) &&
			(r[3] >= '0' && r[3] <= '9' || r[3] == '¹' || r[3] == '²' || r[3] == '³') {
			return base
		}
	}
	return ""
}

// SuggestWindowsName maps name to one Windows accepts, as file managers
// do when they copy from a Unix share: each forbidden or control character
// becomes "_", trailing dots and spaces become "_", a device name gets "_"
// after its base ("CON.txt" → "CON_.txt"), and an over-long name is cut,
// keeping its extension.
func SuggestWindowsName(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r < 0x20 || r == 0x7f || strings.ContainsRune(windowsForbidden, r) {
			r = '_'
		}
		b.WriteRune(r)
	}
	s := b.String()
	if t := strings.TrimRight(s, ". "); t != s {
		s = t + strings.Repeat("_", len(s)-len(t))
	}
	if windowsDevice(s) != "" {
		base, ext, dot := strings.Cut(s, ".")
		s = base + "_"
		if dot {
			s += "." + ext
		}
	}
	for len(utf16.Encode([]rune(s))) > windowsMaxName {
		r := []rune(s)
		ext := ""
		if i := strings.LastIndexByte(s, '.'); i > 0 && len(s)-i <= 16 {
			ext = s[i:]
			r = []rune(s[:i])
		}
		s = string(r[:len(r)-1]) + ext
	}
	return s
}
