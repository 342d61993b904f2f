import type { ValidationOptions } from 'class-validator';
import { isEmail, ValidateBy } from 'class-validator';

/** A lone surrogate: in `u` mode a paired one is read as one astral code point and does not match. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * class-validator's IsEmail, safe on any string: validator's isEmail throws a URIError (a 500) on a
 * lone UTF-16 surrogate such as "\ud800", which JSON can carry. An ill-formed string is simply not
 * an email address.
 */
export function IsEmailAddress(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isEmail',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && !LONE_SURROGATE.test(value) && isEmail(value),
        defaultMessage: () => '$property must be a valid email address',
      },
    },
    options,
  );
}
