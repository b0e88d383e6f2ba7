//go:build race

package ui_test

// raceOn: the race detector makes every transfer several times slower, so
// tests that measure a batch's leftovers run a smaller batch under it.
const raceOn = true
