import { ApiProperty } from '@nestjs/swagger';

export class VariantDto {
  @ApiProperty({
    example:
      'http://localhost:3000/media/images/3f6c2a9e-4b1d-4c8e-9a7f-2d5e8b1c0a4f/9b2f4c1d7e3a8b5c-card.webp',
    description: "Where to GET it: the API's media route, a CDN or a presigned URL (valid for a while)",
  })
  url: string;
  @ApiProperty({ example: 600 }) width: number;
  @ApiProperty({ example: 450 }) height: number;
}

/** The re-encoded WebP variants of an uploaded image; none is larger than the upload itself. */
export class ImageVariantsDto {
  @ApiProperty({ type: VariantDto, description: '200 × 200, cropped to cover' }) thumbnail: VariantDto;
  @ApiProperty({ type: VariantDto, description: 'Fits 600 × 600' }) card: VariantDto;
  @ApiProperty({ type: VariantDto, description: 'Fits 1600 × 1600' }) full: VariantDto;
}
