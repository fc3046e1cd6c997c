// The credential values a run handles, taken from the environment (and the key files it names), so the
// evidence store can make sure none of them is ever written, even inside a string.
import { readFileSync } from 'node:fs';
import type { EvidenceStore } from './evidence-store.js';

/** Environment variables whose value is a credential (SPEC "Secrets come only from the environment"). */
export const SECRET_ENV = [
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'GITHUB_APP_PRIVATE_KEY',
  'OKTA_API_TOKEN',
  'OKTA_PRIVATE_KEY',
  'GOOGLE_OAUTH_ACCESS_TOKEN',
  'ENTRA_CLIENT_SECRET',
  'AZURE_CLIENT_SECRET',
] as const;
/** Environment variables naming a file that holds a credential. */
const SECRET_FILE_ENV = ['GITHUB_APP_PRIVATE_KEY_FILE', 'OKTA_PRIVATE_KEY_FILE', 'GOOGLE_APPLICATION_CREDENTIALS'] as const;

/** A PEM key's base64 lines: a key that shows up in a string is found by any of its lines. */
function pemParts(text: string): string[] {
  return text
    .replace(/\\n/g, '\n')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length >= 16 && !l.startsWith('-----'));
}

function keyFileParts(text: string): string[] {
  try {
    // A Google service-account key: its private key (and id).
    const json = JSON.parse(text) as { private_key?: string; private_key_id?: string };
    return [...(json.private_key ? pemParts(json.private_key) : []), ...(json.private_key_id ? [json.private_key_id] : [])];
  } catch {
    return pemParts(text);
  }
}

export function registerRunSecrets(store: EvidenceStore, env: NodeJS.ProcessEnv): void {
  for (const name of SECRET_ENV) {
    const value = env[name];
    if (!value) continue;
    store.addSecret(value);
    if (value.includes('PRIVATE KEY')) for (const part of pemParts(value)) store.addSecret(part);
  }
  for (const name of SECRET_FILE_ENV) {
    const file = env[name];
    if (!file) continue;
    try {
      for (const part of keyFileParts(readFileSync(file, 'utf8'))) store.addSecret(part);
    } catch {
      // Unreadable: the collector says so; nothing of it can be written either.
    }
  }
}
