/**
 * A contract suite is written once against a port and run against every implementation of it: the
 * in-memory fakes inside a simulation now, the AWS adapters (on mocks and on local servers) later. A
 * backend gives the suite fresh ports and runs a test body where those ports work.
 */
export interface ContractBackend<Ports> {
  readonly name: string;
  /** Runs the body with fresh ports; rejects with the body's error. */
  run(body: (ports: Ports) => Promise<void>): Promise<void>;
  /** Features this backend lacks; their cases are reported as not supported, never skipped silently. */
  readonly unsupported?: readonly string[];
}
