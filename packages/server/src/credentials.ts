import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { State } from '@switchboard/engine';
import type { ServerConfig } from './config.ts';
import { log } from './log.ts';

/**
 * The account's access key when there is no demo (SWITCHBOARD_DEMO=0): what the operator signs the Connect
 * API with to call CreateInstance, and then every instance of the account (api/connect/auth.ts). It is
 * SWITCHBOARD_ADMIN_ACCESS_KEY_ID / SWITCHBOARD_ADMIN_SECRET_ACCESS_KEY if set; otherwise one is made on the
 * first start and written to `<data dir>/credentials`, an AWS shared-credentials file (profile `switchboard`,
 * with its region, mode 0600), which later starts read back and never rewrite. So
 * `AWS_SHARED_CREDENTIALS_FILE=<data dir>/credentials AWS_PROFILE=switchboard` is all an AWS SDK or the AWS
 * CLI needs besides the endpoint.
 *
 * The secret cannot be kept hashed: a SigV4 signature is an HMAC keyed by it, so checking one needs the
 * secret itself (as the instances' keys are kept in their events). It lives in that 0600 file (or only in the
 * environment); it is never logged — the log says the key id and the file's path.
 *
 * Which account the key is for is kept in `<data dir>/account.json` (mode 0600, no secret), made once: the
 * account's instances stay its own when the key is replaced (a new key in the environment, a deleted file).
 */
export interface AccountCredentials {
  accountId: string;
  /** The region the credentials file names (where the SDK signs by default); the key signs for any region. */
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The credentials file, when the key is in one (undefined: from the environment). */
  file: string | undefined;
}

/** The profile the credentials file holds the key under. */
export const CREDENTIALS_PROFILE = 'switchboard';
/** The region of a new account (the demo's too). */
export const DEFAULT_REGION = 'us-east-1';

const Account = (raw: unknown): { accountId: string; region: string } | undefined => {
  const a = raw as { accountId?: unknown; region?: unknown } | null;
  return a && typeof a.accountId === 'string' && /^\d{12}$/.test(a.accountId) && typeof a.region === 'string' && /^[a-z]{2}(-[a-z]+)+-\d$/.test(a.region)
    ? { accountId: a.accountId, region: a.region } : undefined;
};

/** A private file, written only if it is not there yet ('wx'), readable by its owner alone. */
function writePrivate(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
}

/** The `[profile]` section of an ini file: its `key = value` lines. */
export function iniProfile(text: string, profile: string): Record<string, string> | undefined {
  let section: string | undefined;
  let found: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (header) {
      section = header[1];
      if (section === profile) found ??= {};
      continue;
    }
    const pair = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (pair && section === profile && found) found[pair[1]!] = pair[2]!;
  }
  return found;
}

/** The credentials file's text: an AWS shared-credentials file with one profile. */
export function credentialsFileText(credentials: Pick<AccountCredentials, 'accessKeyId' | 'secretAccessKey' | 'region'>): string {
  return [
    '# Switchboard: the account access key (SWITCHBOARD_DEMO=0). It signs CreateInstance and every call to the',
    '# account\'s instances. Keep this file private. With an AWS SDK or the AWS CLI:',
    `#   AWS_SHARED_CREDENTIALS_FILE=<this file> AWS_PROFILE=${CREDENTIALS_PROFILE} (and the server's URL as the endpoint)`,
    `[${CREDENTIALS_PROFILE}]`,
    `aws_access_key_id = ${credentials.accessKeyId}`,
    `aws_secret_access_key = ${credentials.secretAccessKey}`,
    `region = ${credentials.region}`,
    '',
  ].join('\n');
}

/** A key id as AWS makes them: AKIA and 16 upper-case letters and digits; a 40-character secret. */
function newKey(): { accessKeyId: string; secretAccessKey: string } {
  const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const accessKeyId = `AKIA${[...randomBytes(16)].map((b) => upper[b % upper.length]).join('')}`;
  const secretAccessKey = randomBytes(30).toString('base64').replace(/[+/]/g, 'x');
  return { accessKeyId, secretAccessKey };
}

/** The account: as account.json says; else the account of an instance that already holds the key; else a new one (written). */
function accountOf(dataDir: string, state: State, accessKeyId: string | undefined): { accountId: string; region: string } {
  const path = join(dataDir, 'account.json');
  if (existsSync(path)) {
    let raw: unknown;
    try { raw = JSON.parse(readFileSync(path, 'utf8')); } catch { raw = undefined; }
    const account = Account(raw);
    if (!account) throw new Error(`${path} is not {"accountId": "<12 digits>", "region": "<region>"}: fix it (your instances belong to the account it named)`);
    return account;
  }
  const holder = accessKeyId === undefined ? undefined : [...state.instances.values()].find((i) => i.accessKeys.has(accessKeyId));
  const account = holder
    ? { accountId: holder.accountId, region: holder.region }
    : { accountId: String(100000000000 + (randomBytes(5).readUIntBE(0, 5) % 900000000000)), region: DEFAULT_REGION };
  writePrivate(path, JSON.stringify(account, null, 2) + '\n');
  return account;
}

/**
 * The account's access key (see above): from the environment, else the credentials file, else a new one
 * written to it. A credentials file without the profile's key and secret stops the start, so a key people
 * use is never replaced behind their back.
 */
export function loadAccountCredentials(config: ServerConfig, state: State): AccountCredentials {
  const file = join(config.dataDir, 'credentials');
  const given = config.adminAccessKey;
  if (given) {
    const account = accountOf(config.dataDir, state, given.accessKeyId);
    log().info({ accessKeyId: given.accessKeyId, accountId: account.accountId, source: 'SWITCHBOARD_ADMIN_ACCESS_KEY_ID' }, 'account access key from the environment');
    return { ...account, ...given, file: undefined };
  }
  if (existsSync(file)) {
    const profile = iniProfile(readFileSync(file, 'utf8'), CREDENTIALS_PROFILE);
    const accessKeyId = profile?.aws_access_key_id, secretAccessKey = profile?.aws_secret_access_key;
    if (!accessKeyId || !secretAccessKey) {
      throw new Error(`${file} has no [${CREDENTIALS_PROFILE}] profile with aws_access_key_id and aws_secret_access_key: fix it, or remove it to have a new key made`);
    }
    const account = accountOf(config.dataDir, state, accessKeyId);
    log().info({ accessKeyId, accountId: account.accountId, credentialsFile: file, profile: CREDENTIALS_PROFILE }, 'account access key from the credentials file');
    return { ...account, region: profile.region || account.region, accessKeyId, secretAccessKey, file };
  }
  const key = newKey();
  const account = accountOf(config.dataDir, state, undefined);
  writePrivate(file, credentialsFileText({ ...key, region: account.region }));
  log().info({ accessKeyId: key.accessKeyId, accountId: account.accountId, credentialsFile: file, profile: CREDENTIALS_PROFILE }, 'made the account access key');
  return { ...account, ...key, file };
}
