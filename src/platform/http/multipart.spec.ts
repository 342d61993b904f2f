import Fastify, { type FastifyInstance } from 'fastify';
import { readUpload, registerMultipart, uploadProblem } from './multipart';
import { sendProblem } from './problem-details.filter';

const BOUNDARY = 'test-boundary-4f1e';
const MAX_BYTES = 4096;

type Part = { name: string; value: string } | { name: string; filename: string; bytes: Buffer };

function form(parts: Part[], { close = true } = {}): Buffer {
  const chunks = parts.flatMap((part) =>
    'bytes' in part
      ? [
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\n` +
            'Content-Type: image/jpeg\r\n\r\n',
          part.bytes,
          '\r\n',
        ]
      : [`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`],
  );
  if (close) chunks.push(`--${BOUNDARY}--\r\n`);
  return Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
}

const file = (bytes = Buffer.alloc(100, 7), name = 'file') => ({ name, filename: 'a.jpg', bytes });

describe('readUpload and the multipart registration', () => {
  let app: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    app = Fastify();
    await registerMultipart(app, MAX_BYTES);
    app.setErrorHandler((error, request, reply) => sendProblem(request, reply, error, () => undefined));
    const upload = async (request: Parameters<typeof readUpload>[0]) => {
      const { bytes, fields } = await readUpload(request);
      return { size: bytes.length, first: bytes[0], fields };
    };
    app.post('/upload', { config: { acceptsUpload: true } }, upload);
    app.post('/json', async (request) => ({ body: request.body ?? null }));
    // Over a real socket: Fastify's inject (light-my-request) cannot load in jest's ESM mode.
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    base = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
  });
  afterAll(() => app.close());

  const send = (
    payload: Buffer | string,
    url = '/upload',
    type = `multipart/form-data; boundary=${BOUNDARY}`,
  ) => fetch(`${base}${url}`, { method: 'POST', body: payload, headers: { 'content-type': type } });
  const problemOf = async (payload: Buffer | string, url?: string, type?: string) => {
    const res = await send(payload, url, type);
    return {
      ...((await res.json()) as Record<string, unknown>),
      status: res.status,
      contentType: res.headers.get('content-type'),
    };
  };

  it('reads the file part and the text fields', async () => {
    const res = await send(form([{ name: 'alt', value: 'A red bike' }, file(Buffer.alloc(MAX_BYTES, 9))]));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ size: MAX_BYTES, first: 9, fields: { alt: 'A red bike' } });
  });

  it('answers 413 MEDIA.TOO_LARGE for a file one byte over the limit', async () => {
    const problem = await problemOf(form([file(Buffer.alloc(MAX_BYTES + 1))]));
    expect(problem).toMatchObject({ status: 413, code: 'MEDIA.TOO_LARGE', maxBytes: MAX_BYTES });
    expect(problem.contentType).toMatch(/^application\/problem\+json/);
  });

  it('answers 422 MEDIA.FILE_MISSING naming `file` for a form without it, or with `file` as text', async () => {
    for (const parts of [[{ name: 'alt', value: 'x' }], [], [{ name: 'file', value: 'not a file' }]]) {
      expect(await problemOf(form(parts))).toMatchObject({
        status: 422,
        code: 'MEDIA.FILE_MISSING',
        errors: [{ field: 'file', message: expect.any(String) }],
      });
    }
  });

  it('answers 422 for a second file, too many fields or parts, a field twice, another file part', async () => {
    const fields = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `f${i}`, value: 'v' }));
    const cases: [Part[], string][] = [
      [[file(), file()], 'MEDIA.TOO_MANY_PARTS'],
      [[...fields(6), file()], 'MEDIA.TOO_MANY_PARTS'],
      [[file(), ...fields(6)], 'MEDIA.TOO_MANY_PARTS'],
      [[{ name: 'alt', value: 'a' }, { name: 'alt', value: 'b' }, file()], 'MEDIA.TOO_MANY_PARTS'],
      [[file(Buffer.alloc(10), 'image')], 'MEDIA.UNEXPECTED_PART'],
    ];
    for (const [parts, code] of cases) {
      expect(await problemOf(form(parts))).toMatchObject({ status: 422, code });
    }
  });

  it('answers 422 MEDIA.FIELD_TOO_LONG naming the field over 1 KiB', async () => {
    expect(await problemOf(form([{ name: 'alt', value: 'x'.repeat(1025) }, file()]))).toMatchObject({
      status: 422,
      code: 'MEDIA.FIELD_TOO_LONG',
      errors: [{ field: 'alt', message: expect.any(String) }],
    });
  });

  it('answers 400 MEDIA.MALFORMED_MULTIPART for a form cut short or with no boundary', async () => {
    const whole = form([file()]);
    for (const [payload, type] of [
      [form([file()], { close: false }), undefined],
      [whole.subarray(0, whole.length - 60), undefined],
      [whole, 'multipart/form-data'],
    ] as const) {
      expect(await problemOf(payload, '/upload', type)).toMatchObject({
        status: 400,
        code: 'MEDIA.MALFORMED_MULTIPART',
      });
    }
  });

  it('answers 415: a JSON body on an upload route, a multipart body on any other route', async () => {
    expect(await problemOf('{"file":"x"}', '/upload', 'application/json')).toMatchObject({
      status: 415,
      code: 'MEDIA.NOT_MULTIPART',
    });
    expect(await problemOf(form([file()]), '/json')).toMatchObject({ status: 415 });
    expect(await (await send('{"a":1}', '/json', 'application/json')).json()).toEqual({ body: { a: 1 } });
  });

  it('maps every multipart library error to a client problem, never a 500', () => {
    const codes = [
      'FST_PARTS_LIMIT',
      'FST_PROTO_VIOLATION',
      'FST_INVALID_JSON_FIELD_ERROR',
      'FST_MP_PREMATURE_CLOSE',
    ];
    for (const code of codes) {
      const problem = uploadProblem(Object.assign(new Error(code), { code }), MAX_BYTES);
      expect(['validation', 'bad_request']).toContain(problem.kind);
    }
    expect(uploadProblem(new Error('Unexpected end of form'), MAX_BYTES).code).toBe(
      'MEDIA.MALFORMED_MULTIPART',
    );
  });
});
