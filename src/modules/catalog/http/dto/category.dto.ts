import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length, Matches } from 'class-validator';
import { IsUuid } from '../../../../platform/http/uuid';
import { SLUG_PATTERN } from '../../domain/slug';
import { Nullable, Omittable, trim } from './validation';

export class CreateCategoryDto {
  @ApiProperty({ example: 'Drills', minLength: 2, maxLength: 60 })
  @Transform(trim)
  @IsString()
  @Length(2, 60)
  name: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'Omit (or null) for a top-level category',
  })
  @Nullable()
  @IsUuid()
  parentId?: string | null;

  @ApiPropertyOptional({
    example: 'drills',
    maxLength: 80,
    description: 'Derived from the name when omitted (prefixed with the parent slug if taken)',
  })
  @Omittable()
  @IsString()
  @Length(2, 80)
  @Matches(SLUG_PATTERN, { message: 'slug must be lowercase letters and digits separated by single hyphens' })
  slug?: string;
}

/** Rename, re-slug or move (parentId; null makes it top-level). */
export class UpdateCategoryDto {
  @ApiPropertyOptional({ example: 'Drills & drivers', minLength: 2, maxLength: 60 })
  @Omittable()
  @Transform(trim)
  @IsString()
  @Length(2, 60)
  name?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @Nullable()
  @IsUuid()
  parentId?: string | null;

  @ApiPropertyOptional({ example: 'drills-drivers', maxLength: 80 })
  @Omittable()
  @IsString()
  @Length(2, 80)
  @Matches(SLUG_PATTERN, { message: 'slug must be lowercase letters and digits separated by single hyphens' })
  slug?: string;
}

export class CategoryLinkDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Tools' }) name: string;
  @ApiProperty({ example: 'tools' }) slug: string;
}

export class CategoryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Drills' }) name: string;
  @ApiProperty({ example: 'drills' }) slug: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId: string | null;
  @ApiProperty({ type: [CategoryLinkDto], description: 'Ancestors, root first (breadcrumbs)' })
  path: CategoryLinkDto[];
  @ApiProperty({ type: [CategoryLinkDto], maxItems: 200 }) children: CategoryLinkDto[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class CategoryNodeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Tools' }) name: string;
  @ApiProperty({ example: 'tools' }) slug: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId: string | null;
  @ApiProperty({
    type: () => [CategoryNodeDto],
    maxItems: 200,
    description: 'Subcategories, sorted by name (at most 200 per parent)',
  })
  children: CategoryNodeDto[];
}

export class CategoryTreeDto {
  @ApiProperty({
    type: [CategoryNodeDto],
    maxItems: 200,
    description:
      'Top-level categories with their subtrees (at most 200, each with at most 200 children, 5 levels deep)',
  })
  items: CategoryNodeDto[];
}
