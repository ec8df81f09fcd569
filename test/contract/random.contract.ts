import { describe, expect, it } from 'vitest';
import type { Random } from '../../src/ports/random.js';
import type { ContractBackend } from './backend.js';

/** The Random port: version 4 UUIDs and hex strings, distinct across calls. */
export function randomContract(backend: ContractBackend<{ readonly random: Random }>): void {
  describe(`Random contract (${backend.name})`, () => {
    it('produces version 4 UUIDs with the RFC 4122 variant', async () => {
      await backend.run(async ({ random }) => {
        for (let i = 0; i < 50; i++) expect(random.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      });
    });

    it('produces distinct identifiers', async () => {
      await backend.run(async ({ random }) => {
        const ids = new Set(Array.from({ length: 500 }, () => random.uuid()));
        expect(ids.size).toBe(500);
      });
    });

    it('produces lower-case hex of the requested length', async () => {
      await backend.run(async ({ random }) => {
        for (const length of [1, 8, 13, 32]) expect(random.hex(length)).toMatch(new RegExp(`^[0-9a-f]{${length}}$`));
      });
    });
  });
}
