import type { ObjectMetadata } from '../../ports/objectStore.js';

/** Upload metadata as the callers pass it (`update_type`, counts, `expected_pointer`, ...). */
export type UploadMetadata = Readonly<Record<string, string | number | boolean | null>>;

/** §5.2 step 3: S3 object metadata values are strings; converted as Python's `str()` would. */
export function toObjectMetadata(metadata: UploadMetadata): ObjectMetadata {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata)) {
    result[key] = value === null ? 'None' : typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value);
  }
  return result;
}
