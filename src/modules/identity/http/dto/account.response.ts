import { ApiProperty } from '@nestjs/swagger';
import { MAIL_LOCALES } from '../../../../platform/mail/mail-template';
import { ImageVariantsDto } from '../../../../platform/media/image-variants.dto';

export class LocationDto {
  @ApiProperty({ example: 'Lisbon', nullable: true, type: String }) city: string | null;
  @ApiProperty({ example: 'PT', nullable: true, type: String }) country: string | null;
  @ApiProperty({ example: 38.7223, nullable: true, type: Number }) lat: number | null;
  @ApiProperty({ example: -9.1393, nullable: true, type: Number }) lng: number | null;
}

export class ProfileDto {
  @ApiProperty({ example: 'Ada Lovelace' }) fullName: string;
  @ApiProperty({ example: 'Ada' }) displayName: string;
  @ApiProperty({ example: 'I lend my tools to neighbours.', nullable: true, type: String }) bio:
    string | null;
  @ApiProperty({
    example: 'https://images.example.com/ada.jpg',
    nullable: true,
    type: String,
    description: "An external avatar (set with avatarUrl), or an uploaded one's card variant",
  })
  avatarUrl: string | null;
  @ApiProperty({
    type: ImageVariantsDto,
    nullable: true,
    description: "An uploaded avatar's variants (PUT /api/v1/auth/profile/avatar); null otherwise",
  })
  avatar: ImageVariantsDto | null;
  @ApiProperty({ example: '+351912345678', nullable: true, type: String }) phone: string | null;
  @ApiProperty({ type: LocationDto }) location: LocationDto;
}

export class AccountDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ada@example.com' }) email: string;
  @ApiProperty({ description: 'Whether the address was proven (POST /auth/email-verification)' })
  emailVerified: boolean;
  @ApiProperty({ enum: MAIL_LOCALES, enumName: 'Locale', description: 'The language of emails' })
  locale: string;
  @ApiProperty({ enum: ['user', 'admin'], enumName: 'Role' }) role: string;
  @ApiProperty({ enum: ['active', 'suspended'], enumName: 'UserStatus' }) status: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ description: 'Whether sign-in asks for a second factor (TOTP)' }) mfaEnabled: boolean;
  @ApiProperty({ type: ProfileDto }) profile: ProfileDto;
}

export class SessionDto {
  @ApiProperty({ type: AccountDto }) user: AccountDto;
  @ApiProperty({ description: 'JWT (HS256), valid for expiresIn seconds' }) accessToken: string;
  @ApiProperty({ description: 'Opaque; rotated on every use' }) refreshToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: string;
  @ApiProperty({ example: 900 }) expiresIn: number;
}

export class PublicUserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Ada' }) displayName: string;
  @ApiProperty({ nullable: true, type: String, example: 'https://images.example.com/ada.jpg' }) avatarUrl:
    string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Lisbon' }) city: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'PT' }) country: string | null;
  @ApiProperty({ format: 'date-time' }) memberSince: string;
}
