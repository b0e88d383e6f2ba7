package check

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// listedFile is a regular file from a listing, with the time as the
// listing shows it (in the server's display zone).
type listedFile struct {
	name    string
	size    int64
	shown   time.Time // zero when the listing gave no time of day
	hasTime bool
}

var months = map[string]time.Month{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}

// parseLine reads a Unix ("-rw-r--r-- 1 u g SIZE Mon DD HH:MM NAME") or DOS
// ("MM-DD-YY HH:MMPM SIZE NAME") listing line; ok is false for folders,
// links and anything else. year is used for Unix lines that give a time
// of day instead of a year.
func parseLine(line string, year int) (f listedFile, ok bool) {
	fields := strings.Fields(line)
	if len(fields) >= 9 && strings.HasPrefix(fields[0], "-") {
		size, err := strconv.ParseInt(fields[4], 10, 64)
		if err != nil {
			return f, false
		}
		mon, ok1 := months[strings.ToLower(fields[5])]
		day, err2 := strconv.Atoi(fields[6])
		if !ok1 || err2 != nil {
			return f, false
		}
		f = listedFile{size: size, name: nameAfter(line, fields, 8)}
		if hh, mm, found := strings.Cut(fields[7], ":"); found {
			h, _ := strconv.Atoi(hh)
			m, _ := strconv.Atoi(mm)
			f.shown = time.Date(year, mon, day, h, m, 0, 0, time.UTC)
			f.hasTime = true
		}
		return f, f.name != ""
	}
	if len(fields) >= 4 && len(fields[0]) == 8 && fields[0][2] == '-' && fields[2] != "<DIR>" {
		size, err := strconv.ParseInt(fields[2], 10, 64)
		if err != nil {
			return f, false
		}
		t, err := time.Parse("01-02-06 03:04PM", fields[0]+" "+fields[1])
		f = listedFile{size: size, name: nameAfter(line, fields, 3)}
		if err == nil {
			f.shown, f.hasTime = t, true
		}
		return f, f.name != ""
	}
	return f, false
}

// nameAfter is the rest of line from field i on, spaces kept.
func nameAfter(line string, fields []string, i int) string {
	rest := line
	for j := 0; j < i; j++ {
		rest = strings.TrimLeft(rest, " \t")
		rest = rest[len(fields[j]):]
	}
	return strings.TrimLeft(rest, " \t")
}

// pickFile takes the first non-empty regular file of a listing (the
// largest test of a download is its first 64 KiB).
func pickFile(listing []byte) listedFile {
	var first listedFile
	for _, l := range bytes.Split(listing, []byte("\n")) {
		f, ok := parseLine(strings.TrimRight(string(l), "\r"), time.Now().Year())
		if !ok || strings.ContainsAny(f.name, "\x00\r\n") {
			continue
		}
		if f.size > 0 {
			return f
		}
		if first.name == "" {
			first = f
		}
	}
	return first
}

// zoneOffset is how far the listing's clock display is from UTC: the time
// a listing shows for a file minus its MDTM time (UTC by RFC 3659),
// rounded to 15 minutes. Unix listings show recent files without a year:
// the year that brings the two closest is taken.
func zoneOffset(shown, mdtm time.Time) time.Duration {
	best := time.Duration(1 << 62)
	for dy := -1; dy <= 1; dy++ {
		s := time.Date(mdtm.Year()+dy, shown.Month(), shown.Day(), shown.Hour(), shown.Minute(), 0, 0, time.UTC)
		d := s.Sub(mdtm.Truncate(time.Minute))
		if abs(d) < abs(best) {
			best = d
		}
	}
	return best.Round(15 * time.Minute)
}

func abs(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// parseMDTM reads "213 YYYYMMDDhhmmss[.sss]".
func parseMDTM(text string) (time.Time, bool) {
	text = strings.TrimSpace(text)
	if len(text) < 14 {
		return time.Time{}, false
	}
	t, err := time.Parse("20060102150405", text[:14])
	return t, err == nil
}

// clock reads the listing's time zone (LIST against MDTM) and whether the
// server's clock runs ahead (a file dated in our future), without writing.
func (r *runner) clock(ctx context.Context, best *try) {
	f := r.file
	if best == nil || f.name == "" || !f.hasTime || !r.feat["MDTM"] {
		return
	}
	c, ok := r.login(ctx, best.ctl, false)
	if !ok {
		return
	}
	defer c.close()
	st := r.begin(Step{ID: StepClock})
	c.step = &st.Step
	rep, err := c.cmd("MDTM " + f.name)
	if err != nil || rep.code != 213 {
		st.end(Skipped, cmpKind(err, ErrReply))
		return
	}
	mt, ok := parseMDTM(rep.text())
	if !ok {
		st.end(Skipped, ErrReply)
		return
	}
	zone := zoneOffset(f.shown, mt)
	st.fact("zone", formatZone(zone))
	if ahead := mt.Sub(r.cfg.now()); ahead > 2*time.Minute {
		st.fact("ahead", ahead.Round(time.Minute).String())
		st.end(Warn, "")
		return
	}
	st.end(OK, "")
}

func formatZone(d time.Duration) string {
	sign := "+"
	if d < 0 {
		sign, d = "-", -d
	}
	return fmt.Sprintf("UTC%s%02d:%02d", sign, int(d.Hours()), int(d.Minutes())%60)
}
