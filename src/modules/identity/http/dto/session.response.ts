import { ApiProperty } from '@nestjs/swagger';

export class DeviceSessionDto {
  @ApiProperty({ format: 'uuid', description: 'The session id (the `sid` claim of its access tokens)' })
  id: string;

  @ApiProperty({ format: 'date-time', description: 'When the session was opened (sign-in)' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', description: 'When it last signed in or refreshed' })
  lastUsedAt: string;

  @ApiProperty({
    nullable: true,
    type: String,
    maxLength: 256,
    example: 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
  })
  userAgent: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    maxLength: 20,
    example: '203.0.113.0/24',
    description: 'The network of its latest client: IPv4 to /24, IPv6 to /48; never the full address',
  })
  ipPrefix: string | null;

  @ApiProperty({ description: 'True for the session of the access token making this request' })
  current: boolean;
}

export class DeviceSessionListDto {
  @ApiProperty({ type: [DeviceSessionDto], maxItems: 100, description: 'At most the 100 most recently used' })
  items: DeviceSessionDto[];
}
