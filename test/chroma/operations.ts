import fc from 'fast-check';
import type { GetRequest, Include, Metadata, MetadataValue, UpdateRequest, VectorRecord, Where, WhereCondition, WhereOperand } from '../../src/ports/vectorStore.js';

/**
 * Random operation sequences on one collection, as the pipeline and its tests use it (spec §3.12): upserts
 * and updates whose metadata values may be null, of ids that may not exist, `get` by ids and by `where`
 * filters, deletes of missing ids, counts, and reopening the store (the server needs none). A few
 * requests are invalid on purpose (a wrong embedding dimension, `$in` lists of mixed types, a delete of
 * no ids) so that refusals are compared too.
 */
export type Operation =
  | { readonly kind: 'upsert'; readonly records: readonly VectorRecord[] }
  | { readonly kind: 'update'; readonly request: UpdateRequest }
  | { readonly kind: 'get'; readonly request: GetRequest }
  | { readonly kind: 'delete'; readonly request: { readonly ids?: readonly string[]; readonly where?: Where } }
  | { readonly kind: 'count' }
  | { readonly kind: 'reopen' };

export const dimension = 3;

const id = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'é😀');
const ids = fc.uniqueArray(id, { minLength: 1, maxLength: 4 });

const component = fc.oneof(
  { arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }), weight: 3 },
  { arbitrary: fc.constantFrom(0.1, 1 / 3, -0, 1e-40, -3.4e38), weight: 1 },
);
const embedding = fc.oneof(
  { arbitrary: fc.array(component, { minLength: dimension, maxLength: dimension }), weight: 30 },
  { arbitrary: fc.array(component, { minLength: dimension - 1, maxLength: dimension - 1 }), weight: 1 },
);

// Small pools and a few frequent values, so that where filters often match; rarer extremes, so that they
// are compared too.
const strings = fc.constantFrom('', 'TOTAL', 'total', 'é😀', "it's", '50%_');
const integers = fc.oneof(
  { arbitrary: fc.integer({ min: -3, max: 3 }), weight: 6 },
  { arbitrary: fc.constantFrom(2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 60, 2 ** 63, -(2 ** 63), 2 ** 64), weight: 1 },
);
const fractions = fc.oneof(
  { arbitrary: fc.constantFrom(0.5, -0.5, 2.5, -2.25, 0.1, 2.7), weight: 6 },
  { arbitrary: fc.constantFrom(1e-3, 5e-324, -5e-324, 1e21, -0, 1e300), weight: 1 },
  { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 1 },
);
const value: fc.Arbitrary<Exclude<MetadataValue, null>> = fc.oneof(
  { arbitrary: fc.constantFrom('TOTAL', 1, 2.5, true), weight: 8 },
  { arbitrary: strings, weight: 2 },
  { arbitrary: integers, weight: 2 },
  { arbitrary: fractions, weight: 2 },
  { arbitrary: fc.boolean(), weight: 1 },
);
const key = fc.oneof({ arbitrary: fc.constant('k1'), weight: 2 }, { arbitrary: fc.constantFrom('k2', 'label', ''), weight: 1 });

const metadata: fc.Arbitrary<Metadata | null> = fc.option(fc.dictionary(key, fc.option(value, { nil: null, freq: 5 }), { maxKeys: 4 }), {
  nil: null,
  freq: 8,
});
const document = fc.option(fc.constantFrom('', 'doc', 'é😀 doc', 'TOTAL'), { nil: null, freq: 3 });

const record: fc.Arbitrary<VectorRecord> = fc.record({ id, embedding, document, metadata });
const upsert = fc
  .uniqueArray(record, { selector: (r) => r.id, minLength: 1, maxLength: 4 })
  .map((records): Operation => ({ kind: 'upsert', records }));

const update = fc
  .record({
    entries: fc.uniqueArray(record, { selector: (r) => r.id, minLength: 1, maxLength: 4 }),
    fields: fc.record({ metadatas: fc.boolean(), documents: fc.boolean(), embeddings: fc.boolean() }),
  })
  .map(({ entries, fields }): Operation => ({
    kind: 'update',
    request: {
      ids: entries.map((e) => e.id),
      ...(fields.metadatas ? { metadatas: entries.map((e) => e.metadata) } : {}),
      ...(fields.documents ? { documents: entries.map((e) => e.document) } : {}),
      ...(fields.embeddings ? { embeddings: entries.map((e) => e.embedding) } : {}),
    },
  }));

const sameTypeList: fc.Arbitrary<WhereOperand[]> = fc.oneof(
  fc.array(strings, { minLength: 1, maxLength: 3 }),
  fc.array(integers, { minLength: 1, maxLength: 3 }),
  fc.array(fractions, { minLength: 1, maxLength: 3 }),
  fc.array(fc.boolean(), { minLength: 1, maxLength: 2 }),
);
const operandList = fc.oneof({ arbitrary: sameTypeList, weight: 8 }, { arbitrary: fc.array(value, { minLength: 2, maxLength: 3 }), weight: 1 });
const number = fc.oneof(integers, fractions);

const condition: fc.Arbitrary<WhereCondition> = fc.oneof(
  value,
  value.map((v) => ({ $eq: v })),
  value.map((v) => ({ $ne: v })),
  number.map((v) => ({ $gt: v })),
  number.map((v) => ({ $gte: v })),
  number.map((v) => ({ $lt: v })),
  number.map((v) => ({ $lte: v })),
  operandList.map((v) => ({ $in: v })),
  operandList.map((v) => ({ $nin: v })),
);

const leaf: fc.Arbitrary<Where> = fc.tuple(key, condition).map(([k, c]) => ({ [k]: c }));
const where: fc.Arbitrary<Where> = fc.oneof(
  { arbitrary: leaf, weight: 6 },
  { arbitrary: fc.array(leaf, { minLength: 2, maxLength: 3 }).map((parts) => ({ $and: parts })), weight: 2 },
  { arbitrary: fc.array(leaf, { minLength: 2, maxLength: 3 }).map((parts) => ({ $or: parts })), weight: 1 },
  {
    arbitrary: fc.tuple(leaf, fc.array(leaf, { minLength: 2, maxLength: 2 })).map(([first, rest]) => ({ $and: [first, { $or: rest }] })),
    weight: 1,
  },
);

/** Present in `present` of `present + absent` cases. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, present: number, absent: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary, weight: present }, { arbitrary: fc.constant(undefined), weight: absent });
}

const include = fc.subarray<Include>(['embeddings', 'documents', 'metadatas']);
const get = fc
  .record({ ids: sometimes(ids, 2, 3), where: sometimes(where, 3, 1), limit: sometimes(fc.nat({ max: 5 }), 1, 3), include: sometimes(include, 3, 1) })
  .map((fields): Operation => ({ kind: 'get', request: Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as GetRequest }));

const remove = fc
  .oneof(
    { arbitrary: ids.map((i) => ({ ids: i })), weight: 4 },
    { arbitrary: where.map((w) => ({ where: w })), weight: 2 },
    { arbitrary: fc.record({ ids, where }), weight: 1 },
    { arbitrary: fc.constant({ ids: [] }), weight: 1 },
  )
  .map((request): Operation => ({ kind: 'delete', request }));

export const operation: fc.Arbitrary<Operation> = fc.oneof(
  { arbitrary: upsert, weight: 5 },
  { arbitrary: update, weight: 4 },
  { arbitrary: get, weight: 4 },
  { arbitrary: remove, weight: 2 },
  { arbitrary: fc.constant<Operation>({ kind: 'count' }), weight: 1 },
  { arbitrary: fc.constant<Operation>({ kind: 'reopen' }), weight: 1 },
);

export const sequence = fc.array(operation, { minLength: 1, maxLength: 24, size: 'max' });
