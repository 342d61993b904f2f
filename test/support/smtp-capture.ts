import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message as a real SMTP server received it, parsed as a mail client would. */
export interface CapturedMail {
  /** The envelope recipient (RCPT TO), what the server delivered to. */
  to: string;
  /** The From header as written (`OneSociety <no-reply@onesociety.local>`). */
  from: string;
  subject: string;
  text: string;
  /** The HTML part, or '' when the message had none. */
  html: string;
  /** Every header line, by lower-cased name (the last one wins when repeated). */
  headers: Record<string, string>;
  /** The Message-ID header, angle brackets included. */
  messageId: string;
}

export interface SmtpCapture {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  url: string;
  port: number;
  /** Every message accepted so far, in arrival order. */
  readonly messages: CapturedMail[];
  /** How many messages were refused by failNext so far. */
  readonly refused: number;
  /** Resolves with the first message (received or yet to come) that matches. */
  waitFor(match: (mail: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  /** The next `count` messages are answered with a temporary failure (451 by default) at MAIL FROM. */
  failNext(count: number, code?: number): void;
  /** Closes the server: senders meet a refused connection, as in an outage. */
  stop(): Promise<void>;
  /** Listens again on the same port, keeping the messages received. */
  restart(): Promise<void>;
}

// `Name <address>` as MAIL_FROM is written (mailparser's own text quotes the name).
const formatAddress = (address: { name?: string; address?: string } | undefined): string =>
  !address ? '' : address.name ? `${address.name} <${address.address ?? ''}>` : (address.address ?? '');

/**
 * A real SMTP server in this process (smtp-server), so tests see what nodemailer actually put on the
 * wire rather than what a mock was called with. Plain text only (STARTTLS disabled), any or no AUTH.
 */
export async function startSmtpCapture(): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  const waiters: { match: (m: CapturedMail) => boolean; resolve: (m: CapturedMail) => void }[] = [];
  let failures: { left: number; code: number } = { left: 0, code: 451 };
  let refused = 0;
  let server: SMTPServer | null = null;
  let port = 0;

  const accept = (mail: CapturedMail) => {
    messages.push(mail);
    for (const waiter of [...waiters]) {
      if (!waiter.match(mail)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(mail);
    }
  };

  const create = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // Tests stop the server mid-run: connections left open must not hold close() for 30 s.
      closeTimeout: 100,
      onAuth: (_auth, _session, callback) => callback(null, { user: 'test' }),
      onMailFrom: (_address, _session, callback) => {
        if (failures.left <= 0) return callback();
        failures.left -= 1;
        refused += 1;
        const error = Object.assign(new Error('Temporary failure, try again later'), {
          responseCode: failures.code,
        });
        callback(error);
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            const headers: Record<string, string> = {};
            for (const line of parsed.headerLines) {
              headers[line.key.toLowerCase()] = line.line.slice(line.line.indexOf(':') + 1).trim();
            }
            const recipients = session.envelope.rcptTo.map((r) => r.address);
            for (const to of recipients) {
              accept({
                to,
                from: formatAddress(parsed.from?.value[0]),
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                html: typeof parsed.html === 'string' ? parsed.html : '',
                headers,
                messageId: parsed.messageId ?? '',
              });
            }
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });

  const listen = async () => {
    const next = create();
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve());
    });
    next.on('error', () => undefined);
    port = (next.server.address() as AddressInfo).port;
    server = next;
  };

  await listen();

  return {
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    messages,
    get refused() {
      return refused;
    },
    waitFor(match, timeoutMs = 15_000) {
      const found = messages.find(match);
      if (found) return Promise.resolve(found);
      return new Promise<CapturedMail>((resolve, reject) => {
        const waiter = {
          match,
          resolve: (mail: CapturedMail) => {
            clearTimeout(timer);
            resolve(mail);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no matching mail within ${timeoutMs} ms (${messages.length} received)`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    failNext(count, code = 451) {
      failures = { left: count, code };
    },
    async stop() {
      const current = server;
      server = null;
      if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
    },
    async restart() {
      if (server) return;
      await listen();
    },
  };
}
