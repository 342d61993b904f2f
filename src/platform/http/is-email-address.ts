import type { ValidationOptions } from 'class-validator';
import { isEmail, ValidateBy } from 'class-validator';

/** A lone surrogate: in `u` mode a paired one is read as one astral code point and does not match. */
const LONE_SURROGATE = /\p{Cs}/u;
/**
 * `.invalid` is reserved (RFC 2606) and never receives mail; erased accounts keep a placeholder
 * address there, which nobody may claim (it would block that account's erasure).
 */
const RESERVED_DOMAIN = /\.invalid\.?$/i;

/**
 * class-validator's IsEmail, safe on any string: validator's isEmail throws a URIError (a 500) on a
 * lone UTF-16 surrogate such as "\ud800", which JSON can carry. An ill-formed string is simply not
 * an email address, and neither is one at a reserved `.invalid` domain.
 */
export function IsEmailAddress(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isEmail',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          !LONE_SURROGATE.test(value) &&
          !RESERVED_DOMAIN.test(value) &&
          isEmail(value),
        defaultMessage: () => '$property must be a valid email address',
      },
    },
    options,
  );
}
