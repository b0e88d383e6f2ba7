package sites

import (
	"fmt"
	"time"

	"portside/transfer/ftp"
	"portside/transfer/transport"
)

// Learned is what Portside found out about a site's server by itself
// (ftp/memory.go), kept so that the next run need not find it again: a
// device that drops pipelined commands is not probed at every run (each
// probe costs it a dropped connection and a second login), a server that
// took them is pipelined to from the first file, and a server whose SIZE
// once disagreed with a confirmed upload keeps the size check after a
// restart. Save keeps the stored value whatever the editor holds (as it
// does Probe): only Learn and ForgetLearned change it.
type Learned struct {
	// Pipelining is what the probe found: PipeliningWorks,
	// PipeliningBreaks, or "" (not probed yet).
	Pipelining  string    `json:"pipelining,omitempty"`
	PipelinedAt time.Time `json:"pipelined_at,omitzero"`
	// SizeLied: the server's SIZE disagreed with an upload it had
	// confirmed; every upload's size is checked.
	SizeLied   bool      `json:"size_lied,omitempty"`
	SizeLiedAt time.Time `json:"size_lied_at,omitzero"`
}

// The values of Learned.Pipelining.
const (
	PipeliningWorks  = "works"
	PipeliningBreaks = "breaks"
)

// Pipelining is how the queue's sessions to this site pipeline: never when
// the user turned it off or the server broke on it, at once when it took
// it before, else after a probe on the run's first connection.
func (s Site) Pipelining() transport.Pipelining {
	switch {
	case s.NoPipelining || s.Protocol == SFTP:
		return transport.PipelineOff
	case s.Learned != nil && s.Learned.Pipelining == PipeliningBreaks:
		return transport.PipelineOff
	case s.Learned != nil && s.Learned.Pipelining == PipeliningWorks:
		return transport.PipelineOn
	}
	return transport.PipelineProbe
}

// Learn records a session's finding for site id (ftp.Config.Learned); one
// the site holds already writes nothing.
func (s *Store) Learn(id string, f ftp.Finding) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.st.site(id)
	if i < 0 {
		return fmt.Errorf("no site with ID %s", id)
	}
	var l Learned
	if old := s.st.Sites[i].Learned; old != nil {
		l = *old
	}
	now := time.Now().UTC().Truncate(time.Second)
	switch f {
	case ftp.PipeliningWorks, ftp.PipeliningBreaks:
		v := PipeliningWorks
		if f == ftp.PipeliningBreaks {
			v = PipeliningBreaks
		}
		if l.Pipelining == v {
			return nil
		}
		l.Pipelining, l.PipelinedAt = v, now
	case ftp.SizeLied:
		if l.SizeLied {
			return nil
		}
		l.SizeLied, l.SizeLiedAt = true, now
	default:
		return nil
	}
	return s.update(func(st *state) error {
		st.Sites[st.site(id)].Learned = &l
		return nil
	})
}

// ForgetLearned forgets every finding about site id: the next run probes
// pipelining again and trusts a SIZE that agrees (a server that was
// upgraded, or a finding the user doubts).
func (s *Store) ForgetLearned(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.update(func(st *state) error {
		i := st.site(id)
		if i < 0 {
			return fmt.Errorf("no site with ID %s", id)
		}
		st.Sites[i].Learned = nil
		return nil
	})
}
