/** Thrown when a whole send outlasts its deadline: a temporary failure (no SMTP code), retried later. */
export class SendDeadlineExceeded extends Error {
  readonly code = 'ESENDDEADLINE';
  constructor(readonly seconds: number) {
    super(`send took longer than ${seconds} s`);
    this.name = 'SendDeadlineExceeded';
  }
}

/**
 * `work`, or a SendDeadlineExceeded after `seconds` if it has not settled by then. nodemailer's
 * timeouts bound each step (connect, greeting, every socket read), not a whole send: a server that
 * trickles one byte per step can hold a send for as long as it likes. The work itself goes on (a
 * send cannot be taken back), but its outcome no longer counts: the caller has moved on.
 */
export function withDeadline<T>(work: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SendDeadlineExceeded(seconds)), seconds * 1000);
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
