package syncplan_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	syncplan "portside/transfer/sync"
)

var t0 = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

func file(p string, size int64, t time.Time) syncplan.File {
	return syncplan.File{Path: p, Size: size, ModTime: t}
}

func dir(p string) syncplan.File { return syncplan.File{Path: p, IsDir: true, ModTime: t0} }

func link(f syncplan.File) syncplan.File { f.IsLink = true; return f }

func listing(files ...syncplan.File) syncplan.Listing {
	syncplan.Sort(files)
	return syncplan.Listing{Files: files}
}

// mlsd is a server listing with second precision.
func mlsd(files ...syncplan.File) syncplan.Listing {
	l := listing(files...)
	l.Clock.Precision = time.Second
	return l
}

// show writes an action as the tests compare it: "op path: reason".
func show(a syncplan.Action) string { return fmt.Sprintf("%s %s: %s", a.Op, a.Path, a.Reason) }

func TestBuild(t *testing.T) {
	h2 := 2 * time.Hour
	upload := syncplan.Options{}
	download := syncplan.Options{Direction: syncplan.Download}
	withDelete := syncplan.Options{Delete: true}
	tests := []struct {
		name          string
		local, remote syncplan.Listing
		opts          syncplan.Options
		man           map[string]syncplan.Record
		want          []string
	}{
		{"new file", listing(file("a.txt", 10, t0)), mlsd(), upload, nil,
			[]string{"upload a.txt: not on server"}},
		{"new folder and its file", listing(dir("d"), file("d/a", 1, t0)), mlsd(), upload, nil,
			[]string{"mkdir d: folder not on server", "upload d/a: not on server"}},
		{"download a new file", listing(), mlsd(file("a", 1, t0)), download, nil,
			[]string{"download a: not here"}},
		{"same size and time", listing(file("a", 10, t0)), mlsd(file("a", 10, t0)), upload, nil,
			[]string{"skip a: same size and time"}},
		{"size differs", listing(file("a", 10, t0)), mlsd(file("a", 12, t0)), upload, nil,
			[]string{"upload a: size differs: 10 B here, 12 B there"}},
		{"newer here", listing(file("a", 10, t0.Add(h2))), mlsd(file("a", 10, t0)), upload, nil,
			[]string{"upload a: newer here by 2 h"}},
		{"newer on server, mirrored anyway", listing(file("a", 10, t0)), mlsd(file("a", 10, t0.Add(h2))), upload, nil,
			[]string{"upload a: time differs: newer on server by 2 h"}},
		{"download: newer on server", listing(file("a", 10, t0)), mlsd(file("a", 10, t0.Add(h2))), download, nil,
			[]string{"download a: newer on server by 2 h"}},
		{"only newer: server newer", listing(file("a", 10, t0)), mlsd(file("a", 10, t0.Add(h2))),
			syncplan.Options{OnlyNewer: true}, nil,
			[]string{"skip a: newer on server by 2 h (only newer files are copied)"}},
		{"only newer: sizes differ but server newer", listing(file("a", 10, t0)), mlsd(file("a", 99, t0.Add(3*time.Minute))),
			syncplan.Options{OnlyNewer: true}, nil,
			[]string{"skip a: newer on server by 3 min (only newer files are copied)"}},
		{"only newer: here newer", listing(file("a", 10, t0.Add(45*time.Second))), mlsd(file("a", 10, t0)),
			syncplan.Options{OnlyNewer: true}, nil,
			[]string{"upload a: newer here by 45 s"}},
		{"download only newer: local newer", listing(file("a", 10, t0.Add(h2))), mlsd(file("a", 10, t0)),
			syncplan.Options{Direction: syncplan.Download, OnlyNewer: true}, nil,
			[]string{"skip a: newer here by 2 h (only newer files are copied)"}},
		{"MLSD drops the fraction", listing(file("a", 10, t0.Add(700*time.Millisecond))), mlsd(file("a", 10, t0)), upload, nil,
			[]string{"skip a: same size and time"}},
		{"LIST precision: within a minute", listing(file("a", 10, t0.Add(45*time.Second))),
			syncplan.Listing{Files: []syncplan.File{file("a", 10, t0)}, Clock: syncplan.Clock{Precision: time.Minute}}, upload, nil,
			[]string{"skip a: same size and time"}},
		{"LIST precision: two minutes", listing(file("a", 10, t0.Add(2*time.Minute))),
			syncplan.Listing{Files: []syncplan.File{file("a", 10, t0)}, Clock: syncplan.Clock{Precision: time.Minute}}, upload, nil,
			[]string{"upload a: newer here by 2 min"}},
		{"user tolerance", listing(file("a", 10, t0.Add(4*time.Minute))), mlsd(file("a", 10, t0)),
			syncplan.Options{Tolerance: syncplan.Duration(5 * time.Minute)}, nil,
			[]string{"skip a: same size and time"}},
		{"server lists in its time zone", listing(file("a", 10, t0)),
			syncplan.Listing{Files: []syncplan.File{file("a", 10, t0.Add(h2))}, Clock: syncplan.Clock{Precision: time.Minute, Zone: h2}}, upload, nil,
			[]string{"skip a: same size and time"}},
		{"time zone, then a real difference", listing(file("a", 10, t0.Add(10*time.Minute))),
			syncplan.Listing{Files: []syncplan.File{file("a", 10, t0.Add(h2))}, Clock: syncplan.Clock{Precision: time.Minute, Zone: h2}}, upload, nil,
			[]string{"upload a: newer here by 10 min"}},
		{"server clock skew widens the tolerance", listing(file("a", 10, t0)),
			syncplan.Listing{Files: []syncplan.File{file("a", 10, t0.Add(40*time.Second))}, Clock: syncplan.Clock{Precision: time.Second, Skew: 45 * time.Second}}, download, nil,
			[]string{"skip a: same size and time"}},
		{"date-only LIST time", listing(file("a", 10, t0.Add(14*time.Hour))),
			syncplan.Listing{Files: []syncplan.File{{Path: "a", Size: 10, ModTime: t0.Truncate(24 * time.Hour), DateOnly: true}}, Clock: syncplan.Clock{Precision: time.Minute}}, upload, nil,
			[]string{"skip a: same size and day (the server lists only the date)"}},
		{"no time from the server", listing(file("a", 10, t0)), mlsd(file("a", 10, time.Time{})), upload, nil,
			[]string{"skip a: same size (no time to compare)"}},
		{"compare size only", listing(file("a", 10, t0)), mlsd(file("a", 10, t0.Add(h2))),
			syncplan.Options{Compare: syncplan.SizeOnly}, nil,
			[]string{"skip a: same size"}},
		{"compare size only, sizes differ", listing(file("a", 10, t0)), mlsd(file("a", 11, t0)),
			syncplan.Options{Compare: syncplan.SizeOnly}, nil,
			[]string{"upload a: size differs: 10 B here, 11 B there"}},
		{"compare always", listing(file("a", 10, t0)), mlsd(file("a", 10, t0)),
			syncplan.Options{Compare: syncplan.Always}, nil,
			[]string{"upload a: copy always"}},
		{"deleting is off", listing(), mlsd(file("old", 1, t0), dir("gone"), file("gone/x", 1, t0)), upload, nil,
			[]string{"skip gone: only on server (deleting is off)", "skip old: only on server (deleting is off)"}},
		{"download keeps local extras", listing(file("mine", 1, t0)), mlsd(), download, nil,
			[]string{"skip mine: only here (deleting is off)"}},
		{"delete what is gone", listing(file("keep", 1, t0)), mlsd(file("keep", 1, t0), file("old", 1, t0), dir("gone"), file("gone/x", 1, t0)),
			withDelete, nil,
			[]string{"delete gone: gone from here", "delete gone/x: gone from here", "skip keep: same size and time", "delete old: gone from here"}},
		{"download deletes local extras", listing(file("mine", 1, t0)), mlsd(), syncplan.Options{Direction: syncplan.Download, Delete: true}, nil,
			[]string{"delete mine: gone from server"}},
		{"a folder to delete that holds excluded files stays", listing(),
			mlsd(dir("old"), file("old/a", 1, t0), file("old/b.tmp", 1, t0), dir("old/sub"), file("old/sub/c", 1, t0)),
			syncplan.Options{Delete: true, Exclude: []string{"*.tmp"}}, nil,
			[]string{"skip old: not deleted: it holds files that stay", "delete old/a: gone from here", "skip old/b.tmp: excluded by *.tmp",
				"delete old/sub: gone from here", "delete old/sub/c: gone from here"}},
		{"excludes: a name at any depth, a folder, an anchored path",
			listing(file("a.tmp", 1, t0), dir("build"), file("build/out", 1, t0), dir("cache"), file("cache/x", 1, t0),
				dir("src"), file("src/b.tmp", 1, t0), dir("src/build"), file("src/build/y", 1, t0), file("src/main.go", 1, t0)),
			mlsd(dir("build"), dir("src"), dir("src/build")),
			syncplan.Options{Exclude: []string{"*.tmp", "cache/", "/build"}}, nil,
			[]string{"skip a.tmp: excluded by *.tmp", "skip build: excluded by /build", "skip cache: excluded by cache/",
				"skip src/b.tmp: excluded by *.tmp", "upload src/build/y: not on server", "upload src/main.go: not on server"}},
		{"the filename filter: names in any case, files and folders",
			listing(file("a.BAK", 1, t0), dir("Cache"), file("Cache/x", 1, t0), dir("src"), file("src/b.bak", 1, t0), file("src/keep.txt", 1, t0)),
			mlsd(dir("src")),
			syncplan.Options{NameFilter: []string{"*.bak", "cache"}}, nil,
			[]string{"skip Cache: filtered out by the filename filter cache", "skip a.BAK: filtered out by the filename filter *.bak",
				"skip src/b.bak: filtered out by the filename filter *.bak", "upload src/keep.txt: not on server"}},
		{"doublestar excludes", listing(dir("a"), dir("a/node_modules"), file("a/node_modules/m.js", 1, t0), file("a/x.js", 1, t0)), mlsd(),
			syncplan.Options{Exclude: []string{"**/node_modules"}}, nil,
			[]string{"mkdir a: folder not on server", "skip a/node_modules: excluded by **/node_modules", "upload a/x.js: not on server"}},
		{"includes pick files; folders are made only for them",
			listing(file("a.txt", 1, t0), dir("empty"), dir("p"), dir("p/q"), file("p/q/x.jpg", 5, t0), file("p/y.txt", 1, t0)), mlsd(),
			syncplan.Options{Include: []string{"*.jpg"}}, nil,
			[]string{"skip a.txt: not matched by an include pattern", "mkdir p: folder not on server", "mkdir p/q: folder not on server",
				"upload p/q/x.jpg: not on server", "skip p/y.txt: not matched by an include pattern"}},
		{"excludes win over includes", listing(file("a.jpg", 1, t0), file("b.jpg", 1, t0)), mlsd(),
			syncplan.Options{Include: []string{"*.jpg"}, Exclude: []string{"b*"}}, nil,
			[]string{"upload a.jpg: not on server", "skip b.jpg: excluded by b*"}},
		{"manifest: server cannot set times", listing(file("a", 10, t0)), mlsd(file("a", 10, t0.Add(h2))), upload,
			map[string]syncplan.Record{"a": {Size: 10, Local: t0, Remote: t0.Add(h2)}},
			[]string{"skip a: unchanged since the last sync"}},
		{"manifest: changed here since", listing(file("a", 10, t0.Add(time.Hour))), mlsd(file("a", 10, t0.Add(h2))), upload,
			map[string]syncplan.Record{"a": {Size: 10, Local: t0, Remote: t0.Add(h2)}},
			[]string{"upload a: changed here since the last sync"}},
		{"manifest: download, changed on server since", listing(file("a", 10, t0)), mlsd(file("a", 10, t0.Add(h2))), download,
			map[string]syncplan.Record{"a": {Size: 10, Local: t0, Remote: t0.Add(time.Hour)}},
			[]string{"download a: changed on server since the last sync"}},
		{"manifest: destination changed since, so compare", listing(file("a", 10, t0)), mlsd(file("a", 10, t0.Add(3*time.Hour))), syncplan.Options{OnlyNewer: true},
			map[string]syncplan.Record{"a": {Size: 10, Local: t0, Remote: t0.Add(h2)}},
			[]string{"skip a: newer on server by 3 h (only newer files are copied)"}},
		{"manifest ignored by size-only", listing(file("a", 10, t0)), mlsd(file("a", 10, t0.Add(h2))), syncplan.Options{Compare: syncplan.SizeOnly},
			map[string]syncplan.Record{"a": {Size: 9, Local: t0, Remote: t0}},
			[]string{"skip a: same size"}},
		{"links are skipped, their contents too",
			listing(link(file("l", 3, t0)), link(dir("ld")), file("ld/x", 1, t0)), mlsd(), upload, nil,
			[]string{"skip l: symbolic link here (links are not followed)", "skip ld: symbolic link here (links are not followed)"}},
		{"a link on the server is never deleted when links are not followed", listing(), mlsd(link(file("l", 3, t0))), withDelete, nil,
			[]string{"skip l: symbolic link on server (links are not followed)"}},
		{"followed links are their targets",
			listing(link(file("l", 3, t0)), link(dir("ld")), file("ld/x", 1, t0)), mlsd(), syncplan.Options{FollowLinks: true}, nil,
			[]string{"upload l: not on server", "mkdir ld: folder not on server", "upload ld/x: not on server"}},
		{"broken links are skipped", listing(syncplan.File{Path: "l", IsLink: true, Broken: true}), mlsd(), syncplan.Options{FollowLinks: true}, nil,
			[]string{"skip l: broken or looping symbolic link here"}},
		{"a folder here, a file there", listing(dir("x"), file("x/a", 1, t0)), mlsd(file("x", 5, t0)), withDelete, nil,
			[]string{"skip x: a folder here, a file on server: remove one by hand"}},
		{"folders on both sides say nothing", listing(dir("d")), mlsd(dir("d")), upload, nil, nil},
		{"a folder the walk cut on the server: its files here are not deleted",
			listing(dir("d"), file("d/x", 1, t0)), mlsd(syncplan.File{Path: "d", IsDir: true, Cut: "not walked: a loop"}),
			syncplan.Options{Direction: syncplan.Download, Delete: true}, nil,
			[]string{"skip d: not walked: a loop on server"}},
		{"a folder the walk cut here: nothing is copied into it",
			listing(syncplan.File{Path: "d", IsDir: true, Cut: "not walked: too deep"}), mlsd(dir("d"), file("d/x", 1, t0)), download, nil,
			[]string{"skip d: not walked: too deep here"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var man *syncplan.Manifest
			if tt.man != nil {
				man = syncplan.NewManifest(syncplan.Pair{})
				man.Files = tt.man
			}
			p, err := syncplan.Build(tt.local, tt.remote, tt.opts, man)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, a := range p.Actions {
				got = append(got, show(a))
				// The window words the code; the command line the text.
				if !slices.Contains(syncplan.WhyCodes, a.Why.Code) || a.Why.Text != a.Reason {
					t.Errorf("%s: Why %+v, not a known code with the reason's text", a.Path, a.Why)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("plan:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

func TestBuildCountsAndBytes(t *testing.T) {
	p, err := syncplan.Build(listing(dir("d"), file("d/a", 100, t0), file("b", 50, t0), file("c", 7, t0)),
		mlsd(file("c", 7, t0), file("gone", 1, t0)), syncplan.Options{Delete: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.Count(syncplan.OpMkdir) != 1 || p.Count(syncplan.OpUpload) != 2 || p.Count(syncplan.OpDelete) != 1 ||
		p.Count(syncplan.OpSkip) != 1 || p.Bytes != 150 || p.Copies() != 2 || p.Empty() {
		t.Fatalf("counts %v, bytes %d", p.Counts, p.Bytes)
	}
	if p.Tolerance != time.Second {
		t.Errorf("tolerance %v, want the server's precision, 1s", p.Tolerance)
	}
}

func TestBuildRefusesTooManyDeletes(t *testing.T) {
	remote := mlsd(file("a", 1, t0), file("b", 1, t0), file("c", 1, t0))
	tests := []struct {
		max     int
		refused bool
	}{{2, true}, {3, false}, {-1, false}, {0, false}} // 0: the default, 100
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.max), func(t *testing.T) {
			p, err := syncplan.Build(listing(), remote, syncplan.Options{Delete: true, MaxDelete: tt.max}, nil)
			var tm *syncplan.TooManyDeletesError
			if tt.refused != errors.As(err, &tm) {
				t.Fatalf("max %d: err %v", tt.max, err)
			}
			if p == nil || p.Count(syncplan.OpDelete) != 3 {
				t.Fatalf("the refused plan is not returned for a preview: %+v", p)
			}
			if tt.refused {
				if !errors.Is(err, syncplan.ErrTooManyDeletes) || !strings.Contains(err.Error(), "delete 3 files and folders on the server, more than the limit of 2; nothing was changed") {
					t.Errorf("message: %v", err)
				}
			}
		})
	}
	// The default cap bites at 101.
	var many []syncplan.File
	for i := range 101 {
		many = append(many, file(fmt.Sprintf("f%03d", i), 1, t0))
	}
	if _, err := syncplan.Build(listing(), mlsd(many...), syncplan.Options{Delete: true}, nil); !errors.Is(err, syncplan.ErrTooManyDeletes) {
		t.Errorf("101 deletes under the default cap: %v", err)
	}
}

func TestBuildRejects(t *testing.T) {
	unsorted := syncplan.Listing{Files: []syncplan.File{file("b", 1, t0), file("a", 1, t0)}}
	if _, err := syncplan.Build(unsorted, mlsd(), syncplan.Options{}, nil); err == nil {
		t.Error("an unsorted listing was planned")
	}
	for _, o := range []syncplan.Options{
		{Exclude: []string{"[a-"}},
		{NameFilter: []string{"a,b"}},
		{OnlyNewer: true, Compare: syncplan.Always},
		{Parallel: 11},
		{Tolerance: -1},
	} {
		if _, err := syncplan.Build(listing(), mlsd(), o, nil); err == nil {
			t.Errorf("options %+v were accepted", o)
		}
	}
}

func TestSubsetKeepsNeededFolders(t *testing.T) {
	p, err := syncplan.Build(listing(dir("a"), dir("a/b"), file("a/b/x", 3, t0), file("y", 4, t0)), mlsd(file("z", 1, t0)),
		syncplan.Options{Delete: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Keep only the deep file: its folders come along; y and the delete don't.
	s := p.Subset(func(_ int, a syncplan.Action) bool { return a.Path == "a/b/x" })
	var got []string
	for _, a := range s.Actions {
		got = append(got, show(a))
	}
	want := []string{"mkdir a: folder not on server", "mkdir a/b: folder not on server", "upload a/b/x: not on server",
		"skip y: left out by hand", "skip z: left out by hand"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("subset:\n  %s", strings.Join(got, "\n  "))
	}
	if s.Bytes != 3 || s.Count(syncplan.OpDelete) != 0 || p.Count(syncplan.OpDelete) != 1 {
		t.Errorf("subset bytes %d deletes %d; original deletes %d", s.Bytes, s.Count(syncplan.OpDelete), p.Count(syncplan.OpDelete))
	}
}

func TestAge(t *testing.T) {
	for d, want := range map[time.Duration]string{
		45 * time.Second: "45 s", -3 * time.Minute: "3 min", 2 * time.Hour: "2 h",
		100 * time.Minute: "2 h", 50 * time.Hour: "2 days", 89 * time.Second: "89 s",
	} {
		if got := syncplan.Age(d); got != want {
			t.Errorf("Age(%v) = %q, want %q", d, got, want)
		}
	}
}
