import { ConditionalCheckFailed, Throttled, TransactionCanceled } from '../../../ports/errors.js';
import type { Condition } from '../../../ports/expressions.js';
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
} from '../../../ports/table.js';
import type { Item } from '../../../ports/values.js';
import type { Simulation } from '../../../sim/simulation.js';
import type { StepContext } from '../../../sim/stepContext.js';
import { compareStrings, itemsEqual } from './attributeValues.js';
import { applyUpdate, evaluateCondition } from './expressionEvaluation.js';
import type { MemoryStream } from './memoryStream.js';
import { evaluateQuery, planQuery } from './queryEvaluation.js';
import { keyId, looseKeyId, validateKey } from './tableIndexes.js';
import { VersionHistory } from './versionHistory.js';
import type { CommittedWrite } from './committedWrite.js';
import { checkedCondition, prepare, prepareBatch, prepareTransaction, storableItem, storableUpdate } from './writeRequests.js';

/**
 * The single DynamoDB table of the spec (§1.1) in memory.
 *
 * Modelled: items keyed by PK/SK; sparse GSIs GSI1..GSI4 and GSITYPE; conditions and updates as
 * DynamoDB evaluates them; Put/Get/Update/Delete, Query (key conditions, Limit counted before the
 * filter, ExclusiveStartKey/LastEvaluatedKey, ScanIndexForward, 1 MB pages by approximate item size),
 * TransactWriteItems (≤ 100 actions, all or nothing, one reason per action) and BatchWriteItem (≤ 25
 * requests). Every call is one step; writes store deep-frozen copies and feed the stream. Each item
 * keeps its versions with their commit times: a read without `consistentRead`, and every GSI query, may
 * return any version that was current at some instant of the last second (the newest unless a service
 * choice with odds 1 in 4 makes it stale, then any older candidate); conditions and consistent reads always see the newest version.
 *
 * Not modelled: capacity units and adaptive throttling (throttling is a fault), Scan, item collections
 * over 10 GB, ReturnValues other than ALL_NEW/ALL_OLD, nested document paths, sets and binary values.
 *
 * Faults:
 * - `dynamodb.throttle` (per request): ProvisionedThroughputExceededException before the effect.
 * - `dynamodb.staleWindow` (per eventually consistent read): the read may return versions up to 30 s
 *   old instead of 1 s.
 * - `dynamodb.unprocessedItems` (per BatchWriteItem): a non-empty strict subset of the requests (the
 *   one request of a single-request batch) comes back unprocessed and is not applied.
 * - `dynamodb.transactionConflict` (per TransactWriteItems): cancelled with TransactionConflict on one
 *   action before the effect.
 */
export interface MemoryTableOptions {
  readonly name: string;
  /** The table's stream; without it writes produce no records. */
  readonly streams?: MemoryStream;
  /** Size after which a Query page ends (DynamoDB: 1 MB); tests lower it. */
  readonly pageSizeBytes?: number;
}

const consistencyWindowMs = 1_000;
const widenedWindowMs = 30_000;
/** One eventually consistent read in this many that could be stale is (1 in 4). */
const staleOdds = 4;

interface Write {
  readonly key: TableKey;
  readonly item: Item | undefined;
}

export class MemoryTable implements Table {
  readonly name: string;
  private readonly stream: MemoryStream | undefined;
  private readonly pageSizeBytes: number;
  /** PK → SK → versions. */
  private readonly partitions = new Map<string, Map<string, VersionHistory>>();
  private readonly committed: CommittedWrite[] = [];

  constructor(
    private readonly sim: Simulation,
    options: MemoryTableOptions,
  ) {
    this.name = options.name;
    this.stream = options.streams;
    this.pageSizeBytes = options.pageSizeBytes ?? 1024 * 1024;
  }

  putItem(request: PutRequest): Promise<void> {
    const prepared = prepare(() => ({ ...storableItem(request.item), condition: checkedCondition(request.condition) }));
    return this.io('PutItem', [looseKeyId(request.item)], (step) => {
      const { key, item, condition } = prepared();
      this.throttle();
      this.check(condition, this.currentItem(key));
      this.commit(step, [{ key, item }]);
    });
  }

  getItem(request: GetRequest): Promise<Item | undefined> {
    const prepared = prepare(() => validateKey(request.key));
    return this.io('GetItem', [keyId(request.key)], (step) => {
      const key = prepared();
      this.throttle();
      if (request.consistentRead === true) return this.currentItem(key);
      const versions = this.candidates(key, this.readWindow(step));
      const chosen = this.chooseVersion(versions.length);
      if (chosen > 0) step.detail('staleVersion', chosen);
      return versions[chosen];
    });
  }

  updateItem(request: UpdateRequest): Promise<Item | undefined> {
    const prepared = prepare(() => ({
      key: validateKey(request.key),
      update: storableUpdate(request.update),
      condition: checkedCondition(request.condition),
    }));
    return this.io('UpdateItem', [keyId(request.key)], (step) => {
      const { key, update, condition } = prepared();
      this.throttle();
      const current = this.currentItem(key);
      this.check(condition, current);
      const { item } = storableItem(applyUpdate(current, key, update));
      this.commit(step, [{ key, item }]);
      return request.returnNew === true ? item : undefined;
    });
  }

  deleteItem(request: DeleteRequest): Promise<Item | undefined> {
    const prepared = prepare(() => ({ key: validateKey(request.key), condition: checkedCondition(request.condition) }));
    return this.io('DeleteItem', [keyId(request.key)], (step) => {
      const { key, condition } = prepared();
      this.throttle();
      const current = this.currentItem(key);
      this.check(condition, current);
      this.commit(step, [{ key, item: undefined }]);
      return current;
    });
  }

  query(request: QueryRequest): Promise<QueryPage> {
    const prepared = prepare(() => planQuery(request));
    return this.io('Query', [], (step) => {
      const plan = prepared();
      this.throttle();
      const consistent = request.consistentRead === true;
      const windowMs = consistent ? 0 : this.readWindow(step);
      const histories =
        plan.schema.name === 'table' ? this.partitionHistories(request.key.partitionKey.value) : this.allHistories();
      const now = this.sim.now;
      const itemVersions = (function* () {
        for (const history of histories) yield consistent ? [history.current] : history.candidates(now, windowMs);
      })();
      const { page, staleItems } = evaluateQuery(plan, { itemVersions, choose: (n) => this.chooseVersion(n) }, this.pageSizeBytes);
      step.entity(...page.items.map((item) => looseKeyId(item)));
      step.detail('index', plan.schema.name);
      if (staleItems > 0) step.detail('staleItems', staleItems);
      return page;
    });
  }

  transactWriteItems(actions: readonly TransactAction[]): Promise<void> {
    const prepared = prepare(() => prepareTransaction(actions));
    const entities = actions.map((a) => (a.kind === 'put' ? looseKeyId(a.item) : keyId(a.key)));
    return this.io('TransactWriteItems', entities, (step) => {
      const valid = prepared();
      this.throttle();
      if (this.sim.faults.fire('dynamodb.transactionConflict')) {
        const conflicting = this.choose(valid.length);
        throw new TransactionCanceled(valid.map((_, i) => (i === conflicting ? 'TransactionConflict' : 'None')));
      }
      const currents = valid.map((action) => this.currentItem(action.target));
      const reasons = valid.map((action, i) =>
        action.condition === undefined || evaluateCondition(action.condition, currents[i]) ? 'None' : 'ConditionalCheckFailed',
      );
      if (reasons.some((reason) => reason !== 'None')) throw new TransactionCanceled(reasons);
      const writes = valid.flatMap((action, i): Write[] => {
        switch (action.kind) {
          case 'put':
            return [{ key: action.target, item: action.stored }];
          case 'update':
            return [{ key: action.target, item: storableItem(applyUpdate(currents[i], action.target, action.update)).item }];
          case 'delete':
            return [{ key: action.target, item: undefined }];
          case 'conditionCheck':
            return [];
        }
      });
      this.commit(step, writes);
    });
  }

  batchWriteItem(requests: readonly BatchWriteRequest[]): Promise<BatchWriteResult> {
    const prepared = prepare(() => prepareBatch(requests));
    const entities = requests.map((r) => (r.kind === 'put' ? looseKeyId(r.item) : keyId(r.key)));
    return this.io('BatchWriteItem', entities, (step) => {
      const valid = prepared();
      this.throttle();
      const unprocessed = this.sim.faults.fire('dynamodb.unprocessedItems') ? this.unprocessedSubset(valid.length) : new Set();
      this.commit(
        step,
        valid.filter((_, i) => !unprocessed.has(i)),
      );
      if (unprocessed.size > 0) step.detail('unprocessed', unprocessed.size);
      return { unprocessed: valid.filter((_, i) => unprocessed.has(i)).map((p) => p.request) };
    });
  }

  /** The newest version of every item, in key order: the table's state for invariant checkers. */
  currentItems(): Item[] {
    const items: Item[] = [];
    for (const history of this.allHistories()) if (history.current !== undefined) items.push(history.current);
    return items.sort((a, b) => compareStrings(looseKeyId(a), looseKeyId(b)));
  }

  /** Every write applied so far, oldest first: the lifecycle derivation of the invariant checkers reads it. */
  committedWrites(): readonly CommittedWrite[] {
    return this.committed;
  }

  private io<T>(operation: string, entities: readonly string[], effect: (step: StepContext) => T): Promise<T> {
    return this.sim.io({ op: `dynamodb.${operation}`, latency: 'dynamodb', entities }, effect);
  }

  private throttle(): void {
    if (this.sim.faults.fire('dynamodb.throttle')) {
      throw new Throttled(
        'ProvisionedThroughputExceededException',
        'The level of configured provisioned throughput for the table was exceeded',
      );
    }
  }

  private check(condition: Condition | undefined, current: Item | undefined): void {
    if (condition !== undefined && !evaluateCondition(condition, current)) throw new ConditionalCheckFailed();
  }

  private readWindow(step: StepContext): number {
    if (!this.sim.faults.fire('dynamodb.staleWindow')) return consistencyWindowMs;
    step.detail('staleWindowMs', widenedWindowMs);
    return widenedWindowMs;
  }

  /**
   * Which of `count` candidate versions (newest first) an eventually consistent read returns. DynamoDB
   * usually answers with the newest version even within the window, so a stale answer is one outcome in
   * `staleOdds`; shrinking (value 0) gives the newest.
   */
  private chooseVersion(count: number): number {
    if (count <= 1 || this.choose(staleOdds) !== staleOdds - 1) return 0;
    return 1 + this.choose(count - 1);
  }

  private choose(count: number): number {
    return this.sim.choices.draw('service', count);
  }

  /** A non-empty strict subset of the request indexes (the only one of a single request). */
  private unprocessedSubset(count: number): Set<number> {
    const chosen = new Set<number>();
    for (let i = 0; i < count && count > 1; i++) if (this.choose(2) === 1) chosen.add(i);
    if (chosen.size === 0) chosen.add(count - 1);
    if (chosen.size === count && count > 1) chosen.delete(0);
    return chosen;
  }

  private history(key: TableKey): VersionHistory | undefined {
    return this.partitions.get(key.PK)?.get(key.SK);
  }

  private currentItem(key: TableKey): Item | undefined {
    return this.history(key)?.current;
  }

  private candidates(key: TableKey, windowMs: number): readonly (Item | undefined)[] {
    return this.history(key)?.candidates(this.sim.now, windowMs) ?? [undefined];
  }

  private commit(step: StepContext, writes: readonly Write[]): void {
    const eventIds: string[] = [];
    for (const { key, item } of writes) {
      const previous = this.currentItem(key);
      // The write's step is recorded right after its effect returns, so it gets the next step number.
      this.committed.push({ step: this.sim.trace.length, key, before: previous, after: item });
      if (itemsEqual(previous, item)) continue;
      let partition = this.partitions.get(key.PK);
      if (partition === undefined) this.partitions.set(key.PK, (partition = new Map()));
      let history = partition.get(key.SK);
      if (history === undefined) partition.set(key.SK, (history = new VersionHistory()));
      history.commit(item, this.sim.now);
      history.prune(this.sim.now, widenedWindowMs);
      if (this.stream !== undefined) eventIds.push(this.stream.append({ keys: key, oldImage: previous, newImage: item }));
    }
    if (eventIds.length > 0) step.detail('stream', eventIds.length === 1 ? eventIds[0]! : eventIds);
  }

  private *partitionHistories(pk: string): Generator<VersionHistory> {
    const partition = this.partitions.get(pk);
    if (partition === undefined) return;
    for (const [sk, history] of partition) {
      history.prune(this.sim.now, widenedWindowMs);
      if (history.forgotten) partition.delete(sk);
      else yield history;
    }
    if (partition.size === 0) this.partitions.delete(pk);
  }

  private *allHistories(): Generator<VersionHistory> {
    for (const pk of [...this.partitions.keys()]) yield* this.partitionHistories(pk);
  }
}
