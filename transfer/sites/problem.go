package sites

import "fmt"

// Problem is one thing that keeps a site from being saved: a sentence in
// English (Text, what Error says) and the same as a code with its facts,
// for a window that words it in its own language.
type Problem struct {
	Code string            // "host_missing", "ports_order", …
	Args map[string]string // the facts the sentence names (quoted where it quotes them)
	Text string
}

func (p *Problem) Error() string { return p.Text }

func problem(code string, args map[string]string, format string, a ...any) *Problem {
	return &Problem{Code: code, Args: args, Text: fmt.Sprintf(format, a...)}
}
