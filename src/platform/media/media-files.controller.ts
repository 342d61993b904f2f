import { Controller, Get, Headers, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { Public } from '../auth/decorators';
import { NotFoundError } from '../errors/domain-error';
import { LocalObjectStorage } from '../storage/local-object-storage';
import { CONTENT_TYPE_BY_EXTENSION } from '../storage/media-key';
import { ObjectStorage } from '../storage/object-storage';

/** Keys name content (a hash of the upload): what a key names never changes, so caches keep it. */
const FOREVER = 'public, max-age=31536000, immutable';

/**
 * Serves the local object storage at /media/<key> (outside /api/v1 and the OpenAPI document: the
 * URLs are handed out in image variants, never built by clients). With S3 storage the variants'
 * URLs point at the bucket or a CDN, and this route answers 404.
 */
@ApiExcludeController()
@Public()
@Controller('media')
export class MediaFilesController {
  constructor(private readonly storage: ObjectStorage) {}

  // Fastify's wildcard: the rest of the path, whatever its slashes, in the `*` parameter.
  @Get('*')
  async serve(
    @Param('*') path: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // Only the key as it was handed out: keys hold no `%`, so an encoded path (`%2F`, `%2e`) names nothing.
    const canonical = request.url.split('?')[0] === `/media/${path}`;
    const local = this.storage instanceof LocalObjectStorage ? this.storage : undefined;
    const found = canonical ? await local?.open(path) : undefined;
    if (!found) throw new NotFoundError('MEDIA.NOT_FOUND', 'The file');
    const etag = `"${createHash('sha256').update(`${path}:${found.size}`).digest('base64url').slice(0, 27)}"`;
    void reply
      .header('cache-control', FOREVER)
      .header('etag', etag)
      .header('x-content-type-options', 'nosniff')
      // Images are embedded by the web app on its own origin.
      .header('cross-origin-resource-policy', 'cross-origin');
    if (ifNoneMatch?.split(/\s*,\s*/).includes(etag)) {
      found.stream.destroy();
      return void reply.status(304).send();
    }
    const extension = path.slice(path.lastIndexOf('.') + 1);
    void reply
      .type(CONTENT_TYPE_BY_EXTENSION[extension] ?? 'application/octet-stream')
      .header('content-length', found.size)
      .send(found.stream);
  }
}
