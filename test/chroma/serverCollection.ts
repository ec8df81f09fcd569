import type { Collection as ChromaCollection, Metadata as ChromaMetadata, Where as ChromaWhere } from 'chromadb';
import type { Collection, GetRequest, GetResult, Metadata, UpdateRequest, VectorRecord, Where } from '../../src/ports/vectorStore.js';

/**
 * The VectorStore `Collection` port over a real Chroma server, through the chromadb JS client. The JS
 * client cannot carry every request the port (and Chroma's Python client, which production uses) can:
 * it drops null metadata values (so an update could never delete a key), refuses null and empty
 * documents lists, refuses an empty metadata object, and embeds documents given without embeddings. Such
 * requests are posted to the same REST endpoint with the body the client would have sent, nulls kept;
 * `routes` counts both ways. Server semantics are what this compares, not the JS client's.
 */
export class ServerCollection implements Collection {
  readonly routes = { client: 0, http: 0 };

  constructor(
    private readonly collection: ChromaCollection,
    private readonly endpoint: string,
  ) {}

  get name(): string {
    return this.collection.name;
  }

  count(): Promise<number> {
    return this.collection.count();
  }

  async upsert(records: readonly VectorRecord[]): Promise<void> {
    const ids = records.map((r) => r.id);
    const embeddings = records.map((r) => [...r.embedding]);
    const documents = records.map((r) => r.document);
    const metadatas = records.map((r) => r.metadata);
    if (clientCarries(documents) && clientCarriesMetadata(metadatas)) {
      this.routes.client++;
      await this.collection.upsert({ ids, embeddings, documents: present(documents), metadatas: presentMetadata(metadatas) });
    } else {
      await this.post('upsert', { ids, embeddings, documents, metadatas });
    }
  }

  async update(request: UpdateRequest): Promise<void> {
    const ids = [...request.ids];
    const embeddings = request.embeddings?.map((e) => [...e]);
    const documents = request.documents === undefined ? undefined : [...request.documents];
    const metadatas = request.metadatas === undefined ? undefined : [...request.metadatas];
    const embedsDocuments = embeddings === undefined && present(documents) !== undefined;
    if (!embedsDocuments && clientCarries(documents) && clientCarriesMetadata(metadatas)) {
      this.routes.client++;
      await this.collection.update({ ids, embeddings, documents: present(documents), metadatas: presentMetadata(metadatas) });
    } else {
      await this.post('update', { ids, embeddings, documents, metadatas });
    }
  }

  async get(request: GetRequest): Promise<GetResult> {
    this.routes.client++;
    const include = request.include === undefined ? undefined : [...request.include];
    const got = await this.collection.get({ ids: request.ids && [...request.ids], where: request.where && chromaWhere(request.where), limit: request.limit, include });
    const included = new Set(include ?? ['documents', 'metadatas']);
    return {
      ids: got.ids,
      ...(included.has('embeddings') ? { embeddings: got.embeddings } : {}),
      ...(included.has('documents') ? { documents: got.documents } : {}),
      ...(included.has('metadatas') ? { metadatas: got.metadatas as (Metadata | null)[] } : {}),
    };
  }

  async delete(request: { readonly ids?: readonly string[]; readonly where?: Where }): Promise<void> {
    this.routes.client++;
    await this.collection.delete({ ids: request.ids && [...request.ids], where: request.where && chromaWhere(request.where) });
  }

  private async post(operation: 'upsert' | 'update', body: object): Promise<void> {
    this.routes.http++;
    const url = `${this.endpoint}/api/v2/tenants/${this.collection.tenant}/databases/${this.collection.database}/collections/${this.collection.id}/${operation}`;
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`Chroma ${operation} answered ${response.status}: ${await response.text()}`);
  }
}

/** All strings, or all null (then the field is left out, which Chroma treats as null). */
function clientCarries(documents: readonly (string | null)[] | undefined): boolean {
  return documents === undefined || documents.every((d) => d !== null) || documents.every((d) => d === null);
}

function present(documents: readonly (string | null)[] | undefined): string[] | undefined {
  return documents === undefined || documents.some((d) => d === null) ? undefined : (documents as string[]);
}

function clientCarriesMetadata(metadatas: readonly (Metadata | null)[] | undefined): boolean {
  if (metadatas === undefined || metadatas.every((m) => m === null)) return true;
  return metadatas.every((m) => m !== null && Object.keys(m).length > 0 && Object.values(m).every((v) => v !== null));
}

function presentMetadata(metadatas: readonly (Metadata | null)[] | undefined): ChromaMetadata[] | undefined {
  return metadatas === undefined || metadatas.some((m) => m === null) ? undefined : metadatas.map((m) => ({ ...m }));
}

/** The same JSON; the client's type has no readonly arrays. */
function chromaWhere(where: Where): ChromaWhere {
  return JSON.parse(JSON.stringify(where)) as ChromaWhere;
}
