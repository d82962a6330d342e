import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The secrets a local stack's services must share (offer ids are minted by the availability APIs
 * and verified by the order service). Taken from the environment when set; otherwise made once
 * per checkout and kept in `.fareflow/local-secrets.json` (git-ignored), so offers survive a
 * restart of `fareflow start`. Production sets them in the environment.
 */
export function localSecrets(
  rootDir: string,
  env: NodeJS.ProcessEnv,
): Record<'OFFER_SECRET' | 'CURSOR_SECRET', string> {
  const file = path.join(rootDir, '.fareflow', 'local-secrets.json');
  let stored: Partial<Record<string, string>> = {};
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<Record<string, string>>;
  } catch {
    stored = {};
  }
  const secrets = {
    OFFER_SECRET: env['OFFER_SECRET'] ?? stored['OFFER_SECRET'] ?? randomBytes(32).toString('base64url'),
    CURSOR_SECRET: env['CURSOR_SECRET'] ?? stored['CURSOR_SECRET'] ?? randomBytes(32).toString('base64url'),
  };
  if (stored['OFFER_SECRET'] !== secrets.OFFER_SECRET || stored['CURSOR_SECRET'] !== secrets.CURSOR_SECRET) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  }
  return secrets;
}
