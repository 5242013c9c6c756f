import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  file: string;
  /** True when this call generated the (development) key. */
  generated: boolean;
}

/**
 * The bundle signing key (AUDIT_SIGNING_KEY_FILE, an Ed25519 PKCS#8 PEM). Unset outside
 * production, a development key is generated at `file` on first use and kept (mode 0600), so
 * bundles exported later verify with the same public key (docs/configuration.md).
 */
export function loadSigningKey(file: string, generateWhenMissing: boolean): SigningKey {
  let generated = false;
  if (!existsSync(file)) {
    if (!generateWhenMissing) throw new Error(`AUDIT_SIGNING_KEY_FILE ${file} does not exist`);
    const { privateKey } = generateKeyPairSync('ed25519');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    generated = true;
  }
  const privateKey = createPrivateKey(readFileSync(file));
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error(`the audit signing key ${file} is ${privateKey.asymmetricKeyType}, not an Ed25519 key`);
  return { privateKey, publicKey: createPublicKey(privateKey), file, generated };
}

/** An Ed25519 public key from a PEM file (SPKI), or an error naming the file. */
export function readPublicKey(file: string): KeyObject {
  const key = createPublicKey(readFileSync(file));
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`${file} is a ${key.asymmetricKeyType} key, not an Ed25519 public key`);
  return key;
}
