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
 *     cxm.track(event, properties), cxm.page(name, properties), cxm.reset();
 *   - a survey panel: cxm.survey(publicKey, {after, delay, path}), or the
 *     attributes data-cxm-survey, data-cxm-survey-after, -delay and -path.
 * Events are batched, kept in localStorage until cxm accepts them, retried
 * with backoff, and sent with sendBeacon when the page is hidden.
 */
(function (w, d) {
  "use strict";
  if (w.cxm && w.cxm.loaded) return;

  var VERSION = "1.0.0";
  var QUEUE_KEY = "cxm_queue", AID_KEY = "cxm_aid", UID_KEY = "cxm_uid", ASKED_KEY = "cxm_asked";
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


  // Survey widget: cxm.survey(key, {after: "Order Completed", delay: 5, path: "/cam-on"})
  // shows a survey in a panel on this site after an event, a delay or on a
  // page. A closed survey is not shown; a browser that answered one is not
  // asked again within the fatigue window; a survey answered or dismissed
  // here stays closed.
  var WT = {
    vi: { close: "Đóng", next: "Tiếp", send: "Gửi", thanks: "Cảm ơn bạn đã góp ý!", yes: "Có", no: "Không",
      required: "Vui lòng trả lời câu hỏi này.", failed: "Chưa gửi được, vui lòng thử lại." },
    en: { close: "Close", next: "Next", send: "Send", thanks: "Thank you for your feedback!", yes: "Yes", no: "No",
      required: "Please answer this question.", failed: "Could not send: please try again." }
  };
  var waiting = [], widgetOpen = false;

  function survey(key, opts) {
    opts = opts || {};
    if (!key || load("cxm_survey_" + key)) return;
    if (opts.path && w.location.pathname.indexOf(opts.path) !== 0) return;
    var show = function () { w.setTimeout(function () { openWidget(key); }, (Number(opts.delay) || 0) * 1000); };
    if (opts.after) waiting.push({ event: opts.after, fire: show }); else show();
  }

  function tracked(event) {
    waiting = waiting.filter(function (x) { if (x.event === event) { x.fire(); return false; } return true; });
  }

  function el(tag, attrs, kids) {
    var e = d.createElement(tag);
    for (var k in attrs || {}) if (attrs.hasOwnProperty(k)) { if (k === "text") e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]); }
    for (var i = 0; kids && i < kids.length; i++) if (kids[i]) e.appendChild(kids[i]);
    return e;
  }

  function style() {
    if (d.getElementById("cxm-w-css")) return;
    d.head.appendChild(el("style", { id: "cxm-w-css", text:
      ".cxm-w{position:fixed;z-index:2147483000;right:16px;bottom:16px;width:360px;max-width:calc(100vw - 32px);max-height:calc(100vh - 32px);overflow:auto;box-sizing:border-box;background:#fff;color:#1b1f24;border:1px solid #c5ccd3;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);font:15px/1.45 system-ui,sans-serif;padding:16px}" +
      ".cxm-w h2{font-size:16px;margin:0 36px 10px 0}.cxm-w p{margin:0 0 8px}.cxm-w fieldset{border:0;margin:0 0 8px;padding:0}.cxm-w legend{font-weight:600;margin-bottom:6px;padding:0}" +
      ".cxm-w button{font:inherit;cursor:pointer;border-radius:8px;border:1px solid #8a96a3;background:#f6f8f9;color:#1b1f24;min-height:40px}" +
      ".cxm-w .cxm-x{position:absolute;top:8px;right:8px;min-width:40px;border:0;background:none;font-size:22px}" +
      ".cxm-w .cxm-s{display:grid;grid-template-columns:repeat(auto-fill,minmax(40px,1fr));gap:4px}" +
      ".cxm-w [aria-pressed=true]{background:#0b5563;border-color:#0b5563;color:#fff}.cxm-w .cxm-go{background:#0b5563;border-color:#0b5563;color:#fff;padding:0 18px;margin-top:6px}" +
      ".cxm-w label{display:block;margin:4px 0}.cxm-w textarea{width:100%;box-sizing:border-box;min-height:80px;font:inherit}" +
      ".cxm-w :focus-visible{outline:3px solid #f0a202;outline-offset:2px}.cxm-w .cxm-err{color:#a4161a;min-height:1em}" +
      "@media(max-width:480px){.cxm-w{left:8px;right:8px;bottom:8px;width:auto;max-width:none}}" }));
  }

  function openWidget(key) {
    if (widgetOpen || load("cxm_survey_" + key)) return;
    var lang = (d.documentElement.lang || "").slice(0, 2) === "en" ? "en" : "vi";
    // cxm tells anyone who asks nothing about a visitor, so the fatigue
    // window is kept here: a browser that answered a survey is not asked
    // again within the workspace's fatigue_days.
    var url = cfg.host + "/v1/surveys/" + encodeURIComponent(key) + "/widget?lang=" + lang;
    w.fetch(url, { credentials: "omit" }).then(function (r) { return r.ok ? r.json() : null; }).then(function (s) {
      var asked = Number(load(ASKED_KEY)) || 0;
      if (s && s.fatigue_days && new Date().getTime() - asked < s.fatigue_days * 864e5) return;
      if (s && s.show && s.questions && s.questions.length && !widgetOpen) render(key, s);
    }, function () { /* cxm unreachable: say nothing */ });
  }

  function visible(q, answers) {
    var b = q.show_if;
    if (!b) return true;
    var a = answers[b.question];
    if (!a) return false;
    if (b.op === "choice") return (a.choices || []).indexOf(b.choice) >= 0;
    var v = b.value || 0;
    if (a.score === undefined) return false;
    return b.op === "<=" ? a.score <= v : b.op === ">=" ? a.score >= v : a.score === v;
  }

  // render draws one question at a time and posts the answers at the end.
  function render(key, s) {
    widgetOpen = true;
    style();
    var t = WT[s.language] || WT.vi, answers = {}, i = -1, current = null;
    var title = el("h2", { id: "cxm-w-title", text: s.name });
    var body = el("div"), err = el("p", { "class": "cxm-err", role: "alert" });
    var go = el("button", { type: "button", "class": "cxm-go" });
    var close = el("button", { type: "button", "class": "cxm-x", "aria-label": t.close, text: "×" });
    var panel = el("div", { "class": "cxm-w", role: "dialog", "aria-labelledby": "cxm-w-title" }, [close, title, body, err, go]);
    function finish(state) { save("cxm_survey_" + key, state); if (panel.parentNode) panel.parentNode.removeChild(panel); widgetOpen = false; }
    close.onclick = function () { finish("dismissed"); };
    panel.addEventListener("keydown", function (e) { if (e.key === "Escape") finish("dismissed"); });

    function next() {
      do { i++; } while (i < s.questions.length && !visible(s.questions[i], answers));
      if (i >= s.questions.length) return submit();
      current = question(s.questions[i], t);
      body.textContent = "";
      body.appendChild(current.node);
      go.textContent = i === s.questions.length - 1 ? t.send : t.next;
      var first = body.querySelector("button,input,textarea");
      if (first) first.focus();
    }
    go.onclick = function () {
      var q = s.questions[i], a = current.value();
      if (!a && q.required) { err.textContent = t.required; return; }
      err.textContent = "";
      if (a) { a.question = q.key; answers[q.key] = a; }
      next();
    };
    function submit() {
      var list = [];
      for (var k in answers) if (answers.hasOwnProperty(k)) list.push(answers[k]);
      go.disabled = true;
      w.fetch(cfg.host + "/v1/surveys/" + encodeURIComponent(key) + "/widget", {
        method: "POST", credentials: "omit", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ anonymousId: anonymousId(), language: s.language, answers: list, website: "" })
      }).then(function (r) {
        if (!r.ok) return r.json().then(function (e) { throw new Error(e && e.error ? e.error.message : t.failed); });
        save("cxm_survey_" + key, "answered");
        save(ASKED_KEY, String(new Date().getTime()));
        body.textContent = ""; body.appendChild(el("p", { text: t.thanks })); go.style.display = "none"; close.focus();
        w.setTimeout(function () { finish("answered"); }, 4000);
      }).catch(function (e) { go.disabled = false; err.textContent = e.message || t.failed; });
    }
    d.body.appendChild(panel);
    next();
  }

  // question returns a question's form and a function that reads its answer.
  function question(q, t) {
    var legend = el("legend", { text: q.title });
    function scale(onPick) {
      var row = el("div", { "class": "cxm-s" }), picked;
      for (var v = q.min || 0; v <= q.max; v++) (function (v) {
        var b = el("button", { type: "button", "aria-pressed": "false", text: String(v) });
        b.onclick = function () { if (picked) picked.setAttribute("aria-pressed", "false"); b.setAttribute("aria-pressed", "true"); picked = b; onPick(v); };
        row.appendChild(b);
      })(v);
      return row;
    }
    if (q.type === "matrix") {
      var scores = {}, n = 0, box = el("fieldset", {}, [legend]);
      (q.options || []).forEach(function (o) {
        box.appendChild(el("p", { text: o.label }));
        box.appendChild(scale(function (v) { if (scores[o.key] === undefined) n++; scores[o.key] = v; }));
      });
      return { node: box, value: function () { return n ? { scores: scores } : null; } };
    }
    if (q.max) {
      var score;
      return { node: el("fieldset", {}, [legend, scale(function (v) { score = v; })]), value: function () { return score === undefined ? null : { score: score }; } };
    }
    if (q.type === "text") {
      var id = "cxm-q-" + q.key, area = el("textarea", { id: id, maxlength: "5000" });
      return { node: el("div", {}, [el("label", { "for": id, text: q.title }), area]), value: function () { return area.value.trim() ? { text: area.value } : null; } };
    }
    var opts = q.type === "consent" ? [{ key: "yes", label: t.yes }, { key: "no", label: t.no }] : (q.options || []);
    var multi = q.type === "multiple", inputs = [], set = el("fieldset", {}, [legend]);
    opts.forEach(function (o) {
      var input = el("input", { type: multi ? "checkbox" : "radio", name: "cxm-q-" + q.key, value: o.key });
      inputs.push(input);
      set.appendChild(el("label", {}, [input, d.createTextNode(" " + o.label)]));
    });
    return { node: set, value: function () {
      var c = inputs.filter(function (x) { return x.checked; }).map(function (x) { return x.value; });
      return c.length ? { choices: c } : null;
    } };
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
      tracked(String(event));
    },
    survey: survey,
    page: function (name, properties) {
      if (typeof name === "object" && name !== null) { properties = name; name = undefined; }
      var props = pageInfo();
      for (var k in properties || {}) if (properties.hasOwnProperty(k)) props[k] = properties[k];
      enqueue("page", { name: name, properties: props });
    },
    reset: function () { save(UID_KEY, undefined); save(AID_KEY, undefined); save(ASKED_KEY, undefined); },
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
    var key = script && script.getAttribute("data-cxm-survey");
    if (key) survey(key, { after: script.getAttribute("data-cxm-survey-after"), delay: script.getAttribute("data-cxm-survey-delay"), path: script.getAttribute("data-cxm-survey-path") });
    schedule(0);
  }
  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", start); else start();
})(window, document);
