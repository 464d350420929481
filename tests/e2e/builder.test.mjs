// A form builder builds "Antrag auf Sondernutzung öffentlicher Verkehrsflächen" from
// scratch, following only what the designer shows and says, falls into none of the
// known traps (file types typed as names, no receiving address, a condition on a
// choice's label, a rule over two fields, a renamed form, a preview out of sight), and
// publishes it; a citizen then completes it on a portal page, including a draft with an
// upload restored after a reload.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { launch, openPage, axeViolations, typedDate, BASE } from "./browser.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const palette = (page, name) => page.locator(".palette").getByRole("button", { name, exact: true });

/** Adds an element from the palette to the current step and labels it; its key. */
async function add(page, type, label) {
  await palette(page, type).click();
  await page.getByLabel("Beschriftung (Deutsch)").fill(label);
  return page.locator("#inspector-key").inputValue();
}

/** Makes step `index` the current one (where the palette inserts). */
async function toStep(page, index, title) {
  const input = page.locator(`#step-${index}-title-input`);
  await input.fill(title);
  await input.focus();
}

test("a builder builds the special-use permit form and a citizen completes it, draft and upload included", async () => {
  const { page, problems, context } = await openPage(browser, "/");
  await page.getByRole("heading", { name: "Formfabrik – Formular-Designer" }).waitFor();
  await page.getByRole("button", { name: "+ Neues Formular" }).click();
  await page.waitForFunction(() => document.getElementById("form-title")?.value === "Neues Formular");

  // The Kennung follows the title; the form is one entry under "Meine Formulare".
  const title = "Antrag auf Sondernutzung öffentlicher Verkehrsflächen";
  await page.getByLabel("Formulartitel").fill(title);
  assert.equal(await page.locator("#form-id").inputValue(), "antrag-auf-sondernutzung-oeffentlicher-verkehrsflaechen");
  await page.locator("#form-id").fill("sondernutzung");
  await page.waitForFunction(() => document.querySelector(".save-state")?.textContent === "Gespeichert");
  const listed = page.locator(".my-forms li", { hasText: title });
  assert.equal(await listed.count(), 1, "a renamed form is one form");

  // Nowhere to send applications yet: the Probleme panel says so.
  await page.locator(".problems", { hasText: "Keine Empfangsadresse" }).waitFor();
  await page.locator("#form-endpoint").fill("/api/submissions");
  await page.locator(".problems", { hasText: "Keine Empfangsadresse" }).waitFor({ state: "detached" });

  // Step 1: who applies, with the e-mail address asked twice and compared.
  await toStep(page, 0, "Antragsteller");
  await add(page, "Textfeld", "Name");
  await page.getByLabel("Pflichtfeld").check();
  const email = await add(page, "E-Mail-Adresse", "E-Mail-Adresse");
  await page.getByLabel("Pflichtfeld").check();
  await add(page, "Textfeld", "E-Mail-Adresse wiederholen");
  await page.getByLabel("Pflichtfeld").check();
  await page.getByLabel("Eine E-Mail-Adresse").check();
  await page.getByRole("button", { name: "+ Regel über mehrere Felder" }).click();
  const rules = page.locator(".inspector .rule-list > li");
  assert.equal(await rules.count(), 2, "every rule is listed: the ticked check and the new one");
  // A rule without its message is a problem the designer names.
  await rules.nth(1).locator(".field-error", { hasText: "braucht eine Meldung" }).waitFor();
  await page.getByLabel("Muss gelten (z. B. ende >= beginn)").fill(`e_mail_adresse_wiederholen == ${email}`);
  await rules.nth(1).getByText("✓ Ausdruck in Ordnung.").waitFor();
  await page.locator("#inspector-rule-1-message-de").fill("Die beiden E-Mail-Adressen stimmen nicht überein.");
  await page.locator(".card", { hasText: "E-Mail-Adresse wiederholen" }).getByText("Regeln: 2").waitFor();

  // Step 2: the use, its dates and the fee.
  await page.getByRole("button", { name: "+ Schritt hinzufügen" }).click();
  await toStep(page, 1, "Nutzung");
  const purpose = await add(page, "Auswahl", "Zweck der Nutzung");
  // Pasted options replace the placeholders a new choice starts with.
  await page.getByLabel(/Viele Optionen einfügen/).fill("Baustelleneinrichtung\nGerüst\nSonstige Nutzung");
  await page.getByRole("button", { name: "Zeilen als Optionen übernehmen" }).click();
  assert.deepEqual(await page.locator(".inspector .option-row input[type=text]:not(.option-value)").evaluateAll((inputs) => inputs.map((i) => i.value)),
    ["Baustelleneinrichtung", "Gerüst", "Sonstige Nutzung"]);
  await page.getByLabel("Pflichtfeld").check();

  await add(page, "Mehrzeiliger Text", "Beschreibung der Nutzung");
  // A condition on the choice by its visible text is refused, with the value to use.
  const condition = page.getByLabel("Anzeigen, wenn …", { exact: true });
  await condition.fill(`${purpose} == "Sonstige Nutzung"`);
  await page.locator(".inspector .expr-problem", { hasText: "Beschriftung" }).waitFor();
  // The simple builder offers the options by label and writes the value.
  await page.locator(".inspector").getByText("Einfache Bedingung zusammenstellen").first().click();
  await page.locator("#builder-visible_if-field").selectOption(purpose);
  await page.locator("#builder-visible_if-comparison").selectOption({ label: "ist gleich" });
  await page.locator("#builder-visible_if-value").selectOption({ label: "Sonstige Nutzung" });
  await page.locator(".inspector .builder").first().getByRole("button", { name: "Bedingung übernehmen" }).click();
  assert.equal(await condition.inputValue(), `${purpose} == "sonstige_nutzung"`);
  await page.locator(".inspector").getByText("✓ Ausdruck in Ordnung.").first().waitFor();

  const start = await add(page, "Datum", "Beginn");
  await page.getByLabel("Pflichtfeld").check();
  await page.getByLabel("Frühestes Datum").fill("heute");
  await add(page, "Datum", "Ende");
  await page.getByLabel("Pflichtfeld").check();
  // A date limit may name another date field, by its label.
  await page.getByLabel("Frühestes Datum").fill("Beginn");
  await page.locator(".inspector .rule-what", { hasText: "Frühestes Datum: Beginn" }).waitFor();
  const area = await add(page, "Ganze Zahl", "Fläche in Quadratmetern");
  await page.getByLabel("Pflichtfeld").check();
  await add(page, "Berechneter Wert", "Gebühr");
  // A decimal comma gets the hint to write a point.
  const calculation = page.getByLabel("Berechnung", { exact: true });
  await calculation.fill(`${area} * 2,50`);
  await page.locator(".inspector .expr-problem", { hasText: "2.50 statt 2,50" }).waitFor();
  await calculation.fill(`${area} * 2.50`);
  await page.locator(".inspector").getByText("✓ Ausdruck in Ordnung.").first().waitFor();
  await page.getByLabel("Anzeige als").selectOption("currency");

  // Step 3: the site plan. File types typed as names are understood; nonsense is named.
  await page.getByRole("button", { name: "+ Schritt hinzufügen" }).click();
  await toStep(page, 2, "Unterlagen");
  await add(page, "Datei-Upload", "Lageplan");
  await page.getByLabel("Pflichtfeld").check();
  const others = page.locator("#inspector-accept-other");
  await others.fill("Lageplan");
  await others.dispatchEvent("change");
  await page.locator("#inspector-accept-problems .field-error").waitFor();
  await others.fill("PDF, JPG");
  await others.dispatchEvent("change");
  await page.locator("#inspector-accept-problems .field-error").waitFor({ state: "detached" });
  assert.equal(await page.locator("#inspector-accept-application-pdf").isChecked(), true);
  assert.equal(await page.locator("#inspector-accept-image-jpeg").isChecked(), true);
  assert.equal(await others.inputValue(), "");

  // The preview appears where the builder looks.
  await page.getByRole("button", { name: "Vorschau", exact: true }).click();
  await page.waitForFunction(() => {
    const box = document.getElementById("preview-heading")?.getBoundingClientRect();
    return box && box.top >= 0 && box.bottom <= window.innerHeight;
  });

  // No problems left: the form can be published.
  await page.locator("#problems-heading", { hasText: "Probleme (0)" }).waitFor();
  assert.deepEqual(await axeViolations(page), [], "axe on the designer with the rules section");
  await page.getByRole("button", { name: "Veröffentlichen" }).click();
  assert.equal(await page.locator("#embed-endpoint").inputValue(), "/api/submissions", "the form's address, prefilled");
  const code = await page.getByLabel("Code zum Einfügen").inputValue();
  const file = code.match(/src="\/forms\/([^"]+\.ffp)"/)[1];
  assert.match(file, /^sondernutzung_/);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Veröffentlichte Datei herunterladen" }).click(),
  ]);
  const bytes = readFileSync(await download.path());
  assert.deepEqual(problems, []);
  await context.close();

  // A citizen on the portal's page.
  const portal = await browser.newContext();
  await portal.route(`${BASE}/forms/${file}`, (route) => route.fulfill({ body: bytes, contentType: "application/octet-stream" }));
  await portal.route(`${BASE}/portal-page.html`, (route) => route.fulfill({
    contentType: "text/html",
    body: `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Portal</title></head><body><main>${code}</main></body></html>`,
  }));
  const citizen = await portal.newPage();
  const errors = [];
  citizen.on("pageerror", (error) => errors.push(error.message));
  await citizen.goto(`${BASE}/portal-page.html`);
  const form = citizen.locator("formfabrik-assistant");
  const next = () => form.getByRole("button", { name: "Weiter", exact: true }).click();
  const name = `Bauunternehmen Kaya ${randomUUID().slice(0, 8)}`;

  await form.getByLabel("Name").fill(name);
  await form.getByLabel("E-Mail-Adresse", { exact: true }).fill("info@kaya-bau.example");
  await form.getByLabel("E-Mail-Adresse wiederholen").fill("info@kaya-bau.exmaple");
  await next();
  await form.locator("[data-role=summary]", { hasText: "Die beiden E-Mail-Adressen stimmen nicht überein." }).waitFor();
  await form.getByLabel("E-Mail-Adresse wiederholen").fill("info@kaya-bau.example");
  await next();

  await form.getByRole("heading", { name: "Nutzung", exact: true }).waitFor();
  await form.getByLabel("Beschreibung der Nutzung").waitFor({ state: "hidden" });
  await form.getByLabel("Sonstige Nutzung").check();
  await form.getByLabel("Beschreibung der Nutzung").fill("Aufstellen eines Containers für Umzugsgut");
  await form.getByLabel("Beginn").fill(typedDate(14));
  await form.getByLabel("Ende").fill(typedDate(10));
  await form.getByLabel(/^Fläche in Quadratmetern/).fill("12");
  await form.locator("output", { hasText: "30,00" }).waitFor();
  await next();
  assert.equal(await form.getByLabel("Ende").getAttribute("aria-invalid"), "true", "an end before the start is refused");
  await form.getByLabel("Ende").fill(typedDate(21));
  await next();

  await form.getByRole("heading", { name: "Unterlagen", exact: true }).waitFor();
  const plan = { name: "lageplan.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 Lageplan") };
  await form.getByLabel("Lageplan").setInputFiles(plan);
  await form.getByText("lageplan.pdf").waitFor();

  // The citizen leaves and comes back: the draft keeps the answers, the file is asked for
  // again at once, and choosing it again replaces the entry.
  await citizen.reload();
  await form.getByRole("button", { name: "Fortsetzen" }).click();
  await form.getByRole("heading", { name: "Unterlagen", exact: true }).waitFor();
  const again = /Bitte wählen Sie „lageplan\.pdf“ noch einmal aus/;
  await form.locator(".ff-field-error", { hasText: again }).waitFor();
  await form.getByLabel("Lageplan").setInputFiles(plan);
  assert.equal(await form.locator(".ff-field-error", { hasText: again }).count(), 0);
  assert.equal(await form.locator(".ff-files li").count(), 1);
  await form.getByRole("button", { name: "Weiter zur Zusammenfassung" }).click();
  await form.getByRole("heading", { name: "Zusammenfassung", exact: true }).waitFor();
  assert.match(await form.locator(".ff-review-list").nth(1).innerText(), /30,00/);
  await form.getByRole("button", { name: "Antrag absenden" }).click();
  await form.getByRole("heading", { name: "Vielen Dank! Ihr Antrag ist eingegangen." }).waitFor();

  const mine = (await (await fetch(`${BASE}/api/submissions`)).json()).filter((p) => p.answers.name === name);
  assert.equal(mine.length, 1, "sent exactly once");
  assert.equal(mine[0].answers[purpose], "sonstige_nutzung");
  assert.deepEqual(mine[0]._received_files.map((f) => [f.name, f.size]), [["lageplan.pdf", 17]]);
  assert.deepEqual(errors, []);
  await portal.close();
});
