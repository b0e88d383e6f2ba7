package main

import (
	"errors"

	"portside/i18n"
	"portside/transfer/transport"
)

// wordedError is an error worded whole from a catalogue message: its
// text is the user's language, and errors.Is still finds the sentinel
// (errUsage, errNoWay) that picks the exit code.
type wordedError struct {
	base error
	text string
}

func (w wordedError) Error() string { return w.text }
func (w wordedError) Unwrap() error { return w.base }

// usageErr is a usage error (exit 2) saying text, a worded message:
// "usage: …" in English, as before, so scripts that match it still do.
func (e *env) usageErr(text string) error {
	return wordedError{errUsage, e.words.T("cli.usage_error", map[string]any{"Text": text})}
}

// failErr is a failure (exit 1) saying text, a worded message, with base
// as its cause for errors.Is (nil: none).
func (e *env) failErr(base error, text string) error {
	if base == nil {
		base = errors.New(text)
	}
	return wordedError{base, text}
}

// errText words err for a line of its own, as run words the final error:
// a failed step's facts in the user's language, else the error's text.
func (e *env) errText(err error) string {
	if f, ok := transport.FactsOf(err); ok && e.words.Lang() != i18n.English {
		return e.words.Facts(f)
	}
	return err.Error()
}
