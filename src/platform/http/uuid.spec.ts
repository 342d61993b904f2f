import { validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import type { ArgumentMetadata } from '@nestjs/common';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { isUuid, IsUuid, UUID_PATTERN, UUID_SCHEMA } from './uuid';
import { UuidParamPipe } from './uuid-param.pipe';
import { RequestValidationError } from './validation.pipe';

const WELL_FORMED = {
  'a v4 id': '5f0c6a9e-4f1e-4a52-9c61-7a8f3d3c2b10',
  'a v7 id': '01890a5d-ac96-774b-bcce-b302099a8057',
  'the nil UUID': '00000000-0000-0000-0000-000000000000',
  'the max UUID': 'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'an upper-case id': '5F0C6A9E-4F1E-4A52-9C61-7A8F3D3C2B10',
  'a mixed-case id': '5f0C6a9E-4f1e-4A52-9c61-7a8F3d3c2b10',
  // md5(text)::uuid, as bench/rental-availability.ts derives product ids: no version, no variant bits.
  'a hash-derived id without version bits': 'c4ca4238-a0b9-3382-0dcc-509a6f75849b',
  'an id with version 0 and variant 0': '12345678-1234-0234-0234-123456789abc',
};

const MALFORMED = {
  '35 characters': '5f0c6a9e-4f1e-4a52-9c61-7a8f3d3c2b1',
  '37 characters': '5f0c6a9e-4f1e-4a52-9c61-7a8f3d3c2b100',
  braces: '{5f0c6a9e-4f1e-4a52-9c61-7a8f3d3c2b10}',
  'a urn:uuid: prefix': 'urn:uuid:5f0c6a9e-4f1e-4a52-9c61-7a8f3d3c2b10',
  'a non-hex digit': '5f0c6a9e-4f1e-4a52-9c61-7a8f3d3c2b1g',
  'no dashes': '5f0c6a9e4f1e4a529c617a8f3d3c2b10',
  'dashes misplaced': '5f0c6a9e4-f1e-4a52-9c61-7a8f3d3c2b10',
  'surrounding spaces': ' 5f0c6a9e-4f1e-4a52-9c61-7a8f3d3c2b10 ',
  'a trailing newline': '5f0c6a9e-4f1e-4a52-9c61-7a8f3d3c2b10\n',
  'full-width digits': '５f0c6a9e-4f1e-4a52-9c61-7a8f3d3c2b10',
  'an empty string': '',
  'a word': 'not-a-uuid',
};

class Body {
  @IsUuid()
  productId: unknown;
}

const validate = (productId: unknown) => {
  const body = plainToInstance(Body, { productId });
  return { body, errors: validateSync(body).map((e) => Object.values(e.constraints ?? {})) };
};

const pipe = new UuidParamPipe();
const asPathParameter = (value: string) =>
  pipe.transform(value, { type: 'param', data: 'productId' } as ArgumentMetadata);

/** What an independent validator makes of the document's schema for an id. */
const ajv = new Ajv();
addFormats(ajv);
const documentSays = ajv.compile({ type: 'string', ...UUID_SCHEMA });
const formatAlone = ajv.compile({ type: 'string', format: 'uuid' });

describe('the UUID rule (path, query and body alike)', () => {
  it.each(Object.entries(WELL_FORMED))('accepts %s everywhere, and lower-cases it', (_, id) => {
    expect(isUuid(id)).toBe(true);
    expect(new RegExp(UUID_PATTERN).test(id)).toBe(true);
    expect(documentSays(id)).toBe(true);
    const { body, errors } = validate(id);
    expect(errors).toEqual([]);
    expect(body.productId).toBe(id.toLowerCase());
    expect(asPathParameter(id)).toBe(id.toLowerCase());
  });

  it.each(Object.entries(MALFORMED))('refuses %s everywhere with the same message', (_, id) => {
    expect(isUuid(id)).toBe(false);
    expect(new RegExp(UUID_PATTERN, 'u').test(id)).toBe(false);
    expect(documentSays(id)).toBe(false);
    expect(validate(id).errors).toEqual([['productId must be a UUID']]);
    const refusal = (() => {
      try {
        asPathParameter(id);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(RequestValidationError);
    expect((refusal as RequestValidationError).getStatus()).toBe(422);
    expect((refusal as RequestValidationError).fieldErrors).toEqual([
      { field: 'productId', message: 'productId must be a UUID' },
    ]);
  });

  it('refuses what is not a string in a body, without throwing', () => {
    for (const value of [42, null, true, {}, ['5f0c6a9e-4f1e-4a52-9c61-7a8f3d3c2b10']])
      expect(validate(value).errors).toEqual([['productId must be a UUID']]);
  });

  it('is what ajv-formats means by format: uuid, minus the urn: prefix the pattern refuses', () => {
    for (const id of [...Object.values(WELL_FORMED), ...Object.values(MALFORMED)]) {
      expect(formatAlone(id)).toBe(isUuid(id) || id === MALFORMED['a urn:uuid: prefix']);
    }
  });
});
