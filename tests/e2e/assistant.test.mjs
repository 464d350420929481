// The assistant as a citizen uses it: fill in the dog tax form in the embed demo
// (strict CSP, hostile portal CSS), fix an error, review, change an answer from the
// review page, submit to the local test receiver.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launch, openPage, openRuntime, openForm, mountDefinition, axeViolations, publishedExample, typedDate, BASE } from "./browser.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function received() {
  return (await fetch(`${BASE}/api/submissions`)).json();
}

test("a citizen completes and submits the dog tax registration", async () => {
  const before = (await received()).length;
  const { page, problems, context, requests } = await openPage(browser, "/embed-demo.html");
  const form = page.locator("formfabrik-assistant");
  const next = () => form.getByRole("button", { name: "Weiter", exact: true }).click();

  // Step 1: "Weiter" on an empty step lists the errors and focuses the summary.
  await form.getByRole("heading", { name: "Angaben zur Halterin oder zum Halter" }).waitFor();
  // The portal hears where the citizen is and when the application was sent: events
  // that bubble out of the shadow root to the document.
  await page.evaluate(() => {
    window.heard = [];
    for (const name of ["formfabrik-step", "formfabrik-submitted"]) {
      document.addEventListener(name, (event) => window.heard.push([name, event.detail]));
    }
  });
  await next();
  const summary = form.locator("[data-role=summary]");
  await summary.waitFor();
  assert.match(await summary.innerText(), /Vorname: Bitte füllen Sie dieses Feld aus/);
  assert.equal(await summary.evaluate((el) => el.getRootNode().activeElement === el), true, "focus on the summary");
  const vorname = form.getByLabel("Vorname");
  assert.equal(await vorname.getAttribute("aria-invalid"), "true");
  assert.equal(await vorname.getAttribute("aria-describedby"), `${await vorname.getAttribute("id")}-error`);
  assert.deepEqual(await axeViolations(page), []);

  await vorname.fill("Jürgen");
  assert.equal(await vorname.getAttribute("aria-invalid"), null, "the error clears as the citizen types");
  await form.getByLabel("Nachname").fill("Müller");
  await form.getByLabel("Geburtsdatum").fill("12.04.1975");
  await form.getByLabel("Straße und Hausnummer").fill("Holstenstraße 12");
  await form.getByLabel("Postleitzahl").fill("24103");
  await form.getByLabel("Ort", { exact: true }).fill("Kiel");
  await next();

  // Step 2: two dogs, the second dangerous; the fee follows live.
  await form.getByRole("heading", { name: "Ihre Hunde" }).waitFor();
  assert.match(await page.locator("formfabrik-assistant .ff-progress").innerText(), /Schritt 2 von 4/);
  assert.deepEqual((await page.evaluate(() => window.heard)).at(-1), ["formfabrik-step", { step: 2, total: 4 }]);
  await form.getByLabel("Name des Hundes").fill("Bello");
  await form.getByLabel("Rasse").fill("Labrador");
  await form.getByLabel("Gehalten seit").fill(typedDate(-60));
  await form.getByRole("group", { name: "Ist der Hund als gefährlich eingestuft?" }).getByLabel("Nein").check();
  await form.getByRole("button", { name: /Weiteren Eintrag hinzufügen/ }).click();
  const second = form.locator(".ff-entry").nth(1);
  await second.getByLabel("Name des Hundes").fill("Rex");
  await second.getByLabel("Rasse").fill("Bullterrier");
  await second.getByLabel("Gehalten seit").fill(typedDate(-30));
  await second.getByRole("group", { name: "Ist der Hund als gefährlich eingestuft?" }).getByLabel("Ja").check();
  assert.match(await form.locator("output").last().innerText(), /720,00 €/);
  assert.deepEqual(await axeViolations(page), []);
  await next();

  // Steps 3 and 4.
  await form.getByRole("heading", { name: "Ermäßigung" }).waitFor();
  assert.deepEqual(await axeViolations(page), [], "axe on Ermäßigung");
  await form.getByRole("group", { name: "Möchten Sie eine Ermäßigung beantragen?" }).getByLabel("Ja").check();
  assert.deepEqual(await axeViolations(page), [], "axe on Ermäßigung with its follow-up questions");
  await form.getByRole("group", { name: "Möchten Sie eine Ermäßigung beantragen?" }).getByLabel("Nein").check();
  await next();
  await form.getByRole("heading", { name: "Zahlung" }).waitFor();
  await form.getByRole("group", { name: /Lastschrift/ }).getByLabel("Ja").check();
  await form.getByLabel("Kontoinhaberin oder Kontoinhaber").fill("Jürgen Müller");
  await form.getByLabel("IBAN").fill("DE89 3704 0044 0532 0130 01");
  const toReview = () => form.getByRole("button", { name: "Weiter zur Zusammenfassung" }).click();
  await toReview();
  assert.match(await form.locator("[data-role=summary]").innerText(), /IBAN: Bitte prüfen Sie die IBAN/);
  assert.deepEqual(await axeViolations(page), [], "axe on Zahlung with an error shown");
  await form.getByLabel("IBAN").fill("DE89 3704 0044 0532 0130 00");
  await toReview();

  // Review: change the first name, come back, accept, submit.
  await form.getByRole("heading", { name: "Zusammenfassung" }).waitFor();
  assert.match(await form.locator(".ff-review-list").first().innerText(), /Jürgen/);
  assert.deepEqual(await axeViolations(page), []);
  await form.getByRole("button", { name: "Ändern (Angaben zur Halterin oder zum Halter)" }).click();
  await form.getByLabel("Vorname").fill("Jürgen Karl");
  await toReview();
  await form.getByRole("heading", { name: "Zusammenfassung" }).waitFor();
  assert.match(await form.locator(".ff-review-list").first().innerText(), /Jürgen Karl/);
  await form.getByLabel("Ich versichere, dass meine Angaben richtig und vollständig sind.").check();
  await form.getByLabel("Ich habe die Datenschutzhinweise zur Kenntnis genommen.").check();
  await form.getByRole("button", { name: "Antrag absenden" }).click();

  await form.getByRole("heading", { name: "Vielen Dank! Ihr Antrag ist eingegangen." }).waitFor();
  const reference = await form.locator(".ff-reference").innerText();
  assert.match(reference, /^FF-\d{6}$/);
  // The citizen keeps a copy: the answers on the page, printed or saved as PDF through
  // the browser's print dialog, and (this portal asks for it) as a JSON download.
  assert.match(await form.locator(".ff").innerText(), /Jürgen Karl/);
  await page.evaluate(() => { window.printed = 0; window.print = () => { window.printed += 1; }; });
  await form.getByRole("button", { name: "Drucken oder als PDF speichern" }).click();
  assert.equal(await page.evaluate(() => window.printed), 1);
  const [download] = await Promise.all([page.waitForEvent("download"), form.getByRole("button", { name: "Angaben herunterladen (JSON)" }).click()]);
  assert.equal(download.suggestedFilename(), "hundesteuer-anmeldung.json");
  const copy = JSON.parse(readFileSync(await download.path(), "utf8"));
  assert.equal(copy.answers.vorname, "Jürgen Karl");
  assert.deepEqual((await page.evaluate(() => window.heard)).at(-1), ["formfabrik-submitted", reference]);
  // The print view: the confirmation without buttons.
  await page.emulateMedia({ media: "print" });
  assert.equal(await form.getByRole("button", { name: "Angaben herunterladen (JSON)" }).isVisible(), false);
  assert.equal(await form.locator(".ff-reference").isVisible(), true);
  await page.emulateMedia({ media: "screen" });
  // Nothing went anywhere but the portal's own server, and no cookie was set.
  const origin = new URL(BASE).origin;
  assert.deepEqual(requests.filter((url) => !url.startsWith(origin) && !url.startsWith("blob:")), []);
  assert.deepEqual(await context.cookies(), []);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(problems, []);

  const all = await received();
  assert.equal(all.length, before + 1);
  const payload = all.at(-1);
  // The payload names the exact published form the citizen filled in.
  const file = (await publishedExample("hundesteuer-anmeldung")).split("_").at(-1).replace(".ffp", "");
  assert.deepEqual(payload.form, { id: "hundesteuer-anmeldung", version: "1.0.0", hash: payload.form.hash });
  assert.ok(payload.form.hash.startsWith(file) && payload.form.hash.length === 64, payload.form.hash);
  assert.equal(payload.answers.vorname, "Jürgen Karl");
  assert.equal(payload.answers.geburtsdatum, "1975-04-12");
  assert.deepEqual(payload.answers.hunde.map((h) => [h.name, h.jahressteuer]), [["Bello", 12000], ["Rex", 60000]]);
  assert.equal(payload.answers.steuer_gesamt, 72000);
  assert.equal(payload.answers.iban, "DE89 3704 0044 0532 0130 00");
  assert.deepEqual(payload.declarations.sort(), ["datenschutz", "richtigkeit"]);
  await context.close();
});

test("the first step shows before the runtime has arrived; what the citizen does meanwhile reaches it", async () => {
  let release;
  const held = new Promise((resolve) => (release = resolve));
  const { page, problems, context } = await openPage(browser, "/runtime/index.html", (page) =>
    page.route("**/runtime_bg.wasm", async (route) => {
      await held;
      await route.continue();
    }));
  const form = page.locator("formfabrik-assistant");
  // Drawn by the element's JS from the published form alone: the wasm is held back.
  await form.getByRole("heading", { name: "Angaben zur Halterin oder zum Halter" }).waitFor();
  const heading = await form.locator("[data-role=heading]").elementHandle();
  assert.equal(await page.evaluate(() => document.querySelector("formfabrik-assistant").assistant), undefined);
  // The citizen types a name and presses Enter ("Weiter") before the assistant is there.
  const vorname = form.locator("input[autocomplete=given-name]");
  await vorname.click();
  await page.keyboard.type("Anna");
  await vorname.press("Enter");
  const address = page.url();
  release();
  const summary = form.locator("[data-role=summary]");
  await summary.waitFor();
  // Both reached the assistant once it was mounted: "Weiter" checked the step, and the
  // name typed before is not among the errors.
  assert.match(await summary.innerText(), /Nachname: Bitte füllen Sie dieses Feld aus/);
  assert.doesNotMatch(await summary.innerText(), /Vorname/);
  assert.equal(await vorname.inputValue(), "Anna");
  assert.equal(await heading.evaluate((h) => h.isConnected), true, "the drawn step was taken over, not drawn again");
  assert.equal(page.url(), address, "the early Enter did not send the page's own form");
  assert.deepEqual(problems, []);
  await context.close();
});

test("the first step shows before the form is read; what the citizen does first reaches the assistant", async () => {
  const { page, problems, context } = await openPage(browser, "/runtime/index.html");
  // The runtime has arrived (the page's own assistant is mounted): from here on a first
  // screen is taken over at the citizen's first act, at once.
  await page.evaluate(() => document.querySelector("formfabrik-assistant").mounted);
  const src = await publishedExample("hundesteuer-anmeldung");
  const open = (lang) => page.evaluate(([src, lang]) => new Promise((resolve) => {
    document.body.innerHTML = `<formfabrik-assistant src="${src}" lang="${lang}"></formfabrik-assistant>`;
    const element = document.querySelector("formfabrik-assistant");
    // Right after the first screen is drawn, in the same task: the assistant is not
    // mounted yet, and the citizen's first act (here focus) makes it take over at once.
    const observer = new MutationObserver(() => {
      const heading = element.shadowRoot.querySelector("[data-role=heading]");
      if (!heading) return;
      observer.disconnect();
      window.drawnHeading = heading;
      const notYet = element.assistant === undefined;
      const input = element.shadowRoot.querySelector("input[autocomplete=given-name]");
      input.focus();
      const byFocus = element.assistant !== undefined;
      input.value = "Anna";
      input.dispatchEvent(new Event("input", { bubbles: true }));
      resolve({ notYet, byFocus, heading: heading.textContent });
    });
    observer.observe(element.shadowRoot, { childList: true });
  }), [src, lang]);

  assert.deepEqual(await open("de"), { notYet: true, byFocus: true, heading: "Angaben zur Halterin oder zum Halter" });
  const form = page.locator("formfabrik-assistant");
  await form.getByRole("button", { name: "Weiter", exact: true }).click();
  const summary = form.locator("[data-role=summary]");
  await summary.waitFor();
  // "Anna" reached the assistant: the name typed first is not among the errors.
  assert.match(await summary.innerText(), /Nachname: Bitte füllen Sie dieses Feld aus/);
  assert.doesNotMatch(await summary.innerText(), /Vorname/);
  assert.equal(await page.evaluate(() => window.drawnHeading.isConnected), true, "the drawn step was taken over, not drawn again");

  // With a draft kept (written when the page is left), the assistant opens with it.
  await page.reload();
  await form.getByRole("heading", { name: "Sie haben dieses Formular bereits begonnen" }).waitFor();
  await page.evaluate(() => localStorage.clear());

  assert.deepEqual(await open("en"), { notYet: true, byFocus: true, heading: "About the owner" });
  await form.getByRole("button", { name: "Next", exact: true }).click();
  await form.locator("[data-role=summary]").waitFor();
  // A first screen unlike the assistant's own would have been drawn again, with a warning.
  assert.deepEqual(problems, []);
  await context.close();
});

test("repeating entries and files are added and removed within their limits, focus kept", async () => {
  const { page, problems, context, form } = await openRuntime(browser);
  const definition = {
    format_version: 1, id: "teile", version: "1", title: { de: "Teile" }, languages: ["de"],
    steps: [{ id: "s", title: { de: "Angaben" }, elements: [
      { key: "kinder", type: "repeat", label: { de: "Kinder" }, item_label: { de: "Kind" }, min: 1, max: 2,
        elements: [{ key: "vorname", type: "text", label: { de: "Vorname des Kindes" } }] },
      { key: "nachweis", type: "file", label: { de: "Nachweis" }, max_count: 2 },
    ] }],
  };
  await mountDefinition(page, definition);
  const focused = () => form.evaluate((el) => {
    const active = el.shadowRoot.activeElement;
    return active ? `${active.tagName.toLowerCase()}#${active.id}:${active.textContent.trim()}` : "none";
  });
  const children = () => form.getByLabel("Vorname des Kindes");
  const add = form.getByRole("button", { name: "Weiteren Eintrag hinzufügen (Kind)" });
  const remove = (n) => form.getByRole("button", { name: `Kind ${n}: Eintrag entfernen` });

  // The minimum: one entry, which cannot be removed.
  await children().first().waitFor();
  assert.equal(await children().count(), 1);
  assert.equal(await remove(1).count(), 0);
  await children().first().fill("Ada");
  await add.click();
  assert.equal(await children().count(), 2);
  assert.match(await focused(), /^input#/, "focus in the new entry");
  assert.equal(await children().nth(1).evaluate((el) => el === el.getRootNode().activeElement), true);
  await children().nth(1).fill("Ben");
  // The maximum: no more adding.
  assert.equal(await add.count(), 0);
  await remove(1).click();
  assert.equal(await children().count(), 1);
  assert.equal(await children().first().inputValue(), "Ben", "later entries move up");
  assert.equal(await add.count(), 1);
  assert.match(await focused(), /Kinder/, "focus on the group the entry left");

  // A file: name and size shown, removed again.
  const upload = form.getByLabel("Nachweis");
  await upload.setInputFiles({ name: "meldebescheinigung.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(2048, 1) });
  const files = form.locator(".ff-files li");
  assert.match(await files.first().innerText(), /meldebescheinigung\.pdf \(2 KB\)/);
  await form.getByRole("button", { name: "Datei entfernen: meldebescheinigung.pdf" }).click();
  assert.equal(await files.count(), 0);
  assert.equal(await upload.evaluate((el) => el === el.getRootNode().activeElement), true, "focus back on the file input");
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("an optional group under its step's own title (as FIM imports it) is named once", async () => {
  const { page, problems, context, form } = await openRuntime(browser);
  const title = { de: "Objektbezogene Anzeige" };
  const definition = {
    format_version: 1, id: "objekt", version: "1", title: { de: "Anzeige" }, languages: ["de"],
    steps: [{ id: "s", title, elements: [
      { key: "objekt", type: "repeat", label: title, item_label: title, min: 0, max: 1,
        elements: [{ key: "ort", type: "text", label: { de: "Ort der Tätigkeiten" } }] },
    ] }],
  };
  await mountDefinition(page, definition);
  const named = form.getByText("Objektbezogene Anzeige", { exact: true });
  await form.getByRole("heading", { name: "Objektbezogene Anzeige" }).waitFor();
  assert.equal(await named.count(), 1, "the step's heading alone");
  await form.getByRole("button", { name: "Eintrag hinzufügen (Objektbezogene Anzeige)" }).click();
  const place = form.getByLabel("Ort der Tätigkeiten");
  assert.equal(await place.evaluate((el) => el === el.getRootNode().activeElement), true, "focus in the entry");
  // The heading, and the entry's legend without a number: there is only one.
  assert.equal(await named.count(), 2);
  assert.equal(await form.getByRole("button", { name: /hinzufügen/ }).count(), 0, "at most one entry");
  await form.getByRole("button", { name: "Objektbezogene Anzeige: Eintrag entfernen" }).click();
  assert.equal(await place.count(), 0);
  const heading = form.getByRole("heading", { name: "Objektbezogene Anzeige" });
  assert.equal(await heading.evaluate((el) => el === el.getRootNode().activeElement), true, "focus on the step's heading");
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the assistant speaks English: its own words, the form's translations, numbers and dates", async () => {
  const { page, problems, context, form } = await openForm(browser, "hundesteuer-anmeldung", "", "en");
  await form.getByRole("heading", { name: "About the owner" }).waitFor();
  assert.match(await form.locator(".ff-progress").innerText(), /Step 1 of 4/);
  await form.getByRole("button", { name: "Next", exact: true }).click();
  const summary = form.locator("[data-role=summary]");
  await summary.waitFor();
  assert.match(await summary.innerText(), /Please correct the following:[\s\S]*First name: Please fill in this field\./);
  await form.getByLabel("Date of birth").fill("12/31/1980"); // month first, as in the US
  await form.getByRole("button", { name: "Next", exact: true }).click();
  assert.match(await summary.innerText(), /Date of birth: '12\/31\/1980' is not a valid date\. Please use DD\/MM\/YYYY/);

  await form.getByLabel("First name").fill("Jane");
  await form.getByLabel("Last name").fill("Doe");
  await form.getByLabel("Date of birth").fill("31/12/1980");
  await form.getByLabel("Street and number").fill("1 High Street");
  await form.getByLabel("Postal code").fill("24103");
  await form.getByLabel("Town").fill("Kiel");
  await form.getByRole("button", { name: "Next", exact: true }).click();
  await form.getByRole("heading", { name: "Your dogs" }).waitFor();
  await form.getByLabel("Name of the dog").fill("Rex");
  await form.getByRole("group", { name: "Is the dog classified as dangerous?" }).getByLabel("Yes").check();
  assert.match(await form.locator("output").last().innerText(), /^€600\.00$/);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});
