import { Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';
import { LocalObjectStorage } from '../storage/local-object-storage';
import { ObjectStorage } from '../storage/object-storage';
import { S3ObjectStorage } from '../storage/s3-object-storage';
import { ImageIntake } from './image-intake';
import { MediaFilesController } from './media-files.controller';
import { SharpImageIntake } from './sharp-image-intake';

/** Files under DATA_DIR unless S3_BUCKET names a bucket. */
export function createObjectStorage(config: AppConfig): ObjectStorage {
  if (config.S3_BUCKET) return new S3ObjectStorage(config);
  return new LocalObjectStorage(join(config.DATA_DIR, 'media'), config.MEDIA_PUBLIC_URL as string);
}

/**
 * Uploaded media with no business rules: ImageIntake turns uploaded bytes into stored image
 * variants, ObjectStorage keeps them (locally, served at /media, or in an S3-compatible bucket).
 * Contexts keep the keys of what they stored and ask ObjectStorage for URLs when they answer.
 */
@Global()
@Module({
  providers: [
    { provide: ObjectStorage, useFactory: createObjectStorage, inject: [AppConfig] },
    { provide: ImageIntake, useClass: SharpImageIntake },
  ],
  controllers: [MediaFilesController],
  exports: [ImageIntake, ObjectStorage],
})
export class MediaModule implements OnApplicationShutdown {
  constructor(private readonly storage: ObjectStorage) {}

  /** The S3 client's keep-alive sockets would hold the process open after shutdown. */
  onApplicationShutdown(): void {
    if (this.storage instanceof S3ObjectStorage) this.storage.close();
  }
}
