import type { ValidationArguments } from 'class-validator';
import { registerDecorator } from 'class-validator';
import { specificationViolations } from '../../domain/specifications';

/** A bounded free-form JSON object (size, key count, nesting); see domain/specifications.ts. */
export function IsSpecifications() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isSpecifications',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown) => specificationViolations(value).length === 0,
        defaultMessage: (args: ValidationArguments) => specificationViolations(args.value).join('; '),
      },
    });
}
