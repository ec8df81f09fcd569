import type { ListPage, ListRequest, ObjectHead, ObjectMetadata, ObjectStore, PutObjectRequest, StoredObject } from '../ports/objectStore.js';

/**
 * The soak run's view of the bucket: pipeline code uses the spec's keys (`lines/snapshot/...`), this
 * decorator stores them under the run's key prefix (`<prefix>/lines/snapshot/...`) and strips it from
 * what it lists. It is also the confinement: every key it sends is checked to lie under the prefix, and a
 * key that would not (an absolute key, a `..` or empty segment) throws PrefixViolation before any request.
 */
export class PrefixViolation extends Error {
  override readonly name = 'PrefixViolation';
}

export class PrefixedObjectStore implements ObjectStore {
  readonly bucket: string;
  private readonly root: string;

  constructor(
    private readonly inner: ObjectStore,
    readonly prefix: string,
  ) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(prefix)) throw new PrefixViolation(`soak key prefix "${prefix}" must be lower-case letters, digits and dashes`);
    this.bucket = inner.bucket;
    this.root = `${prefix}/`;
  }

  /** The bucket key of a spec key; throws PrefixViolation when it would leave the prefix. */
  confine(key: string): string {
    const segments = key.split('/');
    const inside = key !== '' && !key.startsWith('/') && segments.every((s, i) => s !== '..' && s !== '.' && (s !== '' || i === segments.length - 1));
    if (!inside) throw new PrefixViolation(`key "${key}" would leave the soak prefix ${this.root}; refusing to send it`);
    return `${this.root}${key}`;
  }

  async putObject(request: PutObjectRequest): Promise<{ readonly etag: string; readonly versionId: string }> {
    return this.inner.putObject({ ...request, key: this.confine(request.key) });
  }

  async getObject(key: string): Promise<StoredObject> {
    return { ...(await this.inner.getObject(this.confine(key))), key };
  }

  async headObject(key: string): Promise<ObjectHead> {
    return { ...(await this.inner.headObject(this.confine(key))), key };
  }

  async deleteObject(key: string): Promise<void> {
    return this.inner.deleteObject(this.confine(key));
  }

  async listObjects(request: ListRequest): Promise<ListPage> {
    const prefix = request.prefix === '' ? this.root : this.confine(request.prefix);
    const page = await this.inner.listObjects({ ...request, prefix });
    const strip = (key: string): string => (key.startsWith(this.root) ? key.slice(this.root.length) : key);
    return {
      objects: page.objects.map((o) => ({ ...o, key: strip(o.key) })),
      commonPrefixes: page.commonPrefixes.map(strip),
      ...(page.nextContinuationToken === undefined ? {} : { nextContinuationToken: page.nextContinuationToken }),
    };
  }

  async createMultipartUpload(key: string, contentType?: string, metadata?: ObjectMetadata): Promise<string> {
    return this.inner.createMultipartUpload(this.confine(key), contentType, metadata);
  }

  async uploadPart(key: string, uploadId: string, partNumber: number, body: Uint8Array): Promise<string> {
    return this.inner.uploadPart(this.confine(key), uploadId, partNumber, body);
  }

  async completeMultipartUpload(
    key: string,
    uploadId: string,
    parts: readonly { readonly partNumber: number; readonly etag: string }[],
  ): Promise<{ readonly etag: string; readonly versionId: string }> {
    return this.inner.completeMultipartUpload(this.confine(key), uploadId, parts);
  }

  async abortMultipartUpload(key: string, uploadId: string): Promise<void> {
    return this.inner.abortMultipartUpload(this.confine(key), uploadId);
  }
}
