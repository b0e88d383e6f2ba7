//go:build unix

package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"fyne.io/fyne/v2"

	"portside/ui"
)

// printPlacementsOnSignal serves scripts/dialogs-xvfb.sh: with
// PORTSIDE_PLACEMENTS=1 in the environment, each SIGUSR1 prints where the
// named controls are, one "portside: at NAME X Y W H" line each (canvas
// units; the script runs at scale 1), and the named menus' entries
// ("portside: menu NAME I LABEL"), between "portside: at begin N" and
// "portside: at end N", so the script reads a whole and fresh listing. Without
// the variable SIGUSR1 keeps its default meaning.
func printPlacementsOnSignal(w fyne.Window, out io.Writer) {
	if os.Getenv("PORTSIDE_PLACEMENTS") != "1" {
		return
	}
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGUSR1)
	go func() {
		n := 0
		for range ch {
			n++
			seq := n
			fyne.Do(func() {
				c := w.Canvas().Size()
				fmt.Fprintf(out, "portside: at begin %d\n", seq)
				fmt.Fprintf(out, "portside: at window 0 0 %d %d\n", int(c.Width), int(c.Height))
				for name, labels := range ui.MenuLabels() {
					for i, l := range labels {
						fmt.Fprintf(out, "portside: menu %s %d %s\n", name, i, l)
					}
				}
				places := ui.Placements()
				if top, ok := ui.TopOverlay(w.Canvas()); ok {
					places = append(places, top)
				}
				for _, p := range places {
					fmt.Fprintf(out, "portside: at %s %d %d %d %d\n", p.Name,
						int(p.Pos.X), int(p.Pos.Y), int(p.Size.Width), int(p.Size.Height))
				}
				fmt.Fprintf(out, "portside: at end %d\n", seq)
			})
		}
	}()
}
