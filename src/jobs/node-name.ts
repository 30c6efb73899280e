import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * A name for this node in job leases and schedule slots: which machine, process and role it is
 * (readable in the database when finding out who holds what), with a random part so two starts of
 * the same process never share leases.
 */
export function nodeName(role: string): string {
  return `${hostname()}:${process.pid}:${role}:${randomBytes(3).toString('hex')}`;
}
