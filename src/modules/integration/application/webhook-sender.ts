import { Injectable } from '@nestjs/common';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { AppConfig } from '../../../platform/config/app-config';
import { classifyAddress } from '../domain/address-policy';
import { parseWebhookUrl } from '../domain/webhook-url';
import type { ResolvedAddress } from './host-resolver';
import { HostResolver } from './host-resolver';

export interface SendOutcome {
  statusCode: number | null;
  /** Why it failed; null for a 2xx. */
  error: string | null;
  responseExcerpt: string | null;
  durationMs: number;
}

const EXCERPT_CHARS = 500;
const USER_AGENT = 'OneSociety-Webhooks/1.0 (+https://onesociety.dev/docs/webhooks)';

/**
 * POSTs one signed body to an endpoint, refusing server-side request forgery at the last moment:
 * the URL is checked again, its name resolved, and every address it resolves to must be public
 * (address-policy.ts) or nothing is sent. The connection is then pinned to the address checked (our
 * own `lookup`), so a second DNS answer cannot swap in an internal one between check and connect;
 * TLS still verifies the certificate against the name. Redirects are not followed (a 3xx is a
 * failure); no proxy, no connection reuse; the whole exchange is bounded by WEBHOOK_TIMEOUT_MS.
 */
@Injectable()
export class WebhookSender {
  constructor(
    private readonly config: AppConfig,
    private readonly resolver: HostResolver,
  ) {}

  async send(url: string, body: string, headers: Record<string, string>): Promise<SendOutcome> {
    const started = Date.now();
    const outcome = (
      statusCode: number | null,
      error: string | null,
      responseExcerpt: string | null = null,
    ) => ({
      statusCode,
      error,
      responseExcerpt,
      durationMs: Date.now() - started,
    });
    const allowLoopback = this.config.WEBHOOK_ALLOW_INSECURE_LOOPBACK;
    const parsed = parseWebhookUrl(url, { allowInsecureLoopback: allowLoopback });
    if ('problem' in parsed) return outcome(null, `refused: the URL ${parsed.problem}`);
    const { target } = parsed;
    let addresses: ResolvedAddress[];
    try {
      addresses = target.literal
        ? [{ address: target.literal, family: target.literal.includes(':') ? 6 : 4 }]
        : await this.resolver.resolve(target.host);
    } catch (error) {
      return outcome(null, `DNS: ${messageOf(error)}`);
    }
    if (addresses.length === 0) return outcome(null, `DNS: ${target.host} has no address`);
    const loopbackOnly = (address: string) => {
      const verdict = classifyAddress(address);
      return allowLoopback && !verdict.allowed && verdict.reason === 'loopback';
    };
    for (const { address } of addresses) {
      const verdict = classifyAddress(address);
      if (!verdict.allowed && !loopbackOnly(address))
        return outcome(null, `refused: ${target.host} resolves to ${address} (${verdict.reason})`);
    }
    // Test mode's plain http reaches a loopback receiver, never a public host.
    const exposed = addresses.find(({ address }) => !loopbackOnly(address));
    if (target.url.protocol === 'http:' && exposed)
      return outcome(null, `refused: plain http to ${exposed.address}`);
    const pinned = addresses[0];
    try {
      const { statusCode, excerpt, location } = await this.post(target.url, pinned, body, headers);
      if (statusCode >= 200 && statusCode < 300) return outcome(statusCode, null, excerpt);
      if (statusCode >= 300 && statusCode < 400)
        return outcome(
          statusCode,
          `redirect${location ? ` to ${location.slice(0, 200)}` : ''} not followed`,
          excerpt,
        );
      return outcome(statusCode, `HTTP ${statusCode}`, excerpt);
    } catch (error) {
      return outcome(null, messageOf(error));
    }
  }

  private post(
    url: URL,
    pinned: ResolvedAddress,
    body: string,
    headers: Record<string, string>,
  ): Promise<{ statusCode: number; excerpt: string | null; location?: string }> {
    const lookup: LookupFunction = (_host, options, callback) => {
      if (options.all) callback(null, [pinned]);
      else callback(null, pinned.address, pinned.family);
    };
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          lookup,
          agent: false,
          headers: {
            ...headers,
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(body)),
            'user-agent': USER_AGENT,
          },
        },
        (res: IncomingMessage) => {
          let excerpt = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            if (excerpt.length < EXCERPT_CHARS) excerpt += chunk;
            else res.destroy(); // the rest is not ours to read
          });
          const done = () =>
            resolve({
              statusCode: res.statusCode ?? 0,
              excerpt: excerpt ? excerpt.slice(0, EXCERPT_CHARS) : null,
              location: typeof res.headers.location === 'string' ? res.headers.location : undefined,
            });
          res.on('end', done);
          res.on('close', done);
          res.on('error', () => done());
        },
      );
      const timer = setTimeout(
        () => req.destroy(new Error(`timed out after ${this.config.WEBHOOK_TIMEOUT_MS} ms`)),
        this.config.WEBHOOK_TIMEOUT_MS,
      );
      req.on('error', reject);
      req.on('close', () => clearTimeout(timer));
      req.end(body);
    });
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 500);
