package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"

	"portside/i18n"
)

// The flag package prints its own texts in English: "flag provided but
// not defined", the "-h" listing's "(default …)" and value types. A
// flagSet keeps the package silent (its output goes nowhere) and words
// those texts from the catalogue "cli" instead, in the same layout, so a
// Chinese locale gets no English but the flag names and their values.

// errShown is an error already printed, with the usage after it: run
// only picks the exit code.
var errShown = errors.New("printed")

// flagSet is a command's flags with their texts worded.
type flagSet struct {
	*flag.FlagSet
	out   io.Writer // escaping stderr
	words *i18n.Localizer
	head  string // printed before the flags by -h
}

// newFlagSet is the flags of command name; head is the worded usage text
// printed before the list of flags (it ends with a newline).
func newFlagSet(name string, out io.Writer, words *i18n.Localizer, head string) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {} // printed by parse, after the worded error
	return &flagSet{FlagSet: fs, out: out, words: words, head: head}
}

// usage prints the help: the head, then the flags.
func (f *flagSet) usage() {
	fmt.Fprint(f.out, f.head)
	printFlags(f.out, f.words, f.FlagSet)
}

// parse parses args. On -h it prints the help and returns an error that
// is flag.ErrHelp; on a bad flag it prints the worded error and the help
// and returns an error that is errUsage and errShown.
func (f *flagSet) parse(args []string) error {
	return f.failed(f.Parse(args))
}

// parseInterleaved is parse letting flags come after the positional
// arguments too ("sync URL LOCAL --dry-run"), which the flag package
// stops at; it returns the positional arguments.
func (f *flagSet) parseInterleaved(args []string) ([]string, error) {
	var pos []string
	for {
		if err := f.parse(args); err != nil {
			return nil, err
		}
		if f.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, f.Arg(0))
		args = f.Args()[1:]
	}
}

func (f *flagSet) failed(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		f.usage()
		return err
	}
	fmt.Fprintln(f.out, flagError(f.words, f.FlagSet, err))
	f.usage()
	return wordedError{errors.Join(errUsage, errShown, err), err.Error()}
}

// flagError words one of the flag package's parse errors, which are
// plain text: it is read back by its fixed English form (Go's flag.go,
// FlagSet.parseOne); a form it does not know is shown as it is.
func flagError(w *i18n.Localizer, fs *flag.FlagSet, err error) string {
	s := err.Error()
	if name, ok := strings.CutPrefix(s, "flag provided but not defined: -"); ok {
		return w.T("cli.flag.undefined", map[string]any{"Flag": "-" + name})
	}
	if name, ok := strings.CutPrefix(s, "flag needs an argument: -"); ok {
		return w.T("cli.flag.needs_value", map[string]any{"Flag": "-" + name})
	}
	if arg, ok := strings.CutPrefix(s, "bad flag syntax: "); ok {
		return w.T("cli.flag.syntax", map[string]any{"Arg": arg})
	}
	// invalid value "V" for flag -NAME: INNER
	// invalid boolean value "V" for -NAME: INNER
	for _, form := range []string{"invalid value ", "invalid boolean value "} {
		rest, ok := strings.CutPrefix(s, form)
		if !ok {
			continue
		}
		q, err := strconv.QuotedPrefix(rest)
		if err != nil {
			break
		}
		rest = strings.TrimPrefix(strings.TrimPrefix(rest[len(q):], " for flag -"), " for -")
		name, inner, _ := strings.Cut(rest, ": ")
		return w.T("cli.flag.bad_value", map[string]any{"Flag": "-" + name, "Value": q, "Why": valueError(w, fs.Lookup(name), inner)})
	}
	return s
}

// valueError words why a flag's value was refused, by the flag's kind:
// the flag package's own "parse error" and "value out of range", and
// time.ParseDuration's error.
func valueError(w *i18n.Localizer, f *flag.Flag, inner string) string {
	kind := ""
	if f != nil {
		kind = valueKind(f)
	}
	switch {
	case kind == "bool":
		return w.T("cli.flag.want_bool", nil)
	case kind == "duration":
		return w.T("cli.flag.want_duration", nil)
	case inner == "value out of range":
		return w.T("cli.flag.out_of_range", nil)
	case kind == "int" || kind == "uint" || kind == "float":
		return w.T("cli.flag.want_number", nil)
	}
	return inner
}

// valueKind is the kind of a flag's value as flag.UnquoteUsage guesses it
// ("bool" for a boolean flag), whatever its usage text names it.
func valueKind(f *flag.Flag) string {
	if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
		return "bool"
	}
	name, _ := flag.UnquoteUsage(&flag.Flag{Value: f.Value})
	return name
}

// printFlags is flag.PrintDefaults with its words from the catalogue:
// "  -name TYPE" then the description on the next line, indented with a
// tab (a one-letter boolean flag keeps it on its own line), and the
// default when it is not the type's zero value.
func printFlags(out io.Writer, w *i18n.Localizer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		var b strings.Builder
		fmt.Fprintf(&b, "  -%s", f.Name)
		name, usage := flag.UnquoteUsage(f)
		if name != "" {
			if !strings.Contains(f.Usage, "`") {
				name = typeName(w, name)
			}
			b.WriteString(" " + name)
		}
		if b.Len() <= 4 { // "  -x": a one-letter boolean flag
			b.WriteString("\t")
		} else {
			b.WriteString("\n    \t")
		}
		b.WriteString(strings.ReplaceAll(usage, "\n", "\n    \t"))
		if !isZeroValue(f) {
			def := f.DefValue
			if valueKind(f) == "string" {
				def = strconv.Quote(def)
			}
			b.WriteString(w.T("cli.flag.default", map[string]any{"Value": def}))
		}
		fmt.Fprintln(out, b.String())
	})
}

// typeName words the kind of value a flag takes, as the listing shows it.
func typeName(w *i18n.Localizer, kind string) string {
	switch kind {
	case "string":
		return w.T("cli.flag.type.string", nil)
	case "int", "uint":
		return w.T("cli.flag.type.int", nil)
	case "float":
		return w.T("cli.flag.type.float", nil)
	case "duration":
		return w.T("cli.flag.type.duration", nil)
	}
	return w.T("cli.flag.type.value", nil)
}

// isZeroValue reports whether f's default is its type's zero value (then
// the listing does not show it), as the flag package decides it.
func isZeroValue(f *flag.Flag) (zero bool) {
	defer func() {
		if recover() != nil {
			zero = false
		}
	}()
	typ := reflect.TypeOf(f.Value)
	var z reflect.Value
	if typ.Kind() == reflect.Pointer {
		z = reflect.New(typ.Elem())
	} else {
		z = reflect.Zero(typ)
	}
	return f.DefValue == z.Interface().(flag.Value).String()
}
