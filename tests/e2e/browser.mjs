// Shared helpers: Debian's Chromium (no browser download), a fresh context per test.
import { chromium } from "playwright-core";
import AxeBuilder from "@axe-core/playwright";

export const BASE = process.env.FORMFABRIK_URL || "http://127.0.0.1:8080";

/// The time every page of the tests starts at, so that no test depends on the day it
/// runs: FORMFABRIK_E2E_NOW (ISO 8601 with an offset) or this fixed default.
/// `cargo xtask test` runs the suite a second time far from it (xtask/src/main.rs,
/// `E2E_CLOCKS`), so a test that assumes a date fails at once, not on a future morning.
export const NOW = new Date(process.env.FORMFABRIK_E2E_NOW || "2026-11-23T10:00:00+01:00");
/// Where the tests' citizens and form builders are: German time, as the authority's.
export const TIME_ZONE = "Europe/Berlin";
const DAY = 86400000;

/// The calendar date in Germany at `time`, as [year, month, day].
function germanDay(time) {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" })
    .formatToParts(time);
  const part = (type) => Number(parts.find((p) => p.type === type).value);
  return [part("year"), part("month"), part("day")];
}

/// The tests' today in Germany, shifted by `days` and `years` (negative: before), as a
/// UTC midnight.
function shiftedDay(days, years = 0) {
  const [year, month, day] = germanDay(NOW);
  return new Date(Date.UTC(year + years, month - 1, day + days));
}

const two = (n) => String(n).padStart(2, "0");

/// TT.MM.JJJJ of the tests' today shifted by `days` and `years`, as a citizen types it.
export function typedDate(days = 0, years = 0) {
  const date = shiftedDay(days, years);
  return `${two(date.getUTCDate())}.${two(date.getUTCMonth() + 1)}.${date.getUTCFullYear()}`;
}

/// JJJJ-MM-TT of the tests' today shifted by `days`, as the payload carries it.
export function isoDate(days = 0) {
  return shiftedDay(days).toISOString().slice(0, 10);
}

/// The moment it is `hours`:`minutes` in Germany on the tests' today shifted by `days`.
export function germanTime(days, hours, minutes) {
  const day = shiftedDay(days);
  const wall = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hours, minutes);
  // Germany is one hour ahead of UTC in winter, two in summer.
  for (const ahead of [1, 2]) {
    const time = new Date(wall - ahead * 3600000);
    const clock = new Intl.DateTimeFormat("en-GB", { timeZone: TIME_ZONE, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(time);
    const date = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
    if (germanDay(time).join() === date.join() && clock === `${two(hours)}:${two(minutes)}`) return time;
  }
  throw new Error(`no ${two(hours)}:${two(minutes)} in Germany on that day`);
}

/// Debian's Chromium for the tests: every context it opens has the tests' clock,
/// started at `NOW` and running (Playwright's clock), in German time.
export async function launch() {
  const browser = await launchChromium();
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options = {}) => {
    const context = await newContext({ timezoneId: TIME_ZONE, ...options });
    await context.clock.install({ time: NOW });
    return context;
  };
  return browser;
}

/// Debian's Chromium with the real clock, for benchmarks (Playwright's clock replaces
/// `performance` too). FORMFABRIK_CHROMIUM_FLAGS adds flags, e.g.
/// `--js-flags=--no-liftoff` to rerun a benchmark with V8's optimizing tier only.
export async function launchChromium() {
  const extra = (process.env.FORMFABRIK_CHROMIUM_FLAGS || "").split(" ").filter(Boolean);
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync", ...extra],
  });
}

/// A page that records console errors and warnings, CSP violations and uncaught
/// exceptions, and the address of every request it makes (`requests`); `prepare(page)`
/// runs before the page is opened (e.g. to route requests).
export async function openPage(browser, path, prepare = async () => {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  page.on("request", (request) => requests.push(request.url()));
  page.on("console", (message) => {
    // Failed loads are reported below with their address.
    if (message.type() === "warning") problems.push(`warning: ${message.text()}`);
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) problems.push(message.text());
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.url()}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  await prepare(page);
  await page.goto(BASE + path);
  return { page, problems, context, requests };
}

/// Text inside the assistant's shadow root (Playwright's locators pierce open shadow roots).
export async function assistantText(page) {
  const assistant = page.locator("formfabrik-assistant");
  await assistant.locator("h2").first().waitFor({ timeout: 15000 });
  // innerText of the host is its light DOM; the assistant lives in the shadow root.
  return assistant.first().evaluate((el) => [...el.shadowRoot.children].map((c) => c.innerText).join("\n"));
}

export async function axeViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/// The runtime's own page, ready for a test to mount assistants into; `problems`
/// collects uncaught errors and failed requests.
export async function openRuntime(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("response", (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`); });
  await page.goto(`${BASE}/runtime/index.html`);
  // Mounted, not only its first screen drawn: the runtime has arrived.
  await page.waitForFunction(() => document.querySelector("formfabrik-assistant")?.mounted);
  await page.evaluate(() => document.querySelector("formfabrik-assistant").mounted);
  return { context, page, problems, form: page.locator("formfabrik-assistant") };
}

/// Publishes `definition` through the test server (as `formfabrik publish` does; with
/// `{ preview: true }` also a form with errors, as the designer's preview does) and
/// returns the published form's bytes as a `blob:` address in `page`.
export async function publishedAddress(page, definition, { preview = false } = {}) {
  // Every form a builder publishes names where applications go; the tests' forms send
  // to the test receiver unless they say otherwise.
  if (!definition.submission) definition = { ...definition, submission: { endpoint: "/api/submissions" } };
  return page.evaluate(async ([json, preview]) => {
    const response = await fetch(`/api/publish${preview ? "?preview" : ""}`, { method: "POST", body: json });
    if (!response.ok) throw new Error(`not published: ${await response.text()}`);
    return URL.createObjectURL(await response.blob());
  }, [JSON.stringify(definition), preview]);
}

/// Replaces the page's content by an assistant showing `definition`, published first;
/// `attributes` go on the element (e.g. `endpoint="/api/submissions"`, `preview`).
export async function mountDefinition(page, definition, attributes = "") {
  const src = await publishedAddress(page, definition, { preview: attributes.includes("preview") });
  await page.evaluate(([src, attrs]) => {
    document.body.innerHTML = `<formfabrik-assistant src="${src}" ${attrs}></formfabrik-assistant>`;
  }, [src, attributes]);
}

/// The file of an example form as the build published it (dist/forms/published.json).
export async function publishedExample(formId) {
  const catalog = await (await fetch(`${BASE}/forms/published.json`)).json();
  if (!catalog[formId]) throw new Error(`no published form ${formId}`);
  return `/forms/${catalog[formId]}`;
}

/// The runtime's page with one example form mounted, as a portal would embed it.
/// `attributes` are added to the element, e.g. `endpoint="/api/submissions"`.
export async function openForm(browser, formId, attributes = "", lang = "de") {
  const opened = await openRuntime(browser);
  const src = await publishedExample(formId);
  await opened.page.evaluate(([src, attrs, lang]) => {
    document.body.innerHTML = `<main><h1>Test</h1><formfabrik-assistant src="${src}" lang="${lang}" ${attrs}></formfabrik-assistant></main>`;
  }, [src, attributes, lang]);
  return opened;
}

/// A citizen submits the dog tax form with two files (the reduction's proof: a PDF and a
/// PNG) on the embed demo (the portal with hostile CSS and a strict CSP), its assistant
/// pointed at formfabrik-server as a portal configures it (`intake`); the reference the
/// server gave and the files as chosen (`{name, mimeType, buffer}`).
export async function submitDogTaxWithFiles(browser) {
  const { context, page, problems } = await openPage(browser, "/embed-demo.html", (page) =>
    page.route("**/embed-demo.html", async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace("<formfabrik-assistant ", '<formfabrik-assistant intake="/" ');
      await route.fulfill({ response, body });
    }));
  const form = page.locator("formfabrik-assistant");
  await form.getByRole("heading", { name: "Angaben zur Halterin oder zum Halter" }).waitFor();
  const notFitting = await page.evaluate((answers) => document.querySelector("formfabrik-assistant").prefill(answers), {
    vorname: "Jürgen", nachname: "Müller", geburtsdatum: isoDate(-40 * 365),
    anschrift: { strasse: "Holstenstraße 12", plz: "24103", ort: "Kiel" },
    hunde: [{ name: "Bello", rasse: "Labrador", gehalten_seit: isoDate(-30), gefaehrlich: false }],
    ermaessigung: true, grund: "sozialleistungen", lastschrift: false,
  });
  if (notFitting.length) throw new Error(`answers not taken: ${JSON.stringify(notFitting)}`);
  const files = [
    { name: "bescheid.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 Bescheid über Sozialleistungen") },
    // A PNG of one grey pixel.
    { name: "bescheid-seite-2.png", mimeType: "image/png", buffer: Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==", "base64") },
  ];
  for (let i = 0; i < 6 && !(await form.getByRole("heading", { name: "Zusammenfassung" }).count()); i += 1) {
    const upload = form.getByLabel(/^Nachweis/);
    if (await upload.count()) await upload.setInputFiles(files);
    await form.getByRole("button", { name: /^Weiter( zur Zusammenfassung)?$/ }).click();
  }
  await form.getByLabel("Ich versichere, dass meine Angaben richtig und vollständig sind.").check();
  await form.getByLabel("Ich habe die Datenschutzhinweise zur Kenntnis genommen.").check();
  await form.getByRole("button", { name: "Antrag absenden" }).click();
  await form.getByRole("heading", { name: "Vielen Dank! Ihr Antrag ist eingegangen." }).waitFor();
  const reference = (await form.locator(".ff-reference").innerText()).match(/HUN-\d{4}-\d{6}/)?.[0];
  if (!reference) throw new Error("the server's reference is not shown");
  if (problems.length) throw new Error(`problems on the citizen's page: ${problems.join("; ")}`);
  await context.close();
  return { reference, files };
}
