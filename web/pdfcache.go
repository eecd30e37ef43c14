package web

import (
	"container/list"
	"sync"
)

// pdfCache keeps the PDF scorecards the portal made, keyed by the cycle's
// version (zwgk.Cycle.Version): a published cycle never changes, so its
// PDFs are made once; a cycle in review bumps its version with every write
// to its results, and a PDF of an older version is never served again
// (it ages out). The cache is bounded by the bytes it holds.
type pdfCache struct {
	mu      sync.Mutex
	max     int64 // bytes
	size    int64
	lru     *list.List // of *pdfEntry, most recent first
	entries map[pdfKey]*list.Element
	// making holds the PDFs being made, so that concurrent requests for
	// one wait for it instead of each making it.
	making map[pdfKey]*pdfCall
}

// pdfKey names one PDF: the agency in a cycle as of a version, with or
// without the cohort figures (a viewer who may not see the ranking gets
// none).
type pdfKey struct {
	cycle, version int64
	agency         string
	cohort         bool
}

type pdfEntry struct {
	key  pdfKey
	data []byte
}

type pdfCall struct {
	done chan struct{}
	data []byte
	err  error
}

func newPDFCache(max int64) *pdfCache {
	return &pdfCache{max: max, lru: list.New(), entries: map[pdfKey]*list.Element{}, making: map[pdfKey]*pdfCall{}}
}

// get returns the PDF of k, making it with build when the cache has none;
// concurrent requests for the same k share one making. A failure is not
// kept.
func (pc *pdfCache) get(k pdfKey, build func() ([]byte, error)) ([]byte, error) {
	pc.mu.Lock()
	if el, ok := pc.entries[k]; ok {
		pc.lru.MoveToFront(el)
		pc.mu.Unlock()
		return el.Value.(*pdfEntry).data, nil
	}
	if call, ok := pc.making[k]; ok {
		pc.mu.Unlock()
		<-call.done
		return call.data, call.err
	}
	call := &pdfCall{done: make(chan struct{})}
	pc.making[k] = call
	pc.mu.Unlock()

	call.data, call.err = build()
	pc.mu.Lock()
	delete(pc.making, k)
	if call.err == nil {
		pc.add(k, call.data)
	}
	pc.mu.Unlock()
	close(call.done)
	return call.data, call.err
}

// add keeps data under k (pc.mu held), dropping the least recently used
// PDFs past the bound; a PDF larger than the whole bound is not kept.
func (pc *pdfCache) add(k pdfKey, data []byte) {
	n := int64(len(data))
	if n > pc.max {
		return
	}
	pc.entries[k] = pc.lru.PushFront(&pdfEntry{key: k, data: data})
	pc.size += n
	for pc.size > pc.max {
		el := pc.lru.Back()
		e := el.Value.(*pdfEntry)
		pc.lru.Remove(el)
		delete(pc.entries, e.key)
		pc.size -= int64(len(e.data))
	}
}
