import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { withDeadline } from './mail-deadline';
import { afterFailure } from './mail-retry-policy';
import { describeSendError } from './mail-text';
import { MAIL_SEND_TIMEOUT_SECONDS, MailTransport } from './mail-transport';

/** Messages claimed per pass, sent side by side: one lease covers one attempt's time, not a queue's. */
const BATCH = 10;
/** A claimed message belongs to its sender this long; a sender that died lets it fall due again. */
export const MAIL_LEASE_SECONDS = MAIL_SEND_TIMEOUT_SECONDS * 3;
/**
 * A whole send is given up (a temporary failure) after this long, well inside the lease: the
 * transport's timeouts bound each SMTP step, not a send, and a sender still sending when its
 * lease runs out would share the message with the sender that re-claims it.
 */
export const MAIL_SEND_DEADLINE_SECONDS = MAIL_LEASE_SECONDS - 30;
/** After a wake, the pass waits this long: the intake's transaction commits just after it woke us. */
const WAKE_DELAY_MS = 50;
const SHUTDOWN_WAIT_MS = 5000;

interface ClaimedRow {
  id: string;
  recipient: string;
  subject: string;
  text_body: string | null;
  html_body: string | null;
  message_id: string;
  attempts: number;
  template: string;
  headers: Record<string, string> | null;
}

export interface DispatchPass {
  claimed: number;
  sent: number;
}

/**
 * Sends `pending` messages over SMTP (only when SMTP_URL is set). A pass claims due messages with
 * FOR UPDATE SKIP LOCKED in one short statement and leases them (`sending`, due again after the
 * lease), so several instances never send one message at the same time and a crashed sender's
 * messages come back. Only the lease holder completes a message: each completion UPDATE names the
 * attempt it claimed, so a sender whose lease ran out (and whose message another sender claimed
 * again, attempts + 1) changes nothing. SMTP runs outside any transaction. A sent message loses its address and
 * bodies (its links are single-use secrets, its address personal data); a failed attempt backs
 * off (mail-retry-policy.ts) until the message is given up as `failed`.
 *
 * Runs on a timer every MAIL_DISPATCH_INTERVAL_MS (0: only when woken or drained) and when the
 * intake of this instance wakes it. It runs whatever JOBS_ENABLED says: delivering mail is not
 * scheduled work but the second half of a request, and the lease keeps instances from colliding.
 * Logs name the message id and template, never the address or the body.
 */
@Injectable()
export class MailDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MailDispatcher.name);
  private timer?: NodeJS.Timeout;
  private wakeTimer?: NodeJS.Timeout;
  private running: Promise<DispatchPass> = Promise.resolve({ claimed: 0, sent: 0 });
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transport: MailTransport,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.transport.configured && this.config.MAIL_DISPATCH_INTERVAL_MS > 0) this.schedule();
  }

  /**
   * Lets a pass in flight finish, for a few seconds at most: a server that hangs must not hold the
   * shutdown for a whole SMTP timeout. A message cut short stays leased and is tried again when
   * its lease runs out (a rare duplicate, recognisable by its Message-ID).
   */
  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.wakeTimer);
    let timeout: NodeJS.Timeout | undefined;
    const cap = new Promise<void>((resolve) => (timeout = setTimeout(resolve, SHUTDOWN_WAIT_MS)));
    await Promise.race([this.running.catch(() => undefined), cap]);
    clearTimeout(timeout);
  }

  /** A message was just queued in this process: send it soon rather than at the next tick. */
  wake(): void {
    if (!this.transport.configured || this.stopped || this.wakeTimer) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      this.runOnce().catch((error) => this.logger.warn(`mail pass failed: ${describeSendError(error)}`));
    }, WAKE_DELAY_MS);
    this.wakeTimer.unref();
  }

  /** Sends everything due now, waiting for each attempt; returns how many were sent. For tests. */
  async drain(maxPasses = 100): Promise<number> {
    let sent = 0;
    for (let pass = 0; pass < maxPasses; pass++) {
      const result = await this.runOnce();
      sent += result.sent;
      if (result.claimed === 0) return sent;
    }
    throw new Error('Mail dispatcher did not drain');
  }

  /** One pass; passes of this instance run one after the other. */
  runOnce(): Promise<DispatchPass> {
    this.running = this.running.catch(() => undefined).then(() => this.pass());
    return this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(async () => {
      try {
        await this.runOnce();
      } catch (error) {
        this.logger.warn(`mail pass failed: ${describeSendError(error)}`);
      }
      this.schedule();
    }, this.config.MAIL_DISPATCH_INTERVAL_MS);
    this.timer.unref();
  }

  private async pass(): Promise<DispatchPass> {
    if (!this.transport.configured || this.stopped) return { claimed: 0, sent: 0 };
    const rows = await this.claim();
    const results = await Promise.all(rows.map((row) => this.deliver(row)));
    return { claimed: rows.length, sent: results.filter(Boolean).length };
  }

  // The UPDATE sits in a CTE read by a SELECT: TypeORM answers a bare UPDATE with [rows, count].
  private async claim(): Promise<ClaimedRow[]> {
    return this.dataSource.query(
      `WITH due AS (
         SELECT id FROM mail.messages
         WHERE status IN ('pending', 'sending') AND next_attempt_at <= now()
         ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED),
       claimed AS (
         UPDATE mail.messages m SET status = 'sending', attempts = m.attempts + 1,
           next_attempt_at = now() + make_interval(secs => $2), updated_at = now()
         FROM due WHERE m.id = due.id
         RETURNING m.id, m.recipient, m.subject, m.text_body, m.html_body, m.message_id, m.attempts, m.template,
           m.headers)
       SELECT * FROM claimed`,
      [BATCH, MAIL_LEASE_SECONDS],
    );
  }

  private async deliver(row: ClaimedRow): Promise<boolean> {
    try {
      const sending = this.transport.send({
        to: row.recipient,
        subject: row.subject,
        text: row.text_body,
        html: row.html_body,
        messageId: row.message_id,
        headers: row.headers ?? {},
      });
      await withDeadline(sending, MAIL_SEND_DEADLINE_SECONDS);
    } catch (error) {
      await this.failed(row, error);
      return false;
    }
    const completed = await this.complete(
      row,
      `UPDATE mail.messages SET status = 'sent', sent_at = now(), recipient = NULL, text_body = NULL,
         html_body = NULL, headers = NULL, next_attempt_at = NULL, last_error = NULL, updated_at = now()
       WHERE id = $1 AND status = 'sending' AND attempts = $2`,
      [],
    );
    if (!completed) return false;
    this.logger.log(`mail ${row.id} (${row.template}) sent, attempt ${row.attempts}`);
    return true;
  }

  /**
   * Runs a completion UPDATE (`$1` the id, `$2` the attempt claimed, then `params`) and says whether
   * this sender still held the lease. When it did not, the message is another sender's now: this
   * attempt's outcome is only logged (a message sent twice carries one Message-ID).
   */
  private async complete(row: ClaimedRow, sql: string, params: unknown[]): Promise<boolean> {
    // A bare UPDATE comes back from TypeORM as [rows, affected].
    const [, affected] = (await this.dataSource.query(sql, [row.id, row.attempts, ...params])) as [
      unknown,
      number,
    ];
    if (affected === 1) return true;
    this.logger.warn(
      `mail ${row.id} (${row.template}) attempt ${row.attempts} ended after its lease was lost; left to the current sender`,
    );
    return false;
  }

  private async failed(row: ClaimedRow, error: unknown): Promise<void> {
    const reason = describeSendError(error);
    const outcome = afterFailure(row.attempts, error);
    if (outcome.status === 'failed') {
      // Given up: the links inside are no use to anyone now, and the address is personal data.
      const completed = await this.complete(
        row,
        `UPDATE mail.messages SET status = 'failed', last_error = $3, next_attempt_at = NULL,
           recipient = NULL, text_body = NULL, html_body = NULL, headers = NULL, updated_at = now()
         WHERE id = $1 AND status = 'sending' AND attempts = $2`,
        [reason],
      );
      if (!completed) return;
      this.logger.error(
        `mail ${row.id} (${row.template}) given up after ${row.attempts} attempts: ${reason}`,
      );
      return;
    }
    const completed = await this.complete(
      row,
      `UPDATE mail.messages SET status = 'pending', last_error = $3,
         next_attempt_at = now() + make_interval(secs => $4), updated_at = now()
       WHERE id = $1 AND status = 'sending' AND attempts = $2`,
      [reason, outcome.retryInSeconds],
    );
    if (!completed) return;
    this.logger.warn(
      `mail ${row.id} (${row.template}) attempt ${row.attempts} failed, retry in ${outcome.retryInSeconds} s: ${reason}`,
    );
  }
}
