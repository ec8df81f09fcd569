/** Whoever issued a write: an actor whose request is lost when it is killed before the request arrives. */
export interface WriteIssuer {
  readonly finished: boolean;
}

/**
 * S3's ConditionalRequestConflict (409): a conditional write that S3 applies while another write to the
 * same key, issued earlier, is still in flight fails with 409 instead of being evaluated. A write is in
 * flight from the moment it is issued (before the request travels) until its effect is applied or
 * rejected at S3. A request whose issuer was killed before it arrived never arrives, so it stops counting.
 */
export class InFlightWrites {
  private issued = 0;
  private readonly pending = new Map<number, { readonly key: string; readonly issuer: WriteIssuer }>();

  /** Registers a write as it is issued; returns its ticket. */
  issue(key: string, issuer: WriteIssuer): number {
    const ticket = ++this.issued;
    this.pending.set(ticket, { key, issuer });
    return ticket;
  }

  /** The write with this ticket reached S3: it is no longer in flight. */
  arrive(ticket: number): void {
    this.pending.delete(ticket);
  }

  /** Whether a write to `key` issued before `ticket` is still in flight. */
  earlierInFlight(ticket: number, key: string): boolean {
    let conflict = false;
    for (const [other, write] of this.pending) {
      if (write.issuer.finished) this.pending.delete(other);
      else if (other < ticket && write.key === key) conflict = true;
    }
    return conflict;
  }
}
