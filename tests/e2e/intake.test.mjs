// The real formfabrik-server behind the one origin (`cargo xtask test` starts it on a
// fresh SQLite file and names its binary and database): an authority is set up with the
// server's CLI, a citizen submits the dog tax form with two files on the embed demo,
// encrypted for the authority's key, and the clerk signs in, finds the application,
// opens it with the authority's private key (as the clerk's browser will), sees the
// answers and the files as sent, and sets its status.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, submitDogTaxWithFiles, BASE } from "./browser.mjs";
import { keyPair, open, sha512 } from "./jwe.mjs";
import { cli, authorityWithClerk, withoutServer } from "./server.mjs";

const skip = withoutServer;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

test("a citizen's application reaches the clerk of the authority, readable only with its key", { skip }, async () => {
  // Each run (one per clock) has its own authority.
  const { run, ars, email, password } = authorityWithClerk("0999", "Musterstadt");
  const key = await keyPair(`musterstadt-${run}`);
  const keyFile = join(mkdtempSync(join(tmpdir(), "formfabrik-key-")), "musterstadt.jwk");
  writeFileSync(keyFile, JSON.stringify(key.jwk));
  cli(["add-key", keyFile, ars]);

  const { reference, files } = await submitDogTaxWithFiles(browser);

  // The clerk: signed in, the authority's applications, this one.
  const signIn = await fetch(`${BASE}/api/session`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }),
  });
  assert.equal(signIn.status, 200);
  const cookie = signIn.headers.get("set-cookie").split(";")[0];
  const { csrf, user } = await signIn.json();
  assert.equal(user.authority, "Musterstadt");
  const list = await (await fetch(`${BASE}/api/clerk/applications`, { headers: { cookie } })).json();
  assert.deepEqual(list.map((a) => [a.reference, a.form_id, a.status]), [[reference, "hundesteuer-anmeldung", "neu"]]);
  const stored = await (await fetch(`${BASE}/api/clerk/applications/${reference}`, { headers: { cookie } })).json();

  // Only the authority's private key opens it: the payload with its own hash and the
  // files', and the files as chosen.
  const opened = await open(stored.payload, key.privateKey);
  assert.equal(opened.header.kid, `musterstadt-${run}`);
  const envelope = JSON.parse(new TextDecoder().decode(opened.plain));
  assert.equal(envelope.sha512, sha512(Buffer.from(envelope.payload, "utf8")));
  const payload = JSON.parse(envelope.payload);
  assert.equal(payload.form.id, "hundesteuer-anmeldung");
  assert.equal(payload.answers.vorname, "Jürgen");
  assert.equal(payload.answers.hunde[0].name, "Bello");
  assert.equal(stored.attachments.length, files.length);
  const byId = (a, b) => a.id.localeCompare(b.id);
  const sealed = [];
  for (const attachment of stored.attachments) {
    const chosen = files.find((f) => f.mimeType === attachment.media_type);
    const file = await open(attachment.content, key.privateKey);
    assert.deepEqual(Buffer.from(file.plain), chosen.buffer, chosen.name);
    sealed.push({ id: attachment.id, sha512: sha512(chosen.buffer) });
  }
  assert.deepEqual([...envelope.attachments].sort(byId), sealed.sort(byId));

  // The status, with the session's CSRF token only.
  const status = (token) => fetch(`${BASE}/api/clerk/applications/${reference}/status`, {
    method: "POST", headers: { cookie, "content-type": "application/json", ...(token ? { "x-csrf-token": token } : {}) },
    body: JSON.stringify({ status: "in_bearbeitung" }),
  });
  assert.equal((await status(null)).status, 403);
  assert.equal((await status(csrf)).status, 204);
  const handled = await (await fetch(`${BASE}/api/clerk/applications?status=in_bearbeitung`, { headers: { cookie } })).json();
  assert.deepEqual(handled.map((a) => a.reference), [reference]);
});
