package check

import (
	"net"
	"slices"
	"strconv"
	"strings"
)

// Finding codes of an SFTP check (sftp.go). The name, unreachable-network
// findings are FTP's (FDNS, FConnUnreach): they say nothing of the protocol.
const (
	FSSHRefused     = "sftp_connect_refused"
	FSSHTimeout     = "sftp_connect_timeout"
	FNotSSH         = "not_ssh"
	FNoBanner       = "no_ssh_banner"
	FSSHHandshake   = "ssh_handshake_failed"
	FHostKeyUnknown = "hostkey_unknown"
	FHostKeyChanged = "hostkey_changed"
	FSSHLogin       = "ssh_login_failed"
	FSSHNoMethod    = "ssh_no_common_method"
	FNoSFTP         = "no_sftp_subsystem"
	FSFTPList       = "sftp_list_failed"
)

// diagnoseSFTP is Diagnose for an SFTP report: the first step that failed
// is the finding; an SFTP connect has no other ways to compare.
func diagnoseSFTP(rep *Report) ([]Finding, Recommendation) {
	var out []Finding
	add := func(code string, e map[string]string, fixes ...Fix) {
		out = append(out, Finding{Code: code, Severity: Blocker, Evidence: e, Fixes: fixes})
	}
	addr := net.JoinHostPort(rep.Host, strconv.Itoa(rep.Port))
	port := strconv.Itoa(rep.Port)
	rec := Recommendation{Protocol: ProtocolSFTP}
	for i := range rep.Steps {
		s := &rep.Steps[i]
		if s.ID == StepData && s.Status == OK {
			rec.Works = true
		}
		if s.Status != Failed {
			continue
		}
		took := s.Took.Round(1e6).String()
		said := lastSaid(s)
		switch s.ID {
		case StepDNS:
			add(FDNS, ev("host", rep.Host), fix(User, "check_host", "host", rep.Host))
		case StepSSHConnect:
			e := ev("addr", addr, "port", port, "took", took)
			switch s.Error {
			case ErrRefused:
				add(FSSHRefused, e, fix(User, "check_ssh_port", "port", port), fix(Admin, "ssh_running", "port", port),
					fix(Admin, "open_ssh_port", "port", port))
			case ErrTimeout:
				add(FSSHTimeout, e, fix(User, "check_host", "host", rep.Host), fix(Admin, "open_ssh_port", "port", port))
			default:
				add(FConnUnreach, e, fix(User, "check_network"), fix(Admin, "open_ssh_port", "port", port))
			}
		case StepBanner:
			if s.Error == ErrReply {
				first := firstSaid(s)
				kind := ""
				switch {
				case strings.HasPrefix(first, "220"):
					kind = "ftp"
				case strings.HasPrefix(first, "HTTP/"):
					kind = "http"
				}
				fixes := []Fix{fix(User, "check_ssh_port", "port", port)}
				if kind == "ftp" {
					fixes = append([]Fix{fix(User, "use_ftp")}, fixes...)
				}
				add(FNotSSH, ev("port", port, "reply", first, "kind", kind), fixes...)
			} else {
				add(FNoBanner, ev("port", port, "took", took, "how", s.Error),
					fix(User, "check_ssh_port", "port", port), fix(Admin, "ssh_running", "port", port))
			}
		case StepHostKey:
			key := s.Facts["key"]
			switch {
			case key == "":
				add(FSSHHandshake, ev("error", said), fix(Admin, "ssh_algorithms"))
			case s.Facts["changed"] == "yes":
				add(FHostKeyChanged, ev("key", key, "known", s.Facts["known"], "file", s.Facts["known_file"], "line", s.Facts["known_line"]),
					fix(User, "confirm_hostkey_change"), fix(Admin, "send_hostkey"))
			default:
				add(FHostKeyUnknown, ev("key", key), fix(User, "compare_hostkey"), fix(Admin, "send_hostkey"))
			}
		case StepLogin:
			offered, tried := s.Facts["ssh_offered"], s.Facts["ssh_tried"]
			if offered != "" && !overlap(offered, tried) {
				var fixes []Fix
				if has(offered, "publickey") {
					fixes = append(fixes, fix(User, "ssh_add_key"))
				}
				if has(offered, "password") || has(offered, "keyboard-interactive") {
					fixes = append(fixes, fix(User, "ssh_add_password"))
				}
				add(FSSHNoMethod, ev("user", rep.User, "offered", offered, "tried", tried),
					append(fixes, fix(Admin, "ssh_enable_method", "user", rep.User))...)
				break
			}
			add(FSSHLogin, ev("user", rep.User, "offered", offered, "tried", tried, "error", said),
				fix(User, "check_ssh_login"), fix(Admin, "check_ssh_account", "user", rep.User))
		case StepSubsystem:
			add(FNoSFTP, ev("error", said), fix(Admin, "enable_sftp"))
		case StepData:
			add(FSFTPList, ev("path", s.Facts["path"], "error", said), fix(Admin, "check_home", "user", rep.User))
		}
	}
	return out, rec
}

// firstSaid and lastSaid are the server's words a step recorded, without
// the "< " mark.
func firstSaid(s *Step) string {
	for _, x := range s.Exchange {
		if t, ok := strings.CutPrefix(x, "< "); ok {
			return t
		}
	}
	return ""
}

func lastSaid(s *Step) string {
	for i := len(s.Exchange) - 1; i >= 0; i-- {
		if t, ok := strings.CutPrefix(s.Exchange[i], "< "); ok {
			return t
		}
	}
	return ""
}

func methods(list string) []string { return strings.Split(list, ", ") }

func has(list, m string) bool { return slices.Contains(methods(list), m) }

func overlap(a, b string) bool {
	for _, m := range methods(a) {
		if m != "" && has(b, m) {
			return true
		}
	}
	return false
}
