import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsString, MaxLength, ValidateNested } from 'class-validator';
import { NOTIFICATION_CATEGORIES } from '../../domain/notification-kinds';
import type { NotificationCategory } from '../../domain/notification-kinds';

export class CategoryPreferenceDto {
  @ApiProperty({ enum: NOTIFICATION_CATEGORIES, example: 'messages' })
  category: string;
  @ApiProperty({ description: 'Emails of this category' }) email: boolean;
  @ApiProperty({ description: 'In-app notifications of this category' }) inApp: boolean;
  @ApiProperty({ description: 'Its email cannot be turned off (money, security)' }) emailMandatory: boolean;
}

export class PreferencesDto {
  @ApiProperty({ type: [CategoryPreferenceDto], maxItems: NOTIFICATION_CATEGORIES.length })
  preferences: CategoryPreferenceDto[];
}

export class CategoryChangeDto {
  @ApiProperty({ enum: NOTIFICATION_CATEGORIES, example: 'messages' })
  @IsString()
  @IsIn(NOTIFICATION_CATEGORIES)
  category: NotificationCategory;

  @ApiProperty({ description: 'Emails of this category (money and security: true only)', example: false })
  @IsBoolean()
  email: boolean;

  @ApiProperty({ description: 'In-app notifications of this category', example: true })
  @IsBoolean()
  inApp: boolean;
}

export class UpdatePreferencesDto {
  @ApiProperty({
    type: [CategoryChangeDto],
    maxItems: NOTIFICATION_CATEGORIES.length,
    description: 'The categories to change; the others stay as they are',
  })
  @IsArray()
  @ArrayMaxSize(NOTIFICATION_CATEGORIES.length)
  @ValidateNested({ each: true })
  @Type(() => CategoryChangeDto)
  preferences: CategoryChangeDto[];
}

export class UnsubscribeQueryDto {
  @ApiProperty({
    description: 'The token of the link an email carried (List-Unsubscribe)',
    maxLength: 200,
    example: '0b9c3f0e-6a7d-4a59-9a38-2a4f6d1e9d01.booking.q2Xw7mJ1c0pP3vV9yYxLrT8sKdFhGbNaZeU4iO6lM5E',
  })
  @IsString()
  @MaxLength(200)
  token: string;
}

export class UnsubscribeResultDto {
  @ApiProperty({ enum: NOTIFICATION_CATEGORIES, example: 'messages' }) category: string;
  @ApiProperty({ description: 'Whether emails of this category are on now' }) email: boolean;
}
