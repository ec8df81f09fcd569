/**
 * In-memory S3: one versioned bucket with the semantics the pipeline relies on.
 *
 * Modelled: strong read-after-write consistency (a request sees every effect applied before it);
 * versioning (every put keeps a version; a delete adds a delete marker, so the key reads as absent while
 * older versions stay visible to `versions()`); ETags, version ids and upload ids from one per-bucket
 * write counter (ETag `"7"`), so traces never depend on compressed bytes; conditional puts:
 * `If-None-Match: *` fails with 412 PreconditionFailed when the key exists, `If-Match` when the key is
 * absent or its ETag differs, and a conditional put that S3 applies while a write to the same key issued
 * earlier is still in flight fails with 409 ConditionalRequestConflict (see InFlightWrites);
 * ListObjectsV2 (see listing.ts); multipart uploads whose parts must be listed in ascending order with
 * their current ETags, and which never become objects when abandoned; user metadata keys come back
 * lowercased and LastModified has whole-second precision, as in S3. Every request is one step: the
 * request travels (latency class `s3`), S3 applies the effect, the response travels back.
 *
 * Not modelled: lifecycle expiry, GET of a given version id, ranged GETs, the 5 MB minimum size of
 * non-final parts, checksums, encryption, ACLs and request signing.
 *
 * Faults:
 * - `s3.throttle` (per S3 request): 503 SlowDown before the effect; nothing changes.
 * - `s3.errorAfterEffect` (per write request: PutObject, DeleteObject, Create/Complete/AbortMultipartUpload,
 *   UploadPart): the effect is applied and the caller gets 500 InternalError.
 */
import {
  ConditionalRequestConflict,
  NoSuchKey,
  PreconditionFailed,
  ServiceUnavailable,
  Throttled,
} from '../../../ports/errors.js';
import type {
  ListPage,
  ListRequest,
  ObjectHead,
  ObjectMetadata,
  ObjectStore,
  PutObjectRequest,
  StoredObject,
} from '../../../ports/objectStore.js';
import type { Simulation } from '../../../sim/simulation.js';
import type { StepContext } from '../../../sim/stepContext.js';
import { type WriteIssuer, InFlightWrites } from './inFlightWrites.js';
import { contentDigest } from './logicalContent.js';
import { listPage } from './listing.js';
import { type MultipartUploadSummary, MultipartUploads } from './multipartUploads.js';
import { type BucketEntry, type ObjectVersion, VersionedBucket, etagOf } from './versionedBucket.js';

export interface MemoryObjectStoreOptions {
  readonly bucket: string;
}

const defaultContentType = 'binary/octet-stream';
/** A request made outside any actor never reaches S3 (the kernel rejects it). */
const lostRequest: WriteIssuer = { finished: true };

export class MemoryObjectStore implements ObjectStore {
  readonly bucket: string;
  private readonly state = new VersionedBucket();
  private readonly uploads = new MultipartUploads();
  private readonly inFlight = new InFlightWrites();

  constructor(
    private readonly sim: Simulation,
    options: MemoryObjectStoreOptions,
  ) {
    this.bucket = options.bucket;
  }

  putObject(request: PutObjectRequest): Promise<{ readonly etag: string; readonly versionId: string }> {
    const { key } = request;
    const ticket = this.issueWrite(key);
    return this.write('s3.putObject', key, ticket, (step) => {
      const conditional = request.ifNoneMatch !== undefined || request.ifMatch !== undefined;
      if (conditional && this.inFlight.earlierInFlight(ticket, key)) throw new ConditionalRequestConflict(key);
      const current = this.state.current(key);
      if (request.ifNoneMatch === '*' && current !== undefined) throw new PreconditionFailed(key);
      if (request.ifMatch !== undefined && !etagMatches(request.ifMatch, current)) throw new PreconditionFailed(key);
      const version = this.state.put(
        key,
        { body: request.body, contentType: request.contentType ?? defaultContentType, metadata: lowercaseKeys(request.metadata) },
        this.serviceTime(),
      );
      step.detail('etag', version.etag).detail('versionId', version.versionId).detail('contentDigest', contentDigest(request.body));
      return { etag: version.etag, versionId: version.versionId };
    });
  }

  getObject(key: string): Promise<StoredObject> {
    return this.read('s3.getObject', key, (step) => {
      const version = this.requireCurrent(key);
      step.detail('etag', version.etag);
      return toStored(key, version);
    });
  }

  headObject(key: string): Promise<ObjectHead> {
    return this.read('s3.headObject', key, (step) => {
      const version = this.requireCurrent(key);
      step.detail('etag', version.etag);
      return toHead(key, version);
    });
  }

  async deleteObject(key: string): Promise<void> {
    const ticket = this.issueWrite(key);
    await this.write('s3.deleteObject', key, ticket, (step) => {
      step.detail('versionId', this.state.delete(key, this.serviceTime()).versionId);
    });
  }

  listObjects(request: ListRequest): Promise<ListPage> {
    return this.sim.io({ op: 's3.listObjects', latency: 's3', entities: [this.entity(request.prefix)] }, (step) => {
      step.detail('prefix', request.prefix);
      if (request.delimiter !== undefined) step.detail('delimiter', request.delimiter);
      this.rejectIfThrottled();
      const page = listPage(this.state.sortedKeys(), (key) => this.state.current(key), request);
      step
        .detail('objects', page.objects.length)
        .detail('commonPrefixes', page.commonPrefixes.length)
        .detail('truncated', page.nextContinuationToken !== undefined);
      return page;
    });
  }

  createMultipartUpload(key: string, contentType?: string, metadata?: ObjectMetadata): Promise<string> {
    return this.write('s3.createMultipartUpload', key, undefined, (step) => {
      const uploadId = `upload-${this.state.nextWrite()}`;
      this.uploads.create(uploadId, key, contentType ?? defaultContentType, lowercaseKeys(metadata), this.serviceTime());
      step.detail('uploadId', uploadId);
      return uploadId;
    });
  }

  uploadPart(key: string, uploadId: string, partNumber: number, body: Uint8Array): Promise<string> {
    return this.write('s3.uploadPart', key, undefined, (step) => {
      step.detail('uploadId', uploadId).detail('partNumber', partNumber);
      const etag = etagOf(this.state.nextWrite());
      this.uploads.putPart(key, uploadId, partNumber, etag, body);
      step.detail('etag', etag);
      return etag;
    });
  }

  completeMultipartUpload(
    key: string,
    uploadId: string,
    parts: readonly { readonly partNumber: number; readonly etag: string }[],
  ): Promise<{ readonly etag: string; readonly versionId: string }> {
    const ticket = this.issueWrite(key);
    return this.write('s3.completeMultipartUpload', key, ticket, (step) => {
      step.detail('uploadId', uploadId);
      const content = this.uploads.assemble(key, uploadId, parts);
      this.uploads.remove(key, uploadId);
      const version = this.state.put(key, content, this.serviceTime());
      step.detail('etag', version.etag).detail('versionId', version.versionId).detail('contentDigest', contentDigest(content.body));
      return { etag: version.etag, versionId: version.versionId };
    });
  }

  async abortMultipartUpload(key: string, uploadId: string): Promise<void> {
    await this.write('s3.abortMultipartUpload', key, undefined, (step) => {
      step.detail('uploadId', uploadId);
      this.uploads.remove(key, uploadId);
    });
  }

  // Inspection for invariant checkers and tests: synchronous, no step, no fault.

  /** The current object under `key`, or undefined when absent or deleted. */
  peek(key: string): StoredObject | undefined {
    const version = this.state.current(key);
    return version === undefined ? undefined : toStored(key, version);
  }

  /** The keys that currently hold an object, in listing order. */
  keys(prefix = ''): string[] {
    return this.state.sortedKeys().filter((key) => key.startsWith(prefix) && this.state.current(key) !== undefined);
  }

  /** Every version and delete marker ever written under `key`, oldest first. */
  versions(key: string): readonly BucketEntry[] {
    return this.state.versions(key);
  }

  /** Multipart uploads created and neither completed nor aborted. */
  listMultipartUploads(): MultipartUploadSummary[] {
    return this.uploads.list();
  }

  private issueWrite(key: string): number {
    return this.inFlight.issue(key, this.sim.current ?? lostRequest);
  }

  private read<T>(op: string, key: string, effect: (step: StepContext) => T): Promise<T> {
    return this.sim.io({ op, latency: 's3', entities: [this.entity(key)] }, (step) => {
      step.detail('key', key);
      this.rejectIfThrottled();
      return effect(step);
    });
  }

  /** A write request; `ticket` registers writes that take part in conflict detection. */
  private write<T>(op: string, key: string, ticket: number | undefined, effect: (step: StepContext) => T): Promise<T> {
    return this.sim.io({ op, latency: 's3', entities: [this.entity(key)] }, (step) => {
      if (ticket !== undefined) this.inFlight.arrive(ticket);
      step.detail('key', key);
      this.rejectIfThrottled();
      const result = effect(step);
      if (this.sim.faults.fire('s3.errorAfterEffect')) {
        throw new ServiceUnavailable('InternalError', 'We encountered an internal error. Please try again.');
      }
      return result;
    });
  }

  private rejectIfThrottled(): void {
    if (this.sim.faults.fire('s3.throttle')) throw new Throttled('SlowDown', 'Please reduce your request rate.');
  }

  private requireCurrent(key: string): ObjectVersion {
    const version = this.state.current(key);
    if (version === undefined) throw new NoSuchKey(key);
    return version;
  }

  /** S3's own clock (no host skew), whole seconds as in the Last-Modified header. */
  private serviceTime(): number {
    const ms = this.sim.epochMs + this.sim.now;
    return ms - (ms % 1000);
  }

  private entity(key: string): string {
    return `s3://${this.bucket}/${key}`;
  }
}

function etagMatches(ifMatch: string, current: ObjectVersion | undefined): boolean {
  if (current === undefined) return false;
  return ifMatch === '*' || unquote(ifMatch) === unquote(current.etag);
}

function unquote(etag: string): string {
  return etag.replace(/^"(.*)"$/, '$1');
}

function lowercaseKeys(metadata: ObjectMetadata | undefined): ObjectMetadata {
  return Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}

function toHead(key: string, version: ObjectVersion): ObjectHead {
  return {
    key,
    etag: version.etag,
    size: version.body.length,
    contentType: version.contentType,
    metadata: { ...version.metadata },
    lastModified: version.lastModified,
    versionId: version.versionId,
  };
}

function toStored(key: string, version: ObjectVersion): StoredObject {
  return { ...toHead(key, version), body: new Uint8Array(version.body) };
}
