// Package assets embeds the JavaScript the chart dashboard runs on:
// echarts.min.js 5.6.0 from the npm package echarts (Apache-2.0; LICENSE
// and NOTICE beside it), written next to the dashboard's HTML so that the
// page works from file:// on an offline intranet.
//
// It must not reference any network location: reports load nothing from
// the internet.
package assets

import _ "embed"

// EchartsJS is dist/echarts.min.js of echarts 5.6.0, the major version
// go-echarts v2.6 generates options for.
//
//go:embed echarts.min.js
var EchartsJS []byte

// EchartsLicense and EchartsNotice must be shipped with EchartsJS.
var (
	//go:embed LICENSE-echarts.txt
	EchartsLicense []byte
	//go:embed NOTICE-echarts.txt
	EchartsNotice []byte
)

// EchartsVersion is the version of EchartsJS.
const EchartsVersion = "5.6.0"
