// The browser checks of veille's pages, run by run.sh (which starts the
// servers and passes their addresses in the environment). Each check loads
// a page, acts like a user and asserts what is shown; a failure saves a
// screenshot in $FAILURES. Ends with "N passed, N failed".
import { chromium } from "playwright-core";
import { readFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const env = process.env;
const BASE = env.BASE;
const EMPTY = env.EMPTY_BASE;
const TOKEN = env.TOKEN;
const FAILURES = env.FAILURES;
const SHOTS = env.SCREENSHOTS || "";
const STEP = 15000; // ms for one element to appear

// Seed number -> document id, from `veille export documents`.
const docs = readFileSync(env.DOCUMENTS, "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => JSON.parse(l));
function seed(n) {
  const prefix = String(n).padStart(3, "0") + "_";
  const d = docs.find((d) => (d.source || "").split("/").pop().startsWith(prefix));
  if (!d) throw new Error(`seed ${prefix} is not in the store`);
  return d.id;
}
const fixture = (host) => docs.find((d) => (d.url || "").includes(host)).id;

function check(cond, message) {
  if (!cond) throw new Error(message);
}

const browser = await chromium.launch({ executablePath: env.CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
context.setDefaultTimeout(STEP);
let passed = 0,
  failed = 0;

async function test(name, fn) {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && !/status of 40[0-9]/.test(m.text()) && errors.push(m.text()));
  const started = Date.now();
  try {
    await fn(page);
    check(!errors.length, "errors in the page: " + errors.join(" | "));
    passed += 1;
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${name}: ${e.message.split("\n")[0]}`);
    try {
      mkdirSync(FAILURES, { recursive: true });
      const file = join(FAILURES, name.replace(/[^a-z0-9]+/gi, "-") + ".png");
      await page.screenshot({ path: file, fullPage: true });
      console.log(`     screenshot: ${file}`);
    } catch (_) {}
  } finally {
    await page.close();
  }
}

async function shot(page, name) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  // The first screen of the page, as a reader sees it.
  await page.screenshot({ path: join(SHOTS, name + ".png") });
}

async function open(page, path, base = BASE) {
  const r = await page.goto(base + path, { waitUntil: "load" });
  check(r.status() === 200, `${path}: status ${r.status()}`);
  await page.waitForSelector("body[data-ready=true]");
  return r;
}

const text = async (page, sel) => (await page.locator(sel).innerText()).trim();

// ---------------------------------------------------------------- search
await test("search: the store's count, a query, facets, the URL, a result", async (page) => {
  await open(page, "/");
  check(Number(await text(page, "#doc-count")) >= 9, "the home page counts the stored documents");
  await page.fill("#q", "Poutine");
  await Promise.all([page.waitForURL(/[?&]q=Poutine/), page.click("form.search button[type=submit]")]);
  await page.waitForSelector("body[data-ready=true]");
  const hits = await page.locator("#results-body .hit").count();
  check(hits >= 4, `searching Poutine shows the seeds (${hits} results)`);
  check((await page.inputValue("#q")) === "Poutine", "the query stays in its field");
  await shot(page, "search");
  // A facet narrows the results and is in the URL.
  const facet = page.locator("#facets-body [data-facet=lang] a").first();
  if (await facet.count()) {
    await Promise.all([page.waitForURL(/[?&]lang=/), facet.click()]);
    await page.waitForSelector("body[data-ready=true]");
    check((await page.locator("#results-body .hit").count()) >= 1, "a language facet keeps results");
  }
  // Filters by entity, shareable as a link.
  await open(page, "/?entity=Poutine&type=PER");
  check((await page.locator("#results-body .hit").count()) >= 4, "the entity filter finds the seeds");
  check((await page.inputValue("input[name=entity]")) === "Poutine", "the filter stays in its field");
  await page.locator("#results-body .hit h3 a").first().click();
  await page.waitForURL(/\/documents\//);
  await page.waitForSelector("body[data-ready=true]");
  check((await page.locator("#doc-text mark.ann").count()) > 0, "a result opens its article");
});

await test("search: no match says so", async (page) => {
  await open(page, "/?q=zzqxwv");
  await page.waitForSelector("#no-results");
});

// ---------------------------------------------------------------- document
await test("document: seed 002 with highlights and its removed boilerplate", async (page) => {
  await open(page, "/documents/" + seed(2));
  await page.waitForSelector("#doc-text mark.ann.PER");
  check((await page.locator("#doc-text mark.ann.LOC").count()) > 0, "places are highlighted");
  check((await page.locator("#doc-text mark.ann .lbl").first().innerText()).length > 0, "highlights carry a label");
  const removed = await text(page, "#doc-removed");
  check(removed.includes("Source link"), "'Source link' is among the removed parts");
  check(/comment form/i.test(removed), "the comment form is among the removed parts, with its reason");
  check((await page.locator("#doc-removed .tag.reason").count()) >= 2, "each removed part shows its reason");
  await shot(page, "document");
  await page.evaluate(() => document.getElementById("quotes-heading").scrollIntoView());
  await shot(page, "document-parts");
});

await test("document: quotes link their speaker, times and events are marked", async (page) => {
  await open(page, "/documents/" + seed(1));
  check((await page.locator("#doc-text q.quote").count()) > 0, "quotes are drawn in the text");
  check((await page.locator("#doc-quotes blockquote footer a[href^='/entities/']").count()) > 0, "a quote's speaker links to its entity page");
  await open(page, "/documents/" + fixture("lejournal-exemple.fr"));
  check((await page.locator("#doc-text mark.ann.TIME").count()) > 0, "time expressions are marked");
  check((await page.locator("#doc-text mark.ann.EVT").count()) > 0, "event triggers are marked");
});

await test("document: a repost shows its original, the original its copies", async (page) => {
  await open(page, "/documents/" + fixture("actu-reprise.example.net"));
  const copies = await text(page, "#doc-copies");
  check(/original/.test(copies), "the repost names its original: " + copies);
  await page.locator("#doc-copies a").first().click();
  await page.waitForURL(/\/documents\//);
  await page.waitForSelector("body[data-ready=true]");
  check((await page.locator("#doc-copies a").count()) >= 1, "the original lists its copy");
  check((await page.locator("#doc-story a[href^='/stories/']").count()) === 1, "the document links its story");
});

// ---------------------------------------------------------------- entity
await test("entity: Poutine's quotes from seeds 000 and 001, events both ways, timeline, network", async (page) => {
  // Reached the way a reader does: from a highlighted name.
  await open(page, "/documents/" + seed(0));
  await Promise.all([page.waitForURL(/\/entities\//), page.locator("#doc-text mark.PER a", { hasText: "Poutine" }).first().click()]);
  await page.waitForSelector("body[data-ready=true]");
  check(/Poutine|Putin/.test(await text(page, "#ent-name")), "the page names Poutine");
  const quoteDocs = await page.locator("#ent-quotes blockquote footer a[href^='/documents/']").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  for (const n of [0, 1]) check(quoteDocs.includes("/documents/" + seed(n)), `a quote from seed 00${n} is listed`);
  check((await page.locator("#ent-source tbody tr").count()) > 0, "events with Poutine as source");
  check((await page.locator("#ent-target tbody tr").count()) > 0, "events with Poutine as target");
  check((await page.locator("#ent-timeline svg rect.bar").count()) > 0, "the mention timeline is drawn");
  check((await page.locator("#ent-network svg .node").count()) > 1, "co-occurring entities are drawn");
  check((await text(page, "#ent-aliases")).length > 0, "aliases or offices are shown");
  await shot(page, "entity");
  await page.locator("#ent-network").scrollIntoViewIfNeeded();
  await shot(page, "entity-network");
});

// ---------------------------------------------------------------- events
await test("events: MOBILIZE shows seed 004's nuclear exercises on the map; CSV export", async (page) => {
  await open(page, "/events");
  await page.selectOption("#f-type", "MOBILIZE");
  await Promise.all([page.waitForURL(/[?&]type=MOBILIZE/), page.click("form.filters-form button[type=submit]")]);
  await page.waitForSelector("body[data-ready=true]");
  const rows = page.locator("#ev-table tbody tr");
  check((await rows.count()) > 0, "MOBILIZE events are listed");
  const types = await page.locator("#ev-table tbody tr td:nth-child(2) .tag").allInnerTexts();
  check(types.every((t) => t === "MOBILIZE"), "only MOBILIZE events: " + types.join(","));
  const links = await page.locator("#ev-table tbody a[href^='/documents/']").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  check(links.includes("/documents/" + seed(4)), "seed 004's exercises are listed");
  await page.waitForSelector("#ev-map svg circle.marker");
  const markers = await page.locator("#ev-map circle.marker title").allTextContents();
  check(markers.some((t) => /exercice/i.test(t)), "a marker stands for the exercises: " + markers.join(" | "));
  const placed = await page.locator("#ev-table tbody tr").evaluateAll((trs, href) => trs.filter((tr) => tr.querySelector(`a[href='${href}']`) && /exercice/i.test(tr.children[3].textContent) && tr.children[5].textContent.trim() !== "—").length, "/documents/" + seed(4));
  check(placed >= 1, "seed 004's exercises have a place");
  check((await page.locator("#ev-timeline svg rect.bar").count()) > 0, "the timeline is drawn");
  const href = await page.getAttribute("#csv-link", "href");
  check(/format=csv/.test(href) && /type=MOBILIZE/.test(href), "the CSV link keeps the filters: " + href);
  const csv = await page.request.get(BASE + href);
  check(csv.status() === 200, "the CSV export answers: " + csv.status());
  const body = await csv.text();
  check(body.split("\n").filter(Boolean).length >= 2, "the CSV has a header and rows");
  await shot(page, "events");
});

await test("events: filters by actor, and an empty filter result", async (page) => {
  await open(page, "/events?actor=Poutine");
  check((await page.locator("#ev-table tbody tr").count()) > 0, "events of Poutine");
  check((await page.inputValue("input[name=actor]")) === "Poutine", "the actor stays in its field");
  await open(page, "/events?type=AID&since=1990-01-01&until=1990-01-02");
  await page.waitForSelector("#no-events");
});

// ---------------------------------------------------------------- stories
await test("stories: the list and one story with its timeline and independent sources", async (page) => {
  await open(page, "/stories");
  const n = await page.locator("#stories-list .story").count();
  check(n >= 3, `stories are listed (${n})`);
  await shot(page, "stories");
  await Promise.all([page.waitForURL(/\/stories\/./), page.locator("#stories-list .story h2 a").first().click()]);
  await page.waitForSelector("body[data-ready=true]");
  check(/independent source/.test(await text(page, "#independent")), "the story counts its independent sources");
  check((await page.locator("#story-docs a[href^='/documents/']").count()) >= 1, "the story lists its documents");
  check((await page.locator("#story-timeline svg rect.bar").count()) > 0, "the story's timeline is drawn");
});

await test("stories: the Élysée story joins the report and its repost", async (page) => {
  await open(page, "/documents/" + fixture("lejournal-exemple.fr"));
  await page.locator("#doc-story a").click();
  await page.waitForURL(/\/stories\//);
  await page.waitForSelector("body[data-ready=true]");
  check((await page.locator("#story-docs a[href^='/documents/']").count()) >= 2, "both documents are in the story");
  await shot(page, "story");
});

// ---------------------------------------------------------------- ingest
await test("ingest: pasted text reaches done and links the new document", async (page) => {
  await open(page, "/ingest");
  await page.fill("#token", TOKEN);
  await page.check("input[name=kind][value=text]");
  await page.fill("#in-title", "Réunion des ministres de l'Agriculture à Rome");
  await page.fill("#in-text", readFileSync(env.PASTED, "utf8"));
  await page.click("#ingest-submit");
  await page.waitForSelector("#jobs [data-state=done]", { timeout: 180000 });
  await page.locator("#jobs").scrollIntoViewIfNeeded();
  await shot(page, "ingest");
  const link = page.locator("#jobs .new-docs a").first();
  await Promise.all([page.waitForURL(/\/documents\//), link.click()]);
  await page.waitForSelector("body[data-ready=true]");
  check(/Agriculture/.test(await text(page, "#doc-title")), "the new document opens");
  check((await page.locator("#doc-text mark.ann.PER").count()) > 0, "and it was analysed");
});

await test("ingest: an uploaded file reaches done and links the new document", async (page) => {
  await open(page, "/ingest");
  await page.fill("#token", TOKEN);
  await page.check("input[name=kind][value=file]");
  await page.setInputFiles("#in-file", env.UPLOAD);
  await page.click("#ingest-submit");
  await page.waitForSelector("#jobs [data-state=done]", { timeout: 180000 });
  check((await page.locator("#jobs .new-docs a").count()) === 1, "the new document is linked");
});

await test("ingest: a wrong token is refused", async (page) => {
  await open(page, "/ingest");
  await page.fill("#token", "not-the-token");
  await page.check("input[name=kind][value=text]");
  await page.fill("#in-text", "Un texte court.");
  await page.click("#ingest-submit");
  await page.waitForSelector("#jobs .error");
  check(/401/.test(await text(page, "#jobs .error")), "the refusal is shown");
});

// ---------------------------------------------------------------- errors
await test("unknown ids are 404 pages; assets outside the table are 404", async (page) => {
  for (const path of ["/documents/0000000000000000000000000000dead", "/entities/no-such-entity-zzqx", "/stories/no-such-story"]) {
    const r = await page.goto(BASE + path);
    check(r.status() === 404, `${path}: status ${r.status()}`);
    await page.waitForSelector("#not-found");
  }
  for (const path of ["/assets/nope.js", "/assets/..%2F..%2FCargo.toml", "/assets/%2e%2e%2fCargo.toml", "/assets/veille.css%00"]) {
    const r = await page.request.get(BASE + path);
    check(r.status() === 404, `${path}: status ${r.status()}`);
  }
  const css = await page.request.get(BASE + "/assets/veille.css");
  check(css.status() === 200 && /text\/css/.test(css.headers()["content-type"]), "the stylesheet is served");
});

// ---------------------------------------------------------------- empty store
await test("an empty store: every page says nothing is there yet", async (page) => {
  await open(page, "/", EMPTY);
  await page.waitForSelector("#nothing-yet");
  await open(page, "/?q=Poutine", EMPTY);
  await page.waitForSelector("#no-results");
  await open(page, "/events", EMPTY);
  await page.waitForSelector("#no-events");
  check((await page.locator("#ev-map svg").count()) === 1, "the map is still drawn");
  await open(page, "/stories", EMPTY);
  await page.waitForSelector("#no-stories");
  await open(page, "/ingest", EMPTY);
  // An actor the knowledge base knows, with nothing stored about it yet.
  await open(page, "/entities/Poutine", EMPTY);
  check(/Poutine/.test(await text(page, "#ent-name")), "the knowledge base's name");
  await page.waitForSelector("#ent-quotes .empty");
  await page.waitForSelector("#ent-network .empty");
  await page.waitForSelector("#ent-timeline .empty");
});

await browser.close();
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
