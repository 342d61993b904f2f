import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiResponse } from '@nestjs/swagger';
import { AcceptsUpload } from '../http/multipart';
import { PROBLEM_CONTENT_TYPE } from '../http/problem-details';

const DEFAULT_UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

const problem = (status: number, description: string) =>
  ApiResponse({
    status,
    description,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetailsDto' } } },
  });

/**
 * An image upload route: it takes a multipart/form-data body (AcceptsUpload) with one `file` part
 * (and the listed text fields), documented with the MEDIA.* problems the intake answers with.
 */
export function ApiImageUpload(
  fields: Record<string, { description: string; maxLength: number; example: string }> = {},
) {
  const textFields = Object.fromEntries(
    Object.entries(fields).map(([name, f]) => [name, { type: 'string', ...f }]),
  );
  return applyDecorators(
    AcceptsUpload(),
    ApiBody({
      schema: {
        type: 'object',
        required: ['file'],
        properties: {
          // @nestjs/swagger types 3.0 schemas, which have no contentMediaType; the document is 3.1.
          file: {
            // OpenAPI 3.1's way to say "bytes" (3.0 wrote format: binary).
            type: 'string',
            contentMediaType: 'application/octet-stream',
            // The default UPLOAD_MAX_BYTES (an instance may set less or more: 413 MEDIA.TOO_LARGE says).
            maxLength: DEFAULT_UPLOAD_MAX_BYTES,
            description:
              'A JPEG, PNG or WebP photo (judged by its bytes, not its name or part type), at least 100 × 100',
          } as { type: 'string'; maxLength: number; description: string },
          ...textFields,
        },
      },
    }),
    problem(400, '`MEDIA.MALFORMED_MULTIPART`: the multipart/form-data body is malformed or ends early'),
    problem(
      413,
      '`MEDIA.TOO_LARGE`: the file is over the upload limit (UPLOAD_MAX_BYTES, 10 MiB by default)',
    ),
    problem(415, 'The body is not multipart/form-data'),
    problem(
      422,
      'Validation failed; `errors` names each field. `MEDIA.FILE_MISSING` (no `file` part), ' +
        '`MEDIA.UNSUPPORTED_TYPE` (not JPEG, PNG or WebP by its bytes), `MEDIA.UNREADABLE` (a broken image), ' +
        '`MEDIA.TOO_MANY_PIXELS` (over UPLOAD_MAX_PIXELS), `MEDIA.TOO_SMALL` (under 100 × 100), ' +
        '`MEDIA.TOO_MANY_PARTS` / `MEDIA.UNEXPECTED_PART` (one file part named `file` only), ' +
        '`MEDIA.FIELD_TOO_LONG` (a text field over 1 KiB)',
    ),
    problem(
      503,
      '`MEDIA.STORAGE_UNAVAILABLE`: the file store (or the database) is temporarily unavailable; retry after Retry-After',
    ),
  );
}
