import { applyDecorators } from '@nestjs/common';
import { IsInt, Max, Min, ValidateIf } from 'class-validator';
import { LIMITS } from '../../domain/product-rules';

export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
export const upper = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

/** May be omitted, but not null: the field has no "empty" state (unlike IsOptional, which lets null through). */
export const Omittable = () => ValidateIf((_, value) => value !== undefined);

/** May be omitted or null (null clears it). */
export const Nullable = () => ValidateIf((_, value) => value !== undefined && value !== null);

/** An amount in minor units. */
export const MinorUnits = (field: string, min: number) =>
  applyDecorators(
    IsInt({ message: `${field} must be an integer amount in minor units` }),
    Min(min),
    Max(LIMITS.maxPrice),
  );
