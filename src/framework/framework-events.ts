import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';

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
 * The one place framework notification events leave the module. It runs inside the use case's
 * transaction (it is given its manager), so a notifications outbox can store the event with the
 * change; until that outbox is wired in, events are only logged.
 */
@Injectable()
export class FrameworkEvents {
  private readonly logger = new Logger(FrameworkEvents.name);

  async raise(_manager: EntityManager, event: FrameworkEvent): Promise<void> {
    this.logger.log({
      event: event.type,
      applicationId: event.applicationId,
      organisationId: event.organisationId,
    });
  }
}
