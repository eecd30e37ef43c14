package indicators

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// WordLists are the framework's data for the dictionary content checks
// (wording, typo, sensitive, dark_link): a bureau's list of its current
// leaders and their titles, and its additions to the built-in starter
// lists (crawler/checks starters.go; sources in README.md). A cycle
// freezes them with the framework, so a list edited later never changes
// what a past cycle proposed.
type WordLists struct {
	// Starters false drops the built-in starter lists (default true).
	Starters *bool `yaml:"starters,omitempty" json:"starters,omitempty"`
	// Leaders are the current leaders and every title each holds.
	Leaders []Leader `yaml:"leaders,omitempty" json:"leaders,omitempty"`
	// Titles are further titles a page may give a leader, beside the
	// built-in vocabulary and the leaders' own.
	Titles []string `yaml:"titles,omitempty" json:"titles,omitempty"`
	// Formulations are wrong formulations of names of the Party and state.
	Formulations []WordPair `yaml:"formulations,omitempty" json:"formulations,omitempty"`
	// Typos are misused words; an entry with a starter's wrong form
	// replaces it.
	Typos []WordPair `yaml:"typos,omitempty" json:"typos,omitempty"`
	// Sensitive are words a page of the bureau's agencies must not carry.
	Sensitive []string `yaml:"sensitive,omitempty" json:"sensitive,omitempty"`
	// DarkKeywords mark a gambling, pornographic or advertising link by
	// its anchor text or target (Latin words match whole words of the
	// host, path or text).
	DarkKeywords []string `yaml:"dark_keywords,omitempty" json:"dark_keywords,omitempty"`
	// DarkDomains are hosts (with their subdomains) of such sites.
	DarkDomains []string `yaml:"dark_domains,omitempty" json:"dark_domains,omitempty"`
	// Allow are phrases in which no hit counts (部属院校).
	Allow []string `yaml:"allow,omitempty" json:"allow,omitempty"`
}

// Leader is one leader of the bureau's list.
type Leader struct {
	Name   string   `yaml:"name" json:"name"`
	Titles []string `yaml:"titles" json:"titles"`
}

// WordPair is a wrong form, the right one and where the entry comes from;
// Unless are words whose presence later in the sentence makes the hit a
// correct use.
type WordPair struct {
	Wrong  string   `yaml:"wrong" json:"wrong"`
	Right  string   `yaml:"right" json:"right"`
	Note   string   `yaml:"note,omitempty" json:"note,omitempty"`
	Unless []string `yaml:"unless,omitempty" json:"unless,omitempty"`
}

// UseStarters reports whether the built-in starter lists apply.
func (w WordLists) UseStarters() bool { return w.Starters == nil || *w.Starters }

// Bounds of the word lists.
const (
	MaxWordEntries = 20000 // entries of every list together
	maxWordRunes   = 40
	maxNameRunes   = 12
)

// validateWords checks the framework's word lists, each fault placed at
// its entry's line: `word_lists.typos[3]: …`.
func (p *parser) validateWords(fw *Framework) {
	w := fw.WordLists
	_, root := mapValue(p.root, "word_lists")
	if root == nil {
		return
	}
	lineOf := func(list string, i int) int {
		_, seq := mapValue(root, list)
		if seq == nil {
			return root.Line
		}
		if seq.Kind == yaml.SequenceNode && i < len(seq.Content) {
			return seq.Content[i].Line
		}
		return seq.Line
	}
	bad := func(list string, i int, format string, a ...any) {
		where := "word_lists." + list
		if i >= 0 {
			where += "[" + strconv.Itoa(i) + "]"
		}
		p.faultf(lineOf(list, max(i, 0)), "", where+": "+format, a...)
	}
	total := len(w.Leaders) + len(w.Titles) + len(w.Formulations) + len(w.Typos) + len(w.Sensitive) + len(w.DarkKeywords) + len(w.DarkDomains) + len(w.Allow)
	if total > MaxWordEntries {
		p.faultf(root.Line, "", "word_lists: %d entries, more than the %d allowed", total, MaxWordEntries)
		return
	}
	names := map[string]int{}
	for i, l := range w.Leaders {
		name := strings.TrimSpace(l.Name)
		switch {
		case name == "":
			bad("leaders", i, "no name")
		case !leaderName(name):
			bad("leaders", i, "name %q: 2–%d Chinese characters (· allowed between the parts of a name)", l.Name, maxNameRunes)
		case names[name] > 0:
			bad("leaders", i, "%s is listed twice (first at word_lists.leaders[%d]); give one entry every title", name, names[name]-1)
		}
		names[name] = i + 1
		if len(l.Titles) == 0 {
			bad("leaders", i, "%s has no titles", name)
		}
		for _, t := range l.Titles {
			if msg := wordProblem(t); msg != "" {
				bad("leaders", i, "title %q: %s", t, msg)
			}
		}
	}
	p.validateWordSet(bad, "titles", w.Titles)
	for _, list := range []struct {
		name  string
		pairs []WordPair
	}{{"formulations", w.Formulations}, {"typos", w.Typos}} {
		seen := map[string]int{}
		for i, e := range list.pairs {
			if msg := wordProblem(e.Wrong); msg != "" {
				bad(list.name, i, "wrong %q: %s", e.Wrong, msg)
				continue
			}
			if msg := wordProblem(e.Right); msg != "" {
				bad(list.name, i, "right %q: %s", e.Right, msg)
			}
			switch {
			case utf8.RuneCountInString(e.Wrong) < 2:
				bad(list.name, i, "wrong %q: one character matches too much; give the word it is wrong in", e.Wrong)
			case e.Wrong == e.Right:
				bad(list.name, i, "wrong and right are both %q", e.Wrong)
			case strings.Contains(e.Right, e.Wrong):
				bad(list.name, i, "right %q contains wrong %q: every correct use would be a hit", e.Right, e.Wrong)
			case seen[e.Wrong] > 0:
				bad(list.name, i, "%q is listed twice (first at word_lists.%s[%d])", e.Wrong, list.name, seen[e.Wrong]-1)
			}
			seen[e.Wrong] = i + 1
			if utf8.RuneCountInString(e.Note) > 200 {
				bad(list.name, i, "note longer than 200 characters")
			}
			for _, u := range e.Unless {
				if msg := wordProblem(u); msg != "" {
					bad(list.name, i, "unless %q: %s", u, msg)
				}
			}
		}
	}
	p.validateWordSet(bad, "sensitive", w.Sensitive)
	p.validateWordSet(bad, "dark_keywords", w.DarkKeywords)
	p.validateWordSet(bad, "allow", w.Allow)
	seen := map[string]int{}
	for i, d := range w.DarkDomains {
		h := strings.ToLower(strings.TrimSpace(d))
		switch {
		case !hostName(h):
			bad("dark_domains", i, "%q is not a host name (like casino.example.com: no scheme, path or port)", d)
		case seen[h] > 0:
			bad("dark_domains", i, "%q is listed twice", d)
		}
		seen[h] = i + 1
	}
}

func (p *parser) validateWordSet(bad func(string, int, string, ...any), list string, words []string) {
	seen := map[string]int{}
	for i, s := range words {
		if msg := wordProblem(s); msg != "" {
			bad(list, i, "%q: %s", s, msg)
		} else if utf8.RuneCountInString(s) < 2 {
			bad(list, i, "%q: one character matches too much", s)
		} else if seen[s] > 0 {
			bad(list, i, "%q is listed twice (first at word_lists.%s[%d])", s, list, seen[s]-1)
		}
		seen[s] = i + 1
	}
}

// wordProblem is what is wrong with a list word, or "".
func wordProblem(s string) string {
	switch {
	case strings.TrimSpace(s) == "":
		return "empty"
	case s != strings.TrimSpace(s):
		return "leading or trailing space (matching is exact)"
	case utf8.RuneCountInString(s) > maxWordRunes:
		return "longer than " + strconv.Itoa(maxWordRunes) + " characters"
	case strings.ContainsAny(s, "\n\r\t"):
		return "holds a line break or tab"
	}
	return ""
}

func leaderName(s string) bool {
	n := 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			n++
		case r == '·' || r == '•':
		default:
			return false
		}
	}
	return n >= 2 && n <= maxNameRunes
}

func hostName(h string) bool {
	if h == "" || len(h) > 253 || !strings.Contains(h, ".") || strings.HasPrefix(h, ".") || strings.HasSuffix(h, ".") {
		return false
	}
	for _, c := range h {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return !strings.Contains(h, "..")
}
