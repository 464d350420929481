// FIM import end to end: the real Stammdatenschema with its code lists is imported in
// the designer (report, then opened as a new form), and the imported form is completed
// and submitted in the runtime, the same code citizens get.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { launch, openPage, openForm, axeViolations, BASE } from "./browser.mjs";

const FIXTURES = fileURLToPath(new URL("../../shared/authoring/tests/fixtures/fim/", import.meta.url));
const REAL = `${FIXTURES}xdf2-real/S00000186/`;
const SCHEMA = `${REAL}S00000186v1.0_xdf2.xml`;
const CODE_LISTS = readdirSync(REAL).filter((f) => !f.startsWith("S")).map((f) => REAL + f);
const GOLDEN = fileURLToPath(new URL("../../shared/authoring/tests/golden/asbest-anzeige/", import.meta.url));

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function openImport(page) {
  await page.getByRole("button", { name: "Aus FIM importieren" }).click();
  await page.getByRole("heading", { name: "Aus FIM importieren" }).waitFor();
}

test("the designer imports a FIM schema with its code lists, reports, and opens the form", async () => {
  const { page, problems, context } = await openPage(browser, "/");
  await openImport(page);
  await page.getByLabel("Datenschema (XML)").setInputFiles(SCHEMA);
  await page.getByLabel(/Codelisten/).setInputFiles(CODE_LISTS);
  await page.getByRole("button", { name: "Importieren", exact: true }).click();
  await page.getByRole("heading", { name: "Importbericht" }).waitFor();
  await page.locator(".report summary", { hasText: /^Regel übernommen \(/ }).click();
  const report = await page.locator(".report").innerText();
  assert.match(report, /12 Schritte, 42 Gruppen, 156 Felder, 247 Auswahlwerte aus S00000186 Version 1\.0 \(XDatenfelder 2\)/);
  assert.match(report, /FIM-Regeln: 36, davon 23 übernommen, 6 mit Annahme, 7 nicht übernommen/);
  assert.match(report, /Regel nicht übernommen: braucht eine Bedingung von Hand \(7\)/);
  assert.match(report, /R00001319: .*`zulassung_asbestanzeige == "01"`/);
  assert.doesNotMatch(report, /Codeliste fehlt/, "every code list was matched");
  const millis = Number(await page.locator("#fim-import-ms").innerText());
  assert.ok(millis > 0, "the import time is shown");
  assert.deepEqual(await axeViolations(page), [], "axe on the import report");

  await page.getByRole("button", { name: "Als neues Formular öffnen" }).click();
  const title = "Anzeige von Tätigkeiten mit Asbest (nach Anlagen 1.1-1.5 TRGS 519)";
  await page.waitForFunction((t) => document.getElementById("form-title")?.value === t, title);
  assert.match(await page.locator(".inspector").innerText(), /Aus FIM: S00000186 Version 1\.0/);
  const canvas = page.locator(".canvas");
  assert.match(await canvas.innerText(), /Familienname\s*Textfeld\s*(Pflicht\s*)?(Regeln: \d+\s*)?FIM F00000013/, "FIM id per element");
  // The field a FIM rule acts on: its provenance, the condition and the rule's text
  // in the inspector, for review.
  await canvas.locator('[data-path="0-0.4.0"] > .card .card-main').click();
  const inspector = await page.locator(".inspector").innerText();
  assert.match(inspector, /F00000069/);
  assert.match(inspector, /FIM-Regel R00000940 1\.5 „MindestEineAngabe“ übernommen: .*Pflicht, wenn `empty\(telefax\) and empty\(e_mail\)`.*Regeltext: Es muss mindestens eines der Felder/);
  // The preview is the runtime with the imported definition.
  const preview = page.locator(".preview formfabrik-assistant");
  await preview.getByRole("heading", { name: "Arbeitgeber / Arbeitgeberin", exact: true }).waitFor();
  await preview.getByLabel("Staat").count();
  assert.deepEqual(await axeViolations(page), [], "axe on the opened form");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a broken FIM file shows what and where, and a missing code list is reported", async () => {
  const { page, context } = await openPage(browser, "/");
  await openImport(page);
  await page.getByLabel("Datenschema (XML)").setInputFiles(`${FIXTURES}xdf3-synthetic/unexpected-node.xml`);
  await page.getByRole("button", { name: "Importieren", exact: true }).click();
  const alert = page.getByRole("alert");
  await alert.waitFor();
  assert.match(await alert.innerText(), /Unerwartetes Element xdf:unknown in xdf:identifikation \(Zeile 11\)/);

  await page.getByLabel("Datenschema (XML)").setInputFiles(`${FIXTURES}xdf2-synthetic/select.xml`);
  await page.getByRole("button", { name: "Importieren", exact: true }).click();
  await page.getByRole("heading", { name: "Importbericht" }).waitFor();
  assert.match(await page.locator(".report").innerText(), /Codeliste fehlt \(1\)/);
  await context.close();
});

test("the imported real schema is completed and submitted in the runtime", async () => {
  const { context, page, problems, form } = await openForm(browser, "asbest-anzeige", 'endpoint="/api/submissions"');
  await form.getByRole("heading", { name: "Arbeitgeber / Arbeitgeberin", exact: true }).waitFor();
  // The step's one group has the step's title: said once, by the heading.
  assert.equal(await form.getByText("Arbeitgeber / Arbeitgeberin", { exact: true }).count(), 1);

  // The portal prefills what it knows; files and the company name are entered by hand.
  const answers = JSON.parse(readFileSync(`${GOLDEN}unternehmensbezogen.answers.json`, "utf8")).answers;
  delete answers.angaben_zum_arbeitgeber_asbest.name_des_unternehmens;
  delete answers.unternehmensbezogene_anzeige[0].verantwortliche_person_im_betrieb[0].sachkundenachweis_asbest;
  const further = answers.weitere_angaben_objektbezogene_oder;
  delete further.aufsichtsfuehrende_person_vor_ort[0].sachkundenachweis_asbest;
  for (const file of ["gefaehrdungsbeurteilung_mit_arbeitsplan", "betriebsanweisung", "ergaenzende_angaben_zum_arbeitsplan"]) {
    delete further.massnahmen_zur_begrenzung_der[file];
  }
  delete answers.signatur_unterschriftsbereich.unterschrift;
  const notFitting = await page.evaluate((a) => document.querySelector("formfabrik-assistant").prefill(a), answers);
  assert.deepEqual(notFitting, []);
  await form.getByLabel("Name des Unternehmens").fill("Dachsanierung Petersen GmbH");

  const pdf = (name) => ({ name, mimeType: "application/pdf", buffer: Buffer.from(`%PDF-1.4 ${name}`) });
  const uploads = {
    Sachkundenachweis: pdf("sachkunde.pdf"),
    "Gefährdungsbeurteilung mit Arbeitsplan": pdf("gefaehrdungsbeurteilung.pdf"),
    Betriebsanweisung: pdf("betriebsanweisung.pdf"),
    "Ergänzende Angaben zum Arbeitsplan": pdf("arbeitsplan.pdf"),
    Unterschrift: { name: "unterschrift.png", mimeType: "image/png", buffer: Buffer.from("PNG Unterschrift") },
  };
  // Optional fields say so in their label; a group may carry the same name as a file.
  const fileInput = (label) =>
    form.locator("input[type=file]").and(form.getByLabel(new RegExp(`^${label}( \\(optional\\))?$`)));
  const headings = [];
  for (let i = 0; i < 20; i += 1) {
    const heading = await form.locator(".ff-step-title").innerText();
    if (heading === "Zusammenfassung") break;
    headings.push(heading);
    assert.deepEqual(await axeViolations(page), [], `axe on "${heading}"`);
    for (const [label, file] of Object.entries(uploads)) {
      const input = fileInput(label);
      if (await input.count()) await input.setInputFiles(file);
    }
    if (heading === "Weitere Angaben zur objektbezogenen oder unternehmensbezogenen Anzeige") {
      // FIM rule R00001323, now a condition: with the assessment uploaded as a file,
      // its form version is not asked for.
      await form.getByRole("group", { name: "Gefährdungsbeurteilung mit Arbeitsplan" }).waitFor({ state: "hidden" });
    }
    if (heading === "Für den Betriebssitz zuständige Arbeitsschutzbehörde") {
      // FIM rule R00001364 ("entweder … oder"): the added question decides which address
      // is asked for.
      const street = form.getByLabel("Straße", { exact: true });
      assert.equal(await street.count(), 0);
      await form.getByRole("radio", { name: "Anschrift Inland" }).check();
      await street.waitFor();
      await form.getByRole("radio", { name: "Anschrift Postfach" }).check();
      await street.waitFor({ state: "detached" });
    }
    await form.getByRole("button", { name: /^Weiter( zur Zusammenfassung)?$/ }).click();
    await page.waitForFunction((previous) => {
      const root = document.querySelector("formfabrik-assistant").shadowRoot;
      return root.querySelector(".ff-step-title")?.innerText !== previous || root.querySelector("[role=alert]");
    }, heading);
    const alert = form.getByRole("alert");
    if (await alert.count()) assert.fail(`blocked on "${heading}": ${await alert.first().innerText()}`);
  }
  assert.equal(headings.length, 12, headings.join(" | "));
  assert.deepEqual(await axeViolations(page), [], "axe on the review");
  await form.getByRole("button", { name: "Antrag absenden" }).click();
  await form.getByRole("heading", { name: "Vielen Dank! Ihr Antrag ist eingegangen." }).waitFor();
  const payload = (await (await fetch(`${BASE}/api/submissions`)).json()).at(-1);

  const expected = JSON.parse(readFileSync(`${GOLDEN}unternehmensbezogen.expected.json`, "utf8")).payload;
  assert.equal(payload.form.id, "anzeige-taetigkeiten-mit-asbest");
  const withoutFileIds = (value) => JSON.parse(JSON.stringify(value, (key, v) => (key === "id" || key === "size" ? undefined : v)));
  assert.deepEqual(withoutFileIds(payload.answers), withoutFileIds(expected.answers));
  assert.deepEqual(payload.attachments.map((a) => a.name).sort(), [
    "arbeitsplan.pdf", "betriebsanweisung.pdf", "gefaehrdungsbeurteilung.pdf", "sachkunde.pdf", "sachkunde.pdf", "unterschrift.png",
  ]);
  assert.deepEqual(problems, []);
  await context.close();
});
