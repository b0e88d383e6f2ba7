//go:build !unix

package main

import (
	"io"

	"fyne.io/fyne/v2"
)

// printPlacementsOnSignal: no SIGUSR1 here, and the script that uses it
// runs only under Xvfb.
func printPlacementsOnSignal(fyne.Window, io.Writer) {}
