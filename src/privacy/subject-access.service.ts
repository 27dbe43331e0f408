import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { Clock } from '../common/clock';
import { ConflictError, NotFoundError } from '../common/errors';
import { inTransaction } from '../common/transaction';
import { EMAILS, EmailKind } from '../notifications/email-kinds';
import { AccessLogService } from './access-log.service';
import { AnonymiserService } from './anonymiser.service';
import { camelKeys, groupRows } from './subject-access';

/** Everything held about a person, as the HMPPS subject access request service expects it. */
export interface SubjectAccessExport {
  content: {
    crn: string;
    referrals: Record<string, unknown>[];
  };
}

/** What an erasure did. */
export interface ErasureResult {
  referralsAnonymised: number;
}

/** The fields a subject access export reads of each referral (for the access record). */
export const EXPORT_FIELDS = [
  'crn',
  'person',
  'notes',
  'statusHistory',
  'timeline',
  'actionPlans',
  'sessions',
  'caseNotes',
  'endOfServiceReport',
  'outcome',
  'emails',
];

/** Referral columns a subject access export gives (all but the purchase's idempotency data). */
const REFERRAL_COLUMNS = `r.id, r.crn, r.status, r.created_at, r.created_by, r.accepted_at, r.started_on,
  r.completed_at, r.anonymised_at, r.division_code, r.pcc_area_code, r.financial_year,
  r.person_sex, r.person_age, r.person_risk_level, r.person_supervision_type, r.target_factors,
  r.complexity, r.units, r.price_amount_pence::float8 AS price_amount_pence, r.price_unit, r.total_pence::float8 AS total_pence,
  r.outcome_payment_pence::float8 AS outcome_payment_pence, r.outcome_payment_max_pence::float8 AS outcome_payment_max_pence, r.outcome_payment_earned_pence::float8 AS outcome_payment_earned_pence,
  r.sessions_offered, r.sessions_attended, r.decline_reason, r.withdrawal_reason, r.notes,
  r.end_of_service_report_due, r.end_of_service_report_at,
  json_build_object('id', r.intervention_id, 'title', i.title) AS intervention,
  json_build_object('id', r.provider_id, 'name', o.name) AS provider`;

/**
 * Subject access and erasure for ADMIN: the export of everything held about a CRN (referrals,
 * status history, timeline, action plans, sessions with their feedback and moves, case notes,
 * end-of-service reports, outcomes, the emails sent about them), recorded as an access event per referral and audited; and
 * the lawful erasure of a person, by the same anonymiser as retention.
 */
@Injectable()
export class SubjectAccessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly anonymiser: AnonymiserService,
    private readonly audit: AuditService,
    private readonly accessLog: AccessLogService,
    private readonly clock: Clock,
  ) {}

  async export(caller: Caller, crn: string, req: object): Promise<SubjectAccessExport> {
    return inTransaction(this.dataSource, async (manager) => {
      const referrals = await manager.query<Record<string, unknown>[]>(
        `SELECT ${REFERRAL_COLUMNS} FROM referral r
           JOIN intervention i ON i.id = r.intervention_id
           JOIN organisation o ON o.id = r.provider_id
          WHERE r.crn = $1 ORDER BY r.created_at, r.id`,
        [crn],
      );
      const ids = referrals.map((r) => r.id as string);
      const related = await this.related(manager, ids);
      for (const id of ids)
        this.accessLog.note(req, caller, id, EXPORT_FIELDS, 'SUBJECT_ACCESS_EXPORT');
      await this.audit.record(manager, caller, {
        entityType: 'SubjectAccessRequest',
        entityId: randomUUID(),
        organisationId: null,
        action: 'EXPORTED',
        before: null,
        // Which referrals, never whose: the trail must not become a second copy of the data.
        after: { referralIds: ids },
      });
      const result: SubjectAccessExport = {
        content: {
          crn,
          referrals: referrals.map((row) => {
            const id = row.id as string;
            const { person_sex, person_age, person_risk_level, person_supervision_type, ...rest } =
              row;
            return {
              ...camelKeys(rest),
              person:
                person_sex === null
                  ? null
                  : {
                      sex: person_sex,
                      age: person_age,
                      riskLevel: person_risk_level,
                      supervisionType: person_supervision_type,
                    },
              ...Object.fromEntries(
                Object.entries(related).map(([name, byReferral]) => [
                  name,
                  name === 'endOfServiceReport' || name === 'outcome'
                    ? (byReferral.get(id)?.[0] ?? null)
                    : (byReferral.get(id) ?? []),
                ]),
              ),
            };
          }),
        },
      };
      // Plain JSON (dates as ISO strings), the same through GraphQL and the file route.
      return JSON.parse(JSON.stringify(result)) as SubjectAccessExport;
    });
  }

  /** Anonymises every referral of the CRN; refused while one is still open (withdraw it first). */
  async erase(caller: Caller, crn: string, reason: string): Promise<ErasureResult> {
    return inTransaction(this.dataSource, async (manager) => {
      const rows = await manager.query<{ id: string; status: string; due: boolean }[]>(
        `SELECT id, status, end_of_service_report_due AS due FROM referral WHERE crn = $1
          ORDER BY id FOR UPDATE`,
        [crn],
      );
      if (rows.length === 0) throw new NotFoundError('Referral of the CRN', 'given');
      if (rows.some((r) => ['SUBMITTED', 'ACCEPTED', 'STARTED'].includes(r.status) || r.due)) {
        throw new ConflictError(
          'A referral of this person is still open: withdraw it (and let the end-of-service report in) before erasing',
          'REFERRAL_STILL_OPEN',
        );
      }
      const ids = rows.map((r) => r.id);
      await this.anonymiser.anonymise(manager, ids, this.clock.now());
      await this.audit.record(manager, caller, {
        entityType: 'Erasure',
        entityId: randomUUID(),
        organisationId: null,
        action: 'PERSON_ERASED',
        before: null,
        after: { referralIds: ids, reason: reason.trim() },
      });
      return { referralsAnonymised: ids.length };
    });
  }

  /** Each kind of related row, grouped by referral, oldest first. */
  private async related(
    manager: EntityManager,
    ids: string[],
  ): Promise<Record<string, Map<string, Record<string, unknown>[]>>> {
    const read = async (sql: string) =>
      groupRows(await manager.query<Record<string, unknown>[]>(sql, [ids]));
    return {
      statusHistory: await read(
        `SELECT referral_id, status, at, "by", reason FROM referral_status_change
          WHERE referral_id = ANY($1::uuid[]) ORDER BY sequence`,
      ),
      desiredOutcomes: await read(
        `SELECT rd.referral_id, d.id, rd.factor, d.description FROM referral_desired_outcome rd
           JOIN desired_outcome d ON d.id = rd.desired_outcome_id
          WHERE rd.referral_id = ANY($1::uuid[]) ORDER BY rd.factor, d.position`,
      ),
      timeline: await read(
        `SELECT referral_id, at, "by", type, summary FROM referral_timeline_event
          WHERE referral_id = ANY($1::uuid[]) ORDER BY sequence`,
      ),
      actionPlans: await read(
        `SELECT referral_id, version, activities, planned_sessions, submitted_by, submitted_at
           FROM action_plan WHERE referral_id = ANY($1::uuid[]) ORDER BY version`,
      ),
      sessions: await read(
        `SELECT s.referral_id, s.starts_at, s.duration_minutes, s.delivery_mode, s.venue,
                s.scheduled_by, s.scheduled_at, s.attended, s.session_happened, s.no_session_reason,
                s.summary, s.response, s.concerns, s.notify_purchaser, s.feedback_by, s.feedback_at,
                COALESCE((SELECT json_agg(json_build_object('fromStartsAt', m.from_starts_at,
                   'toStartsAt', m.to_starts_at, 'reason', m.reason, 'requestedBy', m.requested_by,
                   'by', m."by", 'at', m.at) ORDER BY m.at)
                   FROM delivery_session_reschedule m WHERE m.session_id = s.id), '[]') AS reschedules
           FROM delivery_session s WHERE s.referral_id = ANY($1::uuid[]) ORDER BY s.starts_at, s.id`,
      ),
      caseNotes: await read(
        `SELECT referral_id, subject, body, side, "by", at, notify_other_side FROM case_note
          WHERE referral_id = ANY($1::uuid[]) ORDER BY at, id`,
      ),
      endOfServiceReport: await read(
        `SELECT e.referral_id, e.further_information, e.submitted_by, e.submitted_at, e.earned_pence::float8 AS earned_pence,
                (SELECT json_agg(json_build_object('desiredOutcome', d.description,
                   'factor', x.factor, 'achievement', x.achievement,
                   'progressComments', x.progress_comments) ORDER BY x.position)
                   FROM end_of_service_outcome x JOIN desired_outcome d ON d.id = x.desired_outcome_id
                  WHERE x.report_id = e.id) AS outcomes
           FROM end_of_service_report e WHERE e.referral_id = ANY($1::uuid[])`,
      ),
      outcome: await read(
        `SELECT o.referral_id, o.risk_of_harm_focus, o.information_for_review, o.notes,
                o.recorded_by, o.recorded_at, o.amended_at,
                (SELECT json_agg(json_build_object('factor', j.factor, 'sufficient', j.sufficient)
                   ORDER BY j.factor) FROM outcome_factor_judgement j WHERE j.outcome_id = o.id)
                  AS judgements
           FROM outcome o WHERE o.referral_id = ANY($1::uuid[])`,
      ),
      // One entry per email of one kind sent on one event: what it said (the CRN, a link, a
      // coded reason) and to whom by role and number, never the staff's addresses (third
      // parties' data, and nothing about the person).
      emails: withAudience(
        await read(
          `SELECT o.referral_id, e.kind, o.type AS event, min(e.created_at) AS created_at,
                  count(*)::int AS recipients,
                  count(*) FILTER (WHERE e.status = 'SENT')::int AS sent,
                  count(*) FILTER (WHERE e.status = 'FAILED')::int AS failed,
                  max(e.sent_at) AS last_sent_at,
                  (array_agg(e.personalisation ORDER BY e.created_at))[1] AS fields
             FROM email e JOIN outbox o ON o.id = e.outbox_id
            WHERE o.referral_id = ANY($1::uuid[])
            GROUP BY o.referral_id, o.id, o.type, e.kind
            ORDER BY min(e.created_at), e.kind`,
        ),
      ),
    };
  }
}

/** Each email entry with the role it went to (`SUPPLIERS`, `PRACTITIONER`...), after its kind. */
function withAudience(
  byReferral: Map<string, Record<string, unknown>[]>,
): Map<string, Record<string, unknown>[]> {
  for (const [id, emails] of byReferral) {
    byReferral.set(
      id,
      emails.map(({ kind, ...rest }) => ({
        kind,
        to: EMAILS[kind as EmailKind]?.audience ?? null,
        ...rest,
      })),
    );
  }
  return byReferral;
}
