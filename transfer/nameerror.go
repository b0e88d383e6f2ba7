package transfer

import "fmt"

// NameError is a name refused (ErrBadName), with the rule it breaks as a
// code for a front end to word; Error is the engine's English.
type NameError struct {
	Name string
	// Rule is "unsafe" (not one plain path element: "", ".", "..", a
	// slash or backslash, a control character), "ftp_chars" (a slash, CR,
	// LF or NUL, which FTP cannot carry) or "control" (a C1 control
	// character, localpath).
	Rule string
	Text string
}

func (e *NameError) Error() string { return e.Text }
func (e *NameError) Unwrap() error { return ErrBadName }

// badName is name refused by rule, worded as format says after
// ErrBadName's text ("unsafe file name: …").
func badName(name, rule, format string, a ...any) error {
	return &NameError{Name: name, Rule: rule, Text: ErrBadName.Error() + ": " + fmt.Sprintf(format, a...)}
}

// BadName is badName for the packages that add rules of their own
// (localpath's "control").
func BadName(name, rule, format string, a ...any) error { return badName(name, rule, format, a...) }
