package sites_test

import (
	"testing"

	"portside/transfer/sites"
	"portside/transfer/transport"
)

// TestProxySettings saves a default proxy and a site's own in a store on
// the real Secret Service: each connection gets the right one with its
// password from the keychain (as secret-tool sees it), a site can opt out
// with "none", the files hold no password, and a reopened store reads the
// same back.
func TestProxySettings(t *testing.T) {
	if !withSecretService(t) {
		return
	}
	dir := t.TempDir()
	store, err := sites.Open(dir, sites.SystemKeychain{})
	if err != nil {
		t.Fatal(err)
	}
	def, defPW := sites.Proxy{Kind: transport.ProxySOCKS5, Host: "socks.office", Port: 1080, User: "ann"}, "s0cks-secret"
	if err := store.SetDefaultProxy(def, &defPW); err != nil {
		t.Fatal(err)
	}
	plain, err := store.Save(normalSite("uses default"), nil)
	if err != nil {
		t.Fatal(err)
	}
	own, err := store.Save(normalSite("own proxy"), nil)
	if err != nil {
		t.Fatal(err)
	}
	ownPW := "http-secret"
	if err := store.SetSiteProxy(own.ID, &sites.Proxy{Kind: transport.ProxyHTTP, Host: "10.0.0.8", Port: 3128, User: "bob"}, &ownPW); err != nil {
		t.Fatal(err)
	}
	direct, err := store.Save(normalSite("direct"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.SetSiteProxy(direct.ID, &sites.Proxy{Kind: transport.ProxyNone}, nil); err != nil {
		t.Fatal(err)
	}
	if err := store.SetDefaultProxy(sites.Proxy{Kind: transport.ProxySOCKS5, Port: 0}, nil); err == nil {
		t.Error("a proxy without host and port was saved")
	}
	if got, ok := secretTool(t, sites.ProxyAccount(own.ID)); !ok || got != ownPW {
		t.Errorf("secret-tool finds %q (%v) for the site's proxy, want %q", got, ok, ownPW)
	}

	reopened, err := sites.Open(dir, sites.SystemKeychain{})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []*sites.Store{store, reopened} {
		cases := []struct {
			name string
			site *sites.Site
			want *transport.Proxy
		}{
			{"quick connect", nil, &transport.Proxy{Kind: transport.ProxySOCKS5, Host: "socks.office", Port: 1080, User: "ann", Password: defPW}},
			{"site without its own", &plain, &transport.Proxy{Kind: transport.ProxySOCKS5, Host: "socks.office", Port: 1080, User: "ann", Password: defPW}},
			{"site with its own", &own, &transport.Proxy{Kind: transport.ProxyHTTP, Host: "10.0.0.8", Port: 3128, User: "bob", Password: ownPW}},
			{"site that connects directly", &direct, nil},
		}
		for _, c := range cases {
			site := c.site
			if site != nil {
				s, _ := st.Site(site.ID)
				site = &s
			}
			got, err := st.ProxyFor(site)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if (got == nil) != (c.want == nil) || (got != nil && *got != *c.want) {
				t.Errorf("%s: proxy %+v, want %+v", c.name, got, c.want)
			}
		}
	}
	grepDir(t, dir, defPW, ownPW)

	// Deleting a site removes its proxy password too.
	if err := store.Delete(own.ID); err != nil {
		t.Fatal(err)
	}
	if _, ok := secretTool(t, sites.ProxyAccount(own.ID)); ok {
		t.Error("the deleted site's proxy password stays in the keychain")
	}

	// Turning the default off removes its password from the keychain.
	if err := store.SetDefaultProxy(sites.Proxy{}, nil); err != nil {
		t.Fatal(err)
	}
	if _, ok := secretTool(t, sites.DefaultProxyAccount); ok {
		t.Error("the default proxy's password stays in the keychain after the proxy was turned off")
	}
	if got, _ := store.ProxyFor(nil); got != nil {
		t.Errorf("quick connect after the default was turned off: %+v", got)
	}
}
