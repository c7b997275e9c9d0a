package public

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"

	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/web/httpio"
)

// The official browser SDKs ask their vendor for settings before they send
// anything: Segment's @segment/analytics-next asks
// {cdn}/v1/projects/{writeKey}/settings, RudderStack's @rudderstack/analytics-js
// v3 asks {configUrl}/sourceConfig/. cxm answers both itself with only what
// the SDK needs to send its events to cxm's /v1 — no third-party
// destination, no metrics or error reports to the vendor — and serves the
// analytics-next build that Segment's snippet loads, so that a site
// switches by changing the host and the write key.

// analyticsNextJS is analytics-next's standalone build, which Segment's
// snippet loads as analytics.min.js; analyticsNextBundles are the chunks it
// loads at run time from {cdn}/analytics-next/bundles/. Both are release
// files of the npm package (vendor/analytics-next/README.md).
//
//go:embed vendor/analytics-next/standalone.js
var analyticsNextJS []byte

//go:embed vendor/analytics-next/bundles/*.js
var analyticsNextBundles embed.FS

// sdkFiles is what the browser SDKs load, made once at start.
type sdkFiles struct {
	apiHost  string // where events go, as analytics-next wants it: "cx.example.vn/v1"
	protocol string // "https" or "http"
	library  jsFile
	bundles  map[string]jsFile // by file name
}

func newSDKFiles(baseURL string) sdkFiles {
	f := sdkFiles{library: newJSFile(analyticsNextJS), bundles: map[string]jsFile{}}
	if u, err := url.Parse(baseURL); err == nil {
		f.protocol, f.apiHost = u.Scheme, u.Host+strings.TrimSuffix(u.Path, "/")+"/v1"
	}
	files, _ := fs.Glob(analyticsNextBundles, "vendor/analytics-next/bundles/*.js")
	for _, name := range files {
		js, _ := fs.ReadFile(analyticsNextBundles, name)
		f.bundles[path.Base(name)] = newJSFile(js)
	}
	return f
}

// segmentSettings is the answer to analytics-next's settings request: the
// Segment.io destination alone, which sends to cxm, and no metrics.
type segmentSettings struct {
	Integrations              map[string]segmentDestination `json:"integrations"`
	EnabledMiddleware         map[string]bool               `json:"enabledMiddleware"`
	Metrics                   segmentMetrics                `json:"metrics"`
	RemotePlugins             []struct{}                    `json:"remotePlugins"`
	LegacyVideoPluginsEnabled bool                          `json:"legacyVideoPluginsEnabled"`
}

type segmentDestination struct {
	APIKey                string   `json:"apiKey"`
	APIHost               string   `json:"apiHost"`
	Protocol              string   `json:"protocol"`
	UnbundledIntegrations []string `json:"unbundledIntegrations"`
}

type segmentMetrics struct {
	SampleRate float64 `json:"sampleRate"` // 0: nothing is sent to Segment's metrics API
}

// SegmentSettings serves GET /v1/projects/{writeKey}/settings.
func (h *Handler) SegmentSettings(w http.ResponseWriter, r *http.Request) {
	allowAnyOrigin(w)
	key := r.PathValue("writeKey")
	if err := h.sdkWriteKey(r, key); err != nil {
		httpio.WriteError(w, r, h.log, err)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=300")
	httpio.WriteJSON(w, http.StatusOK, segmentSettings{
		Integrations: map[string]segmentDestination{"Segment.io": {APIKey: key, APIHost: h.sdk.apiHost,
			Protocol: h.sdk.protocol, UnbundledIntegrations: []string{}}},
		EnabledMiddleware: map[string]bool{}, RemotePlugins: []struct{}{},
	})
}

// rudderSourceConfig is the answer to RudderStack's source config request:
// an enabled source with no destinations, and no error reports or metrics
// sent anywhere.
type rudderSourceConfig struct {
	Source rudderSource `json:"source"`
}

type rudderSource struct {
	ID           string       `json:"id"`
	Name         string       `json:"name"`
	WriteKey     string       `json:"writeKey"`
	Enabled      bool         `json:"enabled"`
	Config       rudderConfig `json:"config"`
	Destinations []struct{}   `json:"destinations"`
}

type rudderConfig struct {
	StatsCollection struct {
		Errors  rudderSwitch `json:"errors"`
		Metrics rudderSwitch `json:"metrics"`
	} `json:"statsCollection"`
}

type rudderSwitch struct {
	Enabled bool `json:"enabled"`
}

// RudderSourceConfig serves GET /sourceConfig/?writeKey=…, the key also
// sent as the HTTP Basic user name.
func (h *Handler) RudderSourceConfig(w http.ResponseWriter, r *http.Request) {
	allowAnyOrigin(w)
	key := r.URL.Query().Get("writeKey")
	if key == "" {
		key, _, _ = r.BasicAuth()
	}
	if err := h.sdkWriteKey(r, key); err != nil {
		httpio.WriteError(w, r, h.log, err)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=300")
	// The key's public prefix names the source, as the dashboard lists it.
	id := key[:len(secret.WriteKeyPrefix)+6]
	httpio.WriteJSON(w, http.StatusOK, rudderSourceConfig{Source: rudderSource{ID: id, Name: "cxm", WriteKey: key,
		Enabled: true, Destinations: []struct{}{}}})
}

// SegmentLibrary serves {cdn}/analytics.js/v1/{writeKey}/analytics.min.js,
// the path Segment's snippet loads: the vendored analytics-next build. It
// reads the write key from the snippet, as it does from Segment's CDN.
func (h *Handler) SegmentLibrary(w http.ResponseWriter, r *http.Request) {
	if err := h.sdkWriteKey(r, r.PathValue("writeKey")); err != nil {
		allowAnyOrigin(w)
		httpio.WriteError(w, r, h.log, err)
		return
	}
	h.sdk.library.serve(w, r, "public, max-age=3600")
}

// SegmentBundle serves a chunk that analytics-next loads at run time from
// {cdn}/analytics-next/bundles/. Their names carry a hash of their content,
// so they are cached for good.
func (h *Handler) SegmentBundle(w http.ResponseWriter, r *http.Request) {
	f, ok := h.sdk.bundles[r.PathValue("file")]
	if !ok {
		allowAnyOrigin(w)
		httpio.WriteError(w, r, h.log, cx.Errorf(cx.NotFound, "no such analytics-next bundle"))
		return
	}
	f.serve(w, r, "public, max-age=31536000, immutable")
}

// sdkWriteKey checks the write key an SDK loads its settings with. An
// unknown or revoked key has no settings: not found, so that the SDK stops
// loading and the browser's console says why.
func (h *Handler) sdkWriteKey(r *http.Request, key string) error {
	_, err := h.accounts.WriteKeyWorkspace(r.Context(), key)
	if e := cx.AsError(err); e != nil && e.Code == cx.Unauthorized {
		notFound := *e
		notFound.Code, notFound.Field = cx.NotFound, "writeKey"
		return &notFound
	}
	return err
}
