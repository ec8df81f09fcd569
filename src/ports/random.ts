/** Randomness for identifiers (run ids, lock owners, version suffixes). Deterministic in a simulation. */
export interface Random {
  /** A version 4 UUID string. */
  uuid(): string;
  /** Lower-case hex string of `length` characters. */
  hex(length: number): string;
}
