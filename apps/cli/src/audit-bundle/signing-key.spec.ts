import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyFingerprint } from './manifest';
import { loadSigningKey, readPublicKey } from './signing-key';

describe('the audit bundle signing key (docs/configuration.md AUDIT_SIGNING_KEY_FILE)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'signing-key-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the development key is generated on first use (owner-only), then kept: later bundles verify with it', () => {
    const file = join(dir, 'data', 'audit-signing-key.pem');
    const first = loadSigningKey(file, true);
    expect(first.generated).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = loadSigningKey(file, true);
    expect(again.generated).toBe(false);
    expect(keyFingerprint(again.publicKey)).toBe(keyFingerprint(first.publicKey));
    const message = Buffer.from('manifest');
    expect(verify(null, message, first.publicKey, sign(null, message, again.privateKey))).toBe(true);
  });

  it('a configured file that is missing, or not an Ed25519 key, is refused with its name', () => {
    expect(() => loadSigningKey(join(dir, 'absent.pem'), false)).toThrow(/absent\.pem does not exist/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    writeFileSync(join(dir, 'rsa.pem'), rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(() => loadSigningKey(join(dir, 'rsa.pem'), false)).toThrow(/rsa, not an Ed25519 key/);
    writeFileSync(join(dir, 'rsa.pub'), rsa.publicKey.export({ type: 'spki', format: 'pem' }));
    expect(() => readPublicKey(join(dir, 'rsa.pub'))).toThrow(/not an Ed25519 public key/);
  });
});
