import { crc32, createDeflate, deflateSync } from 'node:zlib';
import sharp from 'sharp';

/**
 * Files an upload route must refuse (or must clean), generated in memory in milliseconds so tests and
 * the bench need no binary fixtures: polyglots, SVG with script, zip, truncated and broken JPEGs, PNG
 * pixel bombs, and small valid photos carrying EXIF with GPS (to prove the re-encode drops it).
 */
export interface UploadFile {
  bytes: Buffer;
  filename: string;
  /** The part's declared Content-Type: what a client claims, which the server must not trust. */
  contentType: string;
}

/** Text written into the EXIF of the valid photos: a stored variant that contains it leaked metadata. */
export const EXIF_MARKERS = { camera: 'HostileCam-0S7Q', gps: 'GPS-MARKER-0S7Q' } as const;

/** True when the bytes still carry the EXIF camera or GPS text of `photo()` (a raw byte search). */
export const leaksMetadata = (bytes: Buffer): boolean =>
  bytes.includes(EXIF_MARKERS.camera) || bytes.includes(EXIF_MARKERS.gps);

const EXIF = {
  IFD0: { Make: EXIF_MARKERS.camera, Model: 'Tracker 1' },
  // Lisbon, plus a datum text that is easy to find in the bytes.
  IFD3: {
    GPSLatitudeRef: 'N',
    GPSLatitude: '38/1 42/1 0/1',
    GPSLongitudeRef: 'W',
    GPSLongitude: '9/1 8/1 0/1',
    GPSMapDatum: EXIF_MARKERS.gps,
  },
};

export type PhotoFormat = 'jpeg' | 'png' | 'webp';

/**
 * A valid photo (solid colour with a stripe, so crops are visible) with EXIF camera and GPS tags;
 * `orientation` 6 makes a viewer turn it 90° clockwise, so an auto-rotated 400x300 comes out 300x400.
 */
export async function photo(
  format: PhotoFormat = 'jpeg',
  { width = 400, height = 300, orientation }: { width?: number; height?: number; orientation?: number } = {},
): Promise<UploadFile> {
  const stripe = await sharp({
    create: { width: Math.max(1, Math.floor(width / 4)), height, channels: 3, background: '#ffcc00' },
  })
    .png()
    .toBuffer();
  let image = sharp({ create: { width, height, channels: 3, background: '#3366cc' } })
    .composite([{ input: stripe, left: 0, top: 0 }])
    .withExif(EXIF);
  // The orientation tag is written by withMetadata, not withExif.
  if (orientation) image = image.withMetadata({ orientation });
  const bytes = await image[format]().toBuffer();
  const extension = format === 'jpeg' ? 'jpg' : format;
  return { bytes, filename: `photo.${extension}`, contentType: `image/${format}` };
}

/** A deterministic xorshift stream, so a noisy image is the same on every run. */
function noise(length: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  let s = seed | 0 || 1;
  for (let i = 0; i < length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = s & 255;
  }
  return out;
}

/**
 * A JPEG of random noise close to `targetBytes` (default 8 MiB, the bench's photo): noise barely
 * compresses, so a few megapixels reach the size a phone camera produces. Two encodes at most, each
 * well under a second on one core.
 */
export async function noisyJpeg(targetBytes = 8 * 1024 * 1024, seed = 42): Promise<UploadFile> {
  const encode = async (pixels: number) => {
    const width = Math.max(16, Math.round(Math.sqrt((pixels * 4) / 3)));
    const height = Math.max(16, Math.round((width * 3) / 4));
    const raw = noise(width * height * 3, seed);
    return sharp(raw, { raw: { width, height, channels: 3 } })
      .jpeg({ quality: 90 })
      .toBuffer();
  };
  // Noise at quality 90 costs about 0.83 bytes per pixel; correct once from the first result.
  let pixels = targetBytes / 0.83;
  let bytes = await encode(pixels);
  if (Math.abs(bytes.length - targetBytes) > targetBytes * 0.03) {
    pixels *= targetBytes / bytes.length;
    bytes = await encode(pixels);
  }
  return { bytes, filename: 'noisy.jpg', contentType: 'image/jpeg' };
}

/** HTML (with script) named photo.jpg and declared image/jpeg: only its bytes tell what it is. */
export function htmlNamedJpeg(): UploadFile {
  const html = '<!DOCTYPE html><html><body><script>fetch("/api/v1/auth/profile")</script></body></html>';
  return { bytes: Buffer.from(html), filename: 'photo.jpg', contentType: 'image/jpeg' };
}

/**
 * A real JPEG that is also HTML: a comment segment and bytes after the end marker hold a script. It
 * is a valid image, so it may be accepted; what is stored must be the re-encoded pixels only.
 */
export async function jpegWithHtmlPayload(): Promise<UploadFile> {
  const jpeg = (await photo('jpeg')).bytes;
  const script = Buffer.from('<script>alert(document.cookie)</script>');
  const comment = Buffer.concat([Buffer.from([0xff, 0xfe, 0, script.length + 2]), script]);
  // After SOI (2 bytes), before the rest; then the script again after EOI.
  const bytes = Buffer.concat([jpeg.subarray(0, 2), comment, jpeg.subarray(2), script]);
  return { bytes, filename: 'polyglot.jpg', contentType: 'image/jpeg' };
}

/** An SVG that runs script when opened from the API's origin. */
export function svgWithScript(contentType = 'image/svg+xml'): UploadFile {
  const svg =
    '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="400" height="400">' +
    '<script>alert(document.domain)</script><rect width="400" height="400" fill="red"/></svg>';
  return { bytes: Buffer.from(svg), filename: 'photo.svg', contentType };
}

/** A valid zip archive (one stored file) named photo.jpg. */
export function zipArchive(): UploadFile {
  const name = Buffer.from('photo.jpg');
  const data = Buffer.from('not a photo at all\n');
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  const entries = Buffer.concat([local, name, data]);
  const directory = Buffer.concat([central, name]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(entries.length, 16);
  return {
    bytes: Buffer.concat([entries, directory, end]),
    filename: 'photo.jpg',
    contentType: 'image/jpeg',
  };
}

/** A real JPEG cut at `fraction` of its length: a valid header (metadata reads), no complete scan. */
export async function truncatedJpeg(fraction = 0.5): Promise<UploadFile> {
  const { bytes } = await noisyJpeg(24 * 1024, 7);
  return {
    bytes: bytes.subarray(0, Math.floor(bytes.length * fraction)),
    filename: 'cut.jpg',
    contentType: 'image/jpeg',
  };
}

/** The JPEG signature (so a type sniffer says JPEG) followed by garbage no decoder can read. */
export function brokenJpeg(): UploadFile {
  const bytes = Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]),
    Buffer.from('JFIF\0'),
    noise(4096, 9),
  ]);
  return { bytes, filename: 'broken.jpg', contentType: 'image/jpeg' };
}

/** A valid GIF, big enough: a real image, of a type the API does not take. */
export async function gifImage(): Promise<UploadFile> {
  const bytes = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#00aa00' } })
    .gif()
    .toBuffer();
  return { bytes, filename: 'photo.gif', contentType: 'image/gif' };
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(width: number, height: number, bitDepth: number, colourType: number, idat: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = bitDepth;
  header[9] = colourType;
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    pngChunk('IHDR', header),
    pngChunk('IDAT', idat),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A PNG declaring a huge canvas in a tiny file. By default the IDAT holds only the first rows (1-2 KB
 * for 30000x30000): the header is what a pixel limit must refuse. `complete: true` writes every row
 * of a 1-bit grey image (a real decompression bomb: 10000x10000 is 12 KB and decodes to 100
 * megapixels; 30000x30000 is 107 KB, 0.2 s to generate).
 */
export async function pngPixelBomb({
  width = 30_000,
  height = 30_000,
  complete = false,
}: { width?: number; height?: number; complete?: boolean } = {}): Promise<UploadFile> {
  const filename = `bomb-${width}x${height}.png`;
  if (!complete) {
    const rows = Buffer.alloc(16 * (1 + width * 3)); // filter byte + RGB per row, all zero
    return {
      bytes: png(width, height, 8, 2, deflateSync(rows, { level: 9 })),
      filename,
      contentType: 'image/png',
    };
  }
  const rowBytes = 1 + Math.ceil(width / 8);
  const rowsPerWrite = Math.max(1, Math.floor((1 << 20) / rowBytes));
  const deflate = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (part: Buffer) => parts.push(part));
  const finished = new Promise<void>((done, fail) => deflate.on('end', done).on('error', fail));
  const block = Buffer.alloc(rowsPerWrite * rowBytes);
  for (let row = 0; row < height; row += rowsPerWrite) {
    const chunk = block.subarray(0, Math.min(rowsPerWrite, height - row) * rowBytes);
    if (!deflate.write(chunk)) await new Promise((done) => deflate.once('drain', done));
  }
  deflate.end();
  await finished;
  return { bytes: png(width, height, 1, 0, Buffer.concat(parts)), filename, contentType: 'image/png' };
}

export interface MultipartPart {
  name: string;
  data: Buffer | string;
  /** Set for a file part. */
  filename?: string;
  contentType?: string;
}

/**
 * A multipart/form-data body written by hand, for what a well-behaved client library will not send:
 * two file parts, dozens of fields, no closing boundary (`close: false`) or a body cut at `cutAt` bytes.
 */
export function multipartBody(
  parts: MultipartPart[],
  {
    boundary = '----hostile0S7Q',
    close = true,
    cutAt,
  }: { boundary?: string; close?: boolean; cutAt?: number } = {},
): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    const type = part.contentType ? `\r\nContent-Type: ${part.contentType}` : '';
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`));
    chunks.push(Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data));
    chunks.push(Buffer.from('\r\n'));
  }
  if (close) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  const body = Buffer.concat(chunks);
  return {
    body: cutAt === undefined ? body : body.subarray(0, cutAt),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** A file part of `multipartBody` from an UploadFile. */
export const filePart = (file: UploadFile, name = 'file'): MultipartPart => ({
  name,
  data: file.bytes,
  filename: file.filename,
  contentType: file.contentType,
});

export interface HostileUpload {
  what: string;
  file: () => Promise<UploadFile> | UploadFile;
  status: number;
  code: string;
}

/** Every file an upload route must refuse, with the answer the design names for it (all under 64 KiB). */
export const HOSTILE_UPLOADS: HostileUpload[] = [
  {
    what: 'HTML named photo.jpg, sent as image/jpeg',
    file: htmlNamedJpeg,
    status: 422,
    code: 'MEDIA.UNSUPPORTED_TYPE',
  },
  { what: 'an SVG with a script', file: () => svgWithScript(), status: 422, code: 'MEDIA.UNSUPPORTED_TYPE' },
  {
    what: 'an SVG with a script, sent as image/png',
    file: () => svgWithScript('image/png'),
    status: 422,
    code: 'MEDIA.UNSUPPORTED_TYPE',
  },
  { what: 'a zip archive named photo.jpg', file: zipArchive, status: 422, code: 'MEDIA.UNSUPPORTED_TYPE' },
  {
    what: 'a GIF (a real image of another type)',
    file: gifImage,
    status: 422,
    code: 'MEDIA.UNSUPPORTED_TYPE',
  },
  { what: 'a JPEG cut in half', file: () => truncatedJpeg(0.5), status: 422, code: 'MEDIA.UNREADABLE' },
  { what: 'a JPEG signature followed by garbage', file: brokenJpeg, status: 422, code: 'MEDIA.UNREADABLE' },
  {
    what: 'a 1.5 KB PNG declaring 30000x30000 (900 megapixels)',
    file: () => pngPixelBomb(),
    status: 422,
    code: 'MEDIA.TOO_MANY_PIXELS',
  },
  {
    // Above the app's 40 megapixels but under sharp's own default limit (268), so only the app's limit stops it.
    what: 'a complete 12 KB PNG bomb decoding to 10000x10000',
    file: () => pngPixelBomb({ width: 10_000, height: 10_000, complete: true }),
    status: 422,
    code: 'MEDIA.TOO_MANY_PIXELS',
  },
  {
    what: 'a 60x60 photo (under 100x100)',
    file: () => photo('png', { width: 60, height: 60 }),
    status: 422,
    code: 'MEDIA.TOO_SMALL',
  },
];
