import type { ValidationError } from '@nestjs/common';
import { HttpStatus, UnprocessableEntityException, ValidationPipe } from '@nestjs/common';

function flatten(errors: ValidationError[], parent = ''): { field: string; message: string }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** A 422 names at most this many fields: an answer never grows with a hostile request. */
export const MAX_FIELD_ERRORS = 50;
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export class RequestValidationError extends UnprocessableEntityException {
  readonly fieldErrors: { field: string; message: string }[];
  readonly truncated: boolean;

  constructor(all: { field: string; message: string }[]) {
    super('The request is invalid');
    this.fieldErrors = all
      .slice(0, MAX_FIELD_ERRORS)
      .map((e) => ({ field: cut(e.field, 200), message: cut(e.message, 500) }));
    this.truncated = all.length > MAX_FIELD_ERRORS;
  }
}

/**
 * Unknown properties are refused rather than dropped: a client that sends `role` learns at once
 * that it is not theirs to set.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    errorHttpStatusCode: HttpStatus.UNPROCESSABLE_ENTITY,
    exceptionFactory: (errors) => new RequestValidationError(flatten(errors)),
  });
}
