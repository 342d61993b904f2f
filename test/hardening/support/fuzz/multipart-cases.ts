import fc from 'fast-check';
import {
  filePart,
  HOSTILE_UPLOADS,
  multipartBody,
  photo,
  type UploadFile,
} from '../../../support/hostile-files';
import { isFileSchema, type Operation, type Schema } from '../api-document';
import { formParts, type RequestParts } from '../http';
import type { FuzzCase } from './invalid-request';
import { sample, violations } from './schema-values';

/** Files the multipart cases send, generated once before the run (fast-check arbitraries are sync). */
export interface UploadSamples {
  valid: UploadFile;
  hostile: { what: string; file: UploadFile }[];
}

export async function uploadSamples(): Promise<UploadSamples> {
  const hostile = [];
  for (const h of HOSTILE_UPLOADS) hostile.push({ what: h.what, file: await h.file() });
  return { valid: await photo('jpeg'), hostile };
}

const fieldsOf = (schema: Schema) => Object.entries(schema.properties ?? {});

/** Whether some string breaks the field's rules (else every string-valued violation would be filtered out). */
const refusesSomeText = (s: Schema) =>
  s.maxLength !== undefined || (s.minLength ?? 0) > 0 || !!s.pattern || !!s.enum || !!s.format;

/**
 * Invalid requests for an upload operation (a multipart/form-data body): not a form at all, a form
 * without its file, a hostile file, a text field its schema refuses (beside a valid photo), an
 * unknown field, a second file, a body cut short or without its closing boundary, no boundary.
 * Text fields are text in a form, so only the string-valued violations of a field are sent.
 */
export function multipartCases(
  op: Operation,
  base: RequestParts,
  uploads: UploadSamples,
): fc.Arbitrary<FuzzCase>[] {
  const schema = op.multipart!;
  const files = fieldsOf(schema).filter(([, s]) => isFileSchema(s));
  const texts = fieldsOf(schema).filter(([, s]) => !isFileSchema(s));
  const fileName = files[0]?.[0] ?? 'file';
  const textValues = Object.fromEntries(texts.map(([name, s]) => [name, String(sample(s))]));
  const withFile = (file: UploadFile, extra: Record<string, unknown> = {}) => ({
    ...base,
    body: { ...textValues, [fileName]: file, ...extra },
  });
  const raw = (form: { body: Buffer; contentType: string }, why: string): FuzzCase => ({
    parts: { ...base, body: undefined, rawBody: form.body, contentType: form.contentType },
    why,
  });
  const validForm = multipartBody(formParts({ ...textValues, [fileName]: uploads.valid }));
  const cases: fc.Arbitrary<FuzzCase>[] = [
    fc.constantFrom(
      {
        parts: { ...base, body: undefined, rawBody: JSON.stringify(textValues) },
        why: 'a JSON body, not a form',
      },
      {
        parts: { ...base, body: undefined, rawBody: 'file=photo.jpg', contentType: 'text/plain' },
        why: 'a text/plain body',
      },
      { parts: { ...base, body: undefined }, why: 'no body at all' },
      { parts: { ...base, body: textValues }, why: `a form without the ${fileName} part` },
      raw(
        multipartBody(formParts(withFile(uploads.valid).body), { close: false }),
        'a form without its closing boundary',
      ),
      raw(
        { ...validForm, body: validForm.body.subarray(0, Math.floor(validForm.body.length / 2)) },
        'a form cut in the middle of the file',
      ),
      raw(
        { body: validForm.body, contentType: 'multipart/form-data' },
        'a multipart Content-Type without a boundary',
      ),
      raw(
        multipartBody([...formParts(withFile(uploads.valid).body), filePart(uploads.valid, fileName)]),
        `two ${fileName} parts`,
      ),
    ),
    fc
      .constantFrom(...uploads.hostile)
      .map((h) => ({ parts: withFile(h.file), why: `a file that is ${h.what}` })),
  ];
  if (schema.additionalProperties === false) {
    cases.push(
      fc
        .stringMatching(/^[a-z][a-zA-Z0-9_]{0,20}$/)
        .filter((name) => !(name in (schema.properties ?? {})))
        .map((name) => ({
          parts: withFile(uploads.valid, { [name]: 'x' }),
          why: `an unknown field ${name}`,
        })),
    );
  }
  for (const [name, fieldSchema] of texts.filter(([, s]) => refusesSomeText(s))) {
    cases.push(
      violations(fieldSchema)
        .filter((v) => typeof v.value === 'string')
        .map((v) => ({ parts: withFile(uploads.valid, { [name]: v.value }), why: `field ${name} ${v.why}` })),
    );
  }
  return cases;
}
