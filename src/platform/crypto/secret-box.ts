import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app-config';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';

/**
 * Authenticated encryption (AES-256-GCM) for secrets the database must hold but nobody reading
 * it may use: TOTP seeds, and the recipient and links of an email while it waits in an outbox.
 * The key is derived from JWT_SECRET with HKDF under a purpose label, so each purpose has its own
 * key and a value sealed for one purpose does not open under another. Sealed form:
 * `v1.<iv>.<tag>.<ciphertext>`, base64url.
 */
@Injectable()
export class SecretBox {
  private readonly keys = new Map<string, Buffer>();

  constructor(private readonly config: AppConfig) {}

  seal(purpose: string, plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv(ALGORITHM, this.key(purpose), iv);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), data]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** Throws when the value was tampered with, sealed for another purpose or under another key. */
  open(purpose: string, sealed: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('Not a sealed value');
    const decipher = createDecipheriv(ALGORITHM, this.key(purpose), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }

  private key(purpose: string): Buffer {
    let key = this.keys.get(purpose);
    if (!key) {
      const secret = this.config.JWT_SECRET;
      if (!secret) throw new Error('SecretBox needs JWT_SECRET');
      key = Buffer.from(hkdfSync('sha256', secret, 'onesociety-secret-box', purpose, 32));
      this.keys.set(purpose, key);
    }
    return key;
  }
}
