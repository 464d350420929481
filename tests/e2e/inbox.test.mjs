// The clerks' inbox at /posteingang, through the real formfabrik-server (`cargo xtask
// test` starts it): a clerk signs in, creates the authority's key in the browser (its
// backup downloaded), a citizen submits the dog tax form with two files on the embed
// demo, and the clerk opens the application in the browser, sees the same answers and
// files, downloads the JSON and the PDF/A, sets the status, and restores the key in a
// second browser. A file swapped on the way is marked loudly. axe on every view.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { webcrypto } from "node:crypto";
import { launch, openPage, axeViolations, submitDogTaxWithFiles, BASE } from "./browser.mjs";
import { authorityWithClerk, withoutServer } from "./server.mjs";

const skip = withoutServer;
const PASSPHRASE = "Sicherung der Musterstadt 2026";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

/** Refusals the inbox expects on its way (not signed in yet; no key yet). */
const unexpected = (problems) => problems.filter((p) => !/^HTTP (401 \S+\/api\/session|404 \S+\/api\/clerk\/key)$/.test(p));

async function download(page, action) {
  const [file] = await Promise.all([page.waitForEvent("download"), action()]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

async function signIn(page, email, password) {
  await page.getByLabel("E-Mail-Adresse").fill(email);
  await page.getByLabel("Passwort", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Anmelden" }).click();
  await page.getByRole("heading", { name: "Schlüssel der Behörde" }).waitFor();
}

/** A compact JWE of `bytes` for the public JWK, as a citizen's browser makes it. */
async function seal(jwk, bytes) {
  const { subtle } = webcrypto;
  const key = await subtle.importKey("jwk", { kty: jwk.kty, n: jwk.n, e: jwk.e }, { name: "RSA-OAEP", hash: "SHA-256" }, false, ["wrapKey"]);
  const b64u = (b) => Buffer.from(b).toString("base64url");
  const header = b64u(JSON.stringify({ alg: "RSA-OAEP-256", enc: "A256GCM", kid: jwk.kid }));
  const cek = await subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt"]);
  const wrapped = await subtle.wrapKey("raw", cek, key, { name: "RSA-OAEP" });
  const iv = webcrypto.getRandomValues(new Uint8Array(12));
  const out = new Uint8Array(await subtle.encrypt({ name: "AES-GCM", iv, additionalData: Buffer.from(header) }, cek, bytes));
  return [header, b64u(wrapped), b64u(iv), b64u(out.slice(0, -16)), b64u(out.slice(-16))].join(".");
}

test("a clerk creates the key, opens the application in the browser and files it as PDF/A", { skip, timeout: 240000 }, async () => {
  const { email, password } = authorityWithClerk("0888", "Musterstadt Posteingang");

  // Sign-in: wrong password, then the right one.
  const { page, problems, context, requests } = await openPage(browser, "/posteingang");
  await page.getByRole("heading", { name: "Anmelden" }).waitFor();
  assert.deepEqual(await axeViolations(page), [], "axe: sign-in");
  await page.getByLabel("E-Mail-Adresse").fill(email);
  await page.getByLabel("Passwort", { exact: true }).fill("falsch-falsch-falsch");
  await page.getByRole("button", { name: "Anmelden" }).click();
  await page.getByRole("alert").filter({ hasText: "E-Mail-Adresse oder Passwort ist falsch." }).waitFor();
  problems.length = 0;
  await signIn(page, email, password);

  // The authority's key, made here; the backup holds the private key only encrypted.
  await page.getByText("Ihre Behörde hat noch keinen Schlüssel.").waitFor();
  assert.deepEqual(await axeViolations(page), [], "axe: key set-up and empty list");
  await page.getByLabel("Passphrase für die Sicherungsdatei (mindestens 12 Zeichen)").fill("zu kurz");
  await page.getByLabel("Passphrase wiederholen").fill("zu kurz");
  await page.getByRole("button", { name: "Schlüssel erzeugen" }).click();
  await page.getByRole("alert").filter({ hasText: "mindestens 12 Zeichen" }).waitFor();
  await page.getByLabel("Passphrase für die Sicherungsdatei (mindestens 12 Zeichen)").fill(PASSPHRASE);
  await page.getByLabel("Passphrase wiederholen").fill(PASSPHRASE);
  const backup = await download(page, () => page.getByRole("button", { name: "Schlüssel erzeugen" }).click());
  const saved = JSON.parse(backup.bytes.toString("utf8"));
  assert.equal(saved.format, "formfabrik-schluesselsicherung");
  assert.equal(backup.name, `schluesselsicherung-${saved.kid}.json`);
  assert.equal(saved.public_jwk.alg, "RSA-OAEP-256");
  assert.equal(Buffer.from(saved.public_jwk.n, "base64url").length, 512, "RSA-4096");
  assert.equal(saved.public_jwk.d, undefined);
  await page.getByText(`Der Schlüssel „${saved.kid}“ ist in diesem Browser eingerichtet.`).waitFor();
  // Non-extractable where it is kept.
  const extractable = await page.evaluate(() => new Promise((resolve) => {
    const open = indexedDB.open("formfabrik-posteingang");
    open.onsuccess = () => {
      const get = open.result.transaction("keys").objectStore("keys").getAll();
      get.onsuccess = () => resolve(get.result.map((k) => [k.privateKey.extractable, k.privateKey.usages]));
    };
  }));
  assert.deepEqual(extractable, [[false, ["unwrapKey"]]]);

  // A citizen applies; the clerk's list shows it.
  const { reference, files } = await submitDogTaxWithFiles(browser);
  await page.getByLabel("Nummer enthält").fill(reference.slice(-6));
  const row = page.getByRole("row").filter({ hasText: reference });
  await row.waitFor();
  assert.match(await row.innerText(), /hundesteuer-anmeldung 1\.0\.0.*neu/s);
  assert.deepEqual(await axeViolations(page), [], "axe: list");

  // Opened here: checked, the answers as the review page shows them, the file as sent.
  const fontRequests = () => requests.filter((r) => r.endsWith("/fonts/DejaVuSans.ttf")).length;
  const writerRequests = () => requests.filter((r) => /\/posteingang\/pdf-worker[^/]*$/.test(r));
  await row.getByRole("button", { name: reference }).click();
  await page.getByRole("status").filter({ hasText: "Geprüft:" }).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === "application-heading");
  const shown = await page.locator("article.application").innerText();
  for (const text of ["Jürgen", "Müller", "Holstenstraße 12", "Bello", "Labrador", "Hund 1"]) assert.ok(shown.includes(text), `${text} in ${shown}`);
  for (const chosen of files) {
    const attached = await download(page, () => page.getByRole("link", { name: new RegExp(`^${chosen.name.replaceAll(".", "\\.")}`) }).click());
    assert.equal(attached.name, chosen.name);
    assert.deepEqual(attached.bytes, chosen.buffer);
  }
  assert.deepEqual(await axeViolations(page), [], "axe: application");

  const json = await download(page, () => page.getByRole("button", { name: "Antworten als JSON herunterladen" }).click());
  assert.equal(json.name, `${reference}.json`);
  const payload = JSON.parse(json.bytes.toString("utf8"));
  assert.equal(payload.answers.vorname, "Jürgen");
  assert.equal(payload.answers.hunde[0].name, "Bello");

  // The PDF/A: its font and its writer (a worker of its own) fetched only now.
  assert.equal(fontRequests(), 0, "the inbox starts without the PDF's font");
  assert.deepEqual(writerRequests(), [], "the inbox starts without the PDF's writer");
  const inboxWasm = requests.find((r) => /\/posteingang\/posteingang-[0-9a-f]+_bg\.wasm$/.test(r));
  const inboxCode = (await (await page.request.get(inboxWasm)).body()).toString("latin1");
  assert.ok(inboxCode.length > 100000 && !inboxCode.includes("pdfaid"), "the writer's code is not in the inbox's bundle");
  const pdf = await download(page, () => page.getByRole("button", { name: "Antrag als PDF/A herunterladen" }).click());
  assert.equal(fontRequests(), 1);
  assert.ok(writerRequests().some((r) => r.endsWith("/pdf-worker_bg.wasm")), writerRequests().join(" "));
  assert.equal(pdf.name, `${reference}.pdf`);
  const text = pdf.bytes.toString("latin1");
  assert.ok(text.startsWith("%PDF-1.7\n"));
  assert.ok(text.includes("<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>"));
  assert.ok(text.includes(`Antrag ${reference}`));
  assert.ok(text.includes("/FontFile2") && text.includes("/OutputIntents"));
  // A writer that cannot be loaded is said plainly, and the clerk may try again.
  await page.route("**/posteingang/pdf-worker_bg.wasm", (route) => route.abort());
  const button = page.getByRole("button", { name: "Antrag als PDF/A herunterladen" });
  await button.click();
  await page.getByText("Das PDF/A ließ sich nicht erstellen: das Programm dafür ließ sich nicht laden. Bitte laden Sie die Seite neu.").waitFor();
  assert.ok(await button.isEnabled());
  await page.unroute("**/posteingang/pdf-worker_bg.wasm");

  // The status, then the list filtered by it.
  await page.getByLabel("Status ändern").selectOption("in_bearbeitung");
  await page.getByRole("button", { name: "Status speichern" }).click();
  await page.getByRole("status").filter({ hasText: "Status gespeichert: in Bearbeitung" }).waitFor();
  await page.getByRole("button", { name: "← Zur Liste" }).click();
  await page.waitForFunction(() => document.activeElement?.id === "applications-heading");
  await page.getByLabel("Status", { exact: true }).selectOption("erledigt");
  await page.getByText("Keine Anträge gefunden.").waitFor();
  await page.getByLabel("Status", { exact: true }).selectOption("in_bearbeitung");
  await page.getByRole("row").filter({ hasText: reference }).waitFor();
  assert.deepEqual(unexpected(problems), []);

  // A file swapped on the way (for the same key) is found and marked loudly.
  const jwk = JSON.parse((await (await page.request.get(`${BASE}/api/clerk/key`)).json()).jwk);
  const other = await seal(jwk, Buffer.from("%PDF-1.4 ein anderer Bescheid"));
  await page.route(`**/api/clerk/applications/${reference}`, async (route) => {
    const original = await (await route.fetch()).json();
    original.attachments.find((a) => a.media_type === "application/pdf").content = other;
    await route.fulfill({ json: original });
  });
  await page.getByRole("row").filter({ hasText: reference }).getByRole("button", { name: reference }).click();
  const alarm = page.getByRole("alert").filter({ hasText: "Achtung: Dieser Antrag hat die Prüfung nicht bestanden." });
  await alarm.waitFor();
  assert.match(await alarm.innerText(), /„bescheid\.pdf“ ist nicht die, die versiegelt wurde/);
  assert.deepEqual(await axeViolations(page), [], "axe: a failed check");

  // The session ended elsewhere: back to signing in, saying why.
  await page.getByRole("button", { name: "← Zur Liste" }).click();
  await context.clearCookies();
  await page.getByLabel("Status", { exact: true }).selectOption("neu");
  await page.getByRole("status").filter({ hasText: "Ihre Sitzung ist abgelaufen." }).waitFor();
  await page.getByRole("heading", { name: "Anmelden" }).waitFor();
  await context.close();

  // Another browser: the key restored from its backup (a wrong passphrase refused).
  const second = await openPage(browser, "/posteingang");
  await second.page.getByRole("heading", { name: "Anmelden" }).waitFor();
  await signIn(second.page, email, password);
  await second.page.getByText("Dieser Browser hat ihn noch nicht").waitFor();
  assert.deepEqual(await axeViolations(second.page), [], "axe: restore");
  await second.page.getByLabel("Sicherungsdatei", { exact: true }).setInputFiles({ name: backup.name, mimeType: "application/json", buffer: backup.bytes });
  await second.page.getByLabel("Passphrase der Sicherung").fill("nicht die richtige Passphrase");
  await second.page.getByRole("button", { name: "Schlüssel wiederherstellen" }).click();
  await second.page.getByRole("alert").filter({ hasText: "Die Passphrase passt nicht zu dieser Sicherung." }).waitFor();
  await second.page.getByLabel("Passphrase der Sicherung").fill(PASSPHRASE);
  await second.page.getByRole("button", { name: "Schlüssel wiederherstellen" }).click();
  await second.page.getByText(`Der Schlüssel „${saved.kid}“ ist in diesem Browser eingerichtet.`).waitFor();
  await second.page.getByRole("row").filter({ hasText: reference }).getByRole("button", { name: reference }).click();
  await second.page.getByRole("status").filter({ hasText: "Geprüft:" }).waitFor();
  // A PDF writer that never answers is given up after a minute, plainly.
  await second.page.route("**/posteingang/pdf-worker_loader.js", () => {});
  await second.page.clock.install();
  const making = second.page.getByRole("button", { name: "Antrag als PDF/A herunterladen" });
  await making.click();
  await second.page.waitForFunction(() => document.querySelector("button[disabled]"));
  await second.page.clock.runFor(60_000);
  await second.page.getByText("Das PDF/A ließ sich nicht erstellen: es dauerte länger als eine Minute.", { exact: false }).waitFor();
  assert.ok(await making.isEnabled());
  assert.deepEqual(unexpected(second.problems), []);
  await second.context.close();
});
