// This file is Portside's, added to Fyne v2.8.1's internal/animation
// package for the GLFW loop's idle wait (issue #12;
// third_party/fyne/README.md).

package animation

// Running reports whether an animation is started and not yet finished:
// the loop keeps ticking while one is.
func (r *Runner) Running() bool {
	r.animationMutex.RLock()
	defer r.animationMutex.RUnlock()
	return r.runnerStarted
}
