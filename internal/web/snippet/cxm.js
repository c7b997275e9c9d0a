/*! cxm.js — the cxm tracking snippet. Apache-2.0. No dependencies.
 *
 * <script async src="https://CXM_HOST/js/cxm.js" data-write-key="cxm_wk_…"></script>
 *
 * Sends what a visitor does to cxm's Segment-compatible /v1 API:
 *   - a page view on load, and "Page Left" with the time the page was
 *     visible (time_on_page_ms) when the visitor leaves or hides it;
 *   - "Product Viewed" once per page for each element with
 *     data-cxm-product="ID" (data-cxm-name, data-cxm-price, data-cxm-category,
 *     data-cxm-currency) that becomes half visible;
 *   - whatever the site calls: cxm.identify(userId, traits),
 *     cxm.track(event, properties), cxm.page(name, properties), cxm.reset().
 * Events are batched, kept in localStorage until cxm accepts them, retried
 * with backoff, and sent with sendBeacon when the page is hidden.
 */
(function (w, d) {
  "use strict";
  if (w.cxm && w.cxm.loaded) return;

  var VERSION = "1.0.0";
  var QUEUE_KEY = "cxm_queue", AID_KEY = "cxm_aid", UID_KEY = "cxm_uid";
  var MAX_QUEUE = 500, BATCH = 50, FLUSH_MS = 1000;

  var script = d.currentScript || d.querySelector("script[data-write-key]");
  var cfg = {
    writeKey: script ? script.getAttribute("data-write-key") : "",
    host: script ? new URL(script.src, w.location.href).origin : ""
  };

  // Storage that survives a disabled or full localStorage.
  var memory = {};
  function load(key) {
    try { var v = w.localStorage.getItem(key); return v === null ? memory[key] : v; } catch (e) { return memory[key]; }
  }
  function save(key, value) {
    memory[key] = value;
    try { if (value === undefined) w.localStorage.removeItem(key); else w.localStorage.setItem(key, value); } catch (e) { /* memory only */ }
  }

  function uuid() {
    if (w.crypto && w.crypto.randomUUID) return w.crypto.randomUUID();
    var b = new Uint8Array(16);
    (w.crypto || w.msCrypto).getRandomValues(b);
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = "";
    for (var i = 0; i < 16; i++) h += (b[i] + 256).toString(16).slice(1) + (i === 3 || i === 5 || i === 7 || i === 9 ? "-" : "");
    return h;
  }

  function anonymousId() {
    var id = load(AID_KEY);
    if (!id) { id = uuid(); save(AID_KEY, id); }
    return id;
  }

  function pageInfo() {
    var l = w.location;
    return { path: l.pathname, url: l.href, search: l.search, title: d.title, referrer: d.referrer };
  }

  var queue = [];
  try { queue = JSON.parse(load(QUEUE_KEY) || "[]"); } catch (e) { queue = []; }
  function persist() { save(QUEUE_KEY, JSON.stringify(queue)); }

  // enqueue adds one event in the Segment message shape.
  function enqueue(type, fields) {
    var msg = {
      type: type,
      messageId: uuid(),
      anonymousId: anonymousId(),
      timestamp: new Date().toISOString(),
      context: {
        library: { name: "cxm.js", version: VERSION },
        page: pageInfo(),
        userAgent: navigator.userAgent,
        locale: navigator.language
      }
    };
    var uid = load(UID_KEY);
    if (uid) msg.userId = uid;
    for (var k in fields) if (fields.hasOwnProperty(k) && fields[k] !== undefined) msg[k] = fields[k];
    queue.push(msg);
    if (queue.length > MAX_QUEUE) queue.splice(0, queue.length - MAX_QUEUE);
    persist();
    schedule(queue.length >= BATCH ? 0 : FLUSH_MS);
  }

  var timer = null, sending = false, backoff = 0;
  function schedule(ms) {
    if (timer !== null || sending) return;
    timer = w.setTimeout(function () { timer = null; flush(); }, ms);
  }

  function body(batch) {
    return JSON.stringify({ batch: batch, sentAt: new Date().toISOString(), writeKey: cfg.writeKey });
  }

  // flush sends up to BATCH events; they leave the queue only once cxm
  // has answered 2xx (or 400: a batch it will never accept).
  function flush() {
    if (sending || !queue.length || !cfg.writeKey) return;
    sending = true;
    var batch = queue.slice(0, BATCH);
    w.fetch(cfg.host + "/v1/batch", {
      method: "POST", body: body(batch), keepalive: true, credentials: "omit",
      headers: { "Content-Type": "text/plain" }
    }).then(function (res) {
      if (res.ok || res.status === 400) { drop(batch); backoff = 0; } else { retry(); }
    }, retry).then(function () {
      sending = false;
      if (queue.length) schedule(backoff || 0);
    });
  }

  function retry() { backoff = Math.min(backoff ? backoff * 2 : 1000, 60000); }

  function drop(batch) {
    var ids = {};
    for (var i = 0; i < batch.length; i++) ids[batch[i].messageId] = true;
    queue = queue.filter(function (m) { return !ids[m.messageId]; });
    persist();
  }

  // beacon hands the queue to the browser as the page goes away. Events stay
  // queued: if the beacon is lost, the next page sends them again, and cxm
  // ignores the messageIds it already has.
  function beacon() {
    if (!queue.length || !cfg.writeKey || !navigator.sendBeacon) return;
    navigator.sendBeacon(cfg.host + "/v1/batch", new Blob([body(queue.slice(0, BATCH))], { type: "text/plain" }));
  }

  // Time on page counts only while the page is visible.
  var visibleMS = 0, visibleSince = d.visibilityState === "hidden" ? null : Date.now(), leftSent = false;
  function pause() { if (visibleSince !== null) { visibleMS += Date.now() - visibleSince; visibleSince = null; } }
  function resume() { if (visibleSince === null) visibleSince = Date.now(); leftSent = false; }
  function pageLeft() {
    pause();
    if (leftSent || visibleMS <= 0) return;
    leftSent = true;
    enqueue("track", { event: "Page Left", properties: { time_on_page_ms: visibleMS, path: w.location.pathname, url: w.location.href } });
    visibleMS = 0;
  }
  d.addEventListener("visibilitychange", function () {
    if (d.visibilityState === "hidden") { pageLeft(); beacon(); } else { resume(); }
  });
  w.addEventListener("pagehide", function () { pageLeft(); beacon(); });

  // Product views: each data-cxm-product element once per page, when half visible.
  var seenProducts = {};
  function productViewed(el) {
    var id = el.getAttribute("data-cxm-product");
    if (!id || seenProducts[id]) return;
    seenProducts[id] = true;
    var props = { product_id: id, name: el.getAttribute("data-cxm-name") || undefined, category: el.getAttribute("data-cxm-category") || undefined };
    var price = el.getAttribute("data-cxm-price");
    if (price !== null && price !== "" && !isNaN(Number(price))) props.price = Number(price);
    var currency = el.getAttribute("data-cxm-currency");
    if (currency) props.currency = currency;
    enqueue("track", { event: "Product Viewed", properties: props });
  }
  function watchProducts() {
    var els = d.querySelectorAll("[data-cxm-product]");
    if (!els.length) return;
    if (!("IntersectionObserver" in w)) { for (var i = 0; i < els.length; i++) productViewed(els[i]); return; }
    var io = new IntersectionObserver(function (entries) {
      for (var j = 0; j < entries.length; j++) {
        if (entries[j].isIntersecting) { productViewed(entries[j].target); io.unobserve(entries[j].target); }
      }
    }, { threshold: 0.5 });
    for (var k = 0; k < els.length; k++) io.observe(els[k]);
  }

  var api = {
    loaded: true,
    version: VERSION,
    init: function (options) {
      if (options.writeKey) cfg.writeKey = options.writeKey;
      if (options.host) cfg.host = options.host.replace(/\/$/, "");
      schedule(0);
    },
    identify: function (userId, traits) {
      if (typeof userId === "object" && userId !== null) { traits = userId; userId = undefined; }
      if (userId) save(UID_KEY, String(userId));
      enqueue("identify", { userId: userId ? String(userId) : undefined, traits: traits || {} });
    },
    track: function (event, properties) {
      if (!event) return;
      enqueue("track", { event: String(event), properties: properties || {} });
    },
    page: function (name, properties) {
      if (typeof name === "object" && name !== null) { properties = name; name = undefined; }
      var props = pageInfo();
      for (var k in properties || {}) if (properties.hasOwnProperty(k)) props[k] = properties[k];
      enqueue("page", { name: name, properties: props });
    },
    reset: function () { save(UID_KEY, undefined); save(AID_KEY, undefined); },
    anonymousId: anonymousId,
    flush: flush
  };

  // Calls made before the script loaded: window.cxm = [["track", …], …].
  var early = Array.isArray(w.cxm) ? w.cxm : [];
  w.cxm = api;
  function start() {
    for (var i = 0; i < early.length; i++) if (api[early[i][0]]) api[early[i][0]].apply(api, early[i].slice(1));
    if (!early.some(function (c) { return c[0] === "page"; })) api.page();
    watchProducts();
    schedule(0);
  }
  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", start); else start();
})(window, document);
