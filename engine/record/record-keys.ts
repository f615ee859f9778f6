import { createHmac, createPrivateKey, createPublicKey, hkdfSync, randomBytes, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Bytes of the secret all record keys derive from. */
const SECRET_BYTES = 32;
/** PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows it. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * The keys that make the record tamper-evident, derived from one secret that lives outside the
 * database (an environment variable or a file), so whoever holds only the database cannot
 * re-seal a rewritten event or sign a checkpoint:
 * - a seal per event: HMAC-SHA256 over the event's hash, which chains all earlier events;
 * - a signature per county checkpoint: Ed25519, so an auditor verifies an export with the
 *   public key alone and needs no secret.
 */
export class RecordKeys {
  private readonly sealKey: Buffer;
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;

  constructor(secret: Buffer) {
    if (secret.length !== SECRET_BYTES) throw new Error(`the signing secret must be ${SECRET_BYTES} bytes, not ${secret.length}`);
    this.sealKey = derive(secret, 'renda event seal');
    const seed = derive(secret, 'renda checkpoint signature');
    this.privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    this.publicKey = createPublicKey(this.privateKey);
  }

  /** A new random secret, base64 (what SIGNING_KEY holds). */
  static newSecret(): string {
    return randomBytes(SECRET_BYTES).toString('base64');
  }

  seal(hash: string): string {
    return createHmac('sha256', this.sealKey).update(hash).digest('hex');
  }

  hasSeal(hash: string, seal: string): boolean {
    const expected = Buffer.from(this.seal(hash), 'hex');
    const given = Buffer.from(seal, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  sign(message: string): string {
    return sign(null, Buffer.from(message), this.privateKey).toString('base64');
  }

  /** The public key as PEM: what checkpoint exports carry and auditors verify with. */
  get publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }
}

/** Checks an Ed25519 signature with a public key in PEM (no secret needed). */
export function verifySignature(publicKeyPem: string, message: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(message), createPublicKey(publicKeyPem), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

function derive(secret: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), purpose, 32));
}

/**
 * The signing secret: SIGNING_KEY (base64) when given — what a production installation should
 * use, from its secret store — else the key file, created with a new random secret on first
 * start (the embedded default: zero set-up, but a file beside the data, so keep it apart from
 * database backups). Returns whether the file was created, so the server can say so.
 */
export function loadSigningSecret(env: string | undefined, keyFile: string): { secret: Buffer; created: boolean } {
  if (env) return { secret: decodeSecret(env, 'SIGNING_KEY'), created: false };
  if (existsSync(keyFile)) return { secret: decodeSecret(readFileSync(keyFile, 'utf8'), keyFile), created: false };
  mkdirSync(dirname(keyFile), { recursive: true });
  const text = RecordKeys.newSecret();
  try {
    writeFileSync(keyFile, `${text}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process created it first: everyone uses that one.
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
    return { secret: decodeSecret(readFileSync(keyFile, 'utf8'), keyFile), created: false };
  }
  return { secret: Buffer.from(text, 'base64'), created: true };
}

function decodeSecret(text: string, source: string): Buffer {
  const secret = Buffer.from(text.trim(), 'base64');
  if (secret.length !== SECRET_BYTES) throw new Error(`${source}: expected ${SECRET_BYTES} bytes in base64 (e.g. from \`openssl rand -base64 32\`)`);
  return secret;
}
