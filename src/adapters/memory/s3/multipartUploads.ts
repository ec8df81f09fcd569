import type { ObjectMetadata } from '../../../ports/objectStore.js';
import { NoSuchUpload, ValidationError } from '../../../ports/errors.js';

/** What `listMultipartUploads()` shows of an upload that was created and neither completed nor aborted. */
export interface MultipartUploadSummary {
  readonly key: string;
  readonly uploadId: string;
  /** Epoch milliseconds, S3's own clock. */
  readonly initiated: number;
  /** The parts uploaded so far, by part number. */
  readonly parts: readonly { readonly partNumber: number; readonly etag: string }[];
}

interface Upload {
  readonly key: string;
  readonly uploadId: string;
  readonly initiated: number;
  readonly contentType: string;
  readonly metadata: ObjectMetadata;
  readonly parts: Map<number, { readonly etag: string; readonly body: Uint8Array }>;
}

const maxPartNumber = 10_000;

/**
 * Multipart uploads in progress. Parts live here until CompleteMultipartUpload assembles them into an
 * object; an upload that is never completed stays here (and costs storage in S3) but never becomes an
 * object. Re-uploading a part number replaces that part.
 */
export class MultipartUploads {
  private readonly uploads = new Map<string, Upload>();

  create(uploadId: string, key: string, contentType: string, metadata: ObjectMetadata, initiated: number): void {
    this.uploads.set(uploadId, { key, uploadId, initiated, contentType, metadata: { ...metadata }, parts: new Map() });
  }

  putPart(key: string, uploadId: string, partNumber: number, etag: string, body: Uint8Array): void {
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > maxPartNumber) {
      throw new ValidationError(`InvalidArgument: Part number must be an integer between 1 and ${maxPartNumber}, got ${partNumber}`);
    }
    this.require(key, uploadId).parts.set(partNumber, { etag, body: new Uint8Array(body) });
  }

  /** The object the listed parts make up; the parts must be in ascending order and their ETags current. */
  assemble(
    key: string,
    uploadId: string,
    parts: readonly { readonly partNumber: number; readonly etag: string }[],
  ): { readonly body: Uint8Array; readonly contentType: string; readonly metadata: ObjectMetadata } {
    const upload = this.require(key, uploadId);
    if (parts.length === 0) throw new ValidationError('MalformedXML: CompleteMultipartUpload needs at least one part');
    const bodies: Uint8Array[] = [];
    let previous = 0;
    for (const { partNumber, etag } of parts) {
      if (partNumber <= previous) throw new ValidationError(`InvalidPartOrder: part ${partNumber} listed after part ${previous}`);
      previous = partNumber;
      const part = upload.parts.get(partNumber);
      if (part === undefined || part.etag !== etag) {
        throw new ValidationError(`InvalidPart: part ${partNumber} was not uploaded or its ETag ${etag} does not match`);
      }
      bodies.push(part.body);
    }
    return { body: Buffer.concat(bodies), contentType: upload.contentType, metadata: upload.metadata };
  }

  remove(key: string, uploadId: string): void {
    this.require(key, uploadId);
    this.uploads.delete(uploadId);
  }

  list(): MultipartUploadSummary[] {
    return [...this.uploads.values()].map((u) => ({
      key: u.key,
      uploadId: u.uploadId,
      initiated: u.initiated,
      parts: [...u.parts].sort(([a], [b]) => a - b).map(([partNumber, part]) => ({ partNumber, etag: part.etag })),
    }));
  }

  private require(key: string, uploadId: string): Upload {
    const upload = this.uploads.get(uploadId);
    if (upload === undefined || upload.key !== key) throw new NoSuchUpload(uploadId);
    return upload;
  }
}
