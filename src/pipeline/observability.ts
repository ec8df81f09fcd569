/**
 * Metrics and log lines as plain callbacks: the harness records them, a real deployment forwards them
 * to CloudWatch (EMF metrics, structured logs).
 */
export interface Metrics {
  count(name: string, value?: number): void;
}

export type LogLevel = 'debug' | 'info' | 'warning' | 'error';

export type Log = (level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>) => void;
