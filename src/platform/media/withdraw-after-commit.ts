import { Logger } from '@nestjs/common';
import type { ImageIntake, StoredImage } from './image-intake';

const ATTEMPTS = 3;
const logger = new Logger('MediaWithdrawal');

/**
 * Removes stored variants once the rows naming them are gone (call it after the commit: objects
 * deleted inside a transaction that then rolls back would leave rows pointing at nothing). A few
 * quick retries ride out a storage hiccup; a failure after them leaves an orphan object, logged,
 * never a failed request, because the change the caller asked for has already happened.
 */
export async function withdrawAfterCommit(
  intake: ImageIntake,
  images: Pick<StoredImage, 'variants'>[],
): Promise<void> {
  for (const image of images) {
    for (let attempt = 1; ; attempt++) {
      try {
        await intake.withdraw(image);
        break;
      } catch (error) {
        if (attempt >= ATTEMPTS) {
          const keys = Object.values(image.variants).map((v) => v.key);
          const reason = error instanceof Error ? error.message : String(error);
          logger.error(`stored variants ${keys.join(', ')} could not be withdrawn: ${reason}`);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }
}
