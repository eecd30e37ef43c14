// Command ttcextract copies one face out of a TrueType collection (.ttc)
// into a stand-alone .ttf, because fpdf reads only single-face TrueType
// files. It is a build-time tool, run once when the embedded font is
// replaced; nothing at run time needs it:
//
//	go run ./reports/fonts/ttcextract wqy-microhei.ttc 0 wqy-microhei.ttf
package main

import (
	"encoding/binary"
	"fmt"
	"os"
	"sort"
	"strconv"
)

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: ttcextract IN.ttc FACE OUT.ttf")
		os.Exit(2)
	}
	face, err := strconv.Atoi(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "face:", err)
		os.Exit(2)
	}
	in, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out, err := extract(in, face)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
	if err := os.WriteFile(os.Args[3], out, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

type table struct {
	tag                      string
	checksum, offset, length uint32
}

// extract rebuilds face n of a collection: the face's table directory is
// copied with every table laid out again after it, 4-byte aligned.
func extract(b []byte, n int) ([]byte, error) {
	be := binary.BigEndian
	if len(b) < 12 || string(b[:4]) != "ttcf" {
		return nil, fmt.Errorf("not a TrueType collection")
	}
	faces := int(be.Uint32(b[8:]))
	if n < 0 || n >= faces || 12+4*faces > len(b) {
		return nil, fmt.Errorf("face %d out of range (collection has %d)", n, faces)
	}
	off := int(be.Uint32(b[12+4*n:]))
	if off+12 > len(b) {
		return nil, fmt.Errorf("face %d: offset out of file", n)
	}
	numTables := int(be.Uint16(b[off+4:]))
	if off+12+16*numTables > len(b) {
		return nil, fmt.Errorf("face %d: table directory out of file", n)
	}
	tables := make([]table, numTables)
	for i := range tables {
		r := b[off+12+16*i:]
		tables[i] = table{string(r[:4]), be.Uint32(r[4:]), be.Uint32(r[8:]), be.Uint32(r[12:])}
		if int(tables[i].offset)+int(tables[i].length) > len(b) {
			return nil, fmt.Errorf("table %q out of file", tables[i].tag)
		}
	}
	sort.Slice(tables, func(i, j int) bool { return tables[i].tag < tables[j].tag })
	out := make([]byte, 12+16*numTables)
	copy(out, b[off:off+12])
	pos := len(out)
	for i, t := range tables {
		data := b[t.offset : t.offset+t.length]
		r := out[12+16*i:]
		copy(r, t.tag)
		be.PutUint32(r[4:], t.checksum)
		be.PutUint32(r[8:], uint32(pos))
		be.PutUint32(r[12:], t.length)
		out = append(out, data...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		pos = len(out)
	}
	return out, nil
}
