package syncplan_test

import (
	"fmt"
	"time"

	syncplan "portside/transfer/sync"
)

// Build compares two sorted listings; every action says why.
func ExampleBuild() {
	at := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	local := []syncplan.File{
		{Path: "index.html", Size: 12, ModTime: at.Add(2 * time.Hour)},
		{Path: "notes.tmp", Size: 3, ModTime: at},
		{Path: "style.css", Size: 10, ModTime: at},
	}
	remote := []syncplan.File{
		{Path: "index.html", Size: 12, ModTime: at},
		{Path: "old.html", Size: 5, ModTime: at},
		{Path: "style.css", Size: 12, ModTime: at},
	}
	plan, err := syncplan.Build(
		syncplan.Listing{Files: local},
		syncplan.Listing{Files: remote, Clock: syncplan.Clock{Precision: time.Second}},
		syncplan.Options{Delete: true, Exclude: []string{"*.tmp"}}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range plan.Actions {
		fmt.Printf("%-6s %-10s %s\n", a.Op, a.Path, a.Reason)
	}
	fmt.Printf("%d to upload (%s), %d to delete\n", plan.Copies(), syncplan.Bytes(plan.Bytes), plan.Count(syncplan.OpDelete))
	// Output:
	// upload index.html newer here by 2 h
	// skip   notes.tmp  excluded by *.tmp
	// delete old.html   gone from here
	// upload style.css  size differs: 10 B here, 12 B there
	// 2 to upload (22 B), 1 to delete
}
