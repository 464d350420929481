// Shared helpers: Debian's Chromium (no browser download), a fresh context per test.
import { chromium } from "playwright-core";
import AxeBuilder from "@axe-core/playwright";

export const BASE = process.env.FORMFABRIK_URL || "http://127.0.0.1:8080";

/// FORMFABRIK_CHROMIUM_FLAGS adds flags, e.g. `--js-flags=--no-liftoff` to rerun a
/// benchmark with V8's optimizing tier only (README, "Benchmarks").
export async function launch() {
  const extra = (process.env.FORMFABRIK_CHROMIUM_FLAGS || "").split(" ").filter(Boolean);
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync", ...extra],
  });
}

/// A page that records console errors and warnings, CSP violations and uncaught
/// exceptions, and the address of every request it makes (`requests`).
export async function openPage(browser, path) {
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
  await page.locator("formfabrik-assistant h2").first().waitFor();
  return { context, page, problems, form: page.locator("formfabrik-assistant") };
}

/// Replaces the page's content by an assistant with `definition` inline (as a portal's
/// `<script type="application/json">` child); `attributes` go on the element.
export function mountInline(page, definition, attributes = "") {
  return page.evaluate(([json, attrs]) => {
    document.body.innerHTML = `<formfabrik-assistant ${attrs}><script type="application/json"></script></formfabrik-assistant>`;
    const host = document.body.firstElementChild;
    host.firstElementChild.textContent = json;
    host.remove();
    document.body.appendChild(host);
  }, [JSON.stringify(definition), attributes]);
}

/// The runtime's page with one example form mounted, as a portal would embed it.
/// `attributes` are added to the element, e.g. `endpoint="/api/submissions"`.
export async function openForm(browser, formId, attributes = "", lang = "de") {
  const opened = await openRuntime(browser);
  await opened.page.evaluate(([id, attrs, lang]) => {
    document.body.innerHTML = `<main><h1>Test</h1><formfabrik-assistant src="/forms/${id}.json" lang="${lang}" ${attrs}></formfabrik-assistant></main>`;
  }, [formId, attributes, lang]);
  return opened;
}
