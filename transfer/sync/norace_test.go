//go:build !race

package syncplan_test

const raceEnabled = false
