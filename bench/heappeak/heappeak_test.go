package heappeak

import (
	"testing"
	"time"
)

var sink []byte

// A function that holds 64 MiB for a while shows it in the peak above the
// base; the base is what was in use before it ran.
func TestSample(t *testing.T) {
	const held = 64 << 20
	peak, base := Sample(time.Millisecond, func() {
		sink = make([]byte, held)
		for i := range sink {
			sink[i] = 1
		}
		time.Sleep(20 * time.Millisecond)
		sink = nil
	})
	if peak < base+held {
		t.Errorf("peak %d, base %d: the 64 MiB held were not seen", peak, base)
	}
	peak, base = Sample(time.Millisecond, func() { time.Sleep(10 * time.Millisecond) })
	if peak < base || peak > base+8<<20 {
		t.Errorf("peak %d, base %d for a function that holds nothing", peak, base)
	}
}
