package scoring

import (
	"math"
	"math/bits"
)

// micro is the fixed-point unit of marks: a millionth of a point. See the
// package doc for why marks are summed in integers.
const micro = 1_000_000

// toMicro quantises x points to micro-points, half-up.
func toMicro(x float64) int64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return int64(math.Floor(x*micro + 0.5))
}

// u128 is an unsigned 128-bit integer, enough for products of two
// micro-point figures of any plausible framework.
type u128 struct{ hi, lo uint64 }

func mul(a, b int64) u128 {
	hi, lo := bits.Mul64(uint64(max(a, 0)), uint64(max(b, 0)))
	return u128{hi, lo}
}

func (x u128) add(y u128) u128 {
	lo, c := bits.Add64(x.lo, y.lo, 0)
	hi, _ := bits.Add64(x.hi, y.hi, c)
	return u128{hi, lo}
}

// divRound is x/d rounded half-up; d > 0. The quotient must fit in 63
// bits, which holds for every mark (it is at most a framework's total in
// micro-points).
func divRound(x u128, d int64) int64 {
	if d <= 0 {
		return 0
	}
	// (2x + d) / 2d, computed as 128-bit by 64-bit division.
	x2 := u128{x.hi<<1 | x.lo>>63, x.lo << 1}.add(u128{0, uint64(d)})
	dd := uint64(d) * 2
	if x2.hi >= dd {
		return math.MaxInt64 // cannot happen for marks; never panic on data
	}
	q, _ := bits.Div64(x2.hi, x2.lo, dd)
	return int64(q)
}

// hundredths rounds micro-points to hundredths of a point, half-up.
func hundredths(m int64) int64 {
	if m >= 0 {
		return (m + 5_000) / 10_000
	}
	return -((-m + 4_999) / 10_000) // half-up towards +∞ for negatives
}

// float2 is a count of hundredths as the float that prints as it (85.37).
func float2(h int64) float64 { return float64(h) / 100 }

// round2 rounds a float to two decimals, half-up, via micro-points so that
// 0.125 → 0.13 and 2.675 (stored as 2.67499…) → 2.68.
func round2(x float64) float64 { return float2(hundredths(toMicro(x))) }
