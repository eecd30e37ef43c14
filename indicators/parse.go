package indicators

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// MaxSource bounds a framework file; real ones are tens of kilobytes.
const MaxSource = 1 << 20

// Fault is one problem in a framework file, placed by line and, when it
// concerns one, by indicator id. It reads like a compiler message:
// `file:line: indicator "A2.3": problem`.
type Fault struct {
	File      string
	Line      int    // 0 when the fault concerns the whole file
	Indicator string // "" when the fault is not an indicator's
	Msg       string
}

func (f *Fault) Error() string {
	var b strings.Builder
	b.WriteString(f.File)
	if f.Line > 0 {
		b.WriteString(":" + strconv.Itoa(f.Line))
	}
	b.WriteString(": ")
	if f.Indicator != "" {
		fmt.Fprintf(&b, "indicator %q: ", f.Indicator)
	}
	b.WriteString(f.Msg)
	return b.String()
}

// ValidationErrors is every fault found in a framework file, in line order.
type ValidationErrors []error

func (v ValidationErrors) Error() string {
	lines := make([]string, len(v))
	for i, e := range v {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap lets errors.As find a *Fault.
func (v ValidationErrors) Unwrap() []error { return v }

// ParseFile reads and parses a framework file; errors name the path.
func ParseFile(path string) (*Framework, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read framework: %w", err)
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, MaxSource+1))
	if err != nil {
		return nil, fmt.Errorf("read framework %s: %w", path, err)
	}
	return Parse(path, src)
}

// Parse parses and validates a framework from its YAML text. name is used in
// error messages (normally the file name). Parsing is strict: unknown fields
// and parameters are faults. Defaults are applied to unset rule parameters
// and framework settings (see README.md). On any fault Parse returns nil
// and a ValidationErrors holding every fault found, each a *Fault.
//
// The returned framework keeps the exact text (Source) and its sha256
// (Hash), so a cycle can freeze what it was created with.
func Parse(name string, src []byte) (*Framework, error) {
	p := &parser{file: name, ids: map[string]int{}, broken: map[*Indicator]bool{}}
	if len(src) > MaxSource {
		p.faultf(0, "", "file is %d bytes, more than the %d allowed", len(src), MaxSource)
		return nil, p.errs
	}
	fw := &Framework{Source: bytes.Clone(src)}
	sum := sha256.Sum256(src)
	fw.Hash = hex.EncodeToString(sum[:])

	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			p.faultf(0, "", "empty file")
		} else {
			p.yamlError(err, "")
		}
		return nil, p.errs
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		p.faultf(extra.Line, "", "more than one YAML document; a framework is one document")
		return nil, p.errs
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		p.faultf(root.Line, "", "a framework is a mapping (id, version, title, bands, indicators …)")
		return nil, p.errs
	}
	if n := findAlias(root); n != nil {
		// Anchors and aliases can blow a small file up exponentially; a
		// framework has no need for them.
		p.faultf(n.Line, "", "YAML anchors and aliases are not allowed in a framework")
		return nil, p.errs
	}
	p.framework(root, fw)
	if len(p.errs) == 0 || p.decoded {
		applyDefaults(fw)
		applyFollowupDefaults(fw, p.keyLine)
		p.validate(fw)
	}
	if len(p.errs) > 0 {
		sort.SliceStable(p.errs, func(i, j int) bool {
			return p.errs[i].(*Fault).Line < p.errs[j].(*Fault).Line
		})
		return nil, p.errs
	}
	return fw, nil
}

type parser struct {
	file    string
	errs    ValidationErrors
	ids     map[string]int // id → line of first definition
	keyLine map[string]int // framework key → line
	root    *yaml.Node     // the framework mapping, for lines of nested keys
	decoded bool           // the tree decoded well enough to validate
	// broken marks indicators with a field or rule that did not decode, so
	// validation does not pile consequential faults (missing rule, sums)
	// on the fault already reported.
	broken map[*Indicator]bool
}

func (p *parser) faultf(line int, id, format string, a ...any) {
	p.errs = append(p.errs, &Fault{File: p.file, Line: line, Indicator: id, Msg: fmt.Sprintf(format, a...)})
}

func (p *parser) add(id string, errs []posError) {
	for _, e := range errs {
		p.faultf(e.line, id, "%s", e.msg)
	}
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// yamlError turns yaml.v3's errors ("yaml: line 3: …", or a TypeError
// holding several "line 3: …") into faults.
func (p *parser) yamlError(err error, id string) {
	var te *yaml.TypeError
	msgs := []string{err.Error()}
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	for _, m := range msgs {
		p.add(id, []posError{splitLine(m)})
	}
}

func splitLine(m string) posError {
	if sm := yamlLine.FindStringSubmatch(m); sm != nil {
		n, _ := strconv.Atoi(sm[1])
		return posError{n, sm[2]}
	}
	return posError{0, strings.TrimPrefix(m, "yaml: ")}
}

// posError is a problem at a line, before it is placed in a file.
type posError struct {
	line int
	msg  string
}

func findAlias(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return n
	}
	for _, c := range n.Content {
		if a := findAlias(c); a != nil {
			return a
		}
	}
	return nil
}

// mapValue returns the value node of key in mapping n, or nil.
func mapValue(n *yaml.Node, key string) (k, v *yaml.Node) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i], n.Content[i+1]
		}
	}
	return nil, nil
}

// without returns a shallow copy of mapping n without the given keys.
func without(n *yaml.Node, keys ...string) *yaml.Node {
	c := *n
	c.Content = nil
	for i := 0; i+1 < len(n.Content); i += 2 {
		if !slices.Contains(keys, n.Content[i].Value) {
			c.Content = append(c.Content, n.Content[i], n.Content[i+1])
		}
	}
	return &c
}

func isNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// line is the line of the value at a path of mapping keys below the
// framework (e.g. "notices", "commend", "top"), or of the deepest key of
// the path that exists; 0 when not even the first does.
func (p *parser) line(path ...string) int {
	n, at := p.root, 0
	for _, k := range path {
		if n == nil || n.Kind != yaml.MappingNode {
			break
		}
		key, v := mapValue(n, k)
		if key == nil {
			break
		}
		at, n = key.Line, v
	}
	return at
}

func (p *parser) framework(root *yaml.Node, fw *Framework) {
	p.root = root
	p.keyLine = map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		p.keyLine[root.Content[i].Value] = root.Content[i].Line
	}
	head := without(root, "indicators")
	p.add("", checkKeys(head, reflect.TypeFor[Framework](), "framework", "indicators"))
	if err := head.Decode(fw); err != nil {
		p.yamlError(err, "")
	}
	_, list := mapValue(root, "indicators")
	if isNull(list) {
		p.faultf(root.Line, "", "no indicators")
		return
	}
	p.decoded = true
	fw.Indicators = p.indicators(list)
}

func (p *parser) indicators(n *yaml.Node) []*Indicator {
	if n.Kind != yaml.SequenceNode {
		p.faultf(n.Line, "", "indicators (and children) are a list")
		return nil
	}
	out := make([]*Indicator, 0, len(n.Content))
	for _, c := range n.Content {
		if ind := p.indicator(c); ind != nil {
			out = append(out, ind)
		}
	}
	return out
}

func (p *parser) indicator(n *yaml.Node) *Indicator {
	if n.Kind != yaml.MappingNode {
		p.faultf(n.Line, "", "an indicator is a mapping (id, name, kind, points …)")
		return nil
	}
	ind := &Indicator{Line: n.Line}
	id := ""
	if _, v := mapValue(n, "id"); v != nil && v.Kind == yaml.ScalarNode {
		id = v.Value
	}
	head := without(n, "rule", "children")
	p.add(id, checkKeys(head, reflect.TypeFor[Indicator](), "an indicator", "rule", "children"))
	if err := head.Decode(ind); err != nil {
		p.yamlError(err, id)
		p.broken[ind] = true
	}
	ind.Line = n.Line
	if _, r := mapValue(n, "rule"); !isNull(r) {
		rule, errs := decodeRule(r)
		p.add(id, errs)
		ind.Rule = rule
		if rule == nil {
			p.broken[ind] = true
		}
	}
	if _, c := mapValue(n, "children"); !isNull(c) {
		ind.Children = p.indicators(c)
	}
	return ind
}

// checkKeys reports the keys of mapping n (and of the mappings nested in
// it) that have no field in type t; skip names keys handled elsewhere.
// what names the thing in messages ("an indicator", "rule kind column").
func checkKeys(n *yaml.Node, t reflect.Type, what string, skip ...string) []posError {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == reflect.TypeFor[time.Duration]():
		return nil
	case t.Kind() == reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return nil // Decode reports the type mismatch
		}
		var errs []posError
		for _, c := range n.Content {
			errs = append(errs, checkKeys(c, t.Elem(), what)...)
		}
		return errs
	case t.Kind() == reflect.Map:
		if n.Kind != yaml.MappingNode {
			return nil
		}
		var errs []posError
		for i := 0; i+1 < len(n.Content); i += 2 {
			errs = append(errs, checkKeys(n.Content[i+1], t.Elem(), what+" "+n.Content[i].Value)...)
		}
		return errs
	case t.Kind() != reflect.Struct || n.Kind != yaml.MappingNode:
		return nil
	}
	fields := yamlFields(t)
	var errs []posError
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if slices.Contains(skip, k) {
			continue
		}
		f, ok := fields[k]
		if !ok {
			errs = append(errs, posError{n.Content[i].Line,
				fmt.Sprintf("unknown field %q in %s (known: %s)", k, what, strings.Join(sortedKeys(fields, skip), ", "))})
			continue
		}
		errs = append(errs, checkKeys(n.Content[i+1], f.Type, what+" "+k)...)
	}
	return errs
}

// yamlFields maps the yaml names of t's fields to the fields.
func yamlFields(t reflect.Type) map[string]reflect.StructField {
	m := map[string]reflect.StructField{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := strings.Split(f.Tag.Get("yaml"), ",")[0]
		if tag == "-" || !f.IsExported() {
			continue
		}
		if tag == "" {
			tag = strings.ToLower(f.Name)
		}
		m[tag] = f
	}
	return m
}

func sortedKeys(m map[string]reflect.StructField, extra []string) []string {
	keys := slices.Collect(maps.Keys(m))
	for _, k := range extra {
		if _, ok := m[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}
