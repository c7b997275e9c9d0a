package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/store"
	"cxm/internal/web/webtest"
)

// The official SDKs, pinned: only their host and write key change.
const (
	segmentSDK  = "@segment/analytics-node@3.1.0"
	rudderSDK   = "@rudderstack/rudder-sdk-node@3.0.13"
	sdkScriptJS = `
const { Analytics } = require('@segment/analytics-node');
const Rudder = require('@rudderstack/rudder-sdk-node');
const [host, key] = process.argv.slice(2);

async function segment() {
  const a = new Analytics({ writeKey: key, host, flushAt: 10, flushInterval: 200 });
  a.on('error', (e) => { console.error('segment:', e); process.exitCode = 1; });
  a.on('http_request', (r) => console.log('segment request', r.url));
  a.identify({ userId: 'seg-u1', anonymousId: 'seg-a1', traits: { name: 'Lê Thị Hoa', email: ' Hoa@Example.VN ', phone: '0912 345 678', plan: 'gold' } });
  a.track({ userId: 'seg-u1', event: 'Order Completed', properties: { order_id: 'S-1', total: 350000, currency: 'VND',
    products: [{ product_id: 'p1', name: 'Áo dài', price: 350000, quantity: 1 }] } });
  a.page({ anonymousId: 'seg-a2', name: 'Trang chủ', properties: { path: '/' } });
  a.alias({ userId: 'seg-u1', previousId: 'seg-a2' });
  await a.closeAndFlush({ timeout: 15000 });
}

async function rudder() {
  const r = new Rudder(key, { dataPlaneUrl: host, flushAt: 10, flushInterval: 200, logLevel: 'error',
    errorHandler: (e) => { console.error('rudder:', e.message); process.exitCode = 1; } });
  r.identify({ userId: 'rs-u1', anonymousId: 'rs-a1', traits: { name: 'Phạm Văn Nam', email: 'nam@example.vn', city: 'Đà Nẵng' } });
  r.track({ userId: 'rs-u1', event: 'Product Viewed', properties: { product_id: 'p2', name: 'Nón lá' } });
  r.page({ anonymousId: 'rs-a2', name: 'Giỏ hàng', properties: { path: '/gio-hang' } });
  r.alias({ userId: 'rs-u1', previousId: 'rs-a2' });
  await r.flush();
}

segment().then(rudder).then(() => console.log('sent')).catch((e) => { console.error(e); process.exit(1); });
`
)

// installSDKs installs the two SDKs and the script that sends with them.
func installSDKs(t *testing.T) string {
	t.Helper()
	dir := webtest.NPMInstall(t, segmentSDK, rudderSDK)
	if err := os.WriteFile(filepath.Join(dir, "send.js"), []byte(sdkScriptJS), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestOfficialSDKs starts cxm, sends events with the official Segment and
// RudderStack Node.js SDKs and checks what landed: identify traits, an
// order, a page view and an alias that merges it into the user.
func TestOfficialSDKs(t *testing.T) {
	node := webtest.Program(t, "node")
	dir := installSDKs(t)
	getenv := testGetenv(t)
	base, writeKey, wsID := serveForSDKs(t, getenv)

	cmd := exec.Command(node, "send.js", base, writeKey)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "sent") {
		t.Fatalf("node send.js: %v\n%s", err, out)
	}

	st, err := store.Open(context.Background(), getenv("CXM_DATABASE_URL"), getenv("CXM_DATA_DIR"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	seg := sdkCustomer(t, st, wsID, "seg-u1")
	if seg.FullName != "Lê Thị Hoa" || seg.Email != "hoa@example.vn" || seg.Phone != "+84912345678" || seg.Traits["plan"] != "gold" {
		t.Errorf("Segment identify: got %+v", seg)
	}
	if s := seg.Summary; s.Orders != 1 || s.RevenueVND != 350000 || s.PageViews != 1 || s.Events != 4 {
		t.Errorf("Segment events: got %+v, want 1 order of 350000 VND, 1 page view, 4 events", s)
	}
	if len(seg.Merges) != 1 || seg.Merges[0].Reason != cx.MergeAlias {
		t.Errorf("Segment alias: got merges %+v", seg.Merges)
	}
	rs := sdkCustomer(t, st, wsID, "rs-u1")
	if rs.FullName != "Phạm Văn Nam" || rs.City != "Đà Nẵng" || rs.Email != "nam@example.vn" {
		t.Errorf("RudderStack identify: got %+v", rs)
	}
	if s := rs.Summary; s.ProductsViewed != 1 || s.PageViews != 1 || s.Events != 4 || len(rs.Merges) != 1 {
		t.Errorf("RudderStack events: got %+v with merges %+v", s, rs.Merges)
	}
}

func sdkCustomer(t *testing.T, st *store.Store, wsID, userID string) cx.Customer {
	t.Helper()
	c, err := st.CustomerByIdentity(context.Background(), wsID, cx.IDUser, userID)
	if err != nil {
		t.Fatalf("customer %s: %v", userID, err)
	}
	return c
}

// serveForSDKs runs `cxm serve` on port 0 with a workspace and a write key.
func serveForSDKs(t *testing.T, getenv func(string) string) (base, writeKey, wsID string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, getenv("CXM_DATABASE_URL"), getenv("CXM_DATA_DIR"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	w, err := st.CreateWorkspace(ctx, cx.Workspace{Name: "SDK"}, cx.TemplateLifecycle)
	if err != nil {
		t.Fatal(err)
	}
	key, hash, prefix := secret.NewAPIKey(cx.KeyWrite)
	if _, err := st.CreateAPIKey(ctx, cx.APIKey{WorkspaceID: w.ID, Kind: cx.KeyWrite, Hash: hash, Prefix: prefix}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	return startServe(t, getenv), key, w.ID
}
