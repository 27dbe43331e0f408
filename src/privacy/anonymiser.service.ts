import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { FREE_TEXT_EVENTS } from '../referrals/referral.policy';
import { anonymousCrnSql, REMOVED } from './anonymise';

/**
 * Replaces the personal data of referrals, in the caller's transaction: the CRN by a token
 * (`ANON-<start of id>`), the person's details by null, and every word typed about the person
 * (the purchaser's notes, comments on a step, case notes, session feedback, reschedule reasons,
 * action plan activities, outcome notes, report comments, and the timeline's copies of them),
 * and the CRN in the outbox's events and in the emails about the referrals (and the development
 * mailbox's copies).
 * Money, status, dates, counts, codes, outcomes and judgements are left as they are, so budgets,
 * places held and contribution aggregates stay exact (`check:consistency` clean).
 *
 * One place that writes into other modules' tables (referrals, delivery, outcomes,
 * notifications and emails, audit), like the demo seeder: so that retention and erasure cannot drift apart
 * on what they remove, and so that one list says what "personal data" means here.
 */
@Injectable()
export class AnonymiserService {
  /** Anonymises these referrals (those already anonymised again, harmlessly). */
  async anonymise(manager: EntityManager, referralIds: string[], at: Date): Promise<void> {
    if (referralIds.length === 0) return;
    const ids = [referralIds];
    await manager.query(
      `UPDATE referral r SET crn = ${anonymousCrnSql('r')}, person_sex = NULL, person_age = NULL,
              person_risk_level = NULL, person_supervision_type = NULL, notes = NULL,
              request_hash = 'anonymised', anonymised_at = COALESCE(anonymised_at, $2)
        WHERE id = ANY($1::uuid[])`,
      [referralIds, at],
    );
    await manager.query(
      `UPDATE referral_status_change SET reason = NULL WHERE referral_id = ANY($1::uuid[])`,
      ids,
    );
    await manager.query(
      `UPDATE referral_timeline_event SET summary = split_part(summary, ': ', 1)
        WHERE referral_id = ANY($1::uuid[]) AND type = ANY($2::text[])`,
      [referralIds, [...FREE_TEXT_EVENTS]],
    );
    await manager.query(
      `UPDATE case_note SET subject = $2, body = $2 WHERE referral_id = ANY($1::uuid[])`,
      [referralIds, REMOVED],
    );
    await manager.query(
      `UPDATE delivery_session SET summary = NULL, response = NULL, concerns = NULL
        WHERE referral_id = ANY($1::uuid[])`,
      ids,
    );
    await manager.query(
      `UPDATE delivery_session_reschedule SET reason = $2
        WHERE session_id IN (SELECT id FROM delivery_session WHERE referral_id = ANY($1::uuid[]))`,
      [referralIds, REMOVED],
    );
    await manager.query(
      `UPDATE action_plan SET activities = array_fill($2::text, ARRAY[cardinality(activities)])
        WHERE referral_id = ANY($1::uuid[])`,
      [referralIds, REMOVED],
    );
    await manager.query(`UPDATE outcome SET notes = NULL WHERE referral_id = ANY($1::uuid[])`, ids);
    // The outcome's audit events carry its notes in their before and after states.
    await manager.query(
      `UPDATE audit_event SET before = before - 'notes', after = after - 'notes'
        WHERE entity_type = 'Outcome'
          AND entity_id IN (SELECT id FROM outcome WHERE referral_id = ANY($1::uuid[]))`,
      ids,
    );
    await manager.query(
      `UPDATE end_of_service_report SET further_information = NULL WHERE referral_id = ANY($1::uuid[])`,
      ids,
    );
    await manager.query(
      `UPDATE end_of_service_outcome SET progress_comments = NULL
        WHERE report_id IN (SELECT id FROM end_of_service_report WHERE referral_id = ANY($1::uuid[]))`,
      ids,
    );
    // Events already delivered or waiting: receivers get the token from now on.
    await manager.query(
      `UPDATE outbox o SET payload = jsonb_set(o.payload, '{crn}', to_jsonb('ANON-' || left(o.referral_id::text, 8)))
        WHERE o.referral_id = ANY($1::uuid[]) AND o.payload ? 'crn'`,
      ids,
    );
    // The emails about the referrals (GOV.UK Notify's personalisation, and the development
    // mailbox's copies): the CRN is the only personal data they hold. The mailbox first, so that
    // a message written meanwhile from the email row (see MailboxEmailSender) is caught by one or
    // the other.
    await manager.query(
      `UPDATE mailbox_message m
          SET personalisation = jsonb_set(m.personalisation, '{crn}', to_jsonb('ANON-' || left(o.referral_id::text, 8)))
         FROM email e JOIN outbox o ON o.id = e.outbox_id
        WHERE m.email_id = e.id AND o.referral_id = ANY($1::uuid[]) AND m.personalisation ? 'crn'`,
      ids,
    );
    await manager.query(
      `UPDATE email e
          SET personalisation = jsonb_set(e.personalisation, '{crn}', to_jsonb('ANON-' || left(o.referral_id::text, 8)))
         FROM outbox o
        WHERE o.id = e.outbox_id AND o.referral_id = ANY($1::uuid[]) AND e.personalisation ? 'crn'`,
      ids,
    );
  }
}
