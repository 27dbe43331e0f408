import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ListingStatus } from './catalogue.enums';
import { InterventionEntity } from './intervention.entity';

/**
 * Places on a listing, held by live referrals. Taken and given back with conditional updates in
 * the caller's transaction, so no two purchases can take the same last place.
 */
@Injectable()
export class PlacesService {
  /** Takes one place of a PUBLISHED listing; false when the listing is full or not published. */
  async take(manager: EntityManager, interventionId: string): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(InterventionEntity)
      .set({ placesHeld: () => 'places_held + 1' })
      .where('id = :id AND status = :status AND places_held < capacity', {
        id: interventionId,
        status: ListingStatus.PUBLISHED,
      })
      .execute();
    return result.affected === 1;
  }

  /** Gives a place back (a referral declined, cancelled or finished). */
  async release(manager: EntityManager, interventionId: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(InterventionEntity)
      .set({ placesHeld: () => 'places_held - 1' })
      .where('id = :id AND places_held > 0', { id: interventionId })
      .execute();
  }
}

/** Places free now: capacity less those held (never below zero when capacity was cut). */
export function placesAvailable(listing: { capacity: number; placesHeld: number }): number {
  return Math.max(0, listing.capacity - listing.placesHeld);
}

/** The same rule as `placesAvailable`, in SQL, on the listing aliased `listing`. */
export function placesAvailableSql(listing: string): string {
  return `GREATEST(${listing}.capacity - ${listing}.places_held, 0)`;
}
