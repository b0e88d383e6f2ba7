package checkview_test

import (
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"portside/i18n"
	"portside/transfer/check"
	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/transport"
	"portside/ui/checkview"
)

// TestView runs the check dialog against the embedded server (connection
// limit 1): the steps appear, the report reads in English and, switched,
// in Chinese; Copy, Save and Apply hand on what the check found.
func TestView(t *testing.T) {
	test.NewTempApp(t)
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "a.bin"), make([]byte, 80<<10), 0o644)
	srv, err := ftpd.Start(ftpd.Config{Root: root, MaxConnections: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	v := checkview.New(i18n.English, srv.Addr())
	v.Do = func(f func()) { f() } // the test driver's widgets take calls from any goroutine
	var applied *check.Recommendation
	v.OnApply = func(r check.Recommendation) error { applied = &r; return nil }
	v.Config = func() check.Config {
		return check.Config{Site: ftp.Config{Config: transport.Config{Host: "127.0.0.1", Port: srv.Port(),
			DataTimeout: 3 * time.Second, TrustCertificate: func([]*x509.Certificate, error) error { return nil }},
			User: "demo", Password: "demo"}}
	}
	w := test.NewTempWindow(t, v)
	w.Resize(fyne.NewSize(920, 680))
	v.Window = w
	v.Start()
	v.Wait()
	if v.Report() == nil {
		t.Fatal("no report")
	}
	for _, want := range []string{"Use passive mode (EPSV), at most 1 connection(s).", "The server allows 1 connection(s) at a time"} {
		if !strings.Contains(v.Summary.Text, want) {
			t.Errorf("summary lacks %q:\n%s", want, v.Summary.Text)
		}
	}
	if !strings.Contains(v.Steps.Text, "EPSV listing") || !strings.Contains(v.Steps.Text, " ms") {
		t.Errorf("steps without timings:\n%s", v.Steps.Text)
	}
	if v.Apply.Disabled() || v.Apply.Hidden {
		t.Fatal("Apply is not offered")
	}
	test.Tap(v.Apply)
	if applied == nil || applied.Settings.Method != transport.EPSV || applied.Settings.MaxConnections != 1 {
		t.Errorf("applied %+v", applied)
	}

	v.Lang.SetSelected("简体中文")
	if !strings.Contains(v.Summary.Text, "建议使用被动模式（EPSV），最多 1 个连接。") {
		t.Errorf("Chinese summary:\n%s", v.Summary.Text)
	}
	if v.Apply.Text != "应用建议的设置" {
		t.Errorf("Apply reads %q", v.Apply.Text)
	}
	test.Tap(v.Copy)
	if got := fyne.CurrentApp().Clipboard().Content(); !strings.HasPrefix(got, "连接检测\n") || !strings.Contains(got, "== 检测步骤") {
		t.Errorf("clipboard:\n%s", got)
	}
	path := filepath.Join(t.TempDir(), "report.txt")
	if err := v.SaveFile(path); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); !strings.Contains(string(b), "服务器同时只允许 1 个连接") || strings.Contains(string(b), "PASS demo") {
		t.Errorf("saved report:\n%s", b)
	}
}

// TestCataloguesLoadInFyne: the catalogues are in the format Fyne's lang
// package reads, as the window registers them (cmd/portside).
func TestCataloguesLoadInFyne(t *testing.T) {
	if err := lang.AddTranslationsFS(i18n.FS, i18n.Dir); err != nil {
		t.Fatal(err)
	}
	if got := lang.X("ui.check.copy", "missing"); got != "Copy as text" && got != "复制为文本" {
		t.Errorf("lang.X = %q", got)
	}
}
