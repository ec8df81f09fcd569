/**
 * The committed list of features each contract backend lacks, named after toolchain.md and the README's
 * capability table. A backend declares its own `unsupported` list where it is built; every contract suite
 * ends with a case that compares the cases it marked not supported with this list, so a backend cannot
 * drop a case silently and this list cannot go stale.
 */

/** Every optional feature a contract suite tags its cases with, and the port whose suite uses it. */
export const contractFeatures = {
  /** S3 If-None-Match / If-Match on PutObject (412 PreconditionFailed). */
  conditionalWrites: 'ObjectStore',
  /** A versioned bucket: every put returns a new version id. */
  versionIds: 'ObjectStore',
  /** ListObjectsV2 rolls keys nested two or more levels below the prefix up into a common prefix. */
  nestedCommonPrefixes: 'ObjectStore',
  /** Common prefixes count towards MaxKeys and are paged with continuation tokens. */
  commonPrefixesInMaxKeys: 'ObjectStore',
  /** CompleteMultipartUpload checks part order and ETags; a completed upload takes no more parts. */
  multipartPartChecks: 'ObjectStore',
  /** AbortMultipartUpload. */
  multipartAbort: 'ObjectStore',
  /** DeleteMessage with an older receipt handle succeeds but leaves the message in the queue. */
  staleReceiptHandles: 'Queue',
  /** ChangeMessageVisibility does not count as a receive (ApproximateReceiveCount). */
  receiveCountOnVisibilityChange: 'Queue',
  /** A FIFO message group delivers nothing more while one of its messages is in flight. */
  fifoGroupInFlightBlocking: 'Queue',
  /** SendMessageBatch reports a FIFO entry without MessageGroupId as a failed entry, not a failed request. */
  fifoEntryFailures: 'Queue',
  /** DynamoDB TransactWriteItems. */
  transactions: 'Table',
  /** DynamoDB Streams on the table (NEW_AND_OLD_IMAGES). */
  streams: 'StreamSource',
} as const;

export type ContractFeature = keyof typeof contractFeatures;
export type ContractPort = 'ObjectStore' | 'Queue' | 'Table' | 'StreamSource' | 'FileSystem' | 'VectorStore';

/** Keyed by `ContractBackend.name`; a backend that is not listed supports every feature. */
export const notSupported: Readonly<Record<string, readonly ContractFeature[]>> = {
  // toolchain.md: s3rver 3.7.1 ignores If-None-Match and If-Match (overwrites anyway). Found by running
  // the suite: no versioning (PutBucketVersioning is NotImplemented), no AbortMultipartUpload (405),
  // CompleteMultipartUpload takes any parts in any order and UploadPart still works after it, listing
  // never walks two directory levels below the prefix, and MaxKeys counts objects only.
  s3rver: ['conditionalWrites', 'versionIds', 'nestedCommonPrefixes', 'commonPrefixesInMaxKeys', 'multipartPartChecks', 'multipartAbort'],
  // Found by running the suite on local-aws-sqs 2.0.2: an older receipt handle deletes the message,
  // ChangeMessageVisibility adds a receive, a FIFO group delivers its next message while one is in
  // flight, and a FIFO entry without MessageGroupId fails the whole batch (InvalidParameterValue).
  'local-aws-sqs': ['staleReceiptHandles', 'receiveCountOnVisibilityChange', 'fifoGroupInFlightBlocking', 'fifoEntryFailures'],
  // toolchain.md: dynalite 4.0.0 has no TransactWriteItems and no Streams (StreamSpecification is dropped).
  dynalite: ['transactions', 'streams'],
};

export function committedNotSupported(backend: string): readonly ContractFeature[] {
  return notSupported[backend] ?? [];
}
