// This file is Fyne v2.8.1's internal/driver/glfw/loop.go with Portside's
// idle wait (issue #12; third_party/fyne/README.md). The changes are marked
// "Portside:"; everything else is upstream's, BSD-3-Clause (see Fyne's LICENSE).

package glfw

import (
	"runtime"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/internal/app"
	"fyne.io/fyne/v2/internal/async"
	"fyne.io/fyne/v2/internal/cache"
	"fyne.io/fyne/v2/internal/driver/common"
	"fyne.io/fyne/v2/internal/painter"
	"fyne.io/fyne/v2/internal/scale"
)

type funcData struct {
	f    func()
	done chan struct{} // Zero allocation signalling channel
}

// channel for queuing functions on the main thread
var (
	funcQueue        = async.NewUnboundedChan[funcData]()
	running, drained atomic.Bool

	// Portside: the idle wait. pending counts the functions sent to
	// funcQueue and not yet run: one can be in the queue's own goroutine,
	// where len(funcQueue.Out()) does not see it. idle is set while the loop
	// may block in waitEvents; a sender that sees it wakes the loop. The
	// loop sets idle before it reads pending, and a sender adds to pending
	// before it reads idle, so one of the two sees the other.
	pending atomic.Int64
	idle    atomic.Bool
)

const (
	// quietTicks: the ticks in a row with nothing drawn and no animation
	// after which the loop stops ticking and waits for an event (0.5 s).
	quietTicks = 30
	// idleWait: the longest wait, in seconds. Time-based work runs then:
	// the caches' cleaning (textures of objects no longer drawn are let go),
	// and a Quit called from a goroutine, which does not post an event.
	idleWait = 2.0
)

// Arrange that main.main runs on main thread.
func init() {
	runtime.LockOSThread()
	async.SetMainGoroutine()
}

// force a function f to run on the main thread
func runOnMain(f func()) {
	runOnMainWithWait(f, true)
}

// force a function f to run on the main thread and specify if we should wait for it to return
func runOnMainWithWait(f func(), wait bool) {
	// If we are on main before app run just execute - otherwise add it to the main queue and wait.
	// We also need to run it as-is if the app is in the process of shutting down as the queue will be stopped.
	if (!running.Load() && async.IsMainGoroutine()) || drained.Load() {
		f()
		return
	}

	pending.Add(1) // Portside: before the send, and before idle is read
	if wait {
		done := common.DonePool.Get()
		defer common.DonePool.Put(done)

		funcQueue.In() <- funcData{f: f, done: done}
		wakeIfIdle()
		<-done
	} else {
		funcQueue.In() <- funcData{f: f}
		wakeIfIdle()
	}
}

// wakeIfIdle (Portside) posts an empty event when the loop waits for one.
func wakeIfIdle() {
	if idle.Load() {
		postEmptyEvent()
	}
}

// runFunc (Portside) runs one function taken from funcQueue.
func runFunc(f funcData) {
	pending.Add(-1)
	f.f()
	if f.done != nil {
		f.done <- struct{}{}
	}
}

func decideRepaint(visible, ready bool, checkDirtyAndClear func() bool) bool {
	return visible && ready && checkDirtyAndClear()
}

// drawSingleFrame paints the windows that changed. Portside: it says whether
// it painted any, which tells the loop it is not idle.
func (d *gLDriver) drawSingleFrame() (painted bool) {
	refreshed := false
	for _, win := range d.windowList() {
		w := win.(*window)
		if w.closing {
			continue
		}

		if decideRepaint(w.visible, w.frame.ready(), w.canvas.CheckDirtyAndClear) {
			painted = true
			w.RunWithContext(func() {
				if w.driver.repaintWindow(w) {
					refreshed = true
				}
			})
			w.updateAccessibility()
		} else {
			w.markCacheAlive()
		}
	}
	cache.Clean(refreshed)
	return painted
}

func (w *window) markCacheAlive() {
	threshold := time.Now().Add(10*time.Second - cache.ValidDuration)
	if w.lastWalkedTime.Before(threshold) {
		w.canvas.WalkTrees(nil, func(node *common.RenderCacheNode, _ fyne.Position) {
			_ = cache.GetCanvasForObject(node.Obj())
			if wid, ok := node.Obj().(fyne.Widget); ok {
				_, _ = cache.CachedRenderer(wid)
			}
		})
		w.lastWalkedTime = time.Now()
	}
}

func (d *gLDriver) applyThemeToWindow(w fyne.Window) {
	if win, ok := w.(*window); ok {
		win.setDarkMode()
	}
}

func (d *gLDriver) runGL() {
	if !running.CompareAndSwap(false, true) {
		return // Run was called twice.
	}

	d.init()
	if d.trayStart != nil {
		d.trayStart()
	}

	fyne.CurrentApp().Settings().AddListener(func(set fyne.Settings) {
		painter.ClearFontCache()
		cache.ResetThemeCaches()
		app.ApplySettingsWithCallback(set, fyne.CurrentApp(), func(w fyne.Window) {
			d.applyThemeToWindow(w)
			c, ok := w.Canvas().(*glCanvas)
			if !ok {
				return
			}
			c.applyThemeOutOfTreeObjects()
			c.reloadScale()
		})
	})

	if f := fyne.CurrentApp().Lifecycle().(*app.Lifecycle).OnStarted(); f != nil {
		f()
	}

	// Portside: the loop ticks 60 times a second while something happens,
	// and after quietTicks ticks in a row that drew nothing it stops the
	// ticker and waits for an event (waitIdle). Upstream ticks for good: a
	// wake-up, an event poll and a look at every window 60 times a second,
	// about 1.5 % of a core for a window where nothing changes.
	eventTick := time.NewTicker(time.Second / 60)
	quiet := 0
	for {
		if quiet >= quietTicks {
			eventTick.Stop()
			switch d.waitIdle() {
			case waitTimedOut:
				select {
				case <-d.done:
					d.shutdown()
					return
				default:
					continue // still idle: wait again
				}
			case waitWoken:
				// An event that drew nothing, or a function, ends the wait:
				// one tick, then the loop waits again unless that tick
				// drew. A stream of such events (the pointer moving over
				// nothing that changes) is so taken at most 60 times a
				// second, as upstream's poll takes them, not one by one.
				quiet = quietTicks - 1
			case waitDrew:
				quiet = 0
			}
			eventTick.Reset(time.Second / 60)
		}
		select {
		case <-d.done:
			eventTick.Stop()
			d.shutdown()
			return
		case f := <-funcQueue.Out():
			// Portside: a function does not keep the loop ticking by
			// itself; the next tick sees whether it changed anything.
			runFunc(f)
		case <-eventTick.C:
			if d.tick() {
				quiet = 0
			} else {
				quiet++
			}
		}
	}
}

// shutdown ends the loop: GLFW terminated, the queue drained and closed.
func (d *gLDriver) shutdown() {
	stopWaking() // Portside: no empty event is posted once GLFW is gone
	d.Terminate()
	l := fyne.CurrentApp().Lifecycle().(*app.Lifecycle)
	if f := l.OnStopped(); f != nil {
		l.QueueEvent(f)
	}

	// as we are shutting down make sure we drain the pending funcQueue and close it out.
	for len(funcQueue.Out()) > 0 {
		f := <-funcQueue.Out()
		if f.done != nil {
			f.done <- struct{}{}
		}
	}
	drained.Store(true)
	funcQueue.Close()
}

// waitIdle's outcomes (Portside).
const (
	waitTimedOut = iota // nothing came within idleWait; the tick drew nothing
	waitWoken           // an event or a function ended the wait; nothing drawn yet
	waitDrew            // the tick after the wait drew, or an animation runs
)

// waitIdle (Portside) waits for an event, a function or idleWait, with the
// ticker stopped, and runs one tick for what the wait brought.
func (d *gLDriver) waitIdle() int {
	idle.Store(true)
	waited := time.Duration(0)
	// running is false once Quit was called (it closes d.done after):
	// the loop is to end, not wait.
	if pending.Load() == 0 && !d.animation.Running() && running.Load() {
		start := time.Now()
		waitEvents(idleWait)
		waited = time.Since(start)
	}
	idle.Store(false)
	if d.tick() {
		return waitDrew
	}
	if pending.Load() > 0 || waited < time.Duration(idleWait*float64(time.Second))*9/10 {
		return waitWoken
	}
	return waitTimedOut
}

// tick polls the events, handles closed and expanding windows, steps the
// animations and draws what changed. Portside: it says whether it drew a
// window or an animation runs, which keeps the loop ticking.
func (d *gLDriver) tick() bool {
	d.pollEvents()
	busy := false
	for i := 0; i < len(d.windows); i++ {
		w := d.windows[i].(*window)
		w.ensurePositionProcessed()

		if w.viewport == nil {
			continue
		}

		if w.viewport.ShouldClose() {
			d.destroyWindow(w, i)
			i-- // Trailing windows are moved forward one step.
			busy = true
			continue
		}

		expand := w.shouldExpand
		fullScreen := w.fullScreen

		if expand && !fullScreen {
			w.fitContent()
			shouldExpand := w.shouldExpand
			w.shouldExpand = false
			view := w.viewport

			if shouldExpand && runtime.GOOS != "js" {
				view.SetSize(w.shouldWidth, w.shouldHeight)
			}
			busy = true
		}
	}

	d.animation.TickAnimations()
	if d.drawSingleFrame() {
		busy = true
	}
	return busy || d.animation.Running()
}

func (d *gLDriver) destroyWindow(w *window, index int) {
	w.visible = false
	w.viewport.Destroy()
	w.destroy(d)

	if index < len(d.windows)-1 {
		copy(d.windows[index:], d.windows[index+1:])
	}
	d.windows[len(d.windows)-1] = nil
	d.windows = d.windows[:len(d.windows)-1]

	if len(d.windows) == 0 {
		d.Quit()
	}
}

func (d *gLDriver) repaintWindow(w *window) bool {
	canvas := w.canvas
	freed := false
	if canvas.EnsureMinSize() {
		w.shouldExpand = true
	}
	freed = canvas.FreeDirtyTextures() > 0

	updateGLContext(w)
	canvas.paint(canvas.Size())

	view := w.viewport
	visible := w.visible

	if view != nil && visible {
		w.frame.requestFrame()
		view.SwapBuffers()
	}

	// mark that we have walked the window and don't
	// need to walk it again to mark caches alive
	w.lastWalkedTime = time.Now()
	return freed
}

// refreshWindow requests that the specified window be redrawn
func refreshWindow(w *window) {
	w.canvas.SetDirty()
}

func updateGLContext(w *window) {
	canvas := w.canvas
	size := canvas.Size()

	// w.width and w.height are not correct if we are maximised, so figure from canvas
	winWidth := float32(scale.ToScreenCoordinate(canvas, size.Width)) * canvas.texScale
	winHeight := float32(scale.ToScreenCoordinate(canvas, size.Height)) * canvas.texScale

	canvas.Painter().SetFrameBufferScale(canvas.texScale)
	canvas.Painter().SetOutputSize(int(winWidth), int(winHeight))
}
