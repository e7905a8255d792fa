// veille's pages: draws each page from the JSON the server embedded in it
// (the answer of the matching /api endpoint), plus live ingest. Hand-written,
// no dependencies, no external requests.
"use strict";
(function () {
  // ---------- small helpers ----------
  const SVG = "http://www.w3.org/2000/svg";
  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    setAttrs(el, attrs);
    append(el, kids);
    return el;
  }
  function s(tag, attrs, ...kids) {
    const el = document.createElementNS(SVG, tag);
    setAttrs(el, attrs);
    append(el, kids);
    return el;
  }
  function setAttrs(el, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") el.setAttribute("class", v);
      else if (k === "text") el.textContent = v;
      else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? "" : v);
    }
  }
  function append(el, kids) {
    for (const k of kids.flat(Infinity)) {
      if (k === null || k === undefined || k === false) continue;
      el.append(k instanceof Node ? k : document.createTextNode(String(k)));
    }
  }
  const $ = (id) => document.getElementById(id);
  function fill(id, ...kids) {
    const el = $(id);
    if (!el) return;
    el.replaceChildren();
    append(el, kids);
  }
  const empty = (text) => h("p", { class: "empty" }, text);
  // The first array among `keys` of `obj` (or obj itself if an array).
  function list(obj, ...keys) {
    if (Array.isArray(obj)) return obj;
    if (!obj || typeof obj !== "object") return [];
    for (const k of keys) if (Array.isArray(obj[k])) return obj[k];
    return [];
  }
  function first(obj, ...keys) {
    if (!obj || typeof obj !== "object") return undefined;
    for (const k of keys) if (obj[k] !== undefined && obj[k] !== null) return obj[k];
    return undefined;
  }
  const docHref = (id) => "/documents/" + encodeURIComponent(id);
  const entHref = (id) => "/entities/" + encodeURIComponent(id);
  const storyHref = (id) => "/stories/" + encodeURIComponent(id);
  function dateOf(v) {
    if (!v) return "";
    if (typeof v === "object") return v.value || v.date || "";
    return String(v);
  }
  const day = (v) => dateOf(v).slice(0, 10);
  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many || one + "s");
  }
  function hostOf(u) {
    try {
      return new URL(u).host;
    } catch (_) {
      return u || "";
    }
  }
  function pageData() {
    const el = $("page-data");
    if (!el) return null;
    try {
      return JSON.parse(el.textContent || "null");
    } catch (_) {
      return null;
    }
  }
  function params() {
    return new URLSearchParams(location.search);
  }
  function withParams(base, changes) {
    const p = params();
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === undefined || v === "") p.delete(k);
      else p.set(k, v);
    }
    const q = p.toString();
    return base + (q ? "?" + q : "");
  }
  // A snippet whose matches the store marks with [ ] or <b> </b>: marks
  // drawn as elements, everything else as text.
  function snippet(text) {
    const out = h("p", { class: "snippet" });
    const re = /<b>(.*?)<\/b>|\[([^\]]*)\]/g;
    let last = 0,
      m;
    while ((m = re.exec(text))) {
      out.append(document.createTextNode(text.slice(last, m.index)));
      out.append(h("mark", { class: "hl" }, m[1] !== undefined ? m[1] : m[2]));
      last = re.lastIndex;
    }
    out.append(document.createTextNode(text.slice(last)));
    return out;
  }
  // A document's name: its title, else its file or page name, else its id.
  function docLabel(title, source, id) {
    if (title) return title;
    const base = String(source || "").split(/[/#?]/).filter(Boolean).pop();
    return base || String(id || "").slice(0, 16);
  }
  function entityLink(name, id) {
    if (id) return h("a", { href: entHref(id) }, name || id);
    return name || "";
  }

  // ---------- charts ----------
  // Counts by period: [{key: "2024-05", n}] from dated items.
  // Counts by period from [date, n, series] items: [{key, n, parts: [n per
  // series]}]; only dates precise to the day are drawn (`vague` counts the rest).
  function histogram(items, nseries) {
    const days = [];
    let vague = 0;
    for (const [d, n, k] of items) {
      const v = day(d);
      if (/^\d{4}-\d{2}-\d{2}$/.test(v)) days.push([v, n || 1, k || 0]);
      else if (d) vague += 1;
    }
    if (!days.length) return { bins: [], unit: "day", vague };
    days.sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0));
    const span = (Date.parse(days[days.length - 1][0]) - Date.parse(days[0][0])) / 864e5;
    const unit = span > 1000 ? "year" : span > 62 ? "month" : "day";
    const len = unit === "year" ? 4 : unit === "month" ? 7 : 10;
    const map = new Map();
    for (const [d, n, k] of days) {
      const key = d.slice(0, len);
      const parts = map.get(key) || new Array(nseries).fill(0);
      parts[k] += n;
      map.set(key, parts);
    }
    // Fill the gaps so time runs evenly.
    const keys = [...map.keys()].sort();
    const bins = [];
    let cur = keys[0];
    for (let guard = 0; guard < 400; guard++) {
      const parts = map.get(cur) || new Array(nseries).fill(0);
      bins.push({ key: cur, parts, n: parts.reduce((x, y) => x + y, 0) });
      if (cur >= keys[keys.length - 1]) break;
      cur = nextKey(cur, unit);
    }
    return { bins, unit, vague };
  }
  function nextKey(k, unit) {
    if (unit === "year") return String(+k + 1);
    if (unit === "month") {
      let [y, m] = k.split("-").map(Number);
      m += 1;
      if (m > 12) {
        m = 1;
        y += 1;
      }
      return y + "-" + String(m).padStart(2, "0");
    }
    const d = new Date(k + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  }
  // A bar chart over time; `series` names the stacked parts (items carry
  // their part's index third).
  function timeChart(id, items, what, hrefOf, series) {
    const el = $(id);
    if (!el) return;
    series = series || [what];
    const { bins, unit, vague } = histogram(items, series.length);
    const note = vague ? h("p", { class: "meta" }, `${vague} with a date vaguer than a day not drawn.`) : null;
    if (!bins.length) {
      el.replaceChildren(empty("No " + what + " dated to the day to draw."));
      if (note) el.append(note);
      return;
    }
    // Drawn at the container's width, so text keeps its size.
    const W = Math.max(360, Math.min(1200, (el.clientWidth || 560) - 12)),
      H = 170,
      L = 30,
      B = 34,
      T = 10;
    const max = Math.max(...bins.map((b) => b.n));
    const bw = Math.min(48, (W - L - 6) / bins.length);
    const x0 = L + 3 + (W - L - 6 - bw * bins.length) / 2;
    const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `${what} per ${unit}` });
    svg.append(s("title", {}, `${what} per ${unit}`));
    svg.append(s("line", { class: "axis", x1: L, y1: H - B, x2: W, y2: H - B }));
    svg.append(s("text", { x: L - 4, y: T + 8, "text-anchor": "end" }, String(max)));
    svg.append(s("text", { x: L - 4, y: H - B, "text-anchor": "end" }, "0"));
    const every = Math.max(1, Math.ceil(84 / bw)); // a label per ~84 px
    bins.forEach((b, i) => {
      const x = x0 + i * bw;
      const g = s("g", {});
      let top = H - B;
      b.parts.forEach((n, k) => {
        const bh = max ? ((H - B - T) * n) / max : 0;
        if (!bh) return;
        top -= bh;
        g.append(s("rect", { class: "bar s" + k, x: x + bw * 0.1, y: top, width: Math.max(1, bw * 0.8), height: bh }));
      });
      g.append(s("title", {}, `${b.key}: ` + (series.length > 1 ? b.parts.map((n, k) => `${n} ${series[k]}`).join(", ") : String(b.n))));
      const href = hrefOf && b.n ? hrefOf(b.key, unit) : null;
      svg.append(href ? s("a", { href }, g) : g);
      if (i % every === 0) svg.append(s("text", { x: x + bw / 2, y: H - B + 14, "text-anchor": "middle" }, b.key));
    });
    el.replaceChildren(svg);
    if (series.length > 1) el.append(h("p", { class: "chart-legend" }, series.map((name, k) => h("span", { class: "key s" + k }, name))));
    if (note) el.append(note);
  }

  // An equirectangular world: graticule, country labels at their GeoNames
  // points (no land outlines ship with veille), and markers.
  let countriesP = null;
  function countries() {
    countriesP =
      countriesP ||
      fetch("/assets/countries.json")
        .then((r) => (r.ok ? r.json() : { countries: [] }))
        .catch(() => ({ countries: [] }));
    return countriesP;
  }
  async function worldMap(id, markers) {
    const el = $(id);
    if (!el) return;
    el.classList.add("map");
    const W = 720,
      H = 360;
    // The frame: the whole world, or around the markers (2:1, at least 50° wide).
    let lon0 = -180,
      lon1 = 180,
      lat0 = -90,
      lat1 = 90;
    if (markers.length) {
      const lons = markers.map((m) => m.lon),
        lats = markers.map((m) => m.lat);
      const cx = (Math.min(...lons) + Math.max(...lons)) / 2,
        cy = (Math.min(...lats) + Math.max(...lats)) / 2;
      let span = Math.max(50, (Math.max(...lons) - Math.min(...lons)) * 1.3, (Math.max(...lats) - Math.min(...lats)) * 2.6);
      span = Math.min(360, span);
      lon0 = Math.max(-180, Math.min(180 - span, cx - span / 2));
      lon1 = lon0 + span;
      lat1 = Math.min(90, Math.max(-90 + span / 2, cy + span / 4));
      lat0 = lat1 - span / 2;
    }
    const x = (lon) => ((lon - lon0) / (lon1 - lon0)) * W;
    const y = (lat) => ((lat1 - lat) / (lat1 - lat0)) * H;
    const inside = (lat, lon) => lon >= lon0 && lon <= lon1 && lat >= lat0 && lat <= lat1;
    const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Map of event places" });
    svg.append(s("title", {}, "Map of event places (equirectangular)"));
    svg.append(s("rect", { class: "sea", x: 0, y: 0, width: W, height: H }));
    const step = lon1 - lon0 > 120 ? 15 : 5;
    for (let lon = -180; lon <= 180; lon += step) if (lon >= lon0 && lon <= lon1) svg.append(s("line", { class: "grat" + (lon % 30 === 0 ? " major" : ""), x1: x(lon), y1: 0, x2: x(lon), y2: H }));
    for (let lat = -90; lat <= 90; lat += step) if (lat >= lat0 && lat <= lat1) svg.append(s("line", { class: "grat" + (lat % 30 === 0 ? " major" : ""), x1: 0, y1: y(lat), x2: W, y2: y(lat) }));
    if (lon1 - lon0 < 360) svg.append(s("text", { x: 6, y: H - 6 }, `${Math.round(lon0)}° to ${Math.round(lon1)}° E, ${Math.round(lat0)}° to ${Math.round(lat1)}° N`));
    const data = await countries();
    const taken = [];
    for (const m of markers) taken.push([x(m.lon) + 30, y(m.lat), 80]);
    for (const [, nameFr, , lat, lon] of data.countries || []) {
      if (!inside(lat, lon)) continue;
      const cx = x(lon),
        cy = y(lat),
        w = nameFr.length * 5.2;
      if (taken.some(([a, b, c]) => Math.abs(a - cx) < (c + w) / 2 + 2 && Math.abs(b - cy) < 11)) continue;
      taken.push([cx, cy, w]);
      svg.append(s("text", { class: "country", x: cx, y: cy }, nameFr));
    }
    // One marker per place, sized by its events.
    const byPlace = new Map();
    for (const m of markers) {
      const k = m.lat.toFixed(3) + "," + m.lon.toFixed(3);
      const e = byPlace.get(k) || { ...m, n: 0, labels: [] };
      e.n += 1;
      if (m.label && !e.labels.includes(m.label)) e.labels.push(m.label);
      byPlace.set(k, e);
    }
    for (const m of byPlace.values()) {
      const r = 4 + Math.min(10, Math.sqrt(m.n) * 2.5);
      const c = s("circle", { class: "marker", cx: x(m.lon), cy: y(m.lat), r, tabindex: 0, "data-place": m.name, "data-count": m.n });
      c.append(s("title", {}, `${m.name}: ${plural(m.n, "event")}${m.labels.length ? " — " + m.labels.slice(0, 4).join("; ") : ""}`));
      svg.append(c);
      svg.append(s("text", { class: "mlabel", x: x(m.lon) + r + 2, y: y(m.lat) + 3 }, m.name));
    }
    el.replaceChildren(svg);
    if (!markers.length) el.append(empty("No event here has a place on the map."));
  }

  // Co-occurring entities around the centre, on a circle (closer and
  // bigger: more shared documents).
  function network(id, center, nodes) {
    const el = $(id);
    if (!el) return;
    if (!nodes.length) {
      el.replaceChildren(empty("No other entity shares a document with this one yet."));
      return;
    }
    const W = 620,
      H = 380,
      cx = W / 2,
      cy = H / 2;
    const max = Math.max(...nodes.map((n) => n.n));
    const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Co-occurring entities" });
    svg.classList.add("net");
    svg.append(s("title", {}, "Entities mentioned in the same documents"));
    const colors = { PER: "#8b5cf6", ORG: "#2f6db5", LOC: "#2f8f46", MISC: "#c27c0e" };
    const pos = nodes.map((n, i) => {
      const a = (2 * Math.PI * i) / nodes.length - Math.PI / 2;
      const rr = 150 - 50 * (n.n / max) + (i % 2) * 12;
      return [cx + rr * 1.45 * Math.cos(a), cy + rr * Math.sin(a)];
    });
    nodes.forEach((n, i) => svg.append(s("line", { class: "edge", x1: cx, y1: cy, x2: pos[i][0], y2: pos[i][1], "stroke-width": 1 + (3 * n.n) / max })));
    nodes.forEach((n, i) => {
      const g = s("a", { href: entHref(n.id || n.name), class: "node" });
      const r = 5 + (9 * n.n) / max;
      const c = s("circle", { cx: pos[i][0], cy: pos[i][1], r, fill: colors[n.label] || "#64748b" });
      c.append(s("title", {}, `${n.name}: ${plural(n.n, "shared document")}`));
      g.append(c, s("text", { x: pos[i][0] + r + 3, y: pos[i][1] + 4 }, n.name));
      svg.append(g);
    });
    const g = s("g", { class: "node center" });
    g.append(s("circle", { cx, cy, r: 16 }), s("text", { x: cx + 20, y: cy + 4 }, center));
    svg.append(g);
    el.replaceChildren(svg);
  }

  // ---------- annotated text (displaCy-like) ----------
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  // Draws `text` with `quotes` (spans) as blocks and `marks` (spans with a
  // class, label and link) inside them. Spans are byte ranges into text.
  function annotated(text, quotes, marks) {
    const bytes = enc.encode(text);
    const slice = (a, b) => dec.decode(bytes.subarray(a, b));
    const ok = (sp) => sp && sp.start >= 0 && sp.end <= bytes.length && sp.start < sp.end;
    const nonOverlapping = (spans) => {
      const out = [];
      let end = -1;
      for (const sp of spans.filter(ok).sort((a, b) => a.start - b.start || b.end - a.end)) {
        if (sp.start >= end) {
          out.push(sp);
          end = sp.end;
        }
      }
      return out;
    };
    const qs = nonOverlapping(quotes);
    const ms = nonOverlapping(marks);
    const frag = document.createDocumentFragment();
    // Marks within [a, b) appended to parent.
    function run(parent, a, b) {
      let at = a;
      for (const m of ms) {
        if (m.start < a || m.end > b) continue;
        if (m.start > at) parent.append(slice(at, m.start));
        const mark = h("mark", { class: "ann " + m.cls, title: m.title || null });
        const body = m.href ? h("a", { href: m.href }, slice(m.start, m.end)) : slice(m.start, m.end);
        mark.append(body, h("span", { class: "lbl", "aria-hidden": "true" }, m.label));
        parent.append(mark);
        at = m.end;
      }
      if (at < b) parent.append(slice(at, b));
    }
    let at = 0;
    for (const q of qs) {
      if (q.start > at) run(frag, at, q.start);
      const el = h("q", { class: "quote", title: q.title || null });
      // Marks that straddle the quote's edges are drawn as plain text.
      run(el, q.start, q.end);
      if (q.label) el.append(h("span", { class: "qlbl" }, q.label));
      frag.append(el);
      at = q.end;
    }
    run(frag, at, bytes.length);
    return frag;
  }
  function spanOf(o) {
    if (!o) return null;
    if (typeof o.start === "number") return { start: o.start, end: o.end };
    if (o.span && typeof o.span.start === "number") return { start: o.span.start, end: o.span.end };
    return null;
  }
  function entityMarks(ents) {
    return (ents || []).map((e) => ({
      ...spanOf(e),
      cls: String(e.type || e.label || "MISC").toUpperCase(),
      label: String(e.type || e.label || "").toUpperCase(),
      href: e.entity_id ? entHref(e.entity_id) : null,
      title: [e.canonical, e.code, e.place && e.place.name].filter(Boolean).join(" · ") || null,
    }));
  }
  function timeMarks(times) {
    return (times || []).map((t) => ({ ...spanOf(t), cls: "TIME", label: "TIME", title: t.value ? `${t.value} (${t.precision || ""})` : "no value" }));
  }
  function eventMarks(events) {
    return (events || []).map((ev) => ({
      ...spanOf(ev.trigger),
      cls: "EVT",
      label: String(ev.event_type || ev.type || "EVENT").toUpperCase(),
      title: [ev.cameo && "CAMEO " + ev.cameo, ev.modality, ev.source && "source: " + ev.source.text, ev.target && "target: " + ev.target.text].filter(Boolean).join(" · "),
    }));
  }
  function quoteSpans(quotes) {
    return (quotes || []).map((q) => ({ ...spanOf(q), label: q.speaker_name || q.speaker ? "— " + (q.speaker_name || q.speaker) : q.kind, title: q.cue ? "cue: " + q.cue : null }));
  }

  // ---------- shared tables ----------
  function eventRow(e, withDoc) {
    const type = String(first(e, "type", "event_type") || "");
    const place = placeName(e);
    return h(
      "tr",
      {},
      h("td", {}, day(first(e, "date", "doc_date")) || "—"),
      h("td", {}, h("span", { class: "tag" }, type), " ", h("span", { class: "count" }, e.cameo || "")),
      h("td", {}, entityLink(e.source, e.source_id) || "—"),
      h("td", {}, e.trigger || ""),
      h("td", {}, entityLink(e.target, e.target_id) || "—"),
      h("td", {}, place || "—"),
      h("td", {}, e.modality || ""),
      withDoc ? h("td", {}, h("a", { href: docHref(e.doc_id), title: e.sentence || "" }, docLabel(e.title, e.source_doc, e.doc_id))) : null
    );
  }
  function eventTable(events, caption, withDoc = true) {
    if (!events.length) return empty("No events.");
    const cols = ["Date", "Type", "Source", "Trigger", "Target", "Place", "Modality"].concat(withDoc ? ["Document"] : []);
    return h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        {},
        caption ? h("caption", { class: "visually-hidden" }, caption) : null,
        h("thead", {}, h("tr", {}, cols.map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, events.map((e) => eventRow(e, withDoc)))
      )
    );
  }
  function placeOf(e) {
    const cands = [e.place, e.location_place, e.location && e.location.place, e.event && e.event.location && e.event.location.place];
    for (const p of cands) if (p && typeof p.lat === "number" && typeof p.lon === "number") return p;
    if (typeof e.lat === "number" && typeof e.lon === "number") return { lat: e.lat, lon: e.lon, name: placeName(e) };
    return null;
  }
  function placeName(e) {
    const l = e.location;
    if (typeof l === "string") return l;
    if (l && typeof l === "object") return l.text || (l.place && l.place.name) || "";
    return (e.place && e.place.name) || e.place_name || "";
  }
  function quoteBlock(q) {
    const who = q.speaker_name || q.speaker;
    return h(
      "blockquote",
      {},
      h("p", {}, (q.kind === "direct" ? "« " : "") + q.text + (q.kind === "direct" ? " »" : "")),
      h(
        "footer",
        {},
        q.speaker_id || q.speaker_name ? h("a", { href: entHref(q.speaker_id || q.speaker_name) }, who) : who || "unknown speaker",
        q.cue ? ` (${q.cue})` : "",
        " · ",
        q.kind || "",
        q.here ? null : [" · ", h("a", { href: docHref(q.doc_id) }, docLabel(q.title, q.source, q.doc_id))],
        q.date ? " · " + day(q.date) : ""
      )
    );
  }

  // Previous / next links keeping every other parameter.
  function pager(base, data, shown) {
    const total = first(data, "total", "count");
    const pageNo = Number(first(data, "page") || params().get("page") || 1);
    const per = Number(first(data, "per_page", "page_size", "limit") || 20);
    const last = typeof total === "number" ? Math.max(1, Math.ceil(total / per)) : null;
    const out = [];
    if (pageNo > 1) out.push(h("a", { href: withParams(base, { page: pageNo - 1 }), rel: "prev" }, "← Previous"));
    if (pageNo > 1 || (last && last > 1)) out.push(h("span", { class: "count" }, "page " + pageNo + (last ? " of " + last : "")));
    if ((last && pageNo < last) || (!last && shown >= per)) out.push(h("a", { href: withParams(base, { page: pageNo + 1 }), rel: "next" }, "Next →"));
    fill("pager", out);
  }

  // ---------- pages ----------
  const pages = {};

  pages.search = function (data) {
    const p = params();
    const asked = [...p.entries()].some(([k, v]) => k !== "page" && v.trim());
    if (!asked) {
      const n = data && typeof data.documents === "number" ? data.documents : null;
      fill("results-heading", "Your store");
      if (n === 0) {
        fill("results-body", h("p", { class: "empty", id: "nothing-yet" }, "Nothing stored yet. ", h("a", { href: "/ingest" }, "Ingest"), " a page, a file or some text, or run ", h("code", {}, "veille ingest PATH"), "."));
      } else {
        fill("results-body", h("div", { class: "stats" }, h("p", {}, h("span", { class: "big", id: "doc-count" }, n === null ? "?" : String(n)), " documents stored")), h("p", {}, "Search words or filter by entity, type, language, site and dates: every search is its own link."), h("p", {}, "Or browse ", h("a", { href: "/events" }, "events"), " and ", h("a", { href: "/stories" }, "stories"), "."));
      }
      fill("facets-body", empty("Facets appear with results."));
      showFeeds();
      return;
    }
    if (!data) return;
    const hits = list(data, "results", "hits", "documents");
    const total = first(data, "total", "count");
    fill("results-heading", typeof total === "number" ? (data.total_exact === false ? "More than " : "") + plural(total, "result") : "Results");
    if (!hits.length) fill("results-body", h("p", { class: "empty", id: "no-results" }, "No document matches. Try fewer words or filters."));
    else
      fill(
        "results-body",
        hits.map((r) =>
          h(
            "article",
            { class: "hit" },
            h("h3", {}, h("a", { href: docHref(r.id) }, docLabel(r.title, r.url || r.source, r.id))),
            h("p", { class: "meta" }, [day(r.date) || "undated", r.site || hostOf(r.url || r.source), r.lang].filter(Boolean).join(" · ")),
            r.snippet ? snippet(r.snippet) : null
          )
        )
      );
    pager("/", data, hits.length);
    // Facets: {entity|entities: [...], type: [...], lang: [...], site: [...]}
    const facets = data.facets || {};
    const groups = [
      ["entity", "Entities", first(facets, "entity", "entities")],
      ["type", "Entity types", first(facets, "type", "types")],
      ["lang", "Languages", first(facets, "lang", "langs", "language")],
      ["site", "Sites", first(facets, "site", "sites")],
    ];
    const out = [];
    for (const [key, title, values] of groups) {
      const vals = Array.isArray(values) ? values : values && typeof values === "object" ? Object.entries(values).map(([value, count]) => ({ value, count })) : [];
      if (!vals.length) continue;
      out.push(
        h(
          "section",
          { class: "facet", "data-facet": key },
          h("h3", {}, title),
          h(
            "ul",
            {},
            vals.slice(0, 12).map((v) => {
              const value = String(first(v, "value", "name", "canonical", "text", "id") ?? "");
              const label = String(first(v, "name", "canonical", "label", "value", "text") ?? value);
              const n = first(v, "count", "documents", "n");
              const current = p.get(key) === value;
              return h("li", {}, h("a", { href: withParams("/", { [key]: current ? null : value, page: null }), "aria-current": current ? "true" : null }, label), h("span", { class: "count" }, n ?? ""));
            })
          )
        )
      );
    }
    fill("facets-body", out.length ? out : empty("No facets for these results."));
  };

  // The feeds `veille serve --feeds` watches: the last poll and what it brought.
  async function showFeeds() {
    const r = await fetch("/api/feeds").catch(() => null);
    if (!r || !r.ok) return;
    const feeds = list(await r.json(), "feeds");
    if (!feeds.length) return;
    $("feeds").hidden = false;
    fill(
      "feeds-body",
      h(
        "table",
        {},
        h("thead", {}, h("tr", {}, ["Feed", "Last poll", "New documents", "Items listed", "Status"].map((t) => h("th", { scope: "col" }, t)))),
        h(
          "tbody",
          {},
          feeds.map((f) =>
            h(
              "tr",
              {},
              h("td", {}, f.url),
              h("td", {}, f.last_poll ? f.last_poll.replace("T", " ").slice(0, 19) : "not yet"),
              h("td", { class: "num" }, f.new_items ?? 0),
              h("td", { class: "num" }, f.items ?? 0),
              h("td", {}, f.error ? h("span", { class: "tag reason", title: f.error }, "failed: " + f.error.slice(0, 80)) : f.not_modified ? "unchanged" : f.last_poll ? "ok" : "waiting")
            )
          )
        )
      )
    );
  }

  pages.document = function (d) {
    if (!d) return;
    document.title = (d.title || d.id) + " · veille";
    fill("doc-title", d.title || "(untitled)");
    const date = d.date ? dateOf(d.date) : "";
    fill(
      "doc-meta",
      [date || "undated", d.author, d.site || (d.url ? hostOf(d.url) : docLabel(null, d.source, d.id)), d.lang].filter(Boolean).join(" · "),
      d.url ? [" · ", h("a", { href: d.url, rel: "noreferrer noopener" }, "original page")] : null,
      d.spin ? [" · ", h("span", { class: "tag reason" }, "first-person spin")] : null
    );
    const legend = [
      ["PER", "person"],
      ["ORG", "organisation"],
      ["LOC", "place"],
      ["MISC", "other name"],
      ["TIME", "time"],
      ["EVT", "event trigger"],
    ].map(([c, t]) => h("mark", { class: "ann " + c }, t));
    legend.push(h("q", { class: "quote" }, "quote"));
    fill("legend", legend);
    const ents = d.entities || [];
    const text = d.text || "";
    fill("doc-text", annotated(text, quoteSpans(d.quotes), [...entityMarks(ents), ...timeMarks(d.times), ...eventMarks(d.events)]));
    // The headline's own annotations, when it has some.
    const hl = d.headline || {};
    if (d.title && ((hl.entities || []).length || (hl.events || []).length)) {
      const t = $("doc-title");
      t.replaceChildren(annotated(d.title, quoteSpans(hl.quotes), [...entityMarks(hl.entities), ...timeMarks(hl.times), ...eventMarks(hl.events)]));
      t.classList.add("headline-text");
    }
    const quotes = d.quotes || [];
    fill(
      "doc-quotes",
      quotes.length
        ? quotes.map((q) => quoteBlock({ ...q, here: true, date: null }))
        : empty("No quotes found.")
    );
    const evs = (d.events || []).map((ev) => ({
      type: ev.event_type || ev.type,
      cameo: ev.cameo,
      source: ev.source && ev.source.text,
      source_id: ev.source && ev.source.entity_id,
      trigger: ev.trigger && ev.trigger.text,
      target: ev.target && ev.target.text,
      target_id: ev.target && ev.target.entity_id,
      location: ev.location,
      modality: ev.modality,
      date: ev.date && ev.date.value,
      doc_id: d.id,
      title: "this document",
    }));
    fill("doc-events", evs.length ? eventTable(evs, "Events in this document", false) : empty("No events found."));
    const removed = d.removed || [];
    fill(
      "doc-removed",
      removed.length
        ? h(
            "ul",
            { class: "plain removed" },
            removed.map((r) => h("li", {}, h("span", { class: "tag reason" }, String(r.reason).replace(/_/g, " ")), " ", r.text, " ", h("span", { class: "line" }, "line " + r.line)))
          )
        : empty("Nothing was removed: the text is as read.")
    );
    const copies = [];
    if (d.copy_of) copies.push(h("p", {}, "A ", h("strong", {}, d.copy_of.relation), " of ", h("a", { href: docHref(d.copy_of.id) }, "its original"), ` (similarity ${Number(d.copy_of.similarity).toFixed(2)}).`));
    const cs = d.copies || [];
    if (cs.length)
      copies.push(
        h("p", {}, d.copy_of ? "Other copies of the original:" : "Copies of this document:"),
        h("ul", { class: "plain" }, cs.map((c) => h("li", {}, h("a", { href: docHref(c.id) }, c.id.slice(0, 12)), " ", h("span", { class: "tag" }, c.relation), ` similarity ${Number(c.similarity).toFixed(2)}`)))
      );
    fill("doc-copies", copies.length ? copies : empty("No copy of it is stored, and it copies none."));
    const st = d.story;
    fill(
      "doc-story",
      st
        ? [
            h("p", {}, h("a", { href: storyHref(st.id) }, st.label || st.id)),
            h("p", { class: "meta" }, [day(st.first_date), day(st.last_date)].filter(Boolean).join(" → "), " · ", plural((st.documents || []).length, "document")),
          ]
        : empty("Not part of a story.")
    );
    const sources = d.sources || [d.source].filter(Boolean);
    fill("doc-sources", sources.length ? h("ul", { class: "plain" }, sources.map((u) => h("li", {}, /^https?:/.test(u) ? h("a", { href: u, rel: "noreferrer noopener" }, u) : u))) : empty("No source recorded."));
  };

  pages.entity = function (e) {
    if (!e) return;
    const store = e.store || {};
    const name = e.canonical || store.canonical || e.id;
    document.title = name + " · veille";
    fill("ent-name", name);
    fill("ent-meta", [e.kind, e.code && "code " + e.code, e.in_kb ? "knowledge base: " + e.id : "not in the knowledge base", plural(first(e, "mentions") ?? store.mentions ?? 0, "mention"), plural(first(e, "documents") ?? store.documents ?? 0, "document")].filter(Boolean).join(" · "));
    const aliases = e.aliases || [];
    const forms = (store.forms || []).map((f) => (typeof f === "string" ? f : f.text || f.form)).filter(Boolean);
    const offices = e.offices || [];
    fill(
      "ent-aliases",
      aliases.length ? [h("h3", {}, "Aliases"), h("p", {}, aliases.join(" · "))] : null,
      forms.length ? [h("h3", {}, "Written in the store as"), h("p", {}, forms.join(" · "))] : null,
      offices.length
        ? [h("h3", {}, "Offices"), h("ul", { class: "plain" }, offices.map((o) => h("li", {}, `${o.role} — ${o.of}`, h("span", { class: "count" }, ` ${o.from || "?"} → ${o.to || "today"}`))))]
        : null,
      !aliases.length && !forms.length && !offices.length ? empty("No aliases or offices known.") : null
    );
    const tl = list(e, "timeline", "mention_timeline");
    const dated = tl.length ? tl.map((t) => [first(t, "date", "day", "period", "key"), first(t, "mentions", "count", "documents", "n")]) : (store.docs || []).map((d) => [d.date, d.mentions || 1]);
    timeChart("ent-timeline", dated, "mentions");
    const quotes = list(e, "quotes");
    fill("ent-quotes", quotes.length ? quotes.map(quoteBlock) : empty("No quotes attributed to this entity."));
    const asSource = list(e, "events_as_source", "as_source", "source_events");
    const asTarget = list(e, "events_as_target", "as_target", "target_events");
    const ev = e.events && !Array.isArray(e.events) ? e.events : {};
    const src = asSource.length ? asSource : list(ev, "as_source", "source");
    const tgt = asTarget.length ? asTarget : list(ev, "as_target", "target");
    fill("ent-source", src.length ? eventTable(src, "Events with this entity as source") : empty("No events with this entity as source."));
    fill("ent-target", tgt.length ? eventTable(tgt, "Events with this entity as target") : empty("No events with this entity as target."));
    const co = list(e, "cooccurring", "co_occurring").length ? list(e, "cooccurring", "co_occurring") : list(store, "cooccurring");
    network(
      "ent-network",
      name,
      co.slice(0, 16).map((c) => ({
        id: first(c, "id", "entity_id"),
        name: first(c, "canonical", "name", "text", "id") || "?",
        label: String(first(c, "label", "type") || "").toUpperCase(),
        n: Number(first(c, "documents", "count", "mentions") || 1),
      }))
    );
  };

  pages.events = function (data) {
    const p = params();
    const csv = new URLSearchParams(p);
    csv.delete("page");
    csv.set("format", "csv");
    $("csv-link").setAttribute("href", "/api/events?" + csv.toString());
    if (!data) return;
    const events = list(data, "events", "results", "hits");
    const total = first(data, "total", "count");
    fill("ev-count", typeof total === "number" && total > events.length ? `${events.length} shown of ${plural(total, "event")}` : plural(events.length, "event"));
    pager("/events", data, events.length);
    const filtered = [...p.values()].some((v) => v.trim());
    fill("ev-table", events.length ? eventTable(events, "Events") : h("p", { class: "empty", id: "no-events" }, filtered ? "No event matches these filters." : "No events stored yet: ingest news to see who did what to whom."));
    drawEventCharts(events);
    // The charts cover every matching event (up to 500), not only this page's.
    if (typeof total === "number" && total > events.length) allEvents(total).then((all) => all && drawEventCharts(all));
  };
  function drawEventCharts(events) {
    timeChart("ev-timeline", events.map((e) => [first(e, "date", "doc_date"), 1]), "events", (key) => withParams("/events", { page: null, since: key.length === 10 ? key : key + (key.length === 7 ? "-01" : "-01-01"), until: key.length === 10 ? key : key.length === 7 ? key + "-31" : key + "-12-31" }));
    return drawEventMap(events);
  }
  async function allEvents(total) {
    const out = [];
    for (let page = 1; page <= 5 && out.length < total; page++) {
      const q = new URLSearchParams(location.search);
      q.set("page", page);
      q.set("per_page", 100);
      const r = await fetch("/api/events?" + q.toString()).catch(() => null);
      if (!r || !r.ok) return null;
      const j = await r.json();
      out.push(...list(j, "events"));
      if (!list(j, "events").length) break;
    }
    if (total > out.length) fill("ev-count", `${$("ev-count").textContent} (charts drawn from the first ${out.length})`);
    return out;
  }
  async function drawEventMap(events) {
    const markers = [];
    const data = await countries();
    const byName = new Map();
    for (const [iso3, fr, en, lat, lon] of data.countries || []) {
      byName.set(fr.toLowerCase(), { lat, lon, name: fr });
      byName.set(en.toLowerCase(), { lat, lon, name: fr });
      byName.set(iso3.toLowerCase(), { lat, lon, name: fr });
    }
    for (const e of events) {
      const label = `${first(e, "type", "event_type") || ""} ${e.trigger || ""}`.trim();
      const pl = placeOf(e);
      if (pl) {
        markers.push({ lat: pl.lat, lon: pl.lon, name: pl.name || placeName(e) || "?", label });
        continue;
      }
      // A country named as the place (no coordinates in the row): its point.
      const c = byName.get(placeName(e).toLowerCase());
      if (c) markers.push({ ...c, label });
    }
    await worldMap("ev-map", markers);
  }

  pages.stories = function (data) {
    if (!data) return;
    const stories = list(data, "stories", "results");
    if (!stories.length) {
      fill("stories-list", h("p", { class: "empty", id: "no-stories" }, "No stories yet: stories form as documents are ingested."));
      return;
    }
    fill(
      "stories-list",
      stories.map((st) =>
        h(
          "article",
          { class: "story" },
          h("h2", {}, h("a", { href: storyHref(st.id) }, st.label || st.id)),
          h("p", { class: "meta" }, [day(st.first_date), day(st.last_date)].filter(Boolean).join(" → ") || "undated", " · ", plural(Number(st.documents ?? 0), "document"), " · ", h("strong", {}, plural(Number(st.independent ?? 0), "independent source")))
        )
      )
    );
  };

  pages.story = function (d) {
    if (!d) return;
    const st = d.story || d;
    document.title = (st.label || st.id) + " · veille";
    fill("story-title", st.label || st.id);
    const docs = list(d, "documents", "docs").map((x) => (typeof x === "string" ? { id: x } : x));
    const events = list(d, "events");
    const indep = first(st, "independent", "independent_sources") ?? first(d, "independent", "independent_sources");
    fill("story-meta", [day(st.first_date), day(st.last_date)].filter(Boolean).join(" → ") || "undated", " · ", plural(docs.length || Number(st.documents || 0), "document"), " · ", h("strong", { id: "independent" }, plural(Number(indep ?? 0), "independent source")));
    const items = [...docs.map((x) => [x.date, 1, 0]), ...events.map((e) => [first(e, "date", "doc_date"), 1, 1])];
    timeChart("story-timeline", items, "documents and events", null, ["documents", "events"]);
    fill(
      "story-docs",
      docs.length
        ? h(
            "ul",
            { class: "plain" },
            docs.map((x) =>
              h(
                "li",
                {},
                h("span", { class: "count" }, (day(x.date) || "undated") + " "),
                h("a", { href: docHref(x.id) }, docLabel(x.title, x.url || x.source, x.id)),
                x.copy_of ? [" ", h("span", { class: "tag" }, (x.copy_of.relation || "copy") + " of " + String(x.copy_of.id || x.copy_of.original || "").slice(0, 8))] : null,
                x.url || x.source ? h("span", { class: "count" }, " · " + hostOf(x.url || x.source)) : null
              )
            )
          )
        : empty("No documents.")
    );
    fill("story-events", events.length ? eventTable(events, "Events of this story") : empty("No events coded in this story's documents."));
  };

  // ---------- live ingest ----------
  pages.ingest = function () {
    const form = $("ingest-form");
    const token = $("token");
    try {
      token.value = sessionStorage.getItem("veille-token") || "";
    } catch (_) {}
    const kinds = form.querySelectorAll("input[name=kind]");
    const show = () => {
      const k = form.querySelector("input[name=kind]:checked").value;
      form.querySelectorAll("[data-kind]").forEach((d) => (d.hidden = d.dataset.kind !== k));
    };
    kinds.forEach((r) => r.addEventListener("change", show));
    show();
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const k = form.querySelector("input[name=kind]:checked").value;
      const headers = { Authorization: "Bearer " + token.value };
      try {
        sessionStorage.setItem("veille-token", token.value);
      } catch (_) {}
      let body, what;
      if (k === "url") {
        const u = $("in-url").value.trim();
        if (!u) return report(null, "Give a URL.");
        body = JSON.stringify({ url: u });
        headers["Content-Type"] = "application/json";
        what = u;
      } else if (k === "text") {
        const t = $("in-text").value;
        if (!t.trim()) return report(null, "Paste some text.");
        const o = { text: t, title: $("in-title").value || null, url: $("in-source").value || null };
        body = JSON.stringify(o);
        headers["Content-Type"] = "application/json";
        what = o.title || "pasted text";
      } else {
        const f = $("in-file").files[0];
        if (!f) return report(null, "Choose a file.");
        body = new FormData();
        body.append("file", f, f.name);
        what = f.name;
      }
      const btn = $("ingest-submit");
      btn.disabled = true;
      try {
        const r = await fetch("/api/ingest", { method: "POST", headers, body });
        const j = await r.json().catch(() => ({}));
        if (r.status === 401) return report(null, "The token was refused (401).");
        if (r.status === 413) return report(null, "Too large for this server (413).");
        if (!r.ok) return report(null, `Refused (${r.status}): ${j.error || r.statusText}`);
        const id = j.job ?? j.id;
        watch(id, what);
      } catch (e) {
        report(null, "The server could not be reached: " + e.message);
      } finally {
        btn.disabled = false;
      }
    });
  };
  function report(box, message) {
    const jobs = $("jobs");
    jobs.querySelector(".empty")?.remove();
    const el = box || h("div", { class: "job" });
    el.replaceChildren(h("p", { class: "error", role: "alert" }, message));
    if (!box) jobs.prepend(el);
  }
  function watch(id, what) {
    const jobs = $("jobs");
    jobs.querySelector(".empty")?.remove();
    const box = h("div", { class: "job", "data-job": id });
    jobs.prepend(box);
    const started = Date.now();
    const tick = async () => {
      let j;
      try {
        const r = await fetch("/api/jobs/" + encodeURIComponent(id));
        if (!r.ok) throw new Error("status " + r.status);
        j = await r.json();
      } catch (e) {
        if (Date.now() - started > 600000) return report(box, "Lost the job: " + e.message);
        setTimeout(tick, 1500);
        return;
      }
      drawJob(box, j, what);
      if (j.state === "queued" || j.state === "running") setTimeout(tick, 700);
    };
    drawJob(box, { id, state: "queued" }, what);
    tick();
  }
  function drawJob(box, j, what) {
    const docs = j.documents || [];
    const done = j.state === "done" || j.state === "failed";
    box.replaceChildren();
    append(box, [
      h("h3", {}, "Job " + j.id + " — " + what),
      h("p", {}, "State: ", h("span", { class: "state " + j.state, "data-state": j.state }, j.state)),
      done ? null : h("progress", { "aria-label": "Ingest progress" }),
      typeof j.read === "number"
        ? h("p", { class: "meta" }, `read ${j.read} · new ${j.inserted ?? 0} · already stored ${j.duplicates ?? 0} · skipped ${typeof j.skipped === "object" && j.skipped ? Object.values(j.skipped).reduce((a, b) => a + b, 0) : j.skipped ?? 0}`)
        : null,
      j.error ? h("p", { class: "error" }, j.error) : null,
      docs.length ? [h("p", {}, "Documents:"), h("ul", { class: "plain new-docs" }, docs.map((d) => h("li", {}, h("a", { href: docHref(typeof d === "string" ? d : d.id) }, typeof d === "string" ? d : d.title || d.id))))] : null,
      j.state === "done" && !docs.length ? h("p", { class: "empty" }, "Nothing new was stored (already stored, or nothing readable).") : null,
    ]);
  }

  // ---------- start ----------
  function start() {
    const page = document.body.dataset.page;
    const fn = pages[page];
    if (!fn) return;
    try {
      fn(pageData());
    } catch (e) {
      const main = $("main");
      main.prepend(h("p", { class: "error", role: "alert" }, "This page could not be drawn: " + e.message));
      throw e;
    }
    document.body.dataset.ready = "true";
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
