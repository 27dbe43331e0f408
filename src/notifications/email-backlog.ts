import type { DataSource } from 'typeorm';
import type { EmailBacklog } from './emails.models';

/**
 * The email queue's numbers (pending, the oldest pending one's age, failed, sent): for the admin
 * query `emailBacklog`, and for `/metrics` (`emails_backlog`, `email_oldest_pending_age_seconds`,
 * `emails_failed`). One statement. A file of its own, importing nothing of Nest's, so that the
 * metrics module can use it without depending on the notifications module.
 */
export async function emailBacklog(dataSource: DataSource): Promise<EmailBacklog> {
  const [row] = await dataSource.query<
    { pending: number; failed: number; sent: number; oldest: number | null }[]
  >(
    `SELECT count(*) FILTER (WHERE status = 'PENDING')::int AS pending,
            count(*) FILTER (WHERE status = 'FAILED')::int AS failed,
            count(*) FILTER (WHERE status = 'SENT')::int AS sent,
            extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'PENDING'))::float8 AS oldest
       FROM email`,
  );
  return {
    pending: row.pending,
    failed: row.failed,
    sent: row.sent,
    oldestPendingSeconds: row.oldest === null ? null : Math.max(0, Math.floor(row.oldest)),
  };
}
