import multipart from '@fastify/multipart';
import { applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiConsumes } from '@nestjs/swagger';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error';
import { MediaErrors } from '../media/media.errors';

/** Short text beside the file (an alt text): a field longer than this is refused, not cut. */
export const UPLOAD_FIELD_MAX_BYTES = 1024;
/** The part holding the file. */
export const UPLOAD_FILE_PART = 'file';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set by @AcceptsUpload(): the route reads a multipart body. */
    acceptsUpload?: boolean;
  }
}

export interface Upload {
  bytes: Buffer;
  /** The text parts, by name (each name once). */
  fields: Record<string, string>;
}

const maxBytesOf = new WeakMap<object, number>();

/**
 * Lets routes marked @AcceptsUpload() read one multipart/form-data file with readUpload. Limits are
 * enforced while the body streams in (busboy stops counting past them): one file of at most
 * UPLOAD_MAX_BYTES, five short fields, six parts. Every other route stays JSON-only: a multipart
 * body there is a 415, as any other non-JSON body is.
 */
export async function registerMultipart(fastify: FastifyInstance, maxBytes: number): Promise<void> {
  await fastify.register(multipart, {
    limits: { fileSize: maxBytes, files: 1, fields: 5, fieldSize: UPLOAD_FIELD_MAX_BYTES, parts: 6 },
  });
  maxBytesOf.set(fastify, maxBytes);
  fastify.addHook('preValidation', (request, _reply, done) => {
    if (request.isMultipart() && request.routeOptions.config?.acceptsUpload !== true) return done(jsonOnly());
    done();
  });
}

/** Marks a route as taking a multipart/form-data upload (and documents it so). */
export const AcceptsUpload = () =>
  applyDecorators(RouteConfig({ acceptsUpload: true }), ApiConsumes('multipart/form-data'));

/**
 * Reads the upload of a route marked @AcceptsUpload(): the `file` part's bytes and the text fields.
 * Every refusal is a DomainError (MEDIA.*): nothing a client sends here ends in a 500.
 */
export async function readUpload(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart()) throw MediaErrors.notMultipart();
  const fields: Record<string, string> = {};
  let bytes: Buffer | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== UPLOAD_FILE_PART) throw MediaErrors.unexpectedPart(part.fieldname);
        bytes = await part.toBuffer();
        continue;
      }
      if (part.valueTruncated) throw MediaErrors.fieldTooLong(part.fieldname, UPLOAD_FIELD_MAX_BYTES);
      if (part.fieldname === UPLOAD_FILE_PART) throw MediaErrors.fileMissing();
      if (Object.hasOwn(fields, part.fieldname))
        throw MediaErrors.tooManyParts(`\`${part.fieldname}\` fields`);
      const value = String(part.value);
      // PostgreSQL text cannot hold NUL; a JSON body is refused the same way (assertReasonableBody).
      if (value.includes('\u0000')) throw MediaErrors.fieldWithNul(part.fieldname);
      fields[part.fieldname] = value;
    }
  } catch (error) {
    throw uploadProblem(error, maxBytesOf.get(request.server));
  }
  if (!bytes) throw MediaErrors.fileMissing();
  return { bytes, fields };
}

/** What a failure while reading a multipart body means for the client. */
export function uploadProblem(error: unknown, maxBytes: number | undefined): DomainError {
  if (error instanceof DomainError) return error;
  switch ((error as { code?: unknown }).code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return MediaErrors.tooLarge(maxBytes);
    case 'FST_FILES_LIMIT':
      return MediaErrors.tooManyParts('files');
    case 'FST_FIELDS_LIMIT':
      return MediaErrors.tooManyParts('fields');
    case 'FST_PARTS_LIMIT':
      return MediaErrors.tooManyParts('parts');
    case 'FST_PROTO_VIOLATION':
      return MediaErrors.unexpectedPart('__proto__');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return MediaErrors.notMultipart();
    default:
      // busboy's own errors (no boundary, a part cut short, a body that ends early) and a client gone.
      return MediaErrors.malformed();
  }
}

/** The same refusal Fastify gives any other non-JSON body. */
function jsonOnly(): Error {
  return Object.assign(new Error('Unsupported Media Type'), {
    statusCode: 415,
    code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
  });
}
