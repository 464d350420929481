// Smoke tests of the served bundles: the designer's preview is the runtime, the embed
// demo works under the strict CSP, forms that cannot be read and a runtime that cannot
// start show an accessible error box.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launch, openPage, assistantText, axeViolations, mountDefinition, publishedExample, BASE } from "./browser.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

test("the designer previews an example form through the runtime", async () => {
  const { page, problems, context } = await openPage(browser, "/");
  await page.getByRole("heading", { name: "Formfabrik – Formular-Designer" }).waitFor();
  assert.match(await assistantText(page), /Hund zur Hundesteuer anmelden/);
  await page.getByRole("button", { name: "Gewerbe anmelden" }).click();
  await page.locator("formfabrik-assistant h2", { hasText: "Gewerbe anmelden" }).waitFor();
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the embed demo runs under the strict Content-Security-Policy", async () => {
  const response = await fetch(`${BASE}/embed-demo.html`);
  assert.match(response.headers.get("content-security-policy"), /script-src 'self' 'wasm-unsafe-eval'/);
  const { page, problems, context } = await openPage(browser, "/embed-demo.html");
  const text = await assistantText(page);
  assert.match(text, /Hund zur Hundesteuer anmelden/);
  assert.match(text, /Schritt 1 von 4/);
  // The portal's global `h1, h2 { font-family: Impact }` must not reach the assistant.
  const style = await page.locator("formfabrik-assistant h2").first().evaluate((el) => {
    const computed = getComputedStyle(el);
    return { font: computed.fontFamily, spacing: computed.letterSpacing };
  });
  assert.doesNotMatch(style.font, /Impact/);
  // The portal's alternative (the element's own content) stays hidden while the form works.
  assert.equal(await page.getByRole("link", { name: "Anmeldeformular als PDF" }).isVisible(), false);
  assert.equal(style.spacing, "normal", "the portal's `* { letter-spacing }` must not leak in");
  assert.deepEqual(problems, [], "no CSP violations or errors");
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
});

const noOptions = {
  format_version: 1, id: "x", version: "1", title: { de: "Test" }, languages: ["de"],
  steps: [{ id: "s", title: { de: "Schritt" }, elements: [{ key: "farbe", type: "single_choice", label: { de: "Farbe" }, options: [] }] }],
};

test("the compacted stylesheet in the wasm says what runtime/style.css says", async () => {
  const source = readFileSync(new URL("../../runtime/style.css", import.meta.url), "utf8");
  const { page, context } = await openPage(browser, "/embed-demo.html");
  await assistantText(page);
  const [built, parsed] = await page.locator("formfabrik-assistant").first().evaluate((host, source) => {
    const rules = (sheet) => [...sheet.cssRules].map((rule) => rule.cssText);
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(source);
    return [rules(host.shadowRoot.adoptedStyleSheets[0]), rules(sheet)];
  }, source);
  assert.ok(parsed.length > 40, `${parsed.length} rules`);
  assert.deepEqual(built, parsed);
  await context.close();
});

test("a form that cannot be read shows an error box with the reason, never a blank space", async () => {
  const { page, context } = await openPage(browser, "/runtime/index.html");
  await assistantText(page);
  const published = await publishedExample("hundesteuer-anmeldung");
  // The published form as a portal might mangle it: cut short, a byte changed, or
  // published by a newer Formfabrik (format 9). As `blob:` addresses.
  const [cut, changed, newer] = await page.evaluate(async (src) => {
    const bytes = new Uint8Array(await (await fetch(src)).arrayBuffer());
    const url = (b) => URL.createObjectURL(new Blob([b]));
    const changed = bytes.slice();
    changed[changed.length - 10] ^= 1;
    const newer = bytes.slice();
    newer[4] = 9;
    return [url(bytes.slice(0, bytes.length >> 1)), url(changed), url(newer)];
  }, published);
  for (const [markup, expected] of [
    ['<formfabrik-assistant src="/forms/does-not-exist.ffp"><p>Oder per <a href="#">PDF</a>.</p></formfabrik-assistant>', /HTTP 404/],
    ['<formfabrik-assistant src="/forms/hundesteuer-anmeldung.json"></formfabrik-assistant>', /kein veröffentlichtes Formular/],
    [`<formfabrik-assistant src="${cut}"></formfabrik-assistant>`, /beschädigt oder unvollständig/],
    [`<formfabrik-assistant src="${changed}"></formfabrik-assistant>`, /beschädigt oder unvollständig/],
    [`<formfabrik-assistant src="${newer}"></formfabrik-assistant>`, /neueren Version von Formfabrik veröffentlicht \(Format 9/],
    [`<formfabrik-assistant lang="en" src="${changed}"></formfabrik-assistant>`, /The form cannot be shown[\s\S]*The form is damaged or arrived incomplete/],
  ]) {
    await page.evaluate((html) => { document.body.innerHTML = html; }, markup);
    const alert = page.locator("formfabrik-assistant [role=alert]");
    await alert.waitFor();
    assert.match(await alert.innerText(), expected);
    // The portal's alternative, where it gives one, shows below the box.
    if (markup.includes("PDF")) assert.ok(await page.getByRole("link", { name: "PDF" }).isVisible());
  }
  // The designer's preview still shows a form being built; its problems panel lists the error.
  await mountDefinition(page, noOptions, "preview");
  await page.locator("formfabrik-assistant").getByRole("heading", { name: "Schritt" }).waitFor();
  assert.equal(await page.locator("formfabrik-assistant [role=alert]").count(), 0);
  await context.close();
});

test("a runtime that cannot start (wasm missing, refused by the page's CSP) shows an error box", async () => {
  const csp = "default-src 'self'; script-src 'self'; style-src 'self'"; // no 'wasm-unsafe-eval'
  for (const [what, breakIt] of [
    ["wasm not found", (context) => context.route("**/runtime_bg.wasm", (route) => route.fulfill({ status: 404 }))],
    ["CSP without 'wasm-unsafe-eval'", (context) => context.route("**/embed-demo.html", async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), "content-security-policy": csp } });
    })],
  ]) {
    const context = await browser.newContext();
    await breakIt(context);
    const page = await context.newPage();
    const errors = [];
    page.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });
    await page.goto(`${BASE}/embed-demo.html`);
    const alert = page.locator("formfabrik-assistant [role=alert]");
    await alert.waitFor();
    assert.match(await alert.innerText(), /Das Formular kann gerade nicht angezeigt werden\. Bitte versuchen Sie es später/, what);
    // The portal's alternative, the element's own content, shows below the box.
    assert.ok(await page.getByRole("link", { name: "Anmeldeformular als PDF" }).isVisible(), what);
    // The webmaster learns why in the console.
    assert.ok(errors.some((e) => e.includes("wasm-unsafe-eval")), `${what}: ${errors}`);
    assert.deepEqual(await axeViolations(page), [], what);
    await context.close();
  }
});

test("without JavaScript the portal's alternative shows in place of the assistant", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${BASE}/embed-demo.html`);
  assert.ok(await page.getByRole("link", { name: "Anmeldeformular als PDF" }).isVisible());
  await context.close();
});

test("the bundle and the form are asked for at once; the element says it is loading, then draws the first step alone", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const form = await publishedExample("hundesteuer-anmeldung");
  const wanted = ["/runtime/dom.js", "/runtime/runtime_bg.wasm", form];
  const requested = new Set();
  let allRequested;
  const allSeen = new Promise((resolve) => { allRequested = resolve; });
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (wanted.includes(path)) requested.add(path);
    if (requested.size === wanted.length) allRequested(true);
  });
  // The form is held back until the loading message was seen.
  let releaseForm;
  const formHeld = new Promise((resolve) => { releaseForm = resolve; });
  await context.route(`**${form}`, async (route) => {
    await formHeld;
    await route.continue();
  });
  // The glue is held back until the rest is asked for (at most 5 s): nothing waits for
  // it. Then the form is let through, and its first step drawn while the glue (and
  // with it the wasm) is still held.
  let heldUntilAll = false;
  let requestedMeanwhile;
  let shownMeanwhile;
  let drawnWithoutGlue;
  await context.route("**/runtime/runtime.js", async (route) => {
    heldUntilAll = await Promise.race([allSeen, new Promise((r) => setTimeout(r, 5000, false))]);
    requestedMeanwhile = [...requested];
    shownMeanwhile = await page.evaluate(() => document.querySelector("formfabrik-assistant").shadowRoot?.textContent);
    releaseForm();
    drawnWithoutGlue = await page.waitForFunction(
      () => document.querySelector("formfabrik-assistant").shadowRoot?.querySelector("[data-role=heading]")?.textContent,
      null, { timeout: 5000 },
    ).then((heading) => heading.jsonValue(), () => undefined);
    await route.continue();
  });
  await page.goto(`${BASE}/embed-demo.html`);
  await page.waitForFunction(() => document.querySelector("formfabrik-assistant")?.assistant);
  assert.match(await assistantText(page), /Hund zur Hundesteuer anmelden/);
  assert.ok(heldUntilAll, `only these were asked for before the glue arrived: ${requestedMeanwhile}`);
  assert.equal(shownMeanwhile, "Das Formular wird geladen …");
  assert.equal(drawnWithoutGlue, "Angaben zur Halterin oder zum Halter");
  await context.close();
});

test("a portal themes the assistant through custom properties and parts", async () => {
  const { page, problems, context } = await openPage(browser, "/runtime/index.html");
  await page.locator("formfabrik-assistant h2").first().waitFor();
  await page.addStyleTag({ content: `
    formfabrik-assistant { --ff-color-primary: rgb(0, 110, 60); --ff-font: monospace; }
    formfabrik-assistant::part(button-primary) { border-radius: 0px; }
    formfabrik-assistant::part(label) { letter-spacing: 2px; }` });
  const next = page.locator("formfabrik-assistant").getByRole("button", { name: "Weiter", exact: true });
  const style = await next.evaluate((el) => {
    const s = getComputedStyle(el);
    return { background: s.backgroundColor, radius: s.borderTopLeftRadius, font: s.fontFamily };
  });
  assert.deepEqual(style, { background: "rgb(0, 110, 60)", radius: "0px", font: "monospace" });
  const label = await page.locator("formfabrik-assistant label").first().evaluate((el) => getComputedStyle(el).letterSpacing);
  assert.equal(label, "2px");
  assert.deepEqual(problems, []);
  await context.close();
});

test("usable at 320 px width and at 200 % zoom: no sideways scrolling, nothing cut off", async () => {
  // 200 % zoom of a 1280 px window is a 640 px CSS viewport; 320 px is WCAG 1.4.10's reflow width.
  for (const [width, scale] of [[320, 1], [640, 2]]) {
    const context = await browser.newContext({ viewport: { width, height: 800 }, deviceScaleFactor: scale });
    const page = await context.newPage();
    await page.goto(`${BASE}/embed-demo.html`);
    const form = page.locator("formfabrik-assistant");
    await form.getByRole("heading", { name: "Angaben zur Halterin oder zum Halter" }).waitFor();
    await form.getByRole("button", { name: "Weiter", exact: true }).click();
    await form.getByRole("alert").first().waitFor();
    const overflow = await page.evaluate(() => {
      const doc = document.documentElement;
      const host = document.querySelector("formfabrik-assistant");
      const outside = [...host.shadowRoot.querySelectorAll("input, select, textarea, button, label, h2, h3, p, a")]
        .filter((el) => el.getClientRects().length > 0)
        .filter((el) => { const r = el.getBoundingClientRect(); return r.right > doc.clientWidth + 1 || r.left < -1; })
        .map((el) => `${el.tagName} ${el.textContent.trim().slice(0, 30)}`);
      return { scroll: doc.scrollWidth - doc.clientWidth, outside };
    });
    assert.deepEqual(overflow, { scroll: 0, outside: [] }, `at ${width} px`);
    await context.close();
  }
});
