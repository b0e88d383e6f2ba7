package check

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"path"
	"strconv"
	"strings"
	"time"

	"portside/transfer/transport"
)

// upload stores a small file in the folder the user named and deletes it.
func (r *runner) upload(ctx context.Context, t try) {
	c, ok := r.login(ctx, t.ctl, false)
	if !ok {
		return
	}
	defer c.close()
	st := r.begin(Step{ID: StepUpload, Method: t.method.String(), Prot: t.prot})
	c.step = &st.Step
	if t.prot != "" {
		if rep, err := c.cmd("PROT " + t.prot); err != nil || rep.code != 200 {
			st.end(Failed, cmpKind(err, ErrReply))
			return
		}
	}
	var b [6]byte
	rand.Read(b[:])
	name := path.Join(r.cfg.UploadDir, "portside-check-"+hex.EncodeToString(b[:])+".txt")
	st.fact("file", name)
	body := bytes.Repeat([]byte("Portside connection check\n"), 40)
	if _, kind := r.transfer(ctx, c, &st.Step, t, "STOR "+name, body, 0); kind != "" {
		st.end(Failed, kind)
		return
	}
	if rep, err := c.cmd("DELE " + name); err != nil || rep.code != 250 {
		st.fact("delete", "failed")
		st.end(Warn, cmpKind(err, ErrReply))
		return
	}
	st.end(OK, "")
}

// samplePorts asks for passive ports again and again, connecting to each
// at once, until it has seen both a port that works and one that does not
// or maxSamples: enough to tell a range forwarded in part from one that is
// closed. Ports that fail by dropping cost a second each, so the whole is
// bounded by sampleBudget.
const (
	maxSamples   = 24
	sampleBudget = 6 * time.Second
)

func (r *runner) samplePorts(ctx context.Context) {
	m, ok, bad := transport.EPSV, 0, 0
	for _, s := range r.rep.Steps {
		if s.ID != StepData || (s.Method != "EPSV" && s.Method != "PASV") || s.Facts["port"] == "" || s.Control != "" {
			continue
		}
		if s.Status == OK {
			ok++
		} else if s.Error == ErrTimeout {
			bad++
		}
		if s.Method == "PASV" && s.Status == OK && ok == 1 {
			m = transport.PASV
		}
	}
	if ok == 0 && bad > 0 {
		return // every port drops: each sample would cost a timeout
	}
	c, logged := r.login(ctx, r.tls, false)
	if !logged {
		return
	}
	defer c.close()
	st := r.begin(Step{ID: StepData, Method: m.String(), Action: "ports"})
	c.step = &st.Step
	seenOK, seenBad := false, false
	var samples []string
	until := time.Now().Add(sampleBudget)
	short := *r.cfg
	short.Site.DataTimeout = min(time.Second, r.cfg.dataTimeout())
	sr := &runner{cfg: &short, rep: &Report{}, tls: r.tls}
	lo, hi := 65535, 0
	for i := 0; i < maxSamples && time.Now().Before(until) && !(seenOK && seenBad && i >= 4); i++ {
		// All fine on ports spread over the system's ephemeral range: no
		// configured range to be forwarded in part, so stop early.
		if i >= 8 && !seenBad && hi-lo > 1000 {
			break
		}
		var tmp Step
		conn, kind := sr.passive(ctx, c, &tmp, m)
		if tmp.Facts["port"] == "" {
			break // the server stopped answering EPSV/PASV
		}
		if conn != nil {
			conn.Close()
			seenOK = true
			kind = "ok"
		} else {
			seenBad = true
		}
		samples = append(samples, tmp.Facts["port"]+":"+kind)
		if p, err := strconv.Atoi(tmp.Facts["port"]); err == nil {
			lo, hi = min(lo, p), max(hi, p)
		}
		r.rep.PassivePorts = append(r.rep.PassivePorts, sr.rep.PassivePorts...)
		sr.rep.PassivePorts = nil
	}
	// Keep the exchange short: the samples say it all.
	if len(st.Exchange) > 6 {
		st.Exchange = append(st.Exchange[:6], "…")
	}
	st.fact("samples", strings.Join(samples, ","))
	st.end(OK, "")
}
