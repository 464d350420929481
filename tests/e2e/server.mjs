// formfabrik-server as the browser tests reach it: `cargo xtask test` runs it behind the
// origin and names its binary and database, so the tests set up authorities with its CLI.
import { execFileSync } from "node:child_process";

const SERVER = process.env.FORMFABRIK_SERVER_BIN;

/** The reason to skip a test that needs the server, or false. */
export const withoutServer = !SERVER && "formfabrik-server runs behind the origin in `cargo xtask test` (FORMFABRIK_SERVER_BIN)";

/** The server's CLI on the database the running server uses. */
export function cli(args, input = "") {
  return execFileSync(SERVER, args, { env: { ...process.env, DATABASE_URL: process.env.FORMFABRIK_SERVER_DB }, input, encoding: "utf8" });
}

/**
 * An authority of this run (one per clock: its ARS starts with `prefix`) with one clerk,
 * the dog tax form routed to it; the clerk's e-mail address and password.
 */
export function authorityWithClerk(prefix, name) {
  const run = String(process.pid).padStart(8, "0").slice(-8);
  const ars = `${prefix}${run}`;
  const email = `sachbearbeitung-${ars}@musterstadt.example`;
  const password = "ein-langes-passwort-für-die-sachbearbeitung";
  cli(["add-authority", name, ars, "post@musterstadt.example"]);
  cli(["add-user", ars, email, "Clara Sachbearbeiterin", "sachbearbeitung"], `${password}\n`);
  cli(["route-form", "hundesteuer-anmeldung", ars]);
  return { run, ars, email, password };
}
