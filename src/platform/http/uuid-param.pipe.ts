import { PipeTransform } from '@nestjs/common';
import { Injectable, NotFoundException } from '@nestjs/common';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a UUID names nothing that could exist: answer 404, never reach SQL. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw new NotFoundException('No resource has this id');
    return value.toLowerCase();
  }
}
