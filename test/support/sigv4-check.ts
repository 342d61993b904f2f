import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * AWS Signature Version 4 checked from the spec, for s3rver, which parses SigV4 but never checks it
 * (3.7.1 accepts any signature). Written independently of the SDK's signer, so a presigned URL the
 * adapter hands out is verified the way S3 verifies it, and a tampered one is refused.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
 */
export interface SignedRequest {
  method?: string;
  /** Path and query exactly as received. */
  url?: string;
  headers: IncomingHttpHeaders;
}

export type SignatureVerdict = 'unsigned' | 'valid' | 'invalid';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text).digest();
// RFC 3986 unreserved characters stay; everything else is %XX (what SigV4 canonicalizes to).
const encode = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function checkSigV4(
  request: SignedRequest,
  secretFor: (accessKeyId: string) => string | undefined,
): SignatureVerdict {
  const url = new URL(request.url ?? '/', 'http://placeholder');
  const query = [...url.searchParams.entries()];
  const authorization = headerValue(request.headers, 'authorization');
  const presigned = url.searchParams.has('X-Amz-Signature');
  if (!authorization && !presigned) return 'unsigned';

  const fields = presigned
    ? presignedFields(url.searchParams)
    : headerFields(authorization ?? '', request.headers);
  if (!fields) return 'invalid';
  const [accessKeyId, date, region, service] = fields.credential.split('/');
  const secret = secretFor(accessKeyId);
  if (!secret) return 'invalid';

  const canonicalQuery = query
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => [encode(name), encode(value)])
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const signedHeaders = fields.signedHeaders.split(';');
  const canonicalHeaders = signedHeaders
    .map((name) => `${name}:${(headerValue(request.headers, name) ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const canonicalRequest = [
    request.method ?? 'GET',
    url.pathname,
    canonicalQuery,
    canonicalHeaders,
    fields.signedHeaders,
    fields.payloadHash,
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', fields.amzDate, scope, sha256(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
  const expected = hmac(key, stringToSign).toString('hex');
  const provided = Buffer.from(fields.signature);
  return provided.length === expected.length && timingSafeEqual(provided, Buffer.from(expected))
    ? 'valid'
    : 'invalid';
}

interface SignatureFields {
  credential: string;
  signedHeaders: string;
  signature: string;
  amzDate: string;
  payloadHash: string;
}

function presignedFields(params: URLSearchParams): SignatureFields | undefined {
  const [credential, signedHeaders, signature, amzDate] = [
    'X-Amz-Credential',
    'X-Amz-SignedHeaders',
    'X-Amz-Signature',
    'X-Amz-Date',
  ].map((name) => params.get(name));
  if (!credential || !signedHeaders || !signature || !amzDate) return undefined;
  return { credential, signedHeaders, signature, amzDate, payloadHash: 'UNSIGNED-PAYLOAD' };
}

function headerFields(authorization: string, headers: IncomingHttpHeaders): SignatureFields | undefined {
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^,]+),\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]+)$/.exec(
      authorization,
    );
  const amzDate = headerValue(headers, 'x-amz-date');
  const payloadHash = headerValue(headers, 'x-amz-content-sha256');
  if (!match || !amzDate || !payloadHash) return undefined;
  return { credential: match[1], signedHeaders: match[2], signature: match[3], amzDate, payloadHash };
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}
