/**
 * Where uploaded files live, behind a port: files under DATA_DIR served by the API (the default, so
 * `npm start` needs nothing else) or any S3-compatible store (S3_* settings). Keys are content-hash
 * names, so a stored object never changes and can be cached forever.
 */
export abstract class ObjectStorage {
  /** Stores bytes under key (overwrites). Keys look like `images/<ownerKey>/<sha256-16>-<variant>.webp`. */
  abstract put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** Removes the keys; a missing key is not an error. */
  abstract delete(keys: string[]): Promise<void>;
  /** A URL a client can GET the object at: the local media route, a CDN base or a presigned GET. */
  abstract urlFor(key: string): Promise<string>;
}
