package ftpd

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// SeedDemo fills root with the sample tree the demo shows: a few folders,
// text and binary files of various sizes, and names with spaces and accents.
func SeedDemo(root string) error {
	files := map[string]string{
		"README.txt":                       "Welcome to the Portside demo server.\nDrag files between the panes to transfer them.\n",
		"public_html/index.html":           "<!doctype html><title>Demo</title><h1>It works</h1>\n",
		"public_html/css/site.css":         "body { font-family: sans-serif; }\n",
		"public_html/img/logo.svg":         `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"/>` + "\n",
		"camera/2026-11-24/img_0001.jpg":   strings.Repeat("\xff\xd8jpegdata", 9000),
		"camera/2026-11-24/img_0002.jpg":   strings.Repeat("\xff\xd8jpegdata", 12000),
		"backups/site-2026-11-01.tar.gz":   strings.Repeat("backup", 400000),
		"Rapports annuels/résumé 2025.txt": "Chiffres clés de l'année.\n",
		"notes with spaces.md":             "# Notes\n\n- one\n- two\n",
	}
	stamp := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("seed demo: %w", err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			return fmt.Errorf("seed demo: %w", err)
		}
		_ = os.Chtimes(p, stamp, stamp)
		stamp = stamp.Add(-37 * time.Hour)
	}
	return os.MkdirAll(filepath.Join(root, "incoming"), 0o755)
}
