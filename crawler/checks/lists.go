package checks

import (
	"strings"
	"unicode/utf8"
)

// Lists are the word lists of the dictionary checks: the built-in
// starters (starters.go) and what a bureau's framework adds
// (indicators.WordLists). Entries are plain strings: matching is exact,
// on the visible text, so a list entry must be written as it appears.
type Lists struct {
	// NoStarters drops the built-in starter lists; a bureau's lists alone
	// then apply.
	NoStarters bool
	// Leaders are the current leaders and their titles (wording).
	Leaders []Leader
	// Titles are further titles a page may give a leader (the built-in
	// vocabulary and the leaders' own titles always count).
	Titles []string
	// Formulations are wrong formulations of names of the Party and the
	// state (wording): 台湾总统 → 台湾地区领导人.
	Formulations []Pair
	// Typos are misused words (typo): 按装 → 安装.
	Typos []Pair
	// Sensitive are words a government page should not carry (sensitive).
	Sensitive []string
	// DarkKeywords in a link's anchor text or target mark a gambling,
	// pornographic or advertising link (dark_link).
	DarkKeywords []string
	// DarkDomains are hosts (and their subdomains) of such sites.
	DarkDomains []string
	// Allow are phrases in which no hit counts (部属院校 holds 部属 rightly).
	Allow []string
}

// Leader is one leader of a bureau's list: a name and every title the
// leader holds now.
type Leader struct {
	Name   string
	Titles []string
}

// Pair is a wrong form and the right one; Note says where the entry
// comes from; Unless lists words whose presence later in the same
// sentence makes the hit a correct use (既使……又…… is 既 + 使).
type Pair struct {
	Wrong, Right, Note string
	Unless             []string
}

// withStarters is the lists a checker uses: the starters unless dropped,
// then the bureau's entries (a bureau entry with the same wrong form
// replaces the starter's).
func (l Lists) withStarters() Lists {
	if l.NoStarters {
		return l
	}
	out := l
	out.Titles = append(append([]string(nil), StarterTitles...), l.Titles...)
	out.Formulations = mergePairs(StarterFormulations, l.Formulations)
	out.Typos = mergePairs(StarterTypos, l.Typos)
	out.Sensitive = append(append([]string(nil), StarterSensitive...), l.Sensitive...)
	out.DarkKeywords = append(append([]string(nil), StarterDarkKeywords...), l.DarkKeywords...)
	out.DarkDomains = append(append([]string(nil), StarterDarkDomains...), l.DarkDomains...)
	out.Allow = append(append([]string(nil), StarterAllow...), l.Allow...)
	return out
}

func mergePairs(starters, own []Pair) []Pair {
	mine := map[string]bool{}
	for _, p := range own {
		mine[p.Wrong] = true
	}
	var out []Pair
	for _, p := range starters {
		if !mine[p.Wrong] {
			out = append(out, p)
		}
	}
	return append(out, own...)
}

// dict finds the entries of a word list in a text. Entries are indexed by
// their first rune, with a bitmap of the first runes below U+10000 that
// some entry starts with, so that a scan costs a bit test per rune of the
// text and a look at the few entries sharing a start: a bureau's list of
// thousands of words stays as fast as the starters.
type dict struct {
	first   [1 << 16 / 64]uint64 // bit r: some entry starts with rune r (r < 1<<16)
	byStart map[rune][]int       // first rune → entries, longest first
	entries []dictEntry
}

type dictEntry struct {
	word string
	data int // index into the caller's list
	// allow are the allowed phrases holding word, with word's offset in
	// each: a hit inside one of them is no hit.
	allow []allowAt
}

type allowAt struct {
	phrase string
	at     int
}

func newDict(words []string, allow []string) *dict {
	d := &dict{byStart: map[rune][]int{}}
	for i, w := range words {
		if len(w) < 2 {
			continue
		}
		e := dictEntry{word: w, data: i}
		for _, a := range allow {
			for off := 0; off+len(w) <= len(a); {
				j := strings.Index(a[off:], w)
				if j < 0 {
					break
				}
				e.allow = append(e.allow, allowAt{a, off + j})
				off += j + 1
			}
		}
		r, _ := utf8.DecodeRuneInString(w)
		if r < 1<<16 {
			d.first[r/64] |= 1 << (r % 64)
		}
		d.byStart[r] = append(d.byStart[r], len(d.entries))
		d.entries = append(d.entries, e)
	}
	for k, list := range d.byStart {
		// Longest first: 截止目前 before 截止, so the longer entry wins.
		sortByLen(list, d.entries)
		d.byStart[k] = list
	}
	return d
}

func sortByLen(list []int, entries []dictEntry) {
	for i := 1; i < len(list); i++ {
		for j := i; j > 0 && len(entries[list[j]].word) > len(entries[list[j-1]].word); j-- {
			list[j], list[j-1] = list[j-1], list[j]
		}
	}
}

// scan calls fn for each occurrence of an entry in text, longest entry
// first at a position, and goes on after the match; fn returning false
// stops the scan.
func (d *dict) scan(text string, fn func(start, end int, data int) bool) {
	if d == nil || len(d.entries) == 0 {
		return
	}
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if r < 1<<16 && d.first[r/64]&(1<<(r%64)) == 0 {
			i += size
			continue
		}
		matched := 0
		for _, ei := range d.byStart[r] {
			e := &d.entries[ei]
			if !strings.HasPrefix(text[i:], e.word) || allowed(text, i, e.allow) {
				continue
			}
			if !fn(i, i+len(e.word), e.data) {
				return
			}
			matched = len(e.word)
			break
		}
		if matched > 0 {
			i += matched
		} else {
			i += size
		}
	}
}

func allowed(text string, at int, allow []allowAt) bool {
	for _, a := range allow {
		s := at - a.at
		if s >= 0 && strings.HasPrefix(text[s:], a.phrase) {
			return true
		}
	}
	return false
}

// sentenceAfter is the text from end to the end of its sentence, at most
// 180 bytes on (60 Chinese characters; the last may be cut, which only
// shortens what is searched).
func sentenceAfter(text string, end int) string {
	stop := min(len(text), end+180)
	rest := text[end:stop]
	if i := strings.IndexAny(rest, "。！？；\n!?;"); i >= 0 {
		rest = rest[:i]
	}
	return rest
}
