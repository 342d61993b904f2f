import { DomainError } from '../errors/domain-error';

const onFile = (message: string) => ({ errors: [{ field: 'file', message }] });

/** Refusals of an uploaded image or of the multipart request carrying it; codes are the API's. */
export const MediaErrors = {
  unsupportedType: () =>
    new DomainError(
      'MEDIA.UNSUPPORTED_TYPE',
      'validation',
      'The file is not a JPEG, PNG or WebP image',
      onFile('file must be a JPEG, PNG or WebP image (judged by its bytes, not its name)'),
    ),
  unreadable: () =>
    new DomainError(
      'MEDIA.UNREADABLE',
      'validation',
      'The image could not be decoded (truncated or damaged)',
      onFile('file is a damaged or truncated image'),
    ),
  tooManyPixels: (maxPixels: number) =>
    new DomainError('MEDIA.TOO_MANY_PIXELS', 'validation', `The image has more than ${maxPixels} pixels`, {
      ...onFile(`file must have at most ${maxPixels} pixels (width x height)`),
      maxPixels,
    }),
  tooSmall: (minSide: number) =>
    new DomainError(
      'MEDIA.TOO_SMALL',
      'validation',
      `The image is smaller than ${minSide}x${minSide} pixels`,
      { ...onFile(`file must be at least ${minSide} pixels wide and high`), minSide },
    ),
  tooLarge: (maxBytes?: number) =>
    new DomainError(
      'MEDIA.TOO_LARGE',
      'too_large',
      maxBytes ? `The file is larger than ${maxBytes} bytes` : 'The file is too large',
      maxBytes ? { maxBytes } : {},
    ),
  fileMissing: () =>
    new DomainError(
      'MEDIA.FILE_MISSING',
      'validation',
      'The request has no file part named `file`',
      onFile('file is required (a multipart/form-data part named `file`)'),
    ),
  tooManyParts: (what: string) =>
    new DomainError(
      'MEDIA.TOO_MANY_PARTS',
      'validation',
      `The request has too many ${what}: one file part named \`file\` and a few short fields`,
      onFile(`send exactly one file part; the request has too many ${what}`),
    ),
  unexpectedPart: (name: string) =>
    new DomainError(
      'MEDIA.UNEXPECTED_PART',
      'validation',
      'The request has a part this upload does not take',
      {
        errors: [
          { field: name.slice(0, 100), message: 'send the image as the `file` part; no other file parts' },
        ],
      },
    ),
  fieldTooLong: (field: string, maxBytes: number) =>
    new DomainError('MEDIA.FIELD_TOO_LONG', 'validation', `The field ${field} is too long`, {
      errors: [{ field, message: `${field} must be at most ${maxBytes} bytes` }],
    }),
  fieldWithNul: (field: string) =>
    new DomainError('MEDIA.FIELD_NOT_TEXT', 'validation', `The field ${field} holds a NUL character`, {
      errors: [{ field, message: `${field} must not contain NUL characters` }],
    }),
  malformed: () =>
    new DomainError(
      'MEDIA.MALFORMED_MULTIPART',
      'bad_request',
      'The multipart/form-data body is malformed or ends early',
    ),
  notMultipart: () =>
    new DomainError(
      'MEDIA.NOT_MULTIPART',
      'unsupported_media_type',
      'Send the file as multipart/form-data with a part named `file`',
    ),
};
