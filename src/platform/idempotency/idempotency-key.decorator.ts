import type { ExecutionContext } from '@nestjs/common';
import { BadRequestException, createParamDecorator } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';

const KEY = /^[A-Za-z0-9_.:-]{8,255}$/;

/** Reads the optional `Idempotency-Key` header (8-255 safe characters). */
export const IdempotencyKey = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string | undefined => {
    const value = ctx.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers[
      'idempotency-key'
    ];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !KEY.test(value)) {
      throw new BadRequestException('Idempotency-Key must be 8 to 255 characters of A-Z a-z 0-9 _ . : -');
    }
    return value;
  },
);

/** Documents the header on a route. */
export const ApiIdempotencyKey = () =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    example: '9b2f6c1e-4a7d-4e3b-8f5a-1c2d3e4f5a6b',
    description:
      'A unique key per intended operation (e.g. a UUID). Retrying with the same key and body returns the first result; ' +
      'the same key with another body is refused (422); a retry while the first request is still being processed is ' +
      'answered 409 `IDEMPOTENCY.IN_PROGRESS` with Retry-After. Keys are kept 24 hours by default; after that the ' +
      'same key is a new request.',
  });
