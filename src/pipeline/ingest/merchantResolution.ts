import type { Clock } from '../../ports/clock.js';
import { type Draw, chance } from './draw.js';
import type { OcrReceipt } from './ocrReceipt.js';

/**
 * Merchant resolution of the upload Lambda (spec §6.1 phase 2 "Places-first ladder", §8.6 step 2
 * "LangGraph, Ollama, Google Places"). The pipeline depends only on `MerchantResolver`; undefined means
 * the resolution failed, so no ReceiptMetadata (seed) or ReceiptPlace (head) is written and the
 * embeddings carry `merchant_name` "".
 */
export interface ResolvedMerchant {
  readonly place_id: string;
  readonly merchant_name: string;
  readonly merchant_category: string;
  readonly address: string;
  readonly phone_number: string;
  readonly matched_fields: readonly string[];
  readonly validated_by: string;
  readonly reasoning: string;
  /** In [0, 1]. */
  readonly confidence: number;
}

export interface MerchantResolver {
  resolve(receipt: OcrReceipt): Promise<ResolvedMerchant | undefined>;
}

export interface DeterministicMerchantResolverOptions {
  readonly draw: Draw;
  /** Probability that a receipt whose merchant is known still fails to resolve (one draw per receipt). */
  readonly failureRate: number;
  /** The time the resolution takes (LLM and Places calls), slept on `clock`. */
  readonly latencyMs?: number;
  readonly clock?: Clock;
}

/**
 * The deterministic stand-in: finds the receipt's `merchant` truth unless the draw says the lookup
 * failed (value 0 = it succeeds); a receipt without a known merchant never resolves.
 */
export class DeterministicMerchantResolver implements MerchantResolver {
  constructor(private readonly options: DeterministicMerchantResolverOptions) {}

  async resolve(receipt: OcrReceipt): Promise<ResolvedMerchant | undefined> {
    const { clock, latencyMs = 0 } = this.options;
    if (clock !== undefined && latencyMs > 0) await clock.sleep(latencyMs);
    const truth = receipt.merchant;
    if (truth === undefined || chance(this.options.draw, this.options.failureRate)) return undefined;
    return {
      place_id: truth.place_id,
      merchant_name: truth.merchant_name,
      merchant_category: truth.merchant_category,
      address: truth.address,
      phone_number: truth.phone_number,
      matched_fields: ['name', 'phone'],
      validated_by: 'PHONE_LOOKUP',
      reasoning: `Google Places phone lookup matched ${truth.merchant_name}`,
      confidence: 0.95,
    };
  }
}
