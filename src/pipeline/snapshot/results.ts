/** What `upload_snapshot_atomic` returns (spec §5.2 step 7); errors are results, not exceptions. */
export type SnapshotUploadResult =
  | {
      readonly status: 'uploaded';
      readonly version_id: string;
      /** The versioned prefix `{c}/snapshot/timestamped/{v}/`. */
      readonly versioned_key: string;
      readonly pointer_key: string;
      /** The hash written as `.snapshot_hash` (`md5:{hex}`, or the directory hash). */
      readonly hash: string;
      /** The ETag of the pointer this upload wrote (for a later `conditionalPut`). */
      readonly pointer_etag: string;
      /** The promotion history the pointer now records (`[version_id]` with `newestNames`). */
      readonly promotion_history: readonly string[];
    }
  | { readonly status: 'error'; readonly error: string; readonly version_id: string | null };

/** What `download_snapshot_atomic` returns (spec §5.3 step 4, §8.5). */
export type SnapshotDownloadResult =
  | {
      readonly status: 'downloaded';
      readonly version_id: string;
      readonly versioned_key: string;
      readonly local_path: string;
      /** True when §5.3 step 3 created, uploaded and promoted an empty snapshot instead. */
      readonly initialized: boolean;
      /** The pointer ETag this cycle saw (or wrote, when it initialised); null when there was no pointer. */
      readonly pointer_etag: string | null;
      /** The promotion history of that pointer (`snapshotRetention: promotionHistory`); empty without a pointer. */
      readonly promotion_history: readonly string[];
      /** What production only logs (seed era: size mismatches). */
      readonly warnings: readonly string[];
    }
  | { readonly status: 'failed'; readonly error: string; readonly version_id: string | null };
