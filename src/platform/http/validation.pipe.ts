import type { ValidationError } from '@nestjs/common';
import { HttpStatus, UnprocessableEntityException, ValidationPipe } from '@nestjs/common';

function flatten(errors: ValidationError[], parent = ''): { field: string; message: string }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

export class RequestValidationError extends UnprocessableEntityException {
  constructor(readonly fieldErrors: { field: string; message: string }[]) {
    super('The request is invalid');
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
