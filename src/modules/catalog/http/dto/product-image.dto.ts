import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, MaxLength } from 'class-validator';
import { IsUuid } from '../../../../platform/http/uuid';
import { LIMITS } from '../../domain/product-rules';
import { Nullable, trim } from './validation';

export class ChangeImageDto {
  @ApiPropertyOptional({
    example: 'The drill with its two batteries',
    maxLength: LIMITS.imageAltMaxLength,
    nullable: true,
    description: 'What the photo shows, for screen readers; null removes it',
  })
  @Nullable()
  @Transform(trim)
  @IsString()
  @MaxLength(LIMITS.imageAltMaxLength)
  alt?: string | null;
}

export class ImageOrderDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: LIMITS.images,
    example: ['9b1c6f3e-2d4a-4e8b-8c7f-1a2b3c4d5e6f', '3f6c2a9e-4b1d-4c8e-9a7f-2d5e8b1c0a4f'],
    description: 'Every image of the listing exactly once, the cover first',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIMITS.images)
  @IsUuid({ each: true })
  imageIds: string[];
}
