import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Caller, hasRole } from '../auth/caller';
import { Role } from '../auth/role';
import { Clock } from '../common/clock';
import { isCursorSequence } from '../common/cursor';
import { BadUserInputError, NotFoundError } from '../common/errors';
import { keysetPage, readKeyset, readPage } from '../common/paging';
import { PersonalDataAccessArgs } from './privacy.inputs';
import {
  PersonalDataAccessConnection,
  PersonalDataAccessEvent,
  ReadChannel,
} from './privacy.models';
import { PersonalDataAccessEntity } from './personal-data-access.entity';
import { mergeReads, PendingRead, ReadVia } from './access-rules';

/** How often the reads noted are written, at most: a read never waits for the write. */
const FLUSH_EVERY_MS = 1000;
/** Reads are paged newest first, 50 at a time (at most 200). */
const ACCESS_PAGES = {
  size: 50,
  max: 200,
  list: 'personal data reads',
  valid: (values: unknown[]) => values.length === 2 && isCursorSequence(values[0]),
};

/** A batch this large is written at once rather than waiting for the timer. */
const FLUSH_AT = 500;

/**
 * Notes who reads a referral's personal data, in memory, and writes the notes in batches in the
 * background (every second, when many are waiting, and at shutdown): one row per request,
 * referral and reader, naming the fields read. The read itself never waits on the database.
 * Reads still in memory when the process dies are lost: the record is of reads, not a ledger.
 */
@Injectable()
export class AccessLogService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AccessLogService.name);
  /** Reads ready to write. */
  private pending: PendingRead[] = [];
  /** Reads of HTTP requests still being answered, by request. */
  private readonly held = new Map<number, PendingRead[]>();
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();
  /** One key per request object, so that the fields read in one request make one row. */
  private readonly requests = new WeakMap<object, number>();
  private nextRequest = 1;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    for (const request of [...this.held.keys()]) this.release(request);
    await this.flush();
  }

  /**
   * Notes that `caller` read `fields` of a referral in the request `req` (no I/O). The reads of
   * an HTTP request are held until its response is sent, so that they make one row per referral.
   */
  note(req: object, caller: Caller, referralId: string, fields: string[], via: ReadVia = 'API') {
    let request = this.requests.get(req);
    if (request === undefined) {
      request = this.nextRequest++;
      this.requests.set(req, request);
      const response = (req as { res?: { once?: unknown } }).res;
      if (response && typeof response.once === 'function') {
        const key = request;
        this.held.set(key, []);
        const release = () => this.release(key);
        (response as NodeJS.EventEmitter).once('finish', release).once('close', release);
      }
    }
    const read: PendingRead = {
      request,
      at: this.clock.now(),
      actorId: caller.id,
      actorRoles: [...caller.roles],
      referralId,
      fields,
      via,
    };
    const held = this.held.get(request);
    if (held) held.push(read);
    else this.ready(read);
  }

  private release(request: number): void {
    const reads = this.held.get(request);
    if (!reads) return;
    this.held.delete(request);
    for (const read of reads) this.ready(read);
  }

  private ready(read: PendingRead): void {
    this.pending.push(read);
    if (this.pending.length >= FLUSH_AT) void this.flush();
  }

  /** Writes every read noted so far (the admin's queries call it first, so they see them all). */
  flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.writing = this.writing.then(() => this.write(batch));
    return this.writing;
  }

  /** Reads of a person's referrals (by CRN), by a user, or both, newest first (ADMIN). */
  async page(args: PersonalDataAccessArgs): Promise<PersonalDataAccessConnection> {
    if (!args.crn && !args.userId) {
      throw new BadUserInputError('Say whose reads: a crn, a userId or both', [
        { field: 'crn', message: 'give crn or userId' },
      ]);
    }
    const page = readPage<[string, string]>(args, ACCESS_PAGES);
    await this.flush();
    const query = this.dataSource.getRepository(PersonalDataAccessEntity).createQueryBuilder('a');
    if (args.crn) {
      query.andWhere('a.referral_id IN (SELECT r.id FROM referral r WHERE r.crn = :crn)', {
        crn: args.crn,
      });
    }
    if (args.userId) query.andWhere('a.actor_id = :userId', { userId: args.userId });
    const rows = await readKeyset(
      query,
      page,
      [
        ['a.sequence', '::bigint'],
        ['a.id', '::uuid'],
      ],
      true,
    );
    return keysetPage(rows, page, (row) => [row.sequence, row.id], toAccessEvent);
  }

  /**
   * One read, to admins (who alone may list them, see `personalDataAccess`); NOT_FOUND for
   * anyone else.
   */
  async event(caller: Caller, id: string): Promise<PersonalDataAccessEvent> {
    const row = hasRole(caller, Role.ADMIN)
      ? await this.dataSource.getRepository(PersonalDataAccessEntity).findOneBy({ id })
      : null;
    if (!row) throw new NotFoundError('PersonalDataAccessEvent', id);
    return toAccessEvent(row);
  }

  private async write(batch: PendingRead[]): Promise<void> {
    if (batch.length === 0) return;
    try {
      await this.dataSource
        .createQueryBuilder()
        .insert()
        .into(PersonalDataAccessEntity)
        .values(mergeReads(batch))
        .execute();
    } catch (error) {
      // Counts only: the batch names people's referrals.
      this.logger.error(`Could not write ${batch.length} personal data reads: ${String(error)}`);
    }
  }
}

function toAccessEvent(row: PersonalDataAccessEntity): PersonalDataAccessEvent {
  return {
    id: row.id,
    at: row.at,
    userId: row.actorId,
    roles: row.actorRoles as Role[],
    referralId: row.referralId,
    fields: row.fields,
    via: row.via as ReadChannel,
  };
}
