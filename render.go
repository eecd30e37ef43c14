package zwgk

// RenderLog is the evidence of browser rendering in one site's crawl: a
// page is rendered only when static reading found no items where a list
// should be, or a script cookie challenge stood before it. Owned by the
// rendering work (issue 20).
type RenderLog struct {
	// Available is false when no browser was found: such pages are named
	// in Unrendered, never reported as script-generated lists.
	Available bool `json:"available"`
	// Rendered is the number of pages rendered.
	Rendered int `json:"rendered"`
	// Requests are the browser's requests the crawler answered for those
	// pages (documents, scripts, XHR), Refused those it would not make
	// (other sites, robots.txt) or that failed; images, fonts and styles
	// are refused without a request and not counted.
	Requests int `json:"requests,omitempty"`
	Refused  int `json:"refused,omitempty"`
	// Unrendered lists pages that needed a browser and could not get one
	// (or whose rendering failed), with why.
	Unrendered []Unrendered `json:"unrendered,omitempty"`
}

// Unrendered is a page that needed rendering and did not get it.
type Unrendered struct {
	URL    string `json:"url"`
	Reason string `json:"reason"`
}
