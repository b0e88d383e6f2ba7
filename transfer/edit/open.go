package edit

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// Command is what opens path: the user's command when one is set (the
// per-extension one first, from Commands), else the desktop's opener
// (xdg-open, open, or the Windows shell). A command is split at spaces;
// "{}" stands for the file, else the file goes last. No shell runs it: a
// file name from a server cannot become shell syntax.
func Command(commands map[string]string, path string) (*exec.Cmd, error) {
	tmpl := commands[strings.ToLower(filepath.Ext(path))]
	if tmpl == "" {
		tmpl = commands[""]
	}
	if strings.TrimSpace(tmpl) == "" {
		return desktopOpener(path), nil
	}
	words := strings.Fields(tmpl)
	placed := false
	for i, w := range words {
		if strings.Contains(w, "{}") {
			words[i] = strings.ReplaceAll(w, "{}", path)
			placed = true
		}
	}
	if !placed {
		words = append(words, path)
	}
	if _, err := exec.LookPath(words[0]); err != nil {
		return nil, fmt.Errorf("the editor command %q: %w", words[0], err)
	}
	return exec.Command(words[0], words[1:]...), nil
}

func desktopOpener(path string) *exec.Cmd {
	switch runtime.GOOS {
	case "windows":
		return exec.Command("rundll32", "url.dll,FileProtocolHandler", path)
	case "darwin":
		return exec.Command("open", path)
	}
	return exec.Command("xdg-open", path)
}

// ParseCommands reads the setting's lines into the map Command takes:
// "txt=gedit" for one extension, "*=code -w" or a bare command for every
// other type. What is before "=" is an extension only when it is one word.
func ParseCommands(setting string) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(setting, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ext, cmd, ok := strings.Cut(line, "=")
		if !ok || strings.ContainsAny(strings.TrimSpace(ext), " \t/\\") {
			out[""] = line // a bare command: for every type
			continue
		}
		ext = strings.ToLower(strings.TrimSpace(ext))
		if ext == "*" {
			ext = ""
		} else if ext != "" && !strings.HasPrefix(ext, ".") {
			ext = "." + ext
		}
		out[ext] = strings.TrimSpace(cmd)
	}
	return out
}
