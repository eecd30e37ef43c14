// Package heappeak measures the peak of the Go heap while a function runs,
// for benchmarks that report memory as a figure (peak-MiB) beside time:
// testing's -benchmem counts what was allocated, not what was held at once.
package heappeak

import (
	"runtime"
	"sync/atomic"
	"time"
)

// Sample collects garbage, notes the heap in use (base), then runs fn
// while reading the heap in use every interval and returns the highest
// reading (peak; at least base). Reading the heap stops the world briefly,
// so a short interval costs fn a little time.
func Sample(every time.Duration, fn func()) (peak, base uint64) {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	base = m.HeapInuse
	var top atomic.Uint64
	top.Store(base)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(every)
		defer t.Stop()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > top.Load() {
				top.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	fn()
	close(stop)
	<-done
	return top.Load(), base
}
