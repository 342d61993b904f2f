import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { isUuid, uuidMessage } from './uuid';
import { RequestValidationError } from './validation.pipe';

/**
 * A path id follows the same rule as a body or query id (uuid.ts): a malformed one is the same 422
 * naming the parameter, before any SQL; a well-formed one goes on lower-cased (a 404 if it names
 * nothing). Use it named, `@Param('productId', UuidParamPipe)`, so the 422 can name the field.
 */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    const field = metadata.data ?? 'id';
    if (!isUuid(value)) throw new RequestValidationError([{ field, message: uuidMessage(field) }]);
    return value.toLowerCase();
  }
}
