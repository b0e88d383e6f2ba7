package ftp

// A site profile (sites.Site) keeps what Portside found out about a server
// by itself, so that the next run need not find it again — or, worse,
// try again what broke: a camera or PLC that drops pipelined commands
// costs a dropped connection and a second login at every run's probe, and
// a server whose SIZE once disagreed with a confirmed upload must keep
// being checked after a restart, not only for the rest of the process.
// The session tells Config.Learned when it finds one; the caller stores
// it and gives it back as Config.Pipelining and Config.SizeLied.

// Finding is something a session learned about its server that outlives
// the run.
type Finding int

const (
	// PipeliningWorks: the server answered two NOOPs sent in one write
	// (transport.ProbePipelining).
	PipeliningWorks Finding = iota + 1
	// PipeliningBreaks: it did not; never pipeline to it.
	PipeliningBreaks
	// SizeLied: its SIZE disagreed with an upload it had confirmed; every
	// upload's size is checked (sizetrust.go).
	SizeLied
)

func (f Finding) String() string {
	switch f {
	case PipeliningWorks:
		return "pipelining works"
	case PipeliningBreaks:
		return "pipelining breaks"
	case SizeLied:
		return "SIZE lied"
	}
	return "nothing"
}

// learned tells the caller what this session found, if it listens.
func (s *Session) learned(f Finding) {
	if s.cfg.Learned != nil {
		s.cfg.Learned(f)
	}
}
