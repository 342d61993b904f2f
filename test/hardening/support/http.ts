import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { multipartBody, type MultipartPart, type UploadFile } from '../../support/hostile-files';
import { fillPath, type Operation } from './api-document';

/** No request may take longer than this: a hang fails the test instead of stalling it. */
export const REQUEST_DEADLINE_MS = 10_000;

/** The environment every hardening app gets: limits out of the way (tested on their own), no timers. */
export const HARDENING_ENV: Record<string, string> = {
  WRITE_RATE_LIMIT_PER_MINUTE: '100000',
  AUTH_RATE_LIMIT_PER_IP: '10000',
  AUTH_RATE_LIMIT_PER_ACCOUNT: '10000',
  // Events and jobs run only when a test says so, so nothing changes the database behind its back.
  EVENTS_RELAY_INTERVAL_MS: '0',
  WEBHOOK_DISPATCH_INTERVAL_MS: '0',
  JOBS_ENABLED: 'false',
};

export interface RequestParts {
  params: Record<string, string>;
  query?: Record<string, unknown>;
  /**
   * The body: JSON, or for an upload operation (`op.multipart`) the form's fields, where an
   * UploadFile value becomes a file part and anything else a text field.
   */
  body?: unknown;
  /** Raw bytes instead of a JSON body or form (malformed JSON, huge payloads, hand-made multipart). */
  rawBody?: string | Buffer;
  /** The Content-Type of rawBody; application/json unless given. */
  contentType?: string;
  headers?: Record<string, string>;
}

const isUploadFile = (value: unknown): value is UploadFile =>
  typeof value === 'object' && value !== null && Buffer.isBuffer((value as UploadFile).bytes);

/** A form's fields as multipart parts: files as file parts, the rest as text (objects as JSON). */
export function formParts(fields: Record<string, unknown>): MultipartPart[] {
  return Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]): MultipartPart => {
      if (isUploadFile(value))
        return { name, data: value.bytes, filename: value.filename, contentType: value.contentType };
      return { name, data: typeof value === 'string' ? value : JSON.stringify(value) };
    });
}

/** Sends one request for `op`, bounded by REQUEST_DEADLINE_MS. */
export function send(http: TestAgent, op: Operation, parts: RequestParts): Promise<Response> {
  const url = fillPath(op.path, parts.params);
  let req = http[op.method](url).timeout({ deadline: REQUEST_DEADLINE_MS });
  if (parts.query) req = req.query(parts.query as Record<string, string>);
  for (const [name, value] of Object.entries(parts.headers ?? {})) req = req.set(name, value);
  if (parts.rawBody !== undefined)
    return req.set('content-type', parts.contentType ?? 'application/json').send(parts.rawBody);
  if (parts.body !== undefined && op.multipart) {
    const form = multipartBody(formParts(parts.body as Record<string, unknown>));
    return req.set('content-type', form.contentType).send(form.body);
  }
  if (parts.body !== undefined) return req.send(parts.body as object);
  return req;
}

/** What a refusal must look like: RFC 9457 problem+json with its status in the body. */
export function isProblem(res: Response): boolean {
  return (
    /^application\/problem\+json/.test(String(res.headers['content-type'] ?? '')) &&
    typeof res.body === 'object' &&
    res.body !== null &&
    res.body.status === res.status
  );
}

export const describeResponse = (res: Response) =>
  `${res.status} ${String(res.headers['content-type'] ?? '')} ${JSON.stringify(res.body).slice(0, 300)}`;
