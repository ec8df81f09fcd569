/**
 * Counts every request the soak run sends, per service and operation, and caps them (`--max-requests`).
 * `meter` wraps an SDK client's `send`, so every adapter and every admin call on that client is counted,
 * whatever port it serves. Once the cap is reached further requests fail with RequestBudgetExceeded
 * (nothing is sent) and `exceeded` resolves, which stops the run; the cleanup that follows runs
 * `unlimited()`, its requests counted apart, because leaving resources behind would cost more.
 * A `RequestObserver` (the run's trace) sees every request, a refused one included, and its outcome.
 */
export class RequestBudgetExceeded extends Error {
  override readonly name = 'RequestBudgetExceeded';
}

export type MeteredService = 's3' | 'sqs' | 'dynamodb' | 'dynamodbstreams';

export interface RequestCounts {
  /** Requests of the run itself (what the cap limits), without the cleanup. */
  readonly total: number;
  /** By service and by operation, the cleanup included. */
  readonly byService: Readonly<Record<string, number>>;
  readonly byOperation: Readonly<Record<string, number>>;
  /** Requests of the cleanup, which the cap does not limit. */
  readonly cleanup: number;
}

export class RequestBudget {
  private readonly services = new Map<string, number>();
  private readonly operations = new Map<string, number>();
  private total = 0;
  private cleanupRequests = 0;
  private capped = true;
  private signalExceeded: () => void = () => undefined;
  /** Resolves when a request was refused for the cap. */
  readonly exceeded: Promise<void>;
  private refused = false;

  constructor(readonly maxRequests: number = Infinity) {
    this.exceeded = new Promise((resolve) => {
      this.signalExceeded = resolve;
    });
  }

  get wasExceeded(): boolean {
    return this.refused;
  }

  /** Counts one request, or refuses it when the cap is reached. */
  take(service: MeteredService, operation: string): void {
    if (this.capped && this.total >= this.maxRequests) {
      this.refused = true;
      this.signalExceeded();
      throw new RequestBudgetExceeded(`--max-requests ${this.maxRequests} reached; ${service} ${operation} not sent`);
    }
    if (this.capped) this.total++;
    else this.cleanupRequests++;
    this.services.set(service, (this.services.get(service) ?? 0) + 1);
    const name = `${service}.${operation}`;
    this.operations.set(name, (this.operations.get(name) ?? 0) + 1);
  }

  /** From now on requests are counted as cleanup and never refused. */
  unlimited(): void {
    this.capped = false;
  }

  counts(): RequestCounts {
    return {
      total: this.total,
      byService: Object.fromEntries([...this.services].sort(([a], [b]) => a.localeCompare(b))),
      byOperation: Object.fromEntries([...this.operations].sort(([a], [b]) => a.localeCompare(b))),
      cleanup: this.cleanupRequests,
    };
  }
}

export interface ObservedRequest {
  readonly service: MeteredService;
  /** The SDK command without `Command`, e.g. `PutObject`, `TransactWrite`. */
  readonly operation: string;
  readonly input: unknown;
}

/** Called as a request starts; the returned function is called with `ok` or the error's name when it ends. */
export type RequestObserver = (request: ObservedRequest) => (outcome: string) => void;

interface SdkClient {
  send(command: never, ...rest: never[]): Promise<unknown>;
}

/** Makes every `send` of the client take one request from the budget first; returns the client. */
export function meter<C extends SdkClient>(client: C, service: MeteredService, budget: RequestBudget, observe?: RequestObserver): C {
  const send = client.send.bind(client) as (command: object, ...rest: unknown[]) => Promise<unknown>;
  const metered = async (command: object, ...rest: unknown[]): Promise<unknown> => {
    const operation = command.constructor.name.replace(/Command$/, '');
    const ended = observe?.({ service, operation, input: (command as { input?: unknown }).input });
    try {
      budget.take(service, operation);
      const output = await send(command, ...rest);
      ended?.('ok');
      return output;
    } catch (error) {
      ended?.(error instanceof Error ? error.name : 'Error');
      throw error;
    }
  };
  Object.defineProperty(client, 'send', { value: metered, configurable: true, writable: true });
  return client;
}
