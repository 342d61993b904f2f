import { Body, Controller, Delete, HttpCode, Param, Patch, Post, Put, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { readUpload } from '../../../platform/http/multipart';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import { ApiImageUpload } from '../../../platform/media/api-upload.decorator';
import { ProductImages } from '../application/product-images.service';
import type { ImageView } from '../application/product-view';
import { CatalogErrors } from '../domain/catalog.errors';
import { LIMITS } from '../domain/product-rules';
import { ChangeImageDto, ImageOrderDto } from './dto/product-image.dto';
import { ImageDto } from './dto/product.response';

const OWNER_ONLY = "Owner only: another owner's product is 404 (and nothing is stored).";

@ApiTags('catalog')
@ApiBearerAuth()
@Controller('products/:productId/images')
export class ProductImagesController {
  constructor(private readonly images: ProductImages) {}

  @Post()
  @ApiOperation({
    operationId: 'catalog_uploadProductImage',
    summary: 'Upload a photo of a listing',
    description:
      `${OWNER_ONLY} JPEG, PNG or WebP, re-encoded as WebP variants thumbnail (200 × 200 crop), card (fits 600 × 600) ` +
      `and full (fits 1600 × 1600), never upscaled, with EXIF and GPS metadata dropped. Added last; a listing ` +
      `holds at most ${LIMITS.images} images (uploads and external ones together): 409 CATALOG.TOO_MANY_IMAGES.`,
  })
  @ApiImageUpload({
    alt: {
      description: 'What the photo shows, for screen readers',
      maxLength: LIMITS.imageAltMaxLength,
      example: 'The drill with its two batteries',
    },
  })
  @ApiCreatedResponse({ type: ImageDto, description: 'The photo as stored, with its variants' })
  @ApiProblems(401, 404, 409)
  async upload(
    @CurrentUser() user: AuthUser,
    @Param('productId', UuidParamPipe) productId: string,
    @Req() request: FastifyRequest,
  ): Promise<ImageView> {
    const { bytes, fields } = await readUpload(request);
    return this.images.upload(user.id, productId, bytes, altOf(fields.alt));
  }

  @Put('order')
  @ApiOperation({
    operationId: 'catalog_reorderProductImages',
    summary: "Reorder a listing's images",
    description: `${OWNER_ONLY} imageIds lists every image of the listing exactly once; the first is the cover. Anything else is 422 CATALOG.INVALID_IMAGE_ORDER.`,
  })
  @ApiOkResponse({
    description: "The listing's images in their new order",
    schema: { type: 'array', maxItems: LIMITS.images, items: { $ref: getSchemaPath(ImageDto) } },
  })
  @ApiProblems(401, 404, 422)
  reorder(
    @CurrentUser() user: AuthUser,
    @Param('productId', UuidParamPipe) productId: string,
    @Body() body: ImageOrderDto,
  ): Promise<ImageView[]> {
    return this.images.reorder(user.id, productId, body.imageIds);
  }

  @Patch(':imageId')
  @ApiOperation({
    operationId: 'catalog_changeProductImage',
    summary: "Change an image's alt text",
    description: `${OWNER_ONLY} An image of another listing is 404 CATALOG.IMAGE_NOT_FOUND.`,
  })
  @ApiOkResponse({ type: ImageDto })
  @ApiProblems(401, 404, 422)
  change(
    @CurrentUser() user: AuthUser,
    @Param('productId', UuidParamPipe) productId: string,
    @Param('imageId', UuidParamPipe) imageId: string,
    @Body() body: ChangeImageDto,
  ): Promise<ImageView> {
    return this.images.changeAlt(user.id, productId, imageId, body.alt ?? null);
  }

  @Delete(':imageId')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'catalog_deleteProductImage',
    summary: 'Remove an image of a listing',
    description: `${OWNER_ONLY} The images after it move up; an upload's stored files are deleted.`,
  })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems(401, 404)
  async remove(
    @CurrentUser() user: AuthUser,
    @Param('productId', UuidParamPipe) productId: string,
    @Param('imageId', UuidParamPipe) imageId: string,
  ): Promise<void> {
    await this.images.remove(user.id, productId, imageId);
  }
}

/** The optional alt text part: trimmed, empty means none, too long a 422 naming it. */
function altOf(raw: string | undefined): string | null {
  const alt = raw?.trim() ?? '';
  if (alt.length > LIMITS.imageAltMaxLength)
    throw CatalogErrors.invalidProduct([
      {
        field: 'alt',
        message: `alt must be shorter than or equal to ${LIMITS.imageAltMaxLength} characters`,
      },
    ]);
  return alt === '' ? null : alt;
}
