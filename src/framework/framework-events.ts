import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainEventType } from '../notifications/domain-event';
import { OutboxService } from '../notifications/outbox.service';

/** Every notification event the framework raises (for the notifications outbox). */
export type FrameworkEventType =
  | 'FRAMEWORK_APPLICATION_SUBMITTED'
  | 'FRAMEWORK_APPLICATION_RESUBMITTED'
  | 'FRAMEWORK_APPLICATION_CHANGES_REQUESTED'
  | 'FRAMEWORK_APPLICATION_APPROVED'
  | 'FRAMEWORK_APPLICATION_REJECTED'
  | 'DECLARATION_RENEWED';

export interface FrameworkEvent {
  type: FrameworkEventType;
  applicationId?: string;
  organisationId?: string;
  /** Who should hear about it: the applicant's contact email, when there is one. */
  contactEmail?: string;
  note?: string;
}

/**
 * The one place framework notification events leave the module: written to the notifications
 * outbox in the use case's own transaction (it is given its manager), so an event exists exactly
 * when its change committed. They reach the webhooks of the organisation concerned (once there
 * is one); no personal data travels, not even the contact email.
 */
@Injectable()
export class FrameworkEvents {
  constructor(private readonly outbox: OutboxService) {}

  async raise(manager: EntityManager, event: FrameworkEvent): Promise<void> {
    await this.outbox.enqueue(manager, {
      type: DomainEventType[event.type],
      referralId: null,
      organisationId: event.organisationId ?? null,
      divisionCode: null,
      orderingKey: event.applicationId
        ? `application:${event.applicationId}`
        : `organisation:${event.organisationId}`,
      payload: {
        ...(event.applicationId ? { applicationId: event.applicationId } : {}),
        ...(event.organisationId ? { organisationId: event.organisationId } : {}),
      },
    });
  }
}
