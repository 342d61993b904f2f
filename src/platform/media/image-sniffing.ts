import { fileTypeFromBuffer } from 'file-type';
import type { ImageSourceType } from './image-intake';

const ACCEPTED: ReadonlySet<string> = new Set<ImageSourceType>(['image/jpeg', 'image/png', 'image/webp']);

/** The sharp decoder each accepted type must also be read by (a second opinion on the bytes). */
export const DECODER_OF: Record<ImageSourceType, string> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
};

/**
 * What the bytes are, by their signature: never the file name or the part's Content-Type, which the
 * client chooses. SVG, HTML, archives and anything else unknown answer undefined.
 */
export async function sniffImageType(bytes: Buffer): Promise<ImageSourceType | undefined> {
  const found = await fileTypeFromBuffer(bytes);
  return found && ACCEPTED.has(found.mime) ? (found.mime as ImageSourceType) : undefined;
}
