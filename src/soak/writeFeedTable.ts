import type {
  BatchWriteRequest,
  BatchWriteResult,
  DeleteRequest,
  GetRequest,
  PutRequest,
  QueryPage,
  QueryRequest,
  Table,
  TableKey,
  TransactAction,
  UpdateRequest,
} from '../ports/table.js';
import type { StreamRecord } from '../ports/stream.js';
import type { Item } from '../ports/values.js';

/**
 * CLIENT-SIDE WRITE FEED, NOT A REAL STREAM. dynalite has no DynamoDB Streams, so on `--target local`
 * this Table decorator records each write that succeeded as a NEW_AND_OLD_IMAGES-like stream record and
 * hands it to the stream poller. The new image comes from the write itself (a put's item, an update's
 * ALL_NEW, a consistent read after a transaction's update); the old image is the last image this process
 * recorded for the key (a delete's ALL_OLD when it has one). Records come in the order the writes'
 * responses arrived in this process, with no shards, no reordering, no loss, no duplicates and no
 * retention: a real stream can do all of these, so a local soak does not exercise them. A write that
 * leaves the item unchanged produces no record, as Streams does.
 */
export class WriteFeedTable implements Table {
  readonly name: string;
  private readonly images = new Map<string, Item>();
  private readonly pending: StreamRecord[] = [];
  private sequence = 0;

  constructor(
    private readonly inner: Table,
    private readonly region: string,
    private readonly now: () => number,
  ) {
    this.name = inner.name;
  }

  /** Takes up to `limit` records, oldest first. */
  take(limit: number): StreamRecord[] {
    return this.pending.splice(0, limit);
  }

  /** Records written and not taken yet. */
  get backlog(): number {
    return this.pending.length;
  }

  async putItem(request: PutRequest): Promise<void> {
    await this.inner.putItem(request);
    this.record(keyOf(request.item), request.item);
  }

  getItem(request: GetRequest): Promise<Item | undefined> {
    return this.inner.getItem(request);
  }

  async updateItem(request: UpdateRequest): Promise<Item | undefined> {
    const updated = await this.inner.updateItem({ ...request, returnNew: true });
    if (updated !== undefined) this.record(request.key, updated);
    return request.returnNew === true ? updated : undefined;
  }

  async deleteItem(request: DeleteRequest): Promise<Item | undefined> {
    const deleted = await this.inner.deleteItem(request);
    this.record(request.key, undefined, deleted);
    return deleted;
  }

  query(request: QueryRequest): Promise<QueryPage> {
    return this.inner.query(request);
  }

  async transactWriteItems(actions: readonly TransactAction[]): Promise<void> {
    await this.inner.transactWriteItems(actions);
    for (const action of actions) {
      if (action.kind === 'put') this.record(keyOf(action.item), action.item);
      else if (action.kind === 'delete') this.record(action.key, undefined);
      else if (action.kind === 'update') this.record(action.key, await this.inner.getItem({ key: action.key, consistentRead: true }));
    }
  }

  async batchWriteItem(requests: readonly BatchWriteRequest[]): Promise<BatchWriteResult> {
    const result = await this.inner.batchWriteItem(requests);
    const unprocessed = new Set(result.unprocessed);
    for (const request of requests) {
      if (unprocessed.has(request)) continue;
      if (request.kind === 'put') this.record(keyOf(request.item), request.item);
      else this.record(request.key, undefined);
    }
    return result;
  }

  private record(key: TableKey, newImage: Item | undefined, deletedImage?: Item): void {
    const id = `${key.PK}\u0000${key.SK}`;
    const oldImage = deletedImage ?? this.images.get(id);
    if (newImage === undefined) this.images.delete(id);
    else this.images.set(id, newImage);
    if (oldImage === undefined && newImage === undefined) return;
    if (oldImage !== undefined && newImage !== undefined && canonical(oldImage) === canonical(newImage)) return;
    this.sequence++;
    this.pending.push({
      eventID: `feed-${this.sequence}`,
      eventName: oldImage === undefined ? 'INSERT' : newImage === undefined ? 'REMOVE' : 'MODIFY',
      awsRegion: this.region,
      keys: { PK: key.PK, SK: key.SK },
      ...(newImage === undefined ? {} : { newImage }),
      ...(oldImage === undefined ? {} : { oldImage }),
      sequenceNumber: String(this.sequence).padStart(21, '0'),
      approximateCreationTime: this.now(),
    });
  }
}

function keyOf(item: Item): TableKey {
  return { PK: String(item.PK), SK: String(item.SK) };
}

/** JSON with object keys sorted, so two images with the same attributes compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
