//go:build unix

package main

import (
	"os"
	"syscall"
	"time"

	"portside/ui"
)

// textureLifetime is how long Fyne keeps the GL texture of a text it no
// longer draws (its cache.ValidDuration, one minute by default). The queue
// draws thousands of distinct texts a minute (file names, speeds), each
// a texture of a few KB in the GL driver's heap, so a minute of them was
// most of the RSS an upload added (issue #12). Fyne reads the lifetime
// from FYNE_CACHE once, as its package starts, before main: so main sets
// it and starts itself again, once, when the user has not set it.
const textureLifetime = 20 * time.Second

func init() {
	if os.Getenv("FYNE_CACHE") != "" {
		if d, err := time.ParseDuration(os.Getenv("FYNE_CACHE")); err == nil {
			ui.TextureLifetime = d
		}
		return
	}
	exe, err := os.Executable()
	if err != nil {
		return // Fyne's minute, then: slower to hand memory back, nothing worse
	}
	os.Setenv("FYNE_CACHE", textureLifetime.String())
	err = syscall.Exec(exe, os.Args, os.Environ())
	// Only a failed exec returns; go on with Fyne's minute.
	os.Unsetenv("FYNE_CACHE")
	_ = err
}
